"""``local-video`` image-to-video attempts: the hero frame set in motion by our renderer.

``LocalVideoModel`` hands a request here when it carries pro mode's motion
controls (``VideoRequest.motion``) and a hero frame; everything else keeps
the ad engine. The attempt is a pure function of (hero frame, motion
prompt, fields, negative prompt, seed, aspect, resolution, duration).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from app.media.compositor import watermark
from app.media.ffmpeg import MediaError
from app.media.hero.attempt import render_attempt
from app.media.hero.motion_prompt import DEFAULT_NEGATIVE_PROMPT, MotionSettings, parse_motion_prompt
from app.media.imaging import BadImage
from app.media.timeline import OutputSpec
from app.providers.base import GeneratedMedia, ImageRequest, RunContext, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.failures import render_failure
from app.providers.local.seeds import derive_seed

ENGINE_ID = "local-video"
ATTEMPT_FPS = 24  # what the vendors' i2v models deliver; 20 % fewer frames than 30 to render and score


def motion_settings_for(request: VideoRequest) -> MotionSettings:
    motion = request.motion
    return parse_motion_prompt(
        request.prompt,
        camera=motion.camera if motion else None,
        speed=motion.speed if motion else None,
        intensity=motion.intensity if motion else None,
        direction=motion.direction if motion else None,
        negative_prompt=request.negative_prompt,
    )


def attempt_seed(request: VideoRequest) -> int:
    return derive_seed(
        ImageRequest(
            prompt=request.prompt, seed=request.seed, aspect_ratio=request.aspect_ratio, style="attempt"
        )
    )


def watermark_overlay(size: tuple[int, int], path: Path) -> Path:
    """The free plan's watermark as an RGBA layer (the same mark the images get).

    ``compositor.watermark`` draws onto an image; drawn onto black and onto
    white, the two results give back its exact colour and alpha.
    """
    on_black = np.asarray(watermark(Image.new("RGB", size, (0, 0, 0))), np.float32)
    on_white = np.asarray(watermark(Image.new("RGB", size, (255, 255, 255))), np.float32)
    alpha = np.clip(1 - (on_white - on_black).mean(axis=2) / 255, 0, 1)
    colour = np.where(alpha[..., None] > 1e-3, on_black / np.maximum(alpha[..., None], 1e-3), 0)
    rgba = np.dstack([np.clip(colour, 0, 255), alpha * 255]).astype(np.uint8)
    Image.fromarray(rgba, "RGBA").save(path)
    return path


def run_motion_attempt(request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
    """One attempt: ``request.source_image`` (the hero frame) set in motion; see the module doc."""
    if not request.source_image:
        raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-video needs a hero frame.")
    settings = motion_settings_for(request)
    seed = attempt_seed(request)
    size = OutputSpec(aspect=request.aspect_ratio, resolution=request.resolution).size
    work = Path(tempfile.mkdtemp(prefix="local-attempt-"))
    try:
        watermark_png = watermark_overlay(size, work / "watermark.png") if request.watermark else None
        ctx.report(5, "Reading the hero frame")
        result = render_attempt(
            request.source_image,
            settings,
            seed=seed,
            out_path=work / "attempt.mp4",
            size=size,
            duration=float(request.duration),
            fps=ATTEMPT_FPS,
            on_progress=lambda p: ctx.report(10 + int(88 * p), "Rendering the attempt"),
            is_cancelled=ctx.is_cancelled,
            overlay_png=watermark_png,
        )
        data = result.path.read_bytes()
    except BadImage as exc:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT, "The hero frame could not be read.", detail=str(exc)
        ) from exc
    except MediaError as exc:
        raise render_failure(exc) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ctx.report(100, "Done")
    negative = DEFAULT_NEGATIVE_PROMPT if request.negative_prompt is None else request.negative_prompt
    return [
        GeneratedMedia(
            content_type="video/mp4",
            data=data,
            width=result.width,
            height=result.height,
            duration=result.duration,
            extra={
                "seed": seed,
                "engine": ENGINE_ID,
                "mode": "i2v_motion",
                "fps": result.fps,
                "motion": settings.as_dict(),
                "motion_notes": list(settings.notes),
                "negative_prompt": negative,
                "camera_path": result.camera.as_dict(),
                "thumbnail_jpeg": result.thumbnail_jpeg,
            },
        )
    ]
