"""Procedural music per mood and eSpeak NG voiceover."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from app.media.audio import MOODS, SAMPLE_RATE, generate_music, loop_to, wav_bytes
from app.providers.errors import ProviderError
from app.providers.local.tts import LocalSpeechModel


def _spectrum(x: np.ndarray) -> np.ndarray:
    mono = x.mean(axis=1)[: SAMPLE_RATE * 4]
    spec = np.abs(np.fft.rfft(mono))
    bands = np.array_split(spec, 64)
    v = np.array([b.mean() for b in bands])
    return v / v.sum()


def test_moods_differ_and_are_not_silent():
    tracks = {m: generate_music(m, 6, seed=1) for m in MOODS}
    for m, x in tracks.items():
        assert x.ndim == 2 and x.shape[1] == 2
        assert np.sqrt((x**2).mean()) > 0.05, f"{m} is too quiet"
        assert np.abs(x).max() <= 1.0
    spectra = {m: _spectrum(x) for m, x in tracks.items()}
    for i, a in enumerate(MOODS):
        for b in MOODS[i + 1 :]:
            assert np.abs(spectra[a] - spectra[b]).sum() > 0.05, f"{a} and {b} sound alike"


def test_seed_varies_and_repeats():
    a, b, c = (
        generate_music("tech", 5, seed=1),
        generate_music("tech", 5, seed=1),
        generate_music("tech", 5, seed=2),
    )
    assert np.array_equal(a, b)
    assert a.shape != c.shape or not np.allclose(a, c)


def test_music_loops_seamlessly_to_any_length():
    x = generate_music("calm", 4, seed=3)
    # Whole bars: the end flows into the start without a jump.
    assert np.abs(x[-1] - x[0]).max() < 0.05
    looped = loop_to(x, 37.5)
    assert len(looped) == int(37.5 * SAMPLE_RATE)
    assert np.array_equal(looped[len(x) : len(x) + 1000], x[:1000])


def test_unknown_mood_is_rejected():
    with pytest.raises(ValueError, match="unknown mood"):
        generate_music("grunge", 3)


def test_wav_bytes_roundtrip():
    data = wav_bytes(generate_music("eco", 2, seed=0))
    with wave.open(io.BytesIO(data)) as fh:
        assert fh.getnchannels() == 2 and fh.getframerate() == SAMPLE_RATE and fh.getsampwidth() == 2


def _read(data: bytes) -> tuple[np.ndarray, int, int, int]:
    with wave.open(io.BytesIO(data)) as fh:
        pcm = np.frombuffer(fh.readframes(fh.getnframes()), "<i2").astype(np.float32) / 32768
        return pcm, fh.getframerate(), fh.getnchannels(), fh.getsampwidth()


def test_tts_is_speech_like_mono_22050():
    media = LocalSpeechModel().synthesize("Meet the new espresso cup. It keeps coffee hot for longer.")
    pcm, rate, channels, width = _read(media.data)
    assert (rate, channels, width) == (22050, 1, 2)
    assert media.content_type == "audio/wav" and 2.0 < media.duration < 8.0
    assert np.sqrt((pcm**2).mean()) > 0.02
    # Speech has pauses: short-window energy varies a lot, unlike a tone or noise.
    frames = pcm[: len(pcm) // 441 * 441].reshape(-1, 441)
    energy = np.sqrt((frames**2).mean(axis=1))
    assert (energy < 0.1 * energy.max()).mean() > 0.05 and (energy > 0.3 * energy.max()).mean() > 0.2
    # Most energy sits in the voice band (100 Hz - 4 kHz).
    spec = np.abs(np.fft.rfft(pcm)) ** 2
    freqs = np.fft.rfftfreq(len(pcm), 1 / rate)
    assert spec[(freqs > 100) & (freqs < 4000)].sum() / spec.sum() > 0.7


def test_tts_rate_and_voice_change_the_output():
    text = "Fresh coffee every morning, made simple."
    slow = LocalSpeechModel().synthesize(text, rate=120)
    fast = LocalSpeechModel().synthesize(text, rate=260)
    assert slow.duration > fast.duration * 1.4
    us = LocalSpeechModel().synthesize(text, voice="en-us")
    gb = LocalSpeechModel().synthesize(text, voice="en-gb")
    assert us.data != gb.data


def test_tts_rejects_unknown_voice_and_empty_text():
    with pytest.raises(ProviderError):
        LocalSpeechModel().synthesize("hello", voice="xx-nope")
    with pytest.raises(ProviderError):
        LocalSpeechModel().synthesize("   ")
