"""Timeline spec validation: bad specs fail with messages a user can act on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.media.timeline import OutputSpec, TimelineSpec


def _spec(**kw):
    base = {"clips": [{"source": "a.png", "duration": 3}, {"source": "b.png", "duration": 3}]}
    base.update(kw)
    return TimelineSpec.model_validate(base)


@pytest.mark.parametrize(
    ("aspect", "resolution", "size"),
    [
        ("9:16", "1080p", (1080, 1920)),
        ("16:9", "1080p", (1920, 1080)),
        ("1:1", "1080p", (1080, 1080)),
        ("9:16", "720p", (720, 1280)),
        ("4:3", "1080p", (1440, 1080)),
    ],
)
def test_output_sizes(aspect, resolution, size):
    assert OutputSpec(aspect=aspect, resolution=resolution).size == size


def test_duration_subtracts_transition_overlap():
    spec = TimelineSpec.model_validate(
        {
            "clips": [
                {"source": "a.png", "duration": 4, "transition": {"kind": "fade", "duration": 0.5}},
                {"source": "b.png", "duration": 4, "transition": {"kind": "wipe", "duration": 1.0}},
                {"source": "c.mp4", "in_point": 1, "out_point": 5, "speed": 2},
            ]
        }
    )
    assert spec.duration == pytest.approx(4 + 4 + 2 - 1.5)
    assert spec.clip_starts() == pytest.approx([0, 3.5, 6.5])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"clips": [{"source": "a.png"}]}, "needs a duration"),
        ({"clips": [{"source": "v.mp4", "in_point": 3, "out_point": 2}]}, "out_point must be after in_point"),
        ({"clips": [{"source": "v.mp4", "out_point": 2, "motion": "push_in"}]}, "still images only"),
        ({"clips": [{"source": "a.png", "duration": 31}]}, "limit for a ad is 30s"),
        (
            {
                "clips": [
                    {"source": "a.png", "duration": 1, "transition": {"duration": 1.5}},
                    {"source": "b.png", "duration": 3},
                ]
            },
            "longer than the clips it joins",
        ),
        ({"texts": [{"text": "Hi", "start": 2, "end": 1}]}, "end must be after start"),
        ({"texts": [{"text": "Hi", "start": 9, "end": 10}]}, "starts after the video ends"),
        ({"texts": [{"text": "Hi", "start": 0, "end": 1, "color": "red"}]}, "#RRGGBB"),
        ({"texts": [{"text": "\x00\x01", "start": 0, "end": 1}]}, "empty"),
        ({"audio": [{"kind": "music", "source": "m.wav", "start": 7}]}, "starts after the video ends"),
        ({"fade_in": 3, "fade_out": 3.5}, "fade in and fade out"),
        ({"grade": "sepia"}, "grade"),
        ({"bogus": 1}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_specs_explain_themselves(change, message):
    with pytest.raises(ValidationError) as info:
        _spec(**change)
    assert message in str(info.value)


def test_clips_may_run_longer_than_an_ad():
    spec = TimelineSpec.model_validate(
        {"output": {"purpose": "clip"}, "clips": [{"source": "a.png", "duration": 45}]}
    )
    assert spec.duration == 45


def test_text_keeps_newlines_but_drops_control_characters():
    spec = _spec(texts=[{"text": "Line one\nLine\x07 two", "start": 0, "end": 1}])
    assert spec.texts[0].text == "Line one\nLine two"
