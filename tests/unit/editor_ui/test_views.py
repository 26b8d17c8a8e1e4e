"""The editor page's view helpers: rows placed in pixels, the ruler, snapping, typed numbers."""

from __future__ import annotations

import itertools

import pytest

from app.media.timeline import TimelineSpec
from app.state.editor import views


def _spec() -> dict:
    """A real spec (validated by the render engine's model): two stills with a fade, a video, a gap."""
    spec = TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "720p"},
            "clips": [
                {
                    "id": "c1",
                    "source": "users/u/sources/a/scene1.png",
                    "duration": 3.0,
                    "transition": {"kind": "fade", "duration": 0.5},
                    "origin": {"kind": "generated", "prompt": "a bottle on a beach"},
                },
                {
                    "id": "c2",
                    "source": "users/u/sources/a/scene2.mp4",
                    "in_point": 1.0,
                    "out_point": 4.0,
                    "source_duration": 6.0,
                },
                {"id": "g1", "kind": "gap", "duration": 2.0, "gap_color": "#112233"},
            ],
            "texts": [{"id": "t1", "text": "Cold for 24 h", "start": 0.5, "end": 2.5, "position": "top"}],
            "audio": [{"id": "a1", "kind": "music", "source": "users/u/music/bed.m4a", "volume": 0.6}],
            "grade": "cinematic",
        }
    )
    return spec.model_dump(mode="json")


def test_clip_starts_match_the_render_engine() -> None:
    timeline = _spec()
    starts, total = views.clip_starts(timeline["clips"])
    spec = TimelineSpec.model_validate(timeline)
    assert starts == pytest.approx(spec.clip_starts())
    assert total == pytest.approx(spec.duration) == pytest.approx(3.0 + 3.0 + 2.0 - 0.5)


def test_clip_rows_carry_thumbnails_durations_and_pixels() -> None:
    media = {"users/u/sources/a/scene1.png": {"thumb": "/files/t1.jpg", "url": "/files/s1.png"}}
    rows = views.clip_rows(_spec(), media, zoom=50.0)
    assert [r["id"] for r in rows] == ["c1", "c2", "g1"]
    first, second, gap = rows
    assert first["thumb"] == "/files/t1.jpg" and first["label"] == "a bottle on a beach"
    # 3 s minus the 0.5 s fade the next clip overlaps, minus a 2 px gutter.
    assert first["duration"] == "3.00 s" and first["left"] == "0.0px" and first["width"] == "123.0px"
    assert first["transition"] == "fade" and first["transition_in"] == ""
    # The video clip starts where the fade begins and shows its own file name without a prompt.
    assert second["start"] == "2.50" and second["end"] == "5.50" and second["left"] == "125.0px"
    assert second["label"] == "scene2.mp4" and second["thumb"] == "" and second["kind"] == "media"
    assert second["transition_in"] == "fade" and second["width"] == "148.0px"
    # Blocks never overlap: each ends where the next begins.
    for a, b in itertools.pairwise(rows):
        assert float(a["left"][:-2]) + float(a["width"][:-2]) <= float(b["left"][:-2])
    assert gap["kind"] == "gap" and gap["label"] == "Gap" and gap["gap_color"] == "#112233"
    assert gap["duration"] == "2.00 s" and gap["index"] == "2"


def test_text_and_audio_rows() -> None:
    timeline = _spec()
    texts = views.text_rows(timeline, zoom=20.0)
    assert texts == [
        {
            "id": "t1",
            "text": "Cold for 24 h",
            "start": "0.50",
            "end": "2.50",
            "position": "top",
            "animation": "fade",
            "left": "10.0px",
            "width": "38.0px",
        }
    ]
    audio = views.audio_rows(timeline, total=7.5, zoom=20.0)
    assert audio[0]["label"] == "Music · bed.m4a" and audio[0]["volume"] == "0.60"
    assert audio[0]["width"] == "148.0px"  # a music bed without a duration spans the whole timeline


def test_tiny_elements_stay_clickable() -> None:
    timeline = {"clips": [{"id": "c1", "source": "x.png", "duration": 0.05}], "texts": []}
    assert views.clip_rows(timeline, {}, zoom=10.0)[0]["width"] == "6.0px"


