"""Render the built-in homepage showcase with the local engines (run once, commit the output).

    .venv/bin/python scripts/make_showcase_seeds.py

Writes small JPEG images, 720p vertical MP4 ads with poster frames and a
``manifest.json`` into ``assets/showcase/``. The app registers every manifest
entry as a built-in showcase item on start (``app.services.showcase.seed_builtin``),
so a fresh install has a homepage that shows what the studio makes. Seeds are
fixed, so the same engines give the same files.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.providers.base import ImageRequest, RunContext, VideoRequest  # noqa: E402
from app.providers.local.image import LocalImageModel  # noqa: E402
from app.providers.local.video import LocalVideoModel  # noqa: E402

OUT = ROOT / "assets" / "showcase"
IMAGE_MAX_SIDE = 900
IMAGE_QUALITY = 80
VIDEO_CRF = "30"


def coffee_photo() -> bytes:
    """A real product photo that ships with scikit-image (a cup of coffee)."""
    import skimage.data

    buf = io.BytesIO()
    Image.fromarray(skimage.data.coffee()).save(buf, "PNG")
    return buf.getvalue()


def bottle_photo() -> bytes:
    """A drawn serum bottle on a plain backdrop, as a phone snapshot of a product would be."""
    w, h = 900, 1200
    img = Image.new("RGB", (w, h), (238, 236, 232))
    d = ImageDraw.Draw(img)
    # Glass body with a vertical gradient.
    body = Image.new("RGB", (360, 620))
    bd = ImageDraw.Draw(body)
    for y in range(620):
        t = y / 620
        bd.line([(0, y), (360, y)], fill=(int(196 - 60 * t), int(120 - 40 * t), int(64 - 20 * t)))
    mask = Image.new("L", (360, 620), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, 359, 619], radius=60, fill=255)
    img.paste(body, (270, 420), mask)
    # Highlight, label, neck and dropper cap.
    d.rounded_rectangle([300, 460, 330, 960], radius=14, fill=(226, 176, 128))
    d.rounded_rectangle([330, 640, 570, 860], radius=18, fill=(250, 246, 238))
    d.text((370, 700), "GLOW", fill=(90, 60, 40))
    d.text((370, 760), "vitamin C serum", fill=(120, 90, 70))
    d.rectangle([390, 360, 510, 420], fill=(40, 40, 44))
    d.rounded_rectangle([405, 220, 495, 370], radius=40, fill=(24, 24, 28))
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).ellipse([250, 1010, 650, 1070], fill=90)
    img = Image.composite(
        Image.new("RGB", (w, h), (200, 196, 190)), img, shadow.filter(ImageFilter.GaussianBlur(14))
    )
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


IMAGES = [
    {
        "key": "img-coffee-studio",
        "title": "Aroma Cup · studio shot",
        "prompt": "Studio shot of a double-walled coffee cup",
        "style": "studio",
        "aspect": "1:1",
        "product_name": "Aroma Cup",
        "points": ["Stays hot for 2 hours"],
        "photo": "coffee",
    },
    {
        "key": "img-coffee-lifestyle",
        "title": "Aroma Cup · lifestyle scene",
        "prompt": "Morning coffee on a sunny kitchen table",
        "style": "lifestyle",
        "aspect": "4:3",
        "product_name": "Aroma Cup",
        "points": ["Double-walled glass"],
        "photo": "coffee",
    },
    {
        "key": "img-serum-minimal",
        "title": "Glow serum · minimalist",
        "prompt": "Minimalist product photo of a vitamin C serum bottle",
        "style": "minimalist",
        "aspect": "1:1",
        "product_name": "Glow Serum",
        "points": ["Vitamin C", "Vegan formula"],
        "photo": "bottle",
    },
    {
        "key": "img-serum-infographic",
        "title": "Glow serum · infographic",
        "prompt": "Infographic for a vitamin C face serum",
        "style": "infographic",
        "aspect": "1:1",
        "product_name": "Glow Serum",
        "points": ["15% vitamin C", "Fragrance free", "Dermatologist tested"],
        "photo": "bottle",
    },
    {
        "key": "img-headphones-seasonal",
        "title": "Wireless headphones · holiday",
        "prompt": "Holiday sale banner for noise cancelling wireless headphones",
        "style": "seasonal",
        "aspect": "1:1",
        "product_name": "Quiet Pro Headphones",
        "points": ["40 hours battery", "25% off this week"],
    },
    {
        "key": "img-sneaker-studio",
        "title": "Trail sneakers · launch poster",
        "prompt": "Launch poster for lightweight trail running sneakers",
        "style": "studio",
        "aspect": "4:3",
        "product_name": "Ridge Runner",
        "points": ["Only 240 g", "Grip on wet rock"],
    },
    {
        "key": "img-tea-lifestyle",
        "title": "Matcha set · lifestyle",
        "prompt": "Organic matcha tea set in a calm lifestyle scene",
        "style": "lifestyle",
        "aspect": "1:1",
        "product_name": "Kyoto Matcha Set",
        "points": ["Ceremonial grade"],
    },
    {
        "key": "img-lamp-minimal",
        "title": "Desk lamp · minimalist",
        "prompt": "Minimalist ad for a dimmable oak desk lamp",
        "style": "minimalist",
        "aspect": "4:3",
        "product_name": "Oak Glow Lamp",
        "points": ["Warm dimmable light"],
    },
]

VIDEOS = [
    {
        "key": "vid-coffee-showcase",
        "title": "Aroma Cup · 360 showcase",
        "prompt": "Luxury 360 showcase of a double-walled coffee cup",
        "style": "showcase_360",
        "product_name": "Aroma Cup",
        "points": ["Stays hot for 2 hours"],
        "photo": "coffee",
        "duration": 5,
    },
    {
        "key": "vid-serum-parallax",
        "title": "Glow serum · product reveal",
        "prompt": "Clean studio reveal of a vitamin C serum",
        "style": "studio",
        "product_name": "Glow Serum",
        "points": ["Vitamin C glow"],
        "photo": "bottle",
        "duration": 5,
    },
    {
        "key": "vid-headphones-promo",
        "title": "Quiet Pro · limited offer",
        "prompt": "Limited offer ad for noise cancelling wireless headphones",
        "style": "seasonal",
        "product_name": "Quiet Pro Headphones",
        "points": ["25% off this week"],
        "duration": 5,
    },
    {
        "key": "vid-sneaker-launch",
        "title": "Ridge Runner · launch teaser",
        "prompt": "Energetic launch teaser for trail running sneakers",
        "style": "lifestyle",
        "product_name": "Ridge Runner",
        "points": ["Only 240 g"],
        "duration": 5,
    },
]

PHOTOS = {"coffee": coffee_photo, "bottle": bottle_photo}


def _jpeg(data: bytes, max_side: int = IMAGE_MAX_SIDE) -> tuple[bytes, int, int]:
    with Image.open(io.BytesIO(data)) as img:
        img = img.convert("RGB")
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=IMAGE_QUALITY, optimize=True, progressive=True)
        return buf.getvalue(), img.width, img.height


def _shrink_video(src: Path, dst: Path) -> None:
    """Re-encode small for the web (faststart so playback begins before the download ends)."""
    from app.services.generation import ffmpeg_exe

    subprocess.run(
        [
            ffmpeg_exe(),
            "-y",
            "-loglevel",
            "error",
            "-i",
            str(src),
            "-c:v",
            "libx264",
            "-preset",
            "slow",
            "-crf",
            VIDEO_CRF,
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-movflags",
            "+faststart",
            str(dst),
        ],
        check=True,
        timeout=300,
    )


def make_images(manifest: list[dict]) -> None:
    engine = LocalImageModel()
    for order, spec in enumerate(IMAGES):
        photo = PHOTOS[spec["photo"]]() if spec.get("photo") else None
        media = engine.run(
            ImageRequest(
                prompt=spec["prompt"],
                mode="i2i" if photo else "t2i",
                aspect_ratio=spec["aspect"],
                style=spec["style"],
                source_image=photo,
                selling_points=spec["points"],
                product_name=spec["product_name"],
                seed=1000 + order,
            ),
            RunContext(),
        )[0]
        data, w, h = _jpeg(media.data or b"")
        name = f"{spec['key']}.jpg"
        (OUT / name).write_bytes(data)
        manifest.append(
            {
                "key": spec["key"],
                "kind": "image",
                "title": spec["title"],
                "prompt": spec["prompt"],
                "file": name,
                "poster": None,
                "content_type": "image/jpeg",
                "width": w,
                "height": h,
                "duration": None,
                "model": "local-image",
                "order": 100 + order,
            }
        )
        print(f"image {name}: {len(data) // 1024} KiB", flush=True)


def make_videos(manifest: list[dict]) -> None:
    engine = LocalVideoModel()
    for order, spec in enumerate(VIDEOS):
        photo = PHOTOS[spec["photo"]]() if spec.get("photo") else None
        media = engine.run(
            VideoRequest(
                prompt=spec["prompt"],
                mode="i2v" if photo else "t2v",
                aspect_ratio="9:16",
                resolution="720p",
                duration=float(spec["duration"]),
                style=spec["style"],
                source_image=photo,
                product_name=spec["product_name"],
                selling_points=spec["points"],
                seed=2000 + order,
            ),
            RunContext(),
        )[0]
        work = Path(tempfile.mkdtemp(prefix="showcase-seed-"))
        try:
            raw = work / "raw.mp4"
            raw.write_bytes(media.data or b"")
            name = f"{spec['key']}.mp4"
            _shrink_video(raw, OUT / name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        poster, _, _ = _jpeg(media.extra["thumbnail_jpeg"], max_side=720)
        poster_name = f"{spec['key']}.jpg"
        (OUT / poster_name).write_bytes(poster)
        manifest.append(
            {
                "key": spec["key"],
                "kind": "video",
                "title": spec["title"],
                "prompt": spec["prompt"],
                "file": name,
                "poster": poster_name,
                "content_type": "video/mp4",
                "width": media.width,
                "height": media.height,
                "duration": round(float(media.duration or spec["duration"]), 2),
                "model": "local-video",
                "order": order,
            }
        )
        print(f"video {name}: {(OUT / name).stat().st_size // 1024} KiB", flush=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        if old.suffix in (".jpg", ".mp4", ".json"):
            old.unlink()
    manifest: list[dict] = []
    make_videos(manifest)
    make_images(manifest)
    (OUT / "manifest.json").write_text(json.dumps({"version": 1, "items": manifest}, indent=2) + "\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{len(manifest)} items, {total / 1024 / 1024:.2f} MiB in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
