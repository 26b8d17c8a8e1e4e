"""``local-image`` hero-frame candidates: text -> cinematic still, one seed per candidate.

``LocalImageModel`` hands requests with a hero-frame style (``cinematic``)
here. Candidate i of a request with seed S is drawn with seed S + i, and
its metadata records that seed: asking again for (prompt, S + i, n=1)
gives the same pixels, which is what "regenerate this one" and the
seed-reproducibility promise rest on.
"""

from __future__ import annotations

from app.media.compositor import watermark
from app.media.hero.still import render_hero_still
from app.media.imaging import ASPECT_SIZES, encode
from app.providers.base import GeneratedMedia, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.failures import cancelled
from app.providers.local.seeds import derive_seed

HERO_STYLES = ("cinematic", "hero_frame")
ENGINE_ID = "local-image"
MAX_CANDIDATES = 8


def is_hero_request(request: ImageRequest) -> bool:
    return (request.style or "").split(":")[0].strip().lower() in HERO_STYLES and request.mode == "t2i"


def run_hero_frames(request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
    if not 1 <= request.n <= MAX_CANDIDATES:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT, f"Ask for between 1 and {MAX_CANDIDATES} hero frames."
        )
    size = ASPECT_SIZES.get(request.aspect_ratio)
    if size is None:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT, f"Unsupported aspect ratio {request.aspect_ratio}."
        )
    # The seed ignores the style so that "cinematic" and "hero_frame" draw the same pictures.
    base = derive_seed(
        ImageRequest(prompt=request.prompt, seed=request.seed, aspect_ratio=request.aspect_ratio)
    )
    fmt = "jpeg" if request.output_format == "jpeg" else "png"
    results: list[GeneratedMedia] = []
    for i in range(request.n):
        if ctx.is_cancelled():
            raise cancelled()
        seed = (base + i) & 0x7FFFFFFF
        img, look = render_hero_still(request.prompt, seed, size)
        if request.watermark:
            img = watermark(img)
        results.append(
            GeneratedMedia(
                content_type=f"image/{fmt}",
                data=encode(img, fmt),
                width=img.width,
                height=img.height,
                extra={
                    "seed": seed,
                    "prompt": request.prompt,
                    "model": ENGINE_ID,
                    "aspect_ratio": request.aspect_ratio,
                    "style": "cinematic",
                    "candidate": i,
                    "engine": ENGINE_ID,
                    "look": look.as_dict(),
                },
            )
        )
        ctx.report(int(100 * (i + 1) / request.n), f"Hero frame {i + 1} of {request.n} ready")
    return results
