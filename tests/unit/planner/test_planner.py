"""The local ad planner: framework choice, scene schemas for every framework and style, timing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services import creative
from app.services.brand import BrandContext
from app.services.platform import InvalidInput

MUG = {
    "description": "Double-walled porcelain cup. No more cold coffee.",
    "selling_points": ["Keeps coffee hot for 2 hours", "Dishwasher safe", "20% off this week"],
}
COUNTS = {"PAS": 4, "BAB": 3, "AIDA": 4}
BEATS = {fw: [b for b, _ in beats] for fw, beats in creative.FRAMEWORK_BEATS.items()}


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("DEEPSEEK_API_KEY", "")
    get_settings.cache_clear()


@pytest.mark.parametrize("style", creative.AD_STYLES)
@pytest.mark.parametrize("framework", creative.AD_FRAMEWORKS)
@pytest.mark.parametrize("duration", [4.0, 15.0, 23.7, 30.0])
def test_every_style_and_framework_gives_a_complete_script(style: str, framework: str, duration: float):
    script = creative.plan_script("Aroma Cup", style=style, framework=framework, duration=duration, **MUG)
    assert script.framework == framework and script.style == style and script.engine == "local"
    assert len(script.scenes) == COUNTS[framework]
    assert [s.scene_type for s in script.scenes] == BEATS[framework]
    assert [s.scene_number for s in script.scenes] == list(range(1, COUNTS[framework] + 1))
    assert abs(sum(s.duration for s in script.scenes) - duration) <= 0.1
    # The style's recipe decides what each scene shows.
    assert [s.shot for s in script.scenes] == [shot.kind for shot in creative.shots_for(style, framework)]
    for scene in script.scenes:
        assert scene.visual_prompt.strip() and scene.text_overlay.strip() and scene.voiceover.strip()
        assert "{" not in scene.visual_prompt + scene.text_overlay + scene.voiceover
        assert len(scene.text_overlay) <= creative.CAPTION_CHARS
        # A line fits its scene: eSpeak says about 2.7 words a second.
        assert len(scene.voiceover.split()) <= max(3, 2.7 * scene.duration)
    assert script.cta.strip() and "{" not in script.cta and len(script.cta) <= 40
    dumped = script.model_dump()
    assert set(dumped) >= {"framework", "scenes", "cta"}
    assert set(dumped["scenes"][0]) >= {
        "scene_number",
        "scene_type",
        "visual_prompt",
        "text_overlay",
        "voiceover",
        "duration",
    }


def test_base_durations_at_fifteen_seconds():
    durations = {
        fw: [s.duration for s in creative.plan_script("Aroma Cup", framework=fw, duration=15).scenes]
        for fw in creative.AD_FRAMEWORKS
    }
    assert durations == {"PAS": [4, 3, 4, 4], "BAB": [5, 5, 5], "AIDA": [3, 4, 5, 3]}
    # Scaled, not padded: 30 s doubles every scene.
    assert [s.duration for s in creative.plan_script("Aroma Cup", framework="PAS", duration=30).scenes] == [
        8,
        6,
        8,
        8,
    ]


@given(
    st.lists(st.floats(min_value=0.5, max_value=10), min_size=1, max_size=8),
    st.floats(min_value=4, max_value=30),
)
@settings(max_examples=200, deadline=None)
def test_scaled_durations_sum_exactly(base: list[float], total: float):
    parts = creative.scale_durations(base, total)
    assert len(parts) == len(base)
    assert abs(sum(parts) - total) <= 0.006
    for part, b in zip(parts, base, strict=True):
        assert abs(part - b * total / sum(base)) <= 0.011


@pytest.mark.parametrize(
    ("name", "description", "points", "style", "expected"),
    [
        ("StainAway Spray", "Removes stubborn stains in seconds", [], "voiceover", "PAS"),
        ("Aroma Cup", "No more cold coffee", [], "showcase_360", "PAS"),
        ("Lumière Silk Scarf", "Luxury silk for an elegant look", [], "voiceover", "BAB"),
        ("Gold Watch", "A timeless statement piece", ["Premium sapphire glass"], "unboxing", "BAB"),
        ("Desk Lamp", "A lamp with three brightness levels", ["USB-C"], "voiceover", "AIDA"),
        ("Desk Lamp", "A lamp with three brightness levels", [], "brand_film", "BAB"),
        ("Desk Lamp", "A lamp with three brightness levels", [], "comparison", "PAS"),
    ],
)
def test_auto_framework_rules(name, description, points, style, expected):
    script = creative.plan_script(name, description=description, selling_points=points, style=style)
    assert script.framework == expected
    assert script.notes and script.notes[0].startswith(f"Framework: {expected}")


def test_copy_uses_the_product_facts():
    script = creative.plan_script("Aroma Cup", style="voiceover", framework="PAS", **MUG)
    problem, _, solve, _ = script.scenes
    assert problem.text_overlay == "Tired of cold coffee?"
    assert "Aroma Cup" in solve.text_overlay
    said = " ".join(s.text_overlay + " " + s.voiceover for s in script.scenes)
    assert "Keeps coffee hot for 2 hours" in said
    assert "Aroma Cup" in script.cta


def test_style_recipes_write_their_own_scenes():
    unbox = creative.plan_script("Aroma Cup", style="unboxing", framework="AIDA", **MUG)
    assert [s.shot for s in unbox.scenes] == ["package", "reveal", "detail", "verdict"]
    assert "package" in unbox.scenes[0].visual_prompt and "Unboxing" in unbox.scenes[0].text_overlay
    assert unbox.scenes[-1].text_overlay.startswith("Verdict")
    offer = creative.plan_script("Aroma Cup", style="limited_offer", framework="AIDA", **MUG)
    assert [s.shot for s in offer.scenes] == ["fast_cuts", "price", "countdown", "cta"]
    assert offer.scenes[1].text_overlay == "20% off"
    assert "soon" in offer.scenes[2].text_overlay.lower() or "last" in offer.scenes[2].text_overlay.lower()
    assert "offer" in offer.cta.lower() or "deal" in offer.cta.lower()


def test_brand_shapes_the_script():
    brand = BrandContext(
        name="Aroma Co",
        target_audience="Busy remote workers",
        color_palette=["#112233"],
        product_features=["Made in Portugal"],
    )
    script = creative.plan_script("Aroma Cup", style="brand_film", framework="AIDA", brand=brand)
    text = " ".join(s.visual_prompt + " " + s.voiceover + " " + s.text_overlay for s in script.scenes)
    assert "Aroma Co" in text and "#112233" in text
    assert "busy remote workers" in text.lower() or "Made in Portugal" in text
    assert script.cta == "Discover Aroma Co"


def test_bad_inputs_are_refused():
    with pytest.raises(InvalidInput, match="name"):
        creative.plan_script("  ")
    with pytest.raises(InvalidInput, match="style"):
        creative.plan_script("Mug", style="opera")
    with pytest.raises(InvalidInput, match="framework"):
        creative.plan_script("Mug", framework="XYZ")
    for bad in (3.9, 30.5, True):
        with pytest.raises(InvalidInput, match="duration"):
            creative.plan_script("Mug", duration=bad)
    # A prompt can stand in for the name; framework names are case-insensitive.
    script = creative.plan_script(
        "", prompt="An ad for a steel water bottle, keeps drinks cold", framework="bab"
    )
    assert script.framework == "BAB" and "Steel water bottle" in script.scenes[-1].text_overlay + script.cta


def test_name_from_prompt():
    assert creative.name_from_prompt("Create a video ad for the Aroma Cup. Warm light.") == "Aroma Cup"
    assert creative.name_from_prompt("") == ""


@given(
    name=st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and any(c.isalnum() for c in t)),
    points=st.lists(st.text(max_size=80), max_size=5),
    style=st.sampled_from(creative.AD_STYLES),
    framework=st.sampled_from((*creative.AD_FRAMEWORKS, "auto")),
    duration=st.floats(min_value=4, max_value=30),
)
@settings(max_examples=60, deadline=None)
def test_any_product_data_gives_a_valid_script(name, points, style, framework, duration):
    script = creative.plan_script(
        name, selling_points=points, style=style, framework=framework, duration=duration
    )
    assert script.framework in creative.AD_FRAMEWORKS
    assert abs(script.duration - duration) <= 0.1
    assert all(s.text_overlay and s.voiceover and s.visual_prompt for s in script.scenes)


def test_validate_scenes_for_video_jobs():
    script = creative.plan_script("Aroma Cup", framework="PAS", duration=15)
    raw = [s.model_dump() for s in script.scenes]
    scenes, total = creative.validate_scenes(raw, None)
    assert total == 15.0 and len(scenes) == 4
    scenes, total = creative.validate_scenes(raw, 15.05)
    assert total == 15.05
    with pytest.raises(InvalidInput, match="add up to 15"):
        creative.validate_scenes(raw, 20)
    with pytest.raises(InvalidInput, match="at most 8"):
        creative.validate_scenes(raw * 3, None)
    with pytest.raises(InvalidInput, match="Scene 2"):
        creative.validate_scenes([raw[0], {**raw[1], "visual_prompt": ""}], None)
    with pytest.raises(InvalidInput, match="add up to 2"):
        creative.validate_scenes([{**raw[0], "duration": 2}], None)
    # Renumbered in order, the user's text kept, empty captions allowed.
    edited = [{**raw[1], "scene_number": 9, "text_overlay": ""}, {**raw[0], "text_overlay": "Mine!"}]
    scenes, total = creative.validate_scenes(edited, None)
    assert [s["scene_number"] for s in scenes] == [1, 2] and scenes[1]["text_overlay"] == "Mine!"
    assert total == 7.0


def test_briefs_carry_the_recipe_hints():
    script = creative.plan_script("Aroma Cup", style="showcase_360", framework="AIDA")
    briefs = script.briefs()
    assert [b.shot for b in briefs] == ["front", "orbit", "detail", "hero"]
    assert briefs[0].product == "turntable" and briefs[2].product == "closeup"
    assert all(b.motion and b.backdrop and b.graphic and b.position for b in briefs)
    # Edited scenes without a shot get the recipe's shot at their position.
    raw = [{k: v for k, v in s.model_dump().items() if k != "shot"} for s in script.scenes]
    assert [b.shot for b in creative.briefs_for("showcase_360", "AIDA", raw)] == [
        "front",
        "orbit",
        "detail",
        "hero",
    ]
    assert creative.ad_look("limited_offer") == {
        "transition": "zoom",
        "music_mood": "energetic",
        "grade": "vibrant",
    }


def test_vendor_prompt_lists_the_scenes():
    script = creative.plan_script("Aroma Cup", framework="BAB", duration=15)
    text = creative.vendor_prompt("Aroma Cup ad", [s.model_dump() for s in script.scenes], script.cta)
    assert text.startswith("Aroma Cup ad\nScene 1 (5s, before):")
    assert "Scene 3" in text and f'End card: "{script.cta}"' in text
    assert len(creative.vendor_prompt("x", [s.model_dump() for s in script.scenes] * 50, limit=500)) <= 500
