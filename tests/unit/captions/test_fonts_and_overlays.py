"""Bundled fonts cover each language's copy; caption and text PNGs land inside the safe zone."""

from __future__ import annotations

import numpy as np
import pytest
from fontTools.ttLib import TTFont

from app.media import caption_overlays, effects
from app.media.fonts import needs_shaping, script_font_path, script_of
from app.media.timeline import CaptionCue, CaptionWord, TextOverlay
from app.services.creative.languages import COPY

SAMPLES = {
    "en": "Shop the Aero bottle today! Cold for 24 hours.",
    "es": "¿Cansado de botellas comunes? Descúbrela: ¡compra ahora, envío gratis!",
    "de": "Jetzt kaufen: größer, schöner, günstiger. Für Menschen wie dich.",
    "fr": "Découvrez-la dès aujourd'hui : élégante, légère, garantie « à vie ».",
    "pt": "Conheça a garrafa: não perca, promoção até sábado, ação já!",
    "it": "Perché è così? Qualità, novità e città: acquista ora.",
    "ja": "このボトルで毎日をもっと快適に。今すぐ購入！",
    "zh": "这款水杯让你的生活更轻松。立即购买！",
    "hi": "एयरो बोतल से मिलिए। अभी खरीदें, आपको ज़रूर पसंद आएगा।",
    "ar": "تعرّف على زجاجة أيرو. اشترِ الآن، ستحبها بالتأكيد!",
}


def _all_copy(lang: str) -> str:
    copy = COPY[lang]
    parts = [*copy.cta, *copy.benefits, copy.pain, copy.audience, copy.offer]
    parts += [t for v in copy.beat_captions.values() for t in v]
    parts += [t for v in copy.beat_lines.values() for t in v]
    return " ".join(parts).replace("{", "").replace("}", "")


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_the_chosen_font_has_a_glyph_for_every_character(lang):
    text = SAMPLES[lang] + (" " + _all_copy(lang) if lang in COPY else "")
    path = script_font_path(script_of(text))
    cmap = TTFont(str(path), fontNumber=0).getBestCmap()
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert missing == [], f"{path.name} lacks {missing}"


def test_scripts_are_told_apart():
    assert [script_of(SAMPLES[k]) for k in ("en", "es", "ar", "hi", "ja", "zh")] == [
        "latin",
        "latin",
        "arabic",
        "devanagari",
        "cjk",
        "cjk",
    ]
    assert not needs_shaping(SAMPLES["de"]) and needs_shaping(SAMPLES["ar"])


def _cue(text: str) -> CaptionCue:
    words = [CaptionWord(text=w, start=i * 0.4, end=i * 0.4 + 0.4) for i, w in enumerate(text.split())]
    return CaptionCue(start=0, end=words[-1].end, words=words)


@pytest.mark.parametrize(
    "aspect,size", [("9:16", (1080, 1920)), ("1:1", (1080, 1080)), ("16:9", (1920, 1080))]
)
def test_caption_band_is_inside_the_safe_zone(aspect, size):
    width, height = size
    top, bottom = effects.safe_zone(aspect, height)
    for style in ("word", "lower_third"):
        layout = caption_overlays.caption_layout(aspect, width, height, style)
        assert layout.band_top >= top
        assert layout.band_top + layout.band_height <= height - bottom + 1


def test_the_current_word_is_lit_in_the_accent_colour():
    layout = caption_overlays.caption_layout("9:16", 1080, 1920, "word")
    cue = _cue("Keep it cold all day")
    first = np.asarray(caption_overlays.draw_cue(cue, "word", layout, "#FF0000", 0))
    last = np.asarray(caption_overlays.draw_cue(cue, "word", layout, "#FF0000", 4))
    red = lambda a: (a[..., 0] > 200) & (a[..., 1] < 60) & (a[..., 3] > 200)  # noqa: E731
    xs_first, xs_last = np.nonzero(red(first))[1], np.nonzero(red(last))[1]
    assert xs_first.size and xs_last.size
    assert xs_first.mean() < xs_last.mean()  # left to right in English


def test_arabic_runs_right_to_left():
    layout = caption_overlays.caption_layout("9:16", 1080, 1920, "word")
    cue = _cue("اكتشف زجاجة أيرو")
    first = np.asarray(caption_overlays.draw_cue(cue, "word", layout, "#FF0000", 0))
    red = (first[..., 0] > 200) & (first[..., 1] < 60) & (first[..., 3] > 200)
    xs = np.nonzero(red)[1]
    assert xs.size and xs.mean() > layout.width / 2  # the first word sits on the right


def test_non_latin_text_overlay_is_drawn_by_pillow_in_the_frame():
    text = TextOverlay(text="毎日をもっと快適に", start=0, end=2, position="upper_third")
    img, x, y = caption_overlays.draw_text_overlay(text, "9:16", 1080, 1920)
    top, _ = effects.safe_zone("9:16", 1920)
    assert y >= top and x >= 0 and x + img.width <= 1080
    assert np.asarray(img)[..., 3].max() == 255


def test_a_latin_name_inside_arabic_keeps_its_order():
    words = [(w, True) for w in ["اطلب", "Aero", "Bottle", "اليوم"]]
    assert caption_overlays.visual_order([0, 1, 2, 3], words, rtl=True) == [3, 1, 2, 0]
    assert caption_overlays.visual_order([0, 1, 2], words[:3], rtl=False) == [0, 1, 2]
