"""Reframing: text blocks fit the target safe zone; focus points reach the clips."""

from __future__ import annotations

from dataclasses import astuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.media.editing.export import export_spec, proxy_spec
from app.media.editing.reframe import fit_text, reframe, safe_zone, text_box
from app.media.timeline import Focus, OutputSpec, TextOverlay, TimelineSpec

ASPECTS = ["9:16", "1:1", "16:9"]
words = st.lists(
    st.sampled_from(["Sale", "Espresso", "porcelain", "20%", "off", "today", "Aroma", "cup"]),
    min_size=1,
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(
    text=words.map(" ".join),
    size=st.integers(16, 200),
    position=st.sampled_from(["top", "upper_third", "center", "lower_third", "bottom"]),
    aspect=st.sampled_from(ASPECTS),
)
def test_fitted_text_is_inside_the_safe_zone(text, size, position, aspect):
    overlay = TextOverlay(text=text, start=0, end=1, size=size, position=position)
    width, height = OutputSpec(aspect=aspect).size
    fitted = fit_text(overlay, aspect, width, height)
    assert fitted.size <= size
    assert safe_zone(aspect, width, height).contains(text_box(fitted, aspect, width, height))


def test_safe_zones_match_the_documented_margins():
    assert astuple(safe_zone("9:16", 1080, 1920)) == pytest.approx(
        (0.47 * 1080 - 0.39 * 1080, 0.12 * 1920, 0.47 * 1080 + 0.39 * 1080, 0.78 * 1920)
    )
    zone = safe_zone("16:9", 1920, 1080)
    assert (zone.top, zone.bottom) == pytest.approx((0.08 * 1080, 0.9 * 1080))


def test_reframe_sets_focus_only_where_the_clip_has_none_and_changes_the_aspect():
    spec = TimelineSpec.model_validate(
        {
            "clips": [
                {"id": "a", "source": "a.png", "duration": 2},
                {"id": "b", "source": "b.png", "duration": 2, "focus": {"x": 0.9, "y": 0.1}},
            ],
            "texts": [{"text": "Hello", "start": 0, "end": 1, "size": 200}],
        }
    )
    framed = reframe(spec, "16:9", focus={"a": Focus(x=0.2, y=0.3), "b": Focus(x=0.5, y=0.5)})
    assert framed.output.aspect == "16:9" and framed.output.size == (1920, 1080)
    assert framed.clips[0].focus == Focus(x=0.2, y=0.3) and framed.clips[1].focus == Focus(x=0.9, y=0.1)
    assert spec.clips[0].focus is None  # the input is untouched


def test_export_and_proxy_specs():
    spec = TimelineSpec.model_validate({"clips": [{"source": "a.png", "duration": 2}]})
    mp4 = export_spec(spec, aspect="1:1")
    assert (mp4.output.format, mp4.output.aspect, mp4.output.keyframe_interval) == ("mp4", "1:1", 1.0)
    gif = export_spec(spec, format="gif")
    assert (gif.output.resolution, gif.output.fps, gif.output.keyframe_interval) == ("360p", 10, None)
    assert export_spec(spec, format="gif", attempt=2).output.fps == 8
    proxy = proxy_spec(spec)
    assert (proxy.output.resolution, proxy.output.preset, proxy.output.fps) == ("360p", "ultrafast", 24)
    assert proxy.duration == spec.duration and proxy.clips == spec.clips
