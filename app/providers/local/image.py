"""The local image engine: product photo -> styled scene, or prompt -> designed visual.

Always available, needs no keys or weights: OpenCV cuts the product out, the
compositor synthesizes the scene and typography, Pillow writes a 300 DPI
PNG/JPEG. Candidates differ by seed; the same seed gives the same pixels.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

from app.media.compositor import STYLES, Copy, compose_poster, compose_product, watermark
from app.media.cutout import cut_out
from app.media.imaging import ASPECT_SIZES, BadImage, encode, open_untrusted, valid_palette
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.failures import cancelled
from app.providers.local.hero_frames import is_hero_request, run_hero_frames
from app.providers.local.seeds import derive_seed

_FILLER = re.compile(
    r"^(a|an|the|our|photo of|image of|picture of|create|generate|make|design|"
    r"(ad|advert|poster|banner|visual|image) for)\s+",
    re.I,
)


def headline_from(prompt: str, product_name: str, max_words: int = 7) -> str:
    if product_name.strip():
        return product_name.strip()
    text = prompt.strip().split("\n")[0]
    text = re.split(r"[.!?;,]", text)[0]
    for _ in range(6):
        text = _FILLER.sub("", text.strip())
    words = text.split()[:max_words]
    if not words:
        return "Made for you"
    head = " ".join(words)
    return head[0].upper() + head[1:]


def copy_for(request: ImageRequest) -> Copy:
    points = [p.strip() for p in request.selling_points if p and p.strip()][:4]
    headline = request.headline.strip() or headline_from(request.prompt, request.product_name)
    subline = points[0] if points else ""
    if not subline and request.product_name and request.prompt:
        subline = headline_from(request.prompt, "", max_words=10)
    brand = request.brand.name if request.brand else ""
    return Copy(
        headline=headline,
        subline=subline if subline != headline else "",
        points=points,
        brand=brand,
        cta=request.cta.strip(),
        overlay=bool(request.headline.strip() or request.cta.strip()),
    )


class LocalImageModel(ImageModel):
    model_id = "local-image"
    label = "Local compositor (offline)"
    supports_i2i = True

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        if is_hero_request(request):  # pro mode: cinematic hero-frame candidates, up to 8
            return run_hero_frames(request, ctx)
        n = request.n
        if not 1 <= n <= 4:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Ask for between 1 and 4 images.")
        size = ASPECT_SIZES.get(request.aspect_ratio)
        if size is None:
            raise ProviderError(
                ProviderErrorCode.INVALID_INPUT, f"Unsupported aspect ratio {request.aspect_ratio}."
            )
        style = (request.style or "studio").split(":")[0].strip().lower()
        if style not in STYLES:
            style = "studio"
        fmt = "jpeg" if request.output_format == "jpeg" else "png"
        palette = valid_palette(request.brand.color_palette if request.brand else None) or None
        copy = copy_for(request)
        words = " ".join([request.prompt, request.style or "", *request.selling_points])
        seed = derive_seed(request)

        ctx.report(2, "Preparing")
        product = None
        if request.mode == "i2i" or request.source_image:
            if not request.source_image:
                raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-image needs a product photo.")
            product = self._cut_out(request.source_image)
            ctx.report(20, "Product cut out")
        self._check_cancel(ctx)

        results: list[GeneratedMedia] = []
        for i in range(n):
            rng = np.random.default_rng([seed, i])
            if product is not None:
                img = compose_product(product, style, size, rng, palette, copy, words)
            else:
                img = compose_poster(request.style or "", size, rng, palette, copy, words)
            if request.watermark:
                img = watermark(img)
            data = encode(img, fmt)
            results.append(
                GeneratedMedia(
                    content_type=f"image/{fmt}",
                    data=data,
                    width=img.width,
                    height=img.height,
                    extra={"seed": seed, "candidate": i, "style": style, "engine": self.model_id},
                )
            )
            ctx.report(20 + int(80 * (i + 1) / n), f"Image {i + 1} of {n} ready")
            if i < n - 1:
                self._check_cancel(ctx)
        return results

    @staticmethod
    def _check_cancel(ctx: RunContext) -> None:
        if ctx.is_cancelled():
            raise cancelled()

    @staticmethod
    def _cut_out(data: bytes) -> Image.Image:
        try:
            photo = open_untrusted(data)
        except BadImage as exc:
            raise ProviderError(
                ProviderErrorCode.INVALID_INPUT, "The product photo could not be read.", detail=str(exc)
            ) from exc
        return cut_out(photo)
