"""The renderer's editor features: gaps, motion windows, focus crops, export formats, keyframes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from app.media import encoding
from app.media.editing.clip_ops import split_at
from app.media.frames import ClipFrames, clip_frames, hard_cut_frames, total_frames
from app.media.render import compile_graph
from app.media.timeline import TimelineSpec


@pytest.fixture
def media(tmp_path: Path) -> Path:
    for name in ("a.png", "b.png", "fg.png"):
        Image.new("RGB", (64, 96), "red").save(tmp_path / name)
    return tmp_path


def _spec(**kw) -> TimelineSpec:
    data = {"clips": [{"source": "a.png", "duration": 3, "motion": "push_in"}]}
    data.update(kw)
    return TimelineSpec.model_validate(data)


def test_a_gap_renders_a_solid_colour_source(media):
    spec = _spec(
        clips=[{"kind": "gap", "duration": 2, "gap_color": "#102030"}, {"source": "a.png", "duration": 1}]
    )
    cmd = compile_graph(spec, media)
    assert ["-f", "lavfi", "-i", "color=c=0x102030:s=1080x1920:r=30:d=2.200"] in cmd.inputs
    assert "trim=end_frame=60" in cmd.filter_complex and cmd.duration == 3


def test_split_halves_of_a_still_continue_one_camera_move(media):
    whole = _spec()
    halves = split_at(whole, 1.0)
    fc = compile_graph(halves, media).filter_complex
    # 90 frames of move: the left half shows frames 0-29, the right half 30-89 of the same move.
    assert "(on+0)/89)" in fc and ":d=30:" in fc
    assert "(on+30)/89)" in fc and ":d=60:" in fc
    assert "on/89)" in compile_graph(whole, media).filter_complex


def test_foreground_and_light_sweep_follow_the_motion_window(media):
    clip = {
        "source": "a.png",
        "duration": 2,
        "motion": "pan_left",
        "foreground": "fg.png",
        "foreground_motion": "parallax",
        "light_sweep": True,
        "motion_span": 4,
        "motion_offset": 2,
    }
    fc = compile_graph(_spec(clips=[clip]), media).filter_complex
    assert "min(1,(t+2.000)/4.000)" in fc  # parallax progress over the whole 4 s move
    assert "((t+2.000)-0.800)/2.400" in fc  # the light sweep runs over the whole move too


def test_focus_moves_the_crop_and_none_keeps_the_centre(media):
    centred = compile_graph(_spec(clips=[{"source": "a.png", "duration": 3}]), media).filter_complex
    focused = compile_graph(
        _spec(clips=[{"source": "a.png", "duration": 3, "focus": {"x": 0.25, "y": 0.6}}]), media
    ).filter_complex
    assert "crop=1080:1920," in centred
    assert (
        "crop=1080:1920:x='max(0,min(iw-ow,iw*0.2500-ow/2))':y='max(0,min(ih-oh,ih*0.6000-oh/2))'" in focused
    )


def test_webm_is_vp9_and_opus(media):
    cmd = compile_graph(_spec(output={"format": "webm"}), media)
    args = " ".join(cmd.output_args)
    assert "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v 0 -crf 33" in args
    assert "-c:a libopus" in args and "[aout]" in cmd.filter_complex


def test_gif_uses_one_palette_and_no_audio(media):
    cmd = compile_graph(_spec(output={"format": "gif", "resolution": "360p", "fps": 10}), media)
    assert "palettegen=max_colors=128:stats_mode=diff" in cmd.filter_complex
    assert "paletteuse=dither=bayer" in cmd.filter_complex
    assert "[aout]" not in cmd.filter_complex and "-map [aout]" not in " ".join(cmd.output_args)
    assert (cmd.width, cmd.height) == (360, 640)


def test_webp_is_animated_lossy_and_silent(media):
    cmd = compile_graph(_spec(output={"format": "webp", "resolution": "240p", "fps": 12, "crf": 28}), media)
    args = " ".join(cmd.output_args)
    assert "-c:v libwebp_anim -quality 44" in args and "-loop 0" in args and "aac" not in args


def test_cut_friendly_mp4_forces_keyframes_at_cuts_and_every_second(media):
    spec = _spec(
        output={"keyframe_interval": 1.0},
        clips=[
            {"source": "a.png", "duration": 1.5},
            {"source": "b.png", "duration": 2.0, "transition": {"duration": 0.5}},
            {"source": "a.png", "duration": 1.0},
        ],
    )
    assert encoding.keyframe_frames(spec) == [0, 30, 45, 60, 90]
    args = compile_graph(spec, media).output_args
    assert args[args.index("-force_key_frames") + 1] == "0.0000,0.9833,1.4833,1.9833,2.9833"
    assert args[args.index("-bf") + 1] == "0"
    assert "-force_key_frames" not in compile_graph(_spec(), media).output_args


def test_frame_layout_mirrors_concat_and_xfade_joins():
    spec = _spec(
        clips=[
            {"source": "a.png", "duration": 1.5},
            {"source": "b.png", "duration": 2.0, "transition": {"duration": 0.5}},
            {"source": "a.png", "duration": 1.0},
        ]
    )
    assert clip_frames(spec) == [
        ClipFrames(0, 45, 0, 0),
        ClipFrames(45, 60, 0, 15),
        ClipFrames(90, 30, 15, 0),
    ]
    assert hard_cut_frames(spec) == [45] and total_frames(spec) == 120


def test_old_specs_compile_exactly_as_before(media):
    """The editor fields default to the renderer's old behaviour (no new filters, same encoder args)."""
    cmd = compile_graph(_spec(), media)
    assert re.search(r"zoompan=z='[^']+':x='[^']+':y='[^']+':d=90:s=1080x1920:fps=30", cmd.filter_complex)
    assert cmd.output_args[:2] == ["-map", "[vout]"] and "-bf" not in cmd.output_args
