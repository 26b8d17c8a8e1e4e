"""Render the style preview thumbnails of the image and video studios.

Run from the project root:  .venv/bin/python scripts/make_style_previews.py

Every thumbnail is made by the local image engine (the same one that serves
``local-image``), from one drawn sample product, so the cards show what a
style really looks like. The output is deterministic (fixed seeds) and small
(320 px wide JPEGs) and is committed under ``assets/studio/``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.providers.base import ImageRequest, RunContext  # noqa: E402
from app.providers.local.image import LocalImageModel  # noqa: E402

OUT = ROOT / "assets" / "studio"
WIDTH = 320

IMAGE_STYLES = {
    "studio": "Clean studio product shot on a seamless backdrop",
    "lifestyle": "The bottle on a sunny kitchen counter, morning light",
    "minimalist": "Minimal composition, lots of negative space",
    "seasonal": "Festive holiday scene with warm lights",
    "infographic": "Feature callouts around the product",
}
# Video ad styles: a representative still each, drawn in the closest image look.
VIDEO_STYLES = {
    "voiceover": ("studio", "Spoken script over a clean hero shot", ["Cold for 24 hours"]),
    "comparison": ("infographic", "Ours versus the old way", ["Steel, not plastic", "Leak-proof lid"]),
    "narrative": ("lifestyle", "A short comedy skit in the office kitchen", []),
    "showcase_360": ("minimalist", "360 degree product showcase", []),
    "brand_film": ("studio", "Cinematic brand blockbuster, dramatic light", []),
    "unboxing": ("lifestyle", "Unboxing and honest review at home", ["What's in the box"]),
    "tutorial": ("infographic", "How to use it in three steps", ["Fill", "Seal", "Go"]),
    "limited_offer": ("seasonal", "Limited-time offer, 30% off this week", ["Ends Sunday"]),
    "scene_integration": ("lifestyle", "The bottle placed into a hiking scene", []),
}


def sample_product() -> bytes:
    """A drawn insulated bottle on white: the product every preview shows."""
    w, h = 600, 900
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    body = (200, 230, 400, 820)
    d.rounded_rectangle(body, radius=70, fill=(24, 119, 242))
    # Highlight and shadow bands give the body some volume.
    d.rounded_rectangle((230, 260, 262, 790), radius=16, fill=(120, 180, 255))
    d.rounded_rectangle((352, 260, 380, 790), radius=14, fill=(14, 80, 180))
    d.rounded_rectangle((235, 120, 365, 240), radius=24, fill=(40, 44, 52))
    d.rounded_rectangle((262, 80, 338, 130), radius=14, fill=(60, 64, 72))
    d.rounded_rectangle((230, 470, 370, 560), radius=10, fill=(245, 247, 250))
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def render(style: str, prompt: str, points: list[str], product: bytes, seed: int) -> Image.Image:
    request = ImageRequest(
        prompt=prompt,
        mode="i2i",
        aspect_ratio="1:1",
        style=style,
        n=1,
        source_image=product,
        selling_points=points,
        product_name="AquaPeak Bottle",
        seed=seed,
        output_format="jpeg",
    )
    media = LocalImageModel().run(request, RunContext())
    with Image.open(io.BytesIO(media[0].data)) as img:
        img = img.convert("RGB")
        img.thumbnail((WIDTH, WIDTH), Image.Resampling.LANCZOS)
        return img.copy()


def save(img: Image.Image, name: str) -> Path:
    path = OUT / name
    img.save(path, "JPEG", quality=82, optimize=True, progressive=True)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    product = sample_product()
    for i, (style, prompt) in enumerate(IMAGE_STYLES.items()):
        path = save(render(style, prompt, ["Cold for 24 hours"], product, 100 + i), f"image-{style}.jpg")
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    for i, (name, (style, prompt, points)) in enumerate(VIDEO_STYLES.items()):
        path = save(render(style, prompt, points, product, 200 + i), f"video-{name}.jpg")
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
