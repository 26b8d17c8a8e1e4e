"""The local prompt enhancer: keeps the subject verbatim, adds style terms, folds in the brand."""

from __future__ import annotations

import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.brand import BrandContext
from app.services.creative import prompts
from app.services.platform import InvalidInput

IMAGE_STYLES = ("studio", "lifestyle", "minimalist", "seasonal", "infographic")
VIDEO_STYLES = (
    "voiceover",
    "comparison",
    "narrative",
    "showcase_360",
    "brand_film",
    "unboxing",
    "tutorial",
    "limited_offer",
    "scene_integration",
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("DEEPSEEK_API_KEY", "")
    get_settings.cache_clear()


def _options(table: dict, style: str | None) -> tuple[str, ...]:
    return table.get(style or "default") or table["default"]


@pytest.mark.parametrize("style", [None, *IMAGE_STYLES, *VIDEO_STYLES])
@pytest.mark.parametrize("content_type", ["image", "video"])
def test_adds_the_styles_terms(style: str | None, content_type: str):
    result = prompts.enhance("A ceramic coffee mug on a table", content_type, style=style)
    assert result.engine == "local"
    assert result.enhanced.startswith("A ceramic coffee mug on a table. ")
    lowered = result.enhanced.lower()
    tables = [prompts.LIGHTING, prompts.COMPOSITION, prompts.CAMERA, prompts.MOOD]
    if content_type == "video":
        tables += [prompts.MOTION, prompts.PACING]
    for table in tables:
        assert any(opt.lower() in lowered for opt in _options(table, style)), table
    assert "glossy ceramic glaze" in lowered  # materials follow the content
    labels = [n.split(":")[0] for n in result.notes]
    expected = ["Lighting", "Composition", "Camera", "Materials", "Mood"]
    if content_type == "video":
        expected += ["Camera motion", "Pacing"]
    assert labels == expected
    light = next(n for n in result.notes if n.startswith("Lighting: "))
    assert light.removeprefix("Lighting: ") in result.enhanced.lower()
    assert result.to_api() == {
        "original": result.original,
        "enhanced": result.enhanced,
        "notes": result.notes,
    }


def test_video_only_terms_stay_out_of_images():
    image = prompts.enhance("Running shoes on a track", "image", style="limited_offer")
    video = prompts.enhance("Running shoes on a track", "video", style="limited_offer")
    assert "fast cuts" not in image.enhanced.lower()
    assert "fast cuts every second or two" in video.enhanced.lower()
    assert "quick whip pans" in video.enhanced.lower()


def test_keeps_what_the_user_already_said():
    result = prompts.enhance("Perfume bottle lit by neon light, 35mm lens, moody atmosphere", "image")
    assert "Lighting: kept yours" in result.notes
    assert "Camera: kept yours" in result.notes
    assert "Mood: kept yours" in result.notes
    assert not any(opt in result.enhanced for opt in prompts.LIGHTING["default"])
    assert "translucent glass" in result.enhanced.lower()


def test_brand_and_selling_points_are_folded_in():
    brand = BrandContext(
        name="Aroma Co",
        tone_keywords=["warm", "artisanal"],
        color_palette=["#aa3311", "not-a-colour", "#112233"],
        style_keywords=["earthy"],
        target_audience="coffee lovers",
        product_features=["Hand glazed"],
    )
    result = prompts.enhance(
        "A mug of espresso",
        "image",
        style="studio",
        selling_points=["Keeps coffee hot", " keeps coffee hot ", "Dishwasher safe"],
        product_name="Aroma Cup",
        brand=brand,
    )
    assert result.enhanced.startswith("A mug of espresso. ")
    for text in ("warm, artisanal brand tone", "#aa3311, #112233", "aroma cup", "coffee lovers", "earthy"):
        assert text in result.enhanced.lower()
    assert "not-a-colour" not in result.enhanced
    assert "keeps coffee hot; dishwasher safe; hand glazed" in result.enhanced.lower()
    assert "Brand tone: warm, artisanal" in result.notes
    assert "Palette: #AA3311, #112233" in result.notes
    assert "Selling points: Keeps coffee hot; Dishwasher safe; Hand glazed" in result.notes
    assert "Product: Aroma Cup" in result.notes
    # The product name is not repeated when the prompt already says it.
    again = prompts.enhance("Aroma Cup on a table", "image", product_name="aroma cup")
    assert not any(n.startswith("Product:") for n in again.notes)


def test_bad_input():
    for bad in ("", "   ", None):
        with pytest.raises(InvalidInput, match="prompt"):
            prompts.enhance(bad, "image")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="content_type"):
        prompts.enhance("mug", "audio")
    with pytest.raises(InvalidInput, match="too long"):
        prompts.enhance("m" * 4001, "image")


def test_long_prompts_stay_within_the_limit():
    long = "word " * 790
    result = prompts.enhance(long, "video", selling_points=["a" * 100] * 5)
    assert len(result.enhanced) <= prompts.MAX_PROMPT
    assert result.original in result.enhanced


_subjects = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300
).filter(lambda t: t.strip())


@given(
    subject=_subjects,
    content_type=st.sampled_from(["image", "video"]),
    style=st.sampled_from([None, *IMAGE_STYLES, *VIDEO_STYLES]),
    points=st.lists(st.text(max_size=40), max_size=4),
)
@settings(max_examples=150, deadline=None)
def test_subject_is_always_kept_verbatim(subject, content_type, style, points):
    result = prompts.enhance(subject, content_type, style=style, selling_points=points)
    assert result.original == subject.strip()
    assert result.enhanced.startswith(subject.strip())
    assert len(result.enhanced) >= len(result.original)
    assert result.notes
    # Deterministic: the same input always gives the same prompt.
    assert prompts.enhance(subject, content_type, style=style, selling_points=points) == result


def _install_brand_module(monkeypatch: pytest.MonkeyPatch, func) -> None:
    fake = types.ModuleType("app.services.brand")
    if func is not None:
        fake.prompt_context = func  # type: ignore[attr-defined]
    monkeypatch.setattr(prompts, "brand_service", fake)


def test_enhance_for_user_reads_the_brand_profile(monkeypatch: pytest.MonkeyPatch):
    seen = []

    def context(user_id: str) -> BrandContext:
        seen.append(user_id)
        return BrandContext(tone_keywords=["bold"], color_palette=["#FF0000"])

    _install_brand_module(monkeypatch, context)
    result = prompts.enhance_for_user("u1", "A red sneaker", "image")
    assert seen == ["u1"] and "bold brand tone" in result.enhanced.lower() and "#FF0000" in result.enhanced
    off = prompts.enhance_for_user("u1", "A red sneaker", "image", use_brand_profile=False)
    assert seen == ["u1"] and "bold" not in off.enhanced


@pytest.mark.parametrize("func", [None, lambda user_id: None, lambda user_id: 1 / 0])
def test_no_brand_service_or_profile_means_no_brand(monkeypatch: pytest.MonkeyPatch, func):
    _install_brand_module(monkeypatch, func)
    result = prompts.enhance_for_user("u1", "A red sneaker", "video")
    assert "brand" not in result.enhanced.lower()
    assert result.enhanced.startswith("A red sneaker. ")
