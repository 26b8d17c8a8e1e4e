"""The local planner writes in the chosen language: no English template words in the copy."""

from __future__ import annotations

import re

import pytest

from app.services.creative import LANGUAGES, default_cta, plan_script
from app.services.creative import ad_recipe_tables as R
from app.services.creative.languages import COPY

PRODUCT = {
    "es": ("Botella Aero", ["Mantiene el agua fría 24 horas", "Acero inoxidable"]),
    "de": ("Aero Flasche", ["Hält Getränke 24 Stunden kalt", "Edelstahl"]),
    "fr": ("Gourde Aero", ["Garde l'eau fraîche 24 heures", "Acier inoxydable"]),
    "pt": ("Garrafa Aero", ["Mantém a água gelada por 24 horas", "Aço inoxidável"]),
    "it": ("Borraccia Aero", ["Mantiene l'acqua fresca per 24 ore", "Acciaio inox"]),
    "ja": ("エアロボトル", ["24時間ずっと冷たい", "ステンレス製"]),
    "zh": ("Aero水杯", ["24小时保冷", "不锈钢材质"]),
    "hi": ("एयरो बोतल", ["24 घंटे ठंडा रखे", "स्टेनलेस स्टील"]),
    "ar": ("زجاجة أيرو", ["تحافظ على برودة الماء 24 ساعة", "فولاذ مقاوم للصدأ"]),
}


def _english_words() -> set[str]:
    """Every word of the English copy templates (captions, lines, CTAs, fallbacks)."""
    texts = [t for v in R.BEAT_CAPTIONS.values() for t in v] + [t for v in R.BEAT_LINES.values() for t in v]
    texts += [t for rec in R.RECIPES.values() for t in rec.cta]
    texts += [*R.DEFAULT_BENEFITS, R.DEFAULT_PAIN, R.DEFAULT_AUDIENCE, R.DEFAULT_OFFER]
    words = {w.lower() for t in texts for w in re.findall(r"[A-Za-z']{3,}", re.sub(r"\{\w+\}", "", t))}
    # Words both languages share (and brand-ish loan words) say nothing about the language.
    return words - {"upgrade", "new", "pro", "problem"}


ENGLISH = _english_words()


def _copy_of(script) -> list[str]:
    return [*(s.text_overlay for s in script.scenes), *(s.voiceover for s in script.scenes), script.cta]


@pytest.mark.parametrize("lang", sorted(PRODUCT))
@pytest.mark.parametrize("framework", ["PAS", "BAB", "AIDA"])
@pytest.mark.parametrize("style", ["voiceover", "limited_offer", "unboxing", "comparison"])
def test_a_plan_in_another_language_has_no_english_template_words(lang, framework, style):
    name, points = PRODUCT[lang]
    script = plan_script(
        name,
        selling_points=points,
        style=style,
        framework=framework,
        duration=15,
        language=lang,
        use_vendor=False,
    )
    text = " ".join(_copy_of(script)).replace(name, " ")
    found = {w.lower() for w in re.findall(r"[A-Za-z']{3,}", text)} & ENGLISH
    assert found == set(), f"{lang}: English words {found} in {_copy_of(script)}"
    assert script.engine == "local"


def test_spanish_plan_reads_as_spanish_and_uses_the_product_facts():
    name, points = PRODUCT["es"]
    script = plan_script(
        name, selling_points=points, style="voiceover", framework="AIDA", duration=15, language="es"
    )
    copy = " ".join(_copy_of(script))
    assert name in copy and "Mantiene el agua fría 24 horas" in copy
    assert script.cta in COPY["es"].cta or script.cta == f"Compra {name} hoy"
    assert script.scenes[0].text_overlay == f"Descubre {name}"


def test_plans_without_product_facts_fall_back_to_the_languages_own_copy():
    script = plan_script("Aero", style="voiceover", framework="PAS", duration=12, language="de")
    copy = " ".join(_copy_of(script))
    assert "Stress im Alltag" in copy or any(b in copy for b in COPY["de"].benefits)
    assert default_cta("voiceover", "Aero", "de") == "Aero jetzt kaufen"
    assert default_cta("voiceover", "", "ja") == "今すぐ購入"


def test_every_language_has_copy_for_every_beat():
    assert set(COPY) == set(LANGUAGES) - {"en"}
    for lang, copy in COPY.items():
        assert set(copy.beat_captions) == set(R.BEAT_CAPTIONS), lang
        assert set(copy.beat_lines) == set(R.BEAT_LINES), lang
        assert all(len(v) >= 2 for v in copy.beat_lines.values()), lang


def test_chinese_lines_fit_their_scene_by_characters():
    name, points = PRODUCT["zh"]
    script = plan_script(
        name, selling_points=points, style="voiceover", framework="AIDA", duration=6, language="zh"
    )
    for scene in script.scenes:
        # ~2.2 characters take as long to say as a word at the planner's 2.3 words a second.
        assert len(scene.voiceover.replace(" ", "")) <= 2.2 * max(3, int(2.3 * (scene.duration - 0.4))) + 1
