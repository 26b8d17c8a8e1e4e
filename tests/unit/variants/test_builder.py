"""The variant request builder: each dimension changes only its own field, N distinct values."""

from __future__ import annotations

import csv
import io

import pytest

from app.services import generation, variants
from app.services.platform import InvalidInput
from app.services.variants.sets import SetView, VariantView

IMAGE_BASE = {
    "prompt": "A ceramic mug that keeps coffee hot on an oak table",
    "product_name": "Ceramic mug",
    "selling_points": ["Keeps coffee hot for 6 hours", "Dishwasher safe"],
    "style": "studio",
    "aspect_ratio": "1:1",
    "model": "local-image",
    "n": 3,
}
VIDEO_BASE = {
    "prompt": "A steel water bottle for hikers",
    "product_name": "Trail bottle",
    "selling_points": ["Keeps water cold for 24 hours"],
    "style": "voiceover",
    "duration": 10,
    "model": "local-video",
    "music": False,
}

CASES = [
    ("image", "hook", "headline"),
    ("image", "cta", "cta"),
    ("image", "style", "style"),
    ("image", "seed", "seed"),
    ("video", "hook", "hook"),
    ("video", "cta", "cta"),
    ("video", "style", "style"),
    ("video", "seed", "seed"),
    ("video", "music", "music_mood"),
]


@pytest.mark.parametrize(("kind", "dimension", "field"), CASES)
@pytest.mark.parametrize("count", [2, 4, 5])
def test_each_dimension_changes_only_its_field_with_distinct_values(kind, dimension, field, count) -> None:
    base = IMAGE_BASE if kind == "image" else VIDEO_BASE
    requests = variants.build_requests(kind, dimension, count, base, seed_start=1234)
    assert [r.position for r in requests] == list(range(1, count + 1))
    values = [r.params[field] for r in requests]
    assert len(set(values)) == count, values
    shared = {**base, "n": 1} if kind == "image" else dict(base)
    if dimension == "music":
        shared["music"] = True
    for r in requests:
        rest = {k: v for k, v in r.params.items() if k != field}
        assert rest == {k: v for k, v in shared.items() if k != field}
        assert r.value == str(r.params[field])
        assert r.label.startswith(variants.DIMENSION_LABELS[dimension] + ": ")


def test_the_base_value_comes_first_and_labels_name_it() -> None:
    styles = variants.build_requests("image", "style", 3, IMAGE_BASE)
    assert styles[0].params["style"] == "studio"
    assert [r.label for r in styles] == ["Style: Studio", "Style: Lifestyle", "Style: Minimalist"]
    seeds = variants.build_requests("video", "seed", 3, {**VIDEO_BASE, "seed": 41})
    assert [r.params["seed"] for r in seeds] == [41, 42, 43]
    music = variants.build_requests("video", "music", 2, VIDEO_BASE)
    assert music[0].params["music_mood"] == "calm"  # the voiceover recipe's own mood
    hooks = variants.build_requests("image", "hook", 3, IMAGE_BASE)
    assert hooks[0].label == "Hook: 'Tired of ordinary mugs?'"


def test_hooks_and_ctas_come_from_the_product_and_fit_on_screen() -> None:
    hooks = variants.dimension_values("video", "hook", 6, VIDEO_BASE)
    assert any("bottle" in str(h).lower() for h in hooks)
    assert all(len(str(h)) <= 42 for h in hooks)
    ctas = variants.dimension_values("image", "cta", 6, IMAGE_BASE)
    assert ctas[0] == "Shop Ceramic mug today" and len(set(ctas)) == 6


def test_requests_pass_the_generation_checks() -> None:
    for kind, dimension, field in CASES:
        base = IMAGE_BASE if kind == "image" else VIDEO_BASE
        for r in variants.build_requests(kind, dimension, 3, base, seed_start=7):
            validate = (
                generation.validate_image_params if kind == "image" else generation.validate_video_params
            )
            clean = validate("user-1", r.params)
            assert clean[field] == r.params[field]


@pytest.mark.parametrize(
    ("kind", "dimension", "count", "message"),
    [
        ("image", "music", 3, "differs in one of"),
        ("video", "tone", 3, "differs in one of"),
        ("image", "seed", 1, "count must be"),
        ("image", "seed", 7, "count must be"),
        ("image", "style", 6, "only 5 different style"),
        ("gif", "seed", 3, "kind must be"),
    ],
)
def test_bad_choices_are_refused_with_a_reason(kind, dimension, count, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        variants.build_requests(kind, dimension, count, IMAGE_BASE)


def test_manifest_cells_that_look_like_formulas_are_escaped() -> None:
    view = SetView("s", "image", "cta", 1, "t", {}, None, None, created_at=None)  # type: ignore[arg-type]
    v = VariantView(1, "=HYPERLINK(1)", "CTA", "j", "completed", 100, "", [], None, None, 1, "+prompt", 5)
    rows = [[v.position, "cta", v.value, v.job_id, "a", "f.png", v.prompt, v.seed, v.status]]
    text = variants.manifest_csv(view, rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(variants.MANIFEST_COLUMNS)
    assert parsed[1][2] == "'=HYPERLINK(1)" and parsed[1][6] == "'+prompt"
