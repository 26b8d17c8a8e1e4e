"""Sequencing planned scenes into a timeline: exact length, captions per scene, end card, voice."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.media.ad_timeline import AdShot, build_ad_timeline, place_lines, wav_seconds
from app.services import creative


@pytest.fixture
def stills(tmp_path: Path) -> list[Path]:
    out = []
    for i, colour in enumerate([(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30), (90, 90, 90)]):
        path = tmp_path / f"s{i}.png"
        Image.new("RGB", (108, 192), colour).save(path)
        out.append(path)
    return out


def _wav(seconds: float, rate: int = 22050) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    pcm = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(rate)
        fh.writeframes(pcm.tobytes())
    return buf.getvalue()


@pytest.mark.parametrize("transition", ["fade", "slide", "wipe", "zoom"])
@pytest.mark.parametrize(
    "durations", [[4, 3, 4, 4], [5, 5, 5], [1, 1, 1, 1], [0.8, 1.2, 2.0], [7.5, 7.5, 7.5, 7.5]]
)
def test_timeline_is_exactly_as_long_as_the_script(stills, transition, durations):
    shots = [
        AdShot(image=stills[i], duration=d, motion="push_in", caption=f"Caption {i}", position="lower_third")
        for i, d in enumerate(durations)
    ]
    spec = build_ad_timeline(shots, transition=transition, end_card=str(stills[4]))
    assert abs(spec.duration - sum(durations)) < 1e-6
    starts = spec.clip_starts()
    # Every caption sits inside its own scene's window.
    scene_starts = np.cumsum([0, *durations[:-1]])
    for text in spec.texts:
        i = int(text.text.split()[-1])
        assert scene_starts[i] <= text.start < text.end <= scene_starts[i] + durations[i]
    # The end card closes the ad when the last scene has room for it.
    if durations[-1] >= 1.8:
        assert spec.clips[-1].source == str(stills[4])
        assert starts[-1] >= sum(durations) - 2.2 - 0.51
    else:
        assert all(c.source != str(stills[4]) for c in spec.clips)


def test_fast_cuts_and_audio(stills):
    shots = [
        AdShot(image=stills[0], duration=4, caption="Fast", cuts=[stills[1], stills[2]]),
        AdShot(image=stills[3], duration=4, caption="Price"),
    ]
    spec = build_ad_timeline(
        shots, transition="zoom", end_card=str(stills[4]), music="m.wav", voice="v.wav", grade="vibrant"
    )
    assert [c.source for c in spec.clips] == [
        str(p) for p in (stills[0], stills[1], stills[2], stills[3], stills[4])
    ]
    assert spec.clips[0].transition.duration == pytest.approx(0.1)  # a cut inside the scene
    assert spec.clips[2].transition.kind == "zoom"
    assert spec.clips[3].transition.kind == "fade"  # into the end card
    assert abs(spec.duration - 8) < 1e-6
    assert [a.kind for a in spec.audio] == ["music", "voiceover"]
    assert spec.grade == "vibrant"


def test_place_lines(tmp_path):
    data = place_lines([(0.25, 3.0, _wav(1.0)), (4.2, 0.5, _wav(2.0))], 6.0)
    assert wav_seconds(data) == pytest.approx(6.0, abs=0.001)
    with wave.open(io.BytesIO(data)) as fh:
        pcm = np.frombuffer(fh.readframes(fh.getnframes()), "<i2").astype(np.float32)
    rate = 22050

    def loud(a: float, b: float) -> float:
        return float(np.abs(pcm[int(a * rate) : int(b * rate)]).mean())

    assert loud(0.0, 0.24) == 0 and loud(0.3, 1.2) > 1000
    assert loud(1.3, 4.1) == 0  # silence between the lines
    assert loud(4.25, 4.6) > 1000 and loud(4.75, 6.0) == 0  # the long line was cut at its window


def test_script_to_timeline(stills):
    script = creative.plan_script("Aroma Cup", style="unboxing", framework="PAS", duration=15)
    spec = creative.script_to_timeline(script, stills[:4], end_card=stills[4], music=None)
    assert abs(spec.duration - 15) < 1e-6
    assert [t.text for t in spec.texts] == [s.text_overlay for s in script.scenes]
    assert spec.output.aspect == "9:16" and spec.clips[0].motion == "push_in"
