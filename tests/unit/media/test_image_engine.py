"""Local image engine: sizes, DPI, product visible, candidates differ, seeds repeat."""

from __future__ import annotations

import io

import numpy as np
import pytest
import skimage.data
from PIL import Image

from app.media.cutout import cut_out, segment
from app.providers.base import BrandHints, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.image import LocalImageModel, headline_from


def _jpeg(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _product_on_busy_background() -> tuple[np.ndarray, np.ndarray]:
    """A yellow bottle-like product on a noisy, colourful backdrop, and its true mask."""
    rng = np.random.default_rng(3)
    bg = (rng.random((45, 60, 3)) * 255).astype(np.uint8)
    img = np.asarray(Image.fromarray(bg).resize((480, 360), Image.Resampling.NEAREST)).copy()
    yy, xx = np.mgrid[0:360, 0:480]
    body = ((xx - 240) / 90) ** 2 + ((yy - 200) / 120) ** 2 < 1
    cap = (np.abs(xx - 240) < 25) & (yy > 50) & (yy < 90)
    img[body] = (np.array([240, 200, 30]) * (1 - 0.3 * ((yy[body] - 80) / 240))[:, None]).astype(np.uint8)
    img[cap] = [60, 60, 60]
    return img, body | cap


@pytest.fixture(scope="module")
def coffee_jpeg() -> bytes:
    return _jpeg(skimage.data.coffee())


def test_cutout_finds_product_on_busy_background():
    img, truth = _product_on_busy_background()
    mask = segment(img)
    iou = (mask & truth).sum() / (mask | truth).sum()
    assert iou > 0.8


def test_cutout_has_feathered_alpha_and_covers_the_cup():
    rgba = cut_out(Image.fromarray(skimage.data.coffee()))
    alpha = np.asarray(rgba.getchannel("A"))
    coverage = (alpha > 128).mean()
    assert 0.35 < coverage < 0.95
    # Feathered edge: some partial alpha, not a hard binary mask.
    assert ((alpha > 10) & (alpha < 245)).sum() > 100


STYLES = ["studio", "lifestyle", "minimalist", "seasonal", "infographic"]


@pytest.mark.parametrize("style", STYLES)
def test_each_style_has_size_dpi_and_visible_product(style, coffee_jpeg):
    model = LocalImageModel()
    aspect = "9:16" if style != "lifestyle" else "3:2"
    req = ImageRequest(
        prompt="Espresso for the holidays",
        mode="i2i",
        source_image=coffee_jpeg,
        style=style,
        aspect_ratio=aspect,
        seed=5,
        selling_points=["Double-walled", "20% off"],
        product_name="Aroma Cup",
    )
    [media] = model.run(req, RunContext())
    img = Image.open(io.BytesIO(media.data))
    assert img.format == "PNG" and media.content_type == "image/png"
    assert img.size == ({"9:16": (1080, 1920), "3:2": (1620, 1080)}[aspect])
    assert min(img.size) >= 1080
    assert tuple(round(v) for v in img.info["dpi"]) == (300, 300)
    # The espresso crema is a colour no synthesized backdrop uses: the product made it into the frame.
    arr = np.asarray(img.convert("RGB")).astype(int)
    crema = (arr[..., 0] > 150) & (arr[..., 0] - arr[..., 2] > 70) & (arr[..., 1] > 80) & (arr[..., 1] < 170)
    assert crema.mean() > 0.01, f"product not visible in {style}"


@pytest.mark.parametrize("aspect", ["1:1", "16:9", "9:16", "4:3", "3:2"])
def test_text_to_image_honours_aspect_and_jpeg(aspect):
    req = ImageRequest(
        prompt="Launch poster for a plant-based protein bar",
        aspect_ratio=aspect,
        seed=1,
        output_format="jpeg",
        brand=BrandHints(name="GreenBite", color_palette=["#F3EFE6", "#2F7D4F"]),
    )
    [media] = LocalImageModel().run(req, RunContext())
    img = Image.open(io.BytesIO(media.data))
    assert img.format == "JPEG" and media.content_type == "image/jpeg"
    w, h = img.size
    a, b = (int(x) for x in aspect.split(":"))
    assert min(w, h) == 1080 and abs(w / h - a / b) < 0.01
    assert tuple(round(v) for v in img.info["dpi"]) == (300, 300)


def test_brand_palette_drives_text_to_image_colours():
    def run(palette):
        req = ImageRequest(
            prompt="Summer drinks",
            aspect_ratio="1:1",
            seed=2,
            style="minimalist",
            brand=BrandHints(color_palette=palette),
        )
        [m] = LocalImageModel().run(req, RunContext())
        return np.asarray(Image.open(io.BytesIO(m.data)).convert("RGB")).reshape(-1, 3).mean(axis=0)

    greenish, reddish = run(["#E8F5E9", "#1B8A3A", "#0B3D1A"]), run(["#FDECEA", "#C62828", "#4A0E0E"])
    assert greenish[1] - greenish[0] > reddish[1] - reddish[0] + 10


def test_candidates_differ_and_seed_repeats(coffee_jpeg):
    model = LocalImageModel()
    req = ImageRequest(
        prompt="Cup", mode="i2i", source_image=coffee_jpeg, style="studio", aspect_ratio="1:1", n=3, seed=42
    )
    first = model.run(req, RunContext())
    arrays = [np.asarray(Image.open(io.BytesIO(m.data)).convert("RGB")).astype(int) for m in first]
    for i in range(3):
        for j in range(i + 1, 3):
            assert np.abs(arrays[i] - arrays[j]).mean() > 4, "candidates look the same"
    again = model.run(req, RunContext())
    assert [m.data for m in again] == [m.data for m in first]


def test_watermark_is_visible(coffee_jpeg):
    base = {"prompt": "Cup", "aspect_ratio": "1:1", "seed": 3, "style": "studio"}
    [plain] = LocalImageModel().run(ImageRequest(**base), RunContext())
    [marked] = LocalImageModel().run(ImageRequest(**base, watermark=True), RunContext())
    a = np.asarray(Image.open(io.BytesIO(plain.data)).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(marked.data)).convert("RGB")).astype(int)
    corner = (slice(-110, None), slice(-520, None))
    assert np.abs(a[corner] - b[corner]).mean() > 8


