"""Prices: seeds, formulas, public document, admin edits."""

from __future__ import annotations

import pytest

from app.services import billing


@pytest.mark.parametrize(
    ("model", "seconds", "resolution", "credits"),
    [
        ("veo3", 4, "720p", 40),
        ("veo3", 6, "720p", 60),
        ("veo3", 8, "720p", 80),
        ("veo3", 4, "1080p", 60),
        ("veo3", 6, "1080p", 90),
        ("veo3", 8, "1080p", 120),
        ("veo3_fast", 8, "1080p", 120),
        ("sora-2", 10, "1080p", 15),
        ("sora-2", 15, "720p", 15),
        ("local-video", 12, "1080p", 12),
        ("local-video", 7.5, "720p", 8),  # partial seconds round up: credits are whole
    ],
)
def test_video_cost_table(db, model, seconds, resolution, credits):
    billing.seed_default_prices()
    assert billing.video_cost(model, seconds, resolution) == credits


def test_image_and_extra_costs(db):
    assert billing.seed_default_prices() > 0
    assert billing.seed_default_prices() == 0  # idempotent
    assert billing.image_cost("nano-banana", 4) == 20
    assert billing.image_cost("flux-ultra") == 8
    assert billing.image_cost("local-image", 3) == 3
    assert billing.extra_cost("prompt_enhancement") == 0
    with pytest.raises(billing.UnknownPrice):
        billing.image_cost("dall-e")
    with pytest.raises(billing.PricingError):
        billing.image_cost("nano-banana", 0)
    with pytest.raises(billing.PricingError):
        billing.video_cost("veo3", 8, "4k")


def test_defaults_work_before_seeding(db):
    assert billing.video_cost("veo3", 8, "1080p") == 120


def test_public_pricing_shape(db):
    billing.seed_default_prices()
    doc = billing.public_pricing()
    assert set(doc) == {"images", "videos", "extras"}
    assert doc["images"] == {
        "flux-pro": 5,
        "flux-ultra": 8,
        "local-image": 1,
        "nano-banana": 5,
        "nano-banana-edit": 5,
    }
    assert set(doc["videos"]) == {"per_second", "resolution_multipliers", "models"}
    assert doc["videos"]["resolution_multipliers"] == {"1080p": 1.5, "720p": 1.0}
    assert doc["videos"]["per_second"] == {"local-video": 1, "veo3": 10, "veo3_fast": 10}
    assert doc["videos"]["models"]["sora-2"] == {"unit": "clip", "credits": 15}
    assert doc["extras"] == {
        "brand_analysis": 0,
        "editor_clip": 0,
        "editor_export": 0,
        "editor_preview": 0,
        "hero_candidate": 0,
        "prompt_enhancement": 0,
        "script_generation": 0,
        "template_render": 2,
        "video_attempt": 0,
    }


def test_admin_edits_are_validated_and_survive_reseeding(db):
    billing.seed_default_prices()
    billing.update_price("image", "nano-banana", 6, admin_id="admin")
    billing.update_pricing(
        {
            "extras": {"prompt_enhancement": 1},
            "videos": {"models": {"sora-2": 20}, "resolution_multipliers": {"1080p": 2}},
        }
    )
    billing.seed_default_prices()
    assert billing.image_cost("nano-banana") == 6
    assert billing.extra_cost("prompt_enhancement") == 1
    assert billing.video_cost("sora-2", 10) == 20
    assert billing.video_cost("veo3", 4, "1080p") == 80
    for bad in (
        {"images": {"nano-banana": -1}},
        {"images": {"nano-banana": 2.5}},
        {"images": {"Bad Name!": 1}},
        {"videos": {"resolution_multipliers": {"1080p": 1.333}}},
        {"videos": {"models": {"sora-2": {"credits": 5, "unit": "image"}}}},
        {"coupons": {}},
    ):
        with pytest.raises(billing.PricingError):
            billing.update_pricing(bad)
    # A rejected document changes nothing, even the valid parts before the bad field.
    with pytest.raises(billing.PricingError):
        billing.update_pricing({"images": {"flux-pro": 9, "flux-ultra": -5}})
    assert billing.image_cost("flux-pro") == 5
