"""Image and video generation: what a request may ask for, submitting it, and the worker that runs it.

The public module of the generation package: pages, state, the REST API, workers and the other
domain packages import these names from ``app.services.generation`` only. A submit holds the
credits and writes a ``jobs`` row; ``run_job`` (the RQ entry point) runs the model and stores
the results; the row's life after that belongs to ``app.services.jobs``.
"""

from app.services.generation.model_choices import ModelChoice, default_model, model_choices
from app.services.generation.params import (
    IMAGE_RATIOS,
    IMAGE_STYLES,
    MAX_IMAGES,
    MAX_PROMPT,
    MAX_VIDEO_SECONDS,
    VIDEO_FRAMEWORKS,
    VIDEO_RATIOS,
    VIDEO_RESOLUTIONS,
    VIDEO_STYLES,
    validate_image_params,
    validate_video_params,
)
from app.services.generation.runner import ffmpeg_exe, run_job
from app.services.generation.submit import (
    PaymentRequired,
    TooManyRequests,
    Unavailable,
    retry_job,
    running_count,
    submit_image,
    submit_video,
)

__all__ = [
    "IMAGE_RATIOS",
    "IMAGE_STYLES",
    "MAX_IMAGES",
    "MAX_PROMPT",
    "MAX_VIDEO_SECONDS",
    "VIDEO_FRAMEWORKS",
    "VIDEO_RATIOS",
    "VIDEO_RESOLUTIONS",
    "VIDEO_STYLES",
    "ModelChoice",
    "PaymentRequired",
    "TooManyRequests",
    "Unavailable",
    "default_model",
    "ffmpeg_exe",
    "model_choices",
    "retry_job",
    "run_job",
    "running_count",
    "submit_image",
    "submit_video",
    "validate_image_params",
    "validate_video_params",
]
