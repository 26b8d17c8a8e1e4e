"""The editor service's pure parts: which keys a user owns, how long a clip to ask for, what the
local engine keeps for editing, and the one-clip timeline of a video without a kept one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.providers.local.editable import editable_extra
from app.services.editor import requested_seconds
from app.services.editor.edits import gap_keeping_id
from app.services.editor.projects import single_clip_timeline
from app.services.editor.sources import check_sources, owns_key
from app.services.platform import InvalidInput


@pytest.mark.parametrize(
    ("key", "owned"),
    [
        ("users/u1/sources/a1/scene_0.png", True),
        ("users/u1/assets/a1.mp4", True),
        ("users/u2/assets/a1.mp4", False),
        ("users/u1/../u2/assets/a1.mp4", False),
        ("users/u1//assets/x.mp4", False),
        ("/etc/passwd", False),
        ("scene_0.png", False),
        ("users/u1", False),
        ("users/u1/assets\\..\\x.mp4", False),
    ],
)
def test_owns_key(key: str, owned: bool) -> None:
    assert owns_key("u1", key) is owned


def _spec(source: str, music: str | None = None) -> TimelineSpec:
    audio = [{"kind": "music", "source": music}] if music else []
    return TimelineSpec.model_validate({"clips": [{"source": source, "duration": 2.0}], "audio": audio})


def test_check_sources_refuses_any_file_of_another_user() -> None:
    check_sources("u1", _spec("users/u1/sources/a/s.png", "users/u1/sources/a/m.wav"))
    with pytest.raises(InvalidInput):
        check_sources("u1", _spec("users/u1/sources/a/s.png", "users/u2/sources/a/m.wav"))
    with pytest.raises(InvalidInput):
        check_sources("u1", _spec("/tmp/anything.png"))


@pytest.mark.parametrize(
    ("slot", "asked"), [(0.5, 2.0), (1.75, 2.0), (2.2, 2.5), (2.25, 2.5), (5.0, 5.3), (29.9, 30.0)]
)
def test_requested_seconds_cover_the_slot_within_the_engines_range(slot: float, asked: float) -> None:
    got = requested_seconds(slot)
    assert got == pytest.approx(asked)
    assert 2.0 <= got <= 30.0
    assert got >= min(slot, 30.0)


def test_editable_extra_names_files_relative_and_keeps_their_bytes(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for name in ("scene_0.png", "scene_1.png", "end_card.png"):
        Image.new("RGB", (90, 160), "red").save(work / name)
    (work / "music.wav").write_bytes(b"RIFF....WAVE")
    spec = TimelineSpec.model_validate(
        {
            "clips": [
                {"source": str(work / "scene_0.png"), "duration": 2.0},
                {"source": str(work / "scene_1.png"), "duration": 2.0},
                {"source": str(work / "scene_0.png"), "duration": 1.0},
                {"source": str(work / "end_card.png"), "duration": 1.5},
            ],
            "audio": [{"kind": "music", "source": str(work / "music.wav")}],
        }
    )
    kept = editable_extra(
        spec,
        work,
        prompt="the ad",
        seed=7,
        model="local-video",
        style="luxury",
        prompts={str(work / "scene_1.png"): "scene two"},
    )
    timeline = TimelineSpec.model_validate(kept["timeline"])
    assert [c.source for c in timeline.clips] == ["scene_0.png", "scene_1.png", "scene_0.png", "end_card.png"]
    assert timeline.audio[0].source == "music.wav"
    assert set(kept["sources"]) == {"scene_0.png", "scene_1.png", "end_card.png", "music.wav"}
    assert kept["sources"]["music.wav"] == b"RIFF....WAVE"
    assert [c.origin.prompt for c in timeline.clips] == ["the ad", "scene two", "the ad", "the ad"]
    assert all(c.origin.seed == 7 and c.origin.model == "local-video" for c in timeline.clips)
    assert timeline.duration == spec.duration


@pytest.mark.parametrize(
    ("meta", "size", "aspect", "resolution"),
    [
        ({"aspect_ratio": "16:9"}, (1920, 1080), "16:9", "1080p"),
        ({}, (720, 1280), "9:16", "720p"),
        ({}, (720, 720), "1:1", "720p"),
    ],
)
def test_a_video_without_a_kept_timeline_is_one_clip_of_itself(meta, size, aspect, resolution) -> None:
    asset = Asset(
        id="a1",
        user_id="u1",
        kind="video",
        storage_key="users/u1/assets/a1.mp4",
        content_type="video/mp4",
        width=size[0],
        height=size[1],
        duration=8.04,
        prompt="a vendor video",
        model="veo3",
        meta={**meta, "seed": 42},
    )
    spec = single_clip_timeline(asset)
    [clip] = spec.clips
    assert clip.source == asset.storage_key and clip.in_point == 0 and clip.out_point == pytest.approx(8.04)
    assert clip.source_duration == pytest.approx(8.04)
    assert (spec.output.aspect, spec.output.resolution) == (aspect, resolution)
    assert clip.origin.seed == 42 and clip.origin.prompt == "a vendor video" and clip.origin.asset_id == "a1"


def test_a_gap_over_a_whole_clip_keeps_that_clips_id() -> None:
    spec = TimelineSpec.model_validate(
        {
            "clips": [
                {"id": "a", "source": "users/u/a.png", "duration": 2.0},
                {"id": "b", "source": "users/u/b.png", "duration": 2.0},
                {"id": "c", "source": "users/u/c.png", "duration": 2.0},
            ]
        }
    )
    whole = gap_keeping_id(spec, {"op": "gap", "start": 2.0, "end": 4.0})
    assert [(c.id, c.kind) for c in whole.clips] == [("a", "media"), ("b", "gap"), ("c", "media")]
    partial = gap_keeping_id(spec, {"op": "gap", "start": 2.5, "end": 4.0})
    assert [c.id for c in partial.clips][:2] == ["a", "b"] and partial.clips[1].kind == "media"
    gap = partial.clips[2]
    assert gap.is_gap and gap.id not in ("a", "b", "c") and gap.length == pytest.approx(1.5)
    assert partial.duration == spec.duration
