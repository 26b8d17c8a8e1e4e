"""``local-video``: stills to motion clips, rendered by our ffmpeg timeline engine.

t2v draws a still with the local image engine and moves the camera over it;
i2v cuts the product out of the photo and animates it over a synthesized
backdrop (parallax, or a turntable illusion for ``showcase_360``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np

from app.media.audio import write_music
from app.media.compositor import STYLES, make_scene
from app.media.ffmpeg import MediaError
from app.media.imaging import valid_palette
from app.media.motion import CAMERA_MOVES, parallax_clip, still_clip, turntable_clip
from app.media.render import render
from app.media.timeline import OutputSpec, TimelineSpec
from app.providers.base import GeneratedMedia, ImageRequest, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.image import LocalImageModel, derive_seed

_STYLE_MOOD = {
    "luxury": "luxury",
    "showcase_360": "luxury",
    "tech": "tech",
    "eco": "eco",
    "energetic": "energetic",
    "playful": "playful",
    "lifestyle": "calm",
}
WATERMARK = "Content Studio · Free plan"


class LocalVideoModel(VideoModel):
    model_id = "local-video"
    label = "Local motion engine (offline)"
    supports_i2v = True

    def __init__(self, image_model: LocalImageModel | None = None) -> None:
        self.images = image_model or LocalImageModel()

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        duration = float(request.duration)
        if not 2.0 <= duration <= 30.0:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Clips can be 2 to 30 seconds long.")
        seed = derive_seed(
            ImageRequest(
                prompt=request.prompt,
                style=request.style,
                seed=request.seed,
                product_name=request.product_name,
                aspect_ratio=request.aspect_ratio,
            )
        )
        rng = np.random.default_rng([seed, 99])
        style = (request.style or "").lower()
        work = Path(tempfile.mkdtemp(prefix="local-video-"))
        try:
            ctx.report(3, "Preparing stills")
            if request.mode == "i2v" or request.source_image:
                clip = self._product_clip(request, work, rng, duration, ctx)
            else:
                clip = self._still_clip(request, work, rng, duration, ctx, seed)
            if ctx.is_cancelled():
                raise ProviderError(ProviderErrorCode.FAILED, "Generation was cancelled.", detail="cancelled")
            music = write_music(work / "music.wav", _STYLE_MOOD.get(style, "calm"), duration, seed)
            spec = TimelineSpec(
                output=OutputSpec(aspect=request.aspect_ratio, resolution=request.resolution, purpose="ad"),
                clips=[clip],
                audio=[
                    {"kind": "music", "source": str(music), "volume": 0.8, "fade_in": 0.3, "fade_out": 0.8}
                ],
                grade="luxury" if style in ("luxury", "showcase_360") else "natural",
                fade_in=0.25,
                fade_out=0.4,
                watermark=WATERMARK if request.watermark else None,
            )
            ctx.report(35, "Rendering motion")
            result = render(
                spec,
                work / "clip.mp4",
                on_progress=lambda p: ctx.report(35 + int(60 * p), "Rendering motion"),
                workdir=work,
                is_cancelled=ctx.is_cancelled,
            )
            data = result.path.read_bytes()
            ctx.report(100, "Done")
            return [
                GeneratedMedia(
                    content_type="video/mp4",
                    data=data,
                    width=result.width,
                    height=result.height,
                    duration=result.duration,
                    extra={
                        "seed": seed,
                        "engine": self.model_id,
                        "thumbnail_jpeg": result.thumbnail.read_bytes(),
                    },
                )
            ]
        except MediaError as exc:
            if exc.cancelled:
                raise ProviderError(
                    ProviderErrorCode.FAILED, "Generation was cancelled.", detail="cancelled"
                ) from exc
            code = ProviderErrorCode.TIMEOUT if exc.timed_out else ProviderErrorCode.FAILED
            raise ProviderError(code, detail=f"{exc} {exc.detail[-500:]}") from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _still_clip(
        self, request: VideoRequest, work: Path, rng, duration: float, ctx: RunContext, seed: int
    ):
        image_style = request.style if request.style in STYLES else None
        media = self.images.run(
            ImageRequest(
                prompt=request.prompt,
                mode="t2i",
                aspect_ratio=request.aspect_ratio,
                style=image_style,
                product_name=request.product_name,
                selling_points=request.selling_points,
                brand=request.brand,
                seed=seed,
            ),
            RunContext(report=lambda p, s: ctx.report(3 + p * 0.3, "Drawing the still")),
        )
        still = work / "still.png"
        still.write_bytes(media[0].data or b"")
        motion = CAMERA_MOVES[int(rng.integers(len(CAMERA_MOVES)))]
        return still_clip(
            still, duration, motion, light_sweep=(request.style or "") in ("luxury", "showcase_360")
        )

    def _product_clip(self, request: VideoRequest, work: Path, rng, duration: float, ctx: RunContext):
        if not request.source_image:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-video needs a product photo.")
        product = LocalImageModel._cut_out(request.source_image)
        ctx.report(15, "Product cut out")
        cut = work / "product.png"
        product.save(cut)
        size = OutputSpec(aspect=request.aspect_ratio, resolution="1080p").size
        palette = valid_palette(request.brand.color_palette if request.brand else None) or None
        style = (request.style or "studio").lower()
        scene_style = style if style in STYLES and style != "infographic" else "studio"
        scene = make_scene(scene_style, size[0], size[1], rng, palette, request.prompt)
        bg = work / "backdrop.png"
        scene.image.save(bg)
        ctx.report(30, "Backdrop ready")
        if style == "showcase_360":
            return turntable_clip(bg, cut, duration)
        return parallax_clip(bg, cut, duration, direction="left" if rng.random() < 0.5 else "right")
