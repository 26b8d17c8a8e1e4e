"""Hero-frame stills on the local engine: seeds reproduce, seeds differ, look words show."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from app.media.hero.still import mutate_prompt, read_look, render_hero_still
from app.providers.base import ImageRequest, RunContext
from app.providers.errors import ProviderError
from app.providers.local.image import LocalImageModel

PROMPT = "amber perfume bottle on wet marble, shallow depth of field, 85mm"
SMALL = (216, 384)


def pixels(media) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(media.data)).convert("RGB"), np.float32)


def still(prompt: str, seed: int = 5) -> np.ndarray:
    return np.asarray(render_hero_still(prompt, seed, SMALL)[0], np.float32)


def test_candidates_carry_their_own_seed_and_regenerate_exactly() -> None:
    model = LocalImageModel()
    batch = model.run(
        ImageRequest(prompt=PROMPT, style="cinematic", n=6, seed=100, aspect_ratio="9:16"), RunContext()
    )
    assert len(batch) == 6
    assert [m.extra["seed"] for m in batch] == [100, 101, 102, 103, 104, 105]
    assert all(m.extra["prompt"] == PROMPT and m.extra["model"] == "local-image" for m in batch)
    assert all(m.extra["aspect_ratio"] == "9:16" and (m.width, m.height) == (1080, 1920) for m in batch)
    again = model.run(
        ImageRequest(prompt=PROMPT, style="cinematic", n=1, seed=103, aspect_ratio="9:16"), RunContext()
    )
    assert np.array_equal(pixels(again[0]), pixels(batch[3]))  # same prompt + seed: same image
    # Different seeds: different pictures.
    first = pixels(batch[0])
    assert all(np.abs(pixels(m) - first).mean() > 3 for m in batch[1:])


def test_hero_frames_allow_up_to_eight_and_aspect_ratios() -> None:
    model = LocalImageModel()
    wide = model.run(
        ImageRequest(prompt=PROMPT, style="cinematic", n=1, seed=1, aspect_ratio="16:9"), RunContext()
    )
    assert (wide[0].width, wide[0].height) == (1920, 1080)
    with pytest.raises(ProviderError):
        model.run(ImageRequest(prompt=PROMPT, style="cinematic", n=9), RunContext())


def test_warm_and_cool_light_tint_the_frame() -> None:
    warm = still("perfume bottle, golden hour warm light")
    cool = still("perfume bottle, cool blue hour light")
    assert warm[..., 0].mean() - warm[..., 2].mean() > 15
    assert cool[..., 2].mean() - cool[..., 0].mean() > 10


def test_low_key_is_darker_and_high_key_brighter() -> None:
    low, high = still("perfume bottle, low-key"), still("perfume bottle, high-key")
    assert high.mean() - low.mean() > 60


def test_shallow_depth_of_field_blurs_the_background() -> None:
    def background_detail(img: np.ndarray) -> float:
        """Fine detail against coarse variation in the side strips of a centred shot (backdrop only).

        Grain is smoothed away first; a blurred backdrop keeps its coarse shapes but loses fine edges.
        """
        gray = cv2.GaussianBlur(img.mean(axis=2), (0, 0), 0.8)
        fine = gray - cv2.GaussianBlur(gray, (0, 0), 2.0)
        coarse = cv2.GaussianBlur(gray, (0, 0), 2.0) - cv2.GaussianBlur(gray, (0, 0), 8.0)
        strip, top = SMALL[0] * 15 // 100, SMALL[1] * 6 // 10

        def sides(a: np.ndarray) -> np.ndarray:
            return np.concatenate([a[:top, :strip], a[:top, -strip:]], axis=1)

        return float(np.abs(sides(fine)).mean() / (np.abs(sides(coarse)).mean() + 0.05))

    sharp = [background_detail(still("perfume bottle, centered, wide shot, deep focus", s)) for s in range(5)]
    soft = [
        background_detail(still("perfume bottle, centered, shallow depth of field, bokeh", s))
        for s in range(4)
    ]
    assert max(soft) < min(sharp)
    look = read_look("perfume bottle, shallow depth of field, 85mm", 1)
    assert (
        look.depth_of_field > 0.7
        and look.subject_scale > read_look("perfume bottle, wide shot", 1).subject_scale
    )


def test_mutations_add_one_preset_deterministically() -> None:
    for mutation in ("lighting", "composition", "mood"):
        text = mutate_prompt(PROMPT, mutation, 3)
        assert text.startswith(PROMPT + ", ") and text == mutate_prompt(PROMPT, mutation, 3)
    assert mutate_prompt(PROMPT, "lighting", 1) != PROMPT