@pytest.mark.parametrize("data", [b"", b"not an image", b"GIF89a" + b"\0" * 50])
def test_bad_images_are_invalid_input(data):
    req = ImageRequest(prompt="x", mode="i2i", source_image=data)
    with pytest.raises(ProviderError) as info:
        LocalImageModel().run(req, RunContext())
    assert info.value.code == ProviderErrorCode.INVALID_INPUT


def test_gif_is_refused_even_if_valid():
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buf, "GIF")
    with pytest.raises(ProviderError) as info:
        LocalImageModel().run(ImageRequest(prompt="x", mode="i2i", source_image=buf.getvalue()), RunContext())
    assert info.value.code == ProviderErrorCode.INVALID_INPUT


def test_progress_and_cancel(coffee_jpeg):
    steps: list[int] = []
    LocalImageModel().run(
        ImageRequest(prompt="x", n=2, seed=1), RunContext(report=lambda p, s: steps.append(p))
    )
    assert steps[-1] == 100 and steps == sorted(steps)
    with pytest.raises(ProviderError, match="cancelled"):
        LocalImageModel().run(ImageRequest(prompt="x", n=3, seed=1), RunContext(is_cancelled=lambda: True))


def test_headline_from_prompt():
    assert headline_from("Create a poster for our new protein bar, crunchy", "") == "New protein bar"
    assert headline_from("anything", "Aroma Cup") == "Aroma Cup"
