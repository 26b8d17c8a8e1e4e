"""Image and video generation: what a request may ask for, submitting it, and the worker that runs it.

The public module of the generation package: pages, state, the REST API, workers and the other
domain packages import these names from ``app.services.generation`` only. A submit holds the
credits and writes a ``jobs`` row; ``run_job`` (the RQ entry point) runs the model and stores
the results; the row's life after that belongs to ``app.services.jobs``.
"""

from app.services.generation.commands import Command, parse_command, run_command
from app.services.generation.model_choices import ModelChoice, default_model, model_choices
from app.services.generation.params import (
    CAPTION_STYLES,
    IMAGE_RATIOS,
    IMAGE_STYLES,
    MAX_IMAGES,
    MAX_PROMPT,
    MAX_VIDEO_SECONDS,
    MUSIC_MOODS,
    VIDEO_FRAMEWORKS,
    VIDEO_RATIOS,
    VIDEO_RESOLUTIONS,
    VIDEO_STYLES,
    resolve_model,
    validate_image_params,
    validate_video_params,
)
from app.services.generation.runner import IMAGE_KINDS, asset_meta, ffmpeg_exe, media_kind, run_job
from app.services.generation.submit import (
    PaymentRequired,
    TooManyRequests,
    Unavailable,
    check_can_submit,
    prepare_request,
    request_price,
    retry_job,
    running_count,
    scoped_idempotency_key,
    submit_image,
    submit_prepared,
    submit_video,
)

__all__ = [
    "CAPTION_STYLES",
    "IMAGE_KINDS",
    "IMAGE_RATIOS",
    "IMAGE_STYLES",
    "MAX_IMAGES",
    "MAX_PROMPT",
    "MAX_VIDEO_SECONDS",
    "MUSIC_MOODS",
    "VIDEO_FRAMEWORKS",
    "VIDEO_RATIOS",
    "VIDEO_RESOLUTIONS",
    "VIDEO_STYLES",
    "Command",
    "ModelChoice",
    "PaymentRequired",
    "TooManyRequests",
    "Unavailable",
    "asset_meta",
    "check_can_submit",
    "default_model",
    "ffmpeg_exe",
    "media_kind",
    "model_choices",
    "parse_command",
    "prepare_request",
    "request_price",
    "resolve_model",
    "retry_job",
    "run_command",
    "run_job",
    "running_count",
    "scoped_idempotency_key",
    "submit_image",
    "submit_prepared",
    "submit_video",
    "validate_image_params",
    "validate_video_params",
]
