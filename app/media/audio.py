"""Procedural background music by mood, made with numpy.

Each mood is a tempo, a scale, a chord loop and a set of voices (pad, bass,
arpeggio, drums). A seed picks the key, the progression and the patterns.
A track is a whole number of bars, so it loops seamlessly to any length.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 44100
MOODS = ("luxury", "tech", "eco", "energetic", "playful", "calm")


@dataclass(frozen=True)
class Mood:
    bpm: tuple[int, int]
    minor: bool
    pad: float
    bass: float
    arp: float
    drums: float
    brightness: float  # harmonic richness of the lead


_MOODS = {
    "luxury": Mood((70, 84), True, 0.5, 0.35, 0.18, 0.12, 0.3),
    "tech": Mood((112, 124), True, 0.25, 0.45, 0.35, 0.4, 0.8),
    "eco": Mood((84, 96), False, 0.45, 0.25, 0.25, 0.1, 0.35),
    "energetic": Mood((124, 134), False, 0.2, 0.5, 0.35, 0.6, 0.7),
    "playful": Mood((104, 116), False, 0.2, 0.35, 0.45, 0.35, 0.5),
    "calm": Mood((62, 74), False, 0.6, 0.2, 0.12, 0.0, 0.2),
}
_PROGRESSIONS_MAJOR = [[0, 5, 3, 4], [0, 3, 4, 3], [0, 4, 5, 3], [5, 3, 0, 4]]
_PROGRESSIONS_MINOR = [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6], [0, 5, 3, 4]]
_MAJOR = [0, 2, 4, 5, 7, 9, 11]
_MINOR = [0, 2, 3, 5, 7, 8, 10]


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _env(n: int, attack: float, release: float) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    a = np.clip(t / max(attack, 1e-3), 0, 1)
    r = np.clip((n / SAMPLE_RATE - t) / max(release, 1e-3), 0, 1)
    return a * r


def _tone(freq: float, n: int, harmonics: float, phase: float = 0.0) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    out = np.zeros(n)
    for k in range(1, 6):
        out += (harmonics ** (k - 1)) / k * np.sin(2 * np.pi * freq * k * t + phase * k)
    return out


def generate_music(mood: str, seconds: float, seed: int = 0) -> np.ndarray:
    """Stereo float32 samples in [-1, 1], length rounded up to whole bars (loopable)."""
    if mood not in _MOODS:
        raise ValueError(f"unknown mood {mood!r}; choose one of {', '.join(MOODS)}")
    m = _MOODS[mood]
    rng = np.random.default_rng([seed, MOODS.index(mood)])
    bpm = int(rng.integers(m.bpm[0], m.bpm[1] + 1))
    beat = round(SAMPLE_RATE * 60 / bpm)
    bar = beat * 4
    bars = max(4, int(np.ceil(seconds * SAMPLE_RATE / bar / 4)) * 4)
    total = bars * bar
    root = 48 + int(rng.integers(0, 12))
    scale = _MINOR if m.minor else _MAJOR
    progs = _PROGRESSIONS_MINOR if m.minor else _PROGRESSIONS_MAJOR
    prog = progs[int(rng.integers(len(progs)))]
    arp_pattern = rng.permutation([0, 1, 2, 3])[: int(rng.integers(3, 5))]
    left, right = np.zeros(total), np.zeros(total)

    def note(deg: int, octave: int = 0) -> float:
        return root + scale[deg % 7] + 12 * (deg // 7 + octave)

    for b in range(bars):
        start = b * bar
        deg = prog[b % len(prog)]
        chord = [note(deg), note(deg + 2), note(deg + 4)]
        if m.pad:
            pad = sum(_tone(_hz(c + 12), bar, 0.25, phase=i) for i, c in enumerate(chord))
            pad *= _env(bar, 0.4, 0.4) * m.pad / 3
            left[start : start + bar] += pad * 0.9
            right[start : start + bar] += pad
        if m.bass:
            for k in range(4 if m.drums > 0.3 else 2):
                n = bar // (4 if m.drums > 0.3 else 2)
                s = start + k * n
                bass = _tone(_hz(chord[0] - 12), n, 0.35) * _env(n, 0.01, n / SAMPLE_RATE * 0.6) * m.bass
                left[s : s + n] += bass
                right[s : s + n] += bass
        if m.arp:
            step = beat // 2
            for k in range(8):
                idx = arp_pattern[k % len(arp_pattern)]
                pitch = ([*chord, chord[0] + 12])[idx] + 12
                s = start + k * step
                a = _tone(_hz(pitch), step, m.brightness * 0.5) * _env(step, 0.005, step / SAMPLE_RATE * 0.8)
                pan = 0.5 + 0.35 * np.sin(k)
                left[s : s + step] += a * m.arp * (1 - pan)
                right[s : s + step] += a * m.arp * pan
        if m.drums:
            for k in range(4):
                s = start + k * beat
                kick_n = min(beat, int(0.25 * SAMPLE_RATE))
                t = np.arange(kick_n) / SAMPLE_RATE
                kick = np.sin(2 * np.pi * (50 + 90 * np.exp(-t * 30)) * t) * np.exp(-t * 12) * m.drums
                left[s : s + kick_n] += kick
                right[s : s + kick_n] += kick
                hat_n = int(0.04 * SAMPLE_RATE)
                hs = s + beat // 2
                if hs + hat_n <= total:
                    hat = rng.standard_normal(hat_n) * np.exp(-np.arange(hat_n) / (0.008 * SAMPLE_RATE))
                    left[hs : hs + hat_n] += hat * 0.12 * m.drums
                    right[hs : hs + hat_n] += hat * 0.12 * m.drums
    stereo = np.stack([left, right], axis=1)
    peak = np.abs(stereo).max() or 1.0
    return (stereo / peak * 0.8).astype(np.float32)


def loop_to(samples: np.ndarray, seconds: float) -> np.ndarray:
    """Repeat a loopable track to exactly ``seconds``."""
    n = round(seconds * SAMPLE_RATE)
    reps = int(np.ceil(n / len(samples)))
    return np.concatenate([samples] * reps)[:n]


def wav_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    channels = 1 if pcm.ndim == 1 else pcm.shape[1]
    buf = io.BytesIO()
    with wave.open(buf, "wb") as fh:
        fh.setnchannels(channels)
        fh.setsampwidth(2)
        fh.setframerate(rate)
        fh.writeframes(pcm.tobytes())
    return buf.getvalue()


def write_music(path: str | Path, mood: str, seconds: float, seed: int = 0) -> Path:
    path = Path(path)
    path.write_bytes(wav_bytes(loop_to(generate_music(mood, seconds, seed), seconds)))
    return path