@pytest.mark.parametrize(
    ("zoom", "step"),
    [(10.0, 5), (24.0, 2), (48.0, 1), (240.0, 1)],
)
def test_ruler_marks_stay_readable(zoom: float, step: int) -> None:
    marks = views.ruler_marks(12.0, zoom)
    labels = [m["label"] for m in marks]
    assert labels[0] == "0 s" and labels[1] == f"{step} s"
    assert all(float(m["left"].removesuffix("px")) <= 12.0 * zoom + 1e-6 for m in marks)


def test_snapping_to_clip_and_text_edges() -> None:
    timeline = _spec()
    points = views.snap_points(timeline)
    assert points == pytest.approx([0.0, 0.5, 2.5, 5.5, 7.5])
    # 0.1 s from an edge is 4.8 px at 48 px/s: snaps. At 240 px/s it is 24 px away: it does not.
    assert views.snapped(points, 2.6, zoom=48.0) == 2.5
    assert views.snapped(points, 2.6, zoom=240.0) == 2.6
    assert views.snapped([], 1.23, zoom=48.0) == 1.23


def test_clip_at_the_playhead() -> None:
    timeline = _spec()
    assert views.clip_at(timeline, 0.0) == "c1"
    assert views.clip_at(timeline, 2.49) == "c1"
    assert views.clip_at(timeline, 2.5) == "c2"  # the next clip owns its first frame
    assert views.clip_at(timeline, 7.5) == "g1"
    assert views.clip_at({"clips": []}, 1.0) == ""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3.5", 3.5),
        ("3,5", 3.5),
        (" 2 s", 2.0),
        ("2S", 2.0),
        ("abc", None),
        ("", None),
        (None, None),
        (4, 4.0),
    ],
)
def test_typed_numbers(typed, expected) -> None:
    assert views.number(typed) == expected


def test_fmt_time_and_find() -> None:
    assert views.fmt_time(12.4) == "12.40 s"
    assert views.fmt_time(62.4) == "1:02.4"
    assert views.fmt_time(-1) == "0.00 s"
    items = [{"id": "a", "v": 1}, {"id": "b", "v": 2}]
    found = views.find(items, "b")
    assert found == {"id": "b", "v": 2}
    found["v"] = 3
    assert items[1]["v"] == 2  # a copy: the inspector never edits the timeline in place
    assert views.find(items, "z") == {}


def test_clip_length_of_a_slowed_video() -> None:
    assert views.clip_length({"in_point": 1.0, "out_point": 4.0, "speed": 0.5}) == 6.0
    assert views.clip_length({"duration": 2.0, "in_point": 5}) == 2.0
    assert views.clip_length({}) == 0.0


def test_trim_fields_show_content_bounds() -> None:
    timeline = _spec()
    still, video, _gap = timeline["clips"]
    assert views.content_bounds(still) == (0.0, 3.0)
    assert views.content_bounds(video) == (1.0, 4.0)
    half = {**still, "motion_offset": 1.5, "duration": 1.5, "motion_span": 3.0}
    assert views.content_bounds(half) == (1.5, 3.0)
    slow = {"source": "v.mp4", "in_point": 2.0, "duration": 4.0, "speed": 0.5}
    assert views.content_bounds(slow) == (2.0, 4.0)


def test_trim_sends_only_the_edge_that_was_typed() -> None:
    shown = ["1.23", "4.00"]
    assert views.trim_op("c2", shown, "1.23", "4.00") is None
    assert views.trim_op("c2", shown, " 1.23 ", "3.5") == {"op": "trim", "clip_id": "c2", "out_point": 3.5}
    assert views.trim_op("c2", shown, "1,5", "4.00") == {"op": "trim", "clip_id": "c2", "in_point": 1.5}
    both = views.trim_op("c2", shown, "0", "2")
    assert both == {"op": "trim", "clip_id": "c2", "in_point": 0.0, "out_point": 2.0}
    with pytest.raises(ValueError, match="seconds"):
        views.trim_op("c2", shown, "soon", "4.00")


def test_fit_zoom_and_poster() -> None:
    assert views.fit_zoom(10.0) == 96.0
    assert views.fit_zoom(120.0) == views.MIN_ZOOM
    assert views.fit_zoom(1.0) == views.MAX_ZOOM
    assert views.fit_zoom(0.0) == views.DEFAULT_ZOOM
    assert views.first_thumb([{"thumb": ""}, {"thumb": "/b.jpg"}, {"thumb": "/c.jpg"}]) == "/b.jpg"
    assert views.first_thumb([]) == ""
