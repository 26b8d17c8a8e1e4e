"""The editor's additions to the timeline spec are additive and validated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.media.timeline import Clip, OutputSpec, TimelineSpec


def test_ids_are_filled_from_positions_and_stable_across_reloads():
    data = {
        "clips": [{"source": "a.png", "duration": 2}, {"source": "b.png", "duration": 2}],
        "texts": [{"text": "Hi", "start": 0, "end": 1}],
        "audio": [{"kind": "music", "source": "m.wav"}],
    }
    spec = TimelineSpec.model_validate(data)
    assert [c.id for c in spec.clips] == ["c1", "c2"]
    assert spec.texts[0].id == "t1" and spec.audio[0].id == "a1"
    assert TimelineSpec.model_validate(data) == spec
    assert TimelineSpec.model_validate_json(spec.model_dump_json()) == spec


def test_given_ids_are_kept_and_generated_ones_avoid_them():
    spec = TimelineSpec.model_validate(
        {"clips": [{"source": "a.png", "duration": 2}, {"id": "c1", "source": "b.png", "duration": 2}]}
    )
    assert [c.id for c in spec.clips] == ["c3", "c1"]


def test_duplicate_ids_are_refused():
    with pytest.raises(ValidationError, match="used twice"):
        TimelineSpec.model_validate(
            {
                "clips": [{"id": "x", "source": "a.png", "duration": 2}],
                "texts": [{"id": "x", "text": "a", "start": 0, "end": 1}],
            }
        )


def test_the_callers_clip_object_is_not_changed():
    clip = Clip(source="a.png", duration=2)
    spec = TimelineSpec(clips=[clip])
    assert clip.id == "" and spec.clips[0].id == "c1"


def test_a_gap_needs_a_duration_and_no_media():
    assert Clip(kind="gap", duration=1.5).is_gap
    with pytest.raises(ValidationError, match="a gap needs a duration"):
        Clip(kind="gap")
    with pytest.raises(ValidationError, match="a gap has no media"):
        Clip(kind="gap", duration=1, source="a.png")
    with pytest.raises(ValidationError, match="needs a source"):
        Clip(duration=1)


def test_in_and_out_points_must_stay_inside_a_known_source():
    Clip(source="v.mp4", in_point=1, out_point=4, source_duration=4)
    with pytest.raises(ValidationError, match=r"out point 5\.000s is past the end of its 4\.000s source"):
        Clip(source="v.mp4", in_point=1, out_point=5, source_duration=4)
    with pytest.raises(ValidationError, match=r"in point 4\.000s is past the end"):
        Clip(source="v.mp4", in_point=4, duration=1, source_duration=4)


def test_motion_windows_are_for_stills():
    still = Clip(source="a.png", duration=2, motion="push_in", motion_span=4, motion_offset=2)
    assert still.has_motion_window and still.effective_motion_span == 4
    assert not Clip(source="a.png", duration=2).has_motion_window
    with pytest.raises(ValidationError, match="motion windows apply to still images only"):
        Clip(source="v.mp4", out_point=2, motion_offset=1)


def test_origin_focus_and_colours_validate():
    clip = Clip.model_validate(
        {
            "source": "a.png",
            "duration": 2,
            "origin": {"prompt": "cup", "seed": 7, "model": "local-video", "asset_id": "a1"},
            "focus": {"x": 0.2, "y": 0.7},
        }
    )
    assert clip.origin.seed == 7 and clip.focus.x == 0.2
    with pytest.raises(ValidationError):
        Clip(source="a.png", duration=2, focus={"x": 1.5, "y": 0})
    with pytest.raises(ValidationError, match="#RRGGBB"):
        Clip(kind="gap", duration=1, gap_color="black")


@pytest.mark.parametrize(
    ("fmt", "video", "audio"),
    [("mp4", "h264", "aac"), ("webm", "vp9", "opus"), ("gif", "gif", None), ("webp", "webp", None)],
)
def test_output_format_names_its_codecs(fmt, video, audio):
    out = OutputSpec(format=fmt, fps=12)
    assert out.video_codec == video and out.audio_codec == audio and out.has_audio is (audio is not None)


def test_low_frame_rates_are_for_animated_previews_only():
    assert OutputSpec(format="gif", fps=10).fps == 10
    with pytest.raises(ValidationError, match="at least 12 fps"):
        OutputSpec(format="mp4", fps=10)


@pytest.mark.parametrize(
    ("resolution", "aspect", "size"),
    [("360p", "9:16", (360, 640)), ("360p", "16:9", (640, 360)), ("240p", "1:1", (240, 240))],
)
def test_preview_resolutions(resolution, aspect, size):
    assert OutputSpec(resolution=resolution, aspect=aspect).size == size


def test_voiceover_moves_with_the_picture_and_music_does_not():
    spec = TimelineSpec.model_validate(
        {
            "clips": [{"source": "a.png", "duration": 2}],
            "audio": [
                {"kind": "music", "source": "m.wav"},
                {"kind": "voiceover", "source": "v.wav"},
                {"kind": "music", "source": "sting.wav", "linked": True},
            ],
        }
    )
    assert [t.moves_with_picture for t in spec.audio] == [False, True, True]
