"""The compiler turns every timeline feature into the right ffmpeg filters."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.media.render import compile_graph
from app.media.timeline import TimelineSpec


@pytest.fixture
def media(tmp_path: Path) -> Path:
    for name, colour in (("a.png", (200, 30, 30)), ("b.png", (30, 30, 200)), ("c.png", (30, 160, 30))):
        Image.new("RGB", (64, 96), colour).save(tmp_path / name)
    Image.new("RGBA", (40, 60), (255, 255, 255, 255)).save(tmp_path / "fg.png")
    for name, seconds in (("music.wav", 2.0), ("voice.wav", 1.5)):
        with wave.open(str(tmp_path / name), "wb") as fh:
            fh.setnchannels(1)
            fh.setsampwidth(2)
            fh.setframerate(22050)
            fh.writeframes(np.zeros(int(22050 * seconds), dtype="<i2").tobytes())
    return tmp_path


def _compile(media: Path, **kw):
    spec = {
        "clips": [
            {"source": "a.png", "duration": 3, "transition": {"kind": "fade", "duration": 0.5}},
            {"source": "b.png", "duration": 3},
        ]
    }
    spec.update(kw)
    return compile_graph(TimelineSpec.model_validate(spec), media)


@pytest.mark.parametrize(
    ("kind", "direction", "name"),
    [
        ("fade", "left", "fade"),
        ("slide", "left", "slideleft"),
        ("slide", "up", "slideup"),
        ("wipe", "right", "wiperight"),
        ("zoom", "left", "zoomin"),
    ],
)
def test_transitions_become_xfade_at_the_right_offset(media, kind, direction, name):
    cmd = _compile(
        media,
        clips=[
            {
                "source": "a.png",
                "duration": 3,
                "transition": {"kind": kind, "direction": direction, "duration": 0.8},
            },
            {"source": "b.png", "duration": 2, "transition": {"kind": "fade", "duration": 0.4}},
            {"source": "c.png", "duration": 2},
        ],
    )
    fc = cmd.filter_complex
    # Only the blended frames reach xfade: the first blend starts 2.2 s (frame 66) in, for 24 frames.
    assert f"xfade=transition={name}:duration=0.800:offset=0" in fc
    assert "trim=end_frame=66" in fc and "trim=start_frame=66" in fc and "trim=end_frame=24" in fc
    # The second accounts for the first overlap: 3 + 2 - 0.8 - 0.4 = 3.8 s (frame 114), 12 frames.
    assert "xfade=transition=fade:duration=0.400:offset=0" in fc
    assert "trim=end_frame=114" in fc and "trim=end_frame=12" in fc
    # Blends go back to 4:2:0 at once: xfade's 4:4:4 must not spread to the rest of the video.
    assert fc.count("offset=0,format=pix_fmts=yuv420p:color_ranges=tv") == 2
    assert cmd.duration == pytest.approx(5.8)


def test_clips_without_transition_are_concatenated(media):
    cmd = _compile(media, clips=[{"source": "a.png", "duration": 2}, {"source": "b.png", "duration": 2}])
    assert "concat=n=2:v=1:a=0" in cmd.filter_complex
    assert "xfade" not in cmd.filter_complex


@pytest.mark.parametrize("motion", ["none", "push_in", "pull_out", "ken_burns"])
def test_every_zooming_motion_preset_is_a_zoompan_of_the_clip_length(media, motion):
    cmd = _compile(media, clips=[{"source": "a.png", "duration": 2, "motion": motion}], output={"fps": 25})
    assert re.search(r"zoompan=z='[^']+':x='[^']+':y='[^']+':d=50:s=1080x1920:fps=25", cmd.filter_complex)


@pytest.mark.parametrize(
    ("motion", "moving"), [("pan_left", "x"), ("pan_right", "x"), ("pan_up", "y"), ("pan_down", "y")]
)
def test_pans_move_an_output_size_window_over_the_clip_length(media, motion, moving):
    """A pan holds its zoom, so it is a crop moving over the still pre-scaled once (no zoompan)."""
    cmd = _compile(media, clips=[{"source": "a.png", "duration": 2, "motion": motion}], output={"fps": 25})
    fc = cmd.filter_complex
    assert "zoompan" not in fc
    assert "scale=1236:2198:" in fc  # 1080x1920 times the pan's zoom of 1.144, even
    m = re.search(r"crop=w=1080:h=1920:x='([^']+)':y='([^']+)':exact=1", fc)
    assert m, fc
    progress = dict(zip("xy", m.groups(), strict=True))[moving]
    assert "min(1,n/49)" in progress  # 50 frames of move, eased like zoompan's


def test_motion_presets_differ(media):
    graphs = {
        m: _compile(media, clips=[{"source": "a.png", "duration": 2, "motion": m}]).filter_complex
        for m in ("push_in", "pull_out", "pan_left", "pan_up", "ken_burns")
    }
    assert len(set(graphs.values())) == len(graphs)


def test_user_text_goes_through_textfile_never_the_graph(media):
    hostile = "50% off: [x];drawtext=text='pwn' {y} \\ %{localtime}"
    cmd = _compile(media, texts=[{"text": hostile, "start": 0.5, "end": 3, "animation": "slide"}])
    assert "pwn" not in cmd.filter_complex and "localtime" not in cmd.filter_complex
    m = re.search(r"textfile=([^:]+):expansion=none", cmd.filter_complex)
    assert m, cmd.filter_complex
    assert "pwn" in Path(m.group(1)).read_text(encoding="utf-8")
    assert "enable='between(t,0.500,3.000)'" in cmd.filter_complex
    assert "Manrope-Bold.ttf" in cmd.filter_complex


@pytest.mark.parametrize("animation", ["fade", "slide", "scale"])
def test_text_animations_change_the_drawtext_expressions(media, animation):
    still = _compile(media, texts=[{"text": "Hi", "start": 1, "end": 3, "animation": "none"}]).filter_complex
    moving = _compile(
        media, texts=[{"text": "Hi", "start": 1, "end": 3, "animation": animation}]
    ).filter_complex
    assert still != moving
    assert "alpha='1'" in still
    if animation == "scale":
        assert re.search(r"fontsize='\d+\*\(0\.7", moving)
    if animation == "slide":
        assert "pow(1-" in moving


@pytest.mark.parametrize(
    ("grade", "needle"),
    [
        ("cinematic", "curves="),
        ("luxury", "colorbalance="),
        ("vibrant", "saturation=1.32"),
        ("natural", "eq="),
    ],
)
def test_grades(media, grade, needle):
    assert needle in _compile(media, grade=grade).filter_complex
    assert needle not in _compile(media).filter_complex


def test_fades_apply_to_picture_and_sound(media):
    cmd = _compile(media, fade_in=0.5, fade_out=1.0, audio=[{"kind": "music", "source": "music.wav"}])
    fc = cmd.filter_complex
    assert "fade=t=in:st=0:d=0.500" in fc and "fade=t=out:st=4.500:d=1.000" in fc
    assert "afade=t=in:st=0:d=0.500" in fc and "afade=t=out:st=4.500:d=1.000" in fc


def test_music_ducks_under_voice_and_the_mix_is_normalised(media):
    cmd = _compile(
        media,
        audio=[
            {"kind": "music", "source": "music.wav", "volume": 0.8, "fade_out": 1},
            {"kind": "voiceover", "source": "voice.wav", "start": 1.0},
            {"kind": "effect", "source": "voice.wav", "start": 2.0},
        ],
    )
    fc = cmd.filter_complex
    assert "sidechaincompress=threshold=0.03:ratio=8.0" in fc
    assert "asplit=2" in fc
    assert "adelay=delays=1000:all=1" in fc and "adelay=delays=2000:all=1" in fc
    assert "loudnorm=I=-14.0" in fc
    # Music loops to fill the timeline; one-shot tracks do not.
    assert ["-stream_loop", "-1", "-i", str(media / "music.wav")] in cmd.inputs
    assert ["-i", str(media / "voice.wav")] in cmd.inputs
    # The voice is 1.5 s long, so its real end (not the slot) is where it would fade.
    assert fc.count("[aout]") == 1


def test_ducking_can_be_switched_off(media):
    cmd = _compile(
        media,
        ducking={"enabled": False},
        audio=[{"kind": "music", "source": "music.wav"}, {"kind": "voiceover", "source": "voice.wav"}],
    )
    assert "sidechaincompress" not in cmd.filter_complex
    assert "amix=inputs=2" in cmd.filter_complex


def test_silent_timeline_still_has_an_audio_track(media):
    cmd = _compile(media)
    assert "anullsrc" in cmd.filter_complex and "loudnorm" not in cmd.filter_complex


def test_foreground_parallax_turntable_and_light_sweep(media):
    cmd = _compile(
        media,
        clips=[
            {
                "source": "a.png",
                "duration": 2,
                "motion": "pan_left",
                "foreground": "fg.png",
                "foreground_motion": "parallax",
                "transition": {"duration": 0.5},
            },
            {
                "source": "b.png",
                "duration": 2,
                "foreground": "fg.png",
                "foreground_motion": "turntable",
                "light_sweep": True,
            },
        ],
    )
    fc = cmd.filter_complex
    assert fc.count("overlay=") == 3
    assert "eval=frame" in fc and "abs(cos(PI*t/" in fc
    assert any(p.name.startswith("sweep_") for p in cmd.helper_files)


def test_output_is_h264_yuv420p_faststart_aac(media):
    cmd = _compile(media, output={"aspect": "9:16", "resolution": "1080p", "fps": 30})
    argv = cmd.argv("out.mp4")
    joined = " ".join(argv)
    for needle in (
        "-c:v libx264",
        "-pix_fmt yuv420p",
        "-movflags +faststart",
        "-c:a aac",
        "-progress pipe:1",
    ):
        assert needle in joined
    assert cmd.filter_complex.split("[vout]")[0].endswith("format=pix_fmts=yuv420p:color_ranges=tv")
    assert (cmd.width, cmd.height) == (1080, 1920)
    # One invocation, one output: the picture's graph and the sound's (each runs on its own thread).
    assert argv.count("-filter_complex") == 2 and argv[-1] == "out.mp4"
    assert "[aout]" in cmd.audio_graph and "[aout]" not in cmd.video_graph


def test_watermark_is_drawn_for_free_plans(media):
    assert "watermark.txt" in _compile(media, watermark="Made with Content Studio").filter_complex
    assert "watermark.txt" not in _compile(media).filter_complex


def test_missing_media_is_a_clear_error(media):
    from app.media.ffmpeg import MediaError

    with pytest.raises(MediaError, match=r"media file not found: nope\.png"):
        _compile(media, clips=[{"source": "nope.png", "duration": 2}])


def test_awkward_paths_are_linked_not_spliced(tmp_path):
    odd = tmp_path / "it's: odd, [dir]"
    odd.mkdir()
    Image.new("RGB", (64, 64), "red").save(odd / "a.png")
    work = tmp_path / "work"
    spec = TimelineSpec.model_validate(
        {
            "clips": [{"source": str(odd / "a.png"), "duration": 1}],
            "texts": [{"text": "x", "start": 0, "end": 1}],
        }
    )
    cmd = compile_graph(spec, work)
    assert "odd" not in cmd.filter_complex


@pytest.mark.parametrize("grade", ["cinematic", "luxury"])
def test_a_vignette_is_one_still_layer_over_the_joined_picture(media, grade):
    """No per-frame ``vignette`` filter: one raw yuva420p frame overlaid on every output frame."""
    cmd = _compile(media, grade=grade)
    assert "vignette=" not in cmd.filter_complex
    layers = [inp for inp in cmd.inputs if "rawvideo" in inp]
    assert len(layers) == 1 and layers[0][layers[0].index("-s") + 1] == "1080x1920"
    idx = cmd.inputs.index(layers[0])
    assert re.search(
        rf"\[{idx}:v\]setparams=range=tv\[(vm\d+)\];\[xj\d+\]\[\1\]overlay=format=yuv420", cmd.filter_complex
    )
    path = Path(layers[0][-1])
    assert path.stat().st_size == 1080 * 1920 * 5 // 2
    alpha = np.frombuffer(path.read_bytes()[-1080 * 1920 :], np.uint8).reshape(1920, 1080)
    assert alpha[960, 540] == 0 and alpha[0, 0] > 100 and alpha[0, 0] == alpha[-1, -1]


def test_grades_without_a_vignette_add_no_layer(media):
    for grade in ("none", "natural", "vibrant"):
        assert not any("rawvideo" in inp for inp in _compile(media, grade=grade).inputs)
