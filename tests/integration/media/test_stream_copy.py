"""Cut-only edits of an export are stream-copied, frame for frame what a full render would make."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.media.conformance import check_video, expectation_for
from app.media.editing import clip_ops, overlay_ops
from app.media.editing.export import export_video
from app.media.editing.stream_copy import export_edit
from app.media.ffmpeg import decoded_keyframe_times, ffmpeg_exe, keyframe_times, run_ffmpeg
from app.media.timeline import TimelineSpec

COLOURS = {
    "r": (220, 20, 20),
    "g": (20, 180, 60),
    "b": (20, 40, 220),
    "y": (230, 200, 20),
    "w": (240, 240, 240),
}


@pytest.fixture
def exported(media_dir: Path):
    for name, colour in COLOURS.items():
        Image.new("RGB", (360, 640), colour).save(media_dir / f"{name}.png")
    spec = TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "360p", "fps": 30, "preset": "ultrafast"},
            "clips": [
                {"id": "r", "source": "r.png", "duration": 2},
                {"id": "g", "source": "g.png", "duration": 2},
                {"id": "b", "source": "b.png", "duration": 2},
                {"id": "y", "source": "y.png", "duration": 3, "transition": {"duration": 0.5}},
                {"id": "w", "source": "w.png", "duration": 1},
            ],
            "texts": [
                {"text": "BLUE", "start": 4.2, "end": 5.0, "position": "center", "animation": "none"},
                {"text": "GREEN", "start": 2.3, "end": 3.5, "position": "top"},
            ],
            "audio": [{"kind": "music", "source": "tone.wav", "volume": 0.5}],
            "fade_out": 0.3,
        }
    )
    return spec, export_video(spec, media_dir / "export.mp4", workdir=media_dir)


def _frame_colours(path: Path) -> np.ndarray:
    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-vf",
            "scale=4:4",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 16, 3).astype(int)


def test_exports_have_a_keyframe_every_second_and_at_every_hard_cut(exported):
    _, result = exported
    times = keyframe_times(result.path)
    assert {0.0, 1.0, 2.0, 4.0, 6.0, 8.0} <= {round(t, 3) for t in times}
    assert np.allclose(times, decoded_keyframe_times(result.path))


def test_a_cut_only_edit_is_stream_copied_and_matches_a_full_render(exported, media_dir: Path):
    spec, result = exported
    edited = clip_ops.move_clip(clip_ops.delete_clip(spec, "b"), "g", 0)
    edited = clip_ops.split_at(edited, 5.0)
    edited = clip_ops.trim_clip(edited, "r", out_point=1.5)
    copied = export_edit(result.path, result.timeline, edited, media_dir / "copied.mp4", workdir=media_dir)
    assert copied.stream_copied, copied.reason
    report = check_video(copied.result.path, expectation_for(copied.result.timeline.output, edited.duration))
    assert report.ok, str(report)
    full = export_video(edited, media_dir / "full.mp4", workdir=media_dir)
    a, b = _frame_colours(copied.result.path), _frame_colours(full.path)
    assert len(a) == len(b) == round(edited.duration * 30)
    # Every frame shows the same picture (colours to within encoder noise), text and fades included.
    assert np.abs(a - b).max() <= 12
    assert copied.result.timeline == full.timeline


def test_a_stream_copy_of_a_stream_copy_still_cuts_on_real_keyframes(exported, media_dir: Path):
    spec, result = exported
    once_spec = clip_ops.delete_clip(spec, "b")
    once = export_edit(result.path, result.timeline, once_spec, media_dir / "once.mp4", workdir=media_dir)
    twice_spec = clip_ops.move_clip(once_spec, "g", 0)
    twice = export_edit(
        once.result.path, once.result.timeline, twice_spec, media_dir / "twice.mp4", workdir=media_dir
    )
    assert once.stream_copied and twice.stream_copied, (once.reason, twice.reason)
    keyframes = keyframe_times(twice.result.path)
    assert keyframes[0] == 0.0 and np.allclose(keyframes, decoded_keyframe_times(twice.result.path))
    full = export_video(twice_spec, media_dir / "twice-full.mp4", workdir=media_dir)
    assert np.abs(_frame_colours(twice.result.path) - _frame_colours(full.path)).max() <= 12
    assert check_video(
        twice.result.path, expectation_for(twice.result.timeline.output, twice_spec.duration)
    ).ok


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda s: clip_ops.delete_clip(s, "y"), "transition"),
        (lambda s: overlay_ops.set_grade(s, "vibrant"), "grade changed"),
        (lambda s: overlay_ops.update_text(s, "t2", text="GREEN!"), "text overlays changed"),
        (lambda s: clip_ops.trim_clip(s, "g", in_point=0.5), "cut goes through the text 'GREEN'"),
        (lambda s: clip_ops.trim_clip(s, "r", in_point=0.5), "not on a keyframe"),
        (lambda s: clip_ops.move_clip(s, "w", 0), "inside a transition"),
        (lambda s: clip_ops.move_clip(s, "r", 4), "closing fade"),
    ],
)
def test_other_edits_fall_back_to_a_full_render(exported, media_dir: Path, edit, reason):
    spec, result = exported
    edited = edit(spec)
    out = export_edit(result.path, result.timeline, edited, media_dir / "edit.mp4", workdir=media_dir)
    assert not out.stream_copied and reason in out.reason
    assert check_video(out.result.path, expectation_for(out.result.timeline.output, edited.duration)).ok


def test_the_keyframe_index_sees_through_container_flags(media_dir: Path):
    """A plain remux flags a non-IDR frame as a sync sample; the index checks the slices."""
    src, remux = media_dir / "src.mp4", media_dir / "remux.mp4"
    run_ffmpeg(
        [
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x240:r=30:d=4",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-force_key_frames",
            "0,0.999,1.999,2.999",
            "-pix_fmt",
            "yuv420p",
            str(src),
        ]
    )
    run_ffmpeg(["-y", "-i", str(src), "-c", "copy", str(remux)])
    for path in (src, remux):
        assert np.allclose(keyframe_times(path), decoded_keyframe_times(path))
