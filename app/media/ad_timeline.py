"""Sequence ad scenes into one TimelineSpec: motion, transitions, captions, end card, audio.

Each scene keeps exactly its planned length on the timeline: a clip runs
``duration + outgoing transition`` seconds, so the overlaps cancel out and the
video is exactly as long as the script. The end card takes the tail of the
last scene. Voiceover lines are placed on one track at their scenes' starts
(``place_lines``) so the renderer reads one input instead of one per line.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.media.timeline import Clip, TimelineSpec

TRANSITION_SECONDS = {"fade": 0.5, "slide": 0.4, "wipe": 0.4, "zoom": 0.35}
# A "cut" is a three-frame fade: it reads as a hard cut, and every join stays an xfade
# (the renderer's concat joins do not mix with xfade joins in one graph).
CUT_SECONDS = 0.1
DIRECTIONS = ("left", "up", "right", "down")
ANIMATIONS = ("fade", "slide", "scale")
END_CARD_SECONDS = 2.2


@dataclass
class AdShot:
    image: str | Path
    duration: float
    motion: str = "push_in"
    caption: str = ""
    position: str = "lower_third"
    foreground: str | Path | None = None
    foreground_motion: str = "none"
    foreground_scale: float = 0.62
    light_sweep: bool = False
    strength: float = 1.0
    # Extra stills cut in hard within this scene (fast cuts).
    cuts: list[str | Path] = field(default_factory=list)


@dataclass
class _Segment:
    clip: dict
    seconds: float
    joins_next: str | None  # transition kind into the next segment ("cut" = a quick cut)


def _segments(
    shots: list[AdShot], transition: str, end_card: str | None
) -> tuple[list[_Segment], list[float]]:
    """Timeline segments plus each scene's visible seconds (the last loses the end card's share)."""
    visible = [s.duration for s in shots]
    card = 0.0
    if end_card and shots and shots[-1].duration >= 1.8:
        card = round(min(END_CARD_SECONDS, shots[-1].duration * 0.45), 3)
        visible[-1] = round(shots[-1].duration - card, 3)
    segs: list[_Segment] = []
    for i, (shot, seconds) in enumerate(zip(shots, visible, strict=True)):
        base = {
            "motion": shot.motion,
            "motion_strength": shot.strength,
            "light_sweep": shot.light_sweep,
        }
        if shot.foreground:
            base.update(
                foreground=str(shot.foreground),
                foreground_motion=shot.foreground_motion,
                foreground_scale=shot.foreground_scale,
            )
        last_scene = i == len(shots) - 1
        out = None if last_scene and not card else transition
        images = [shot.image, *shot.cuts]
        if len(images) > 1 and seconds >= 0.6 * len(images):
            part = round(seconds / len(images), 3)
            parts = [part] * (len(images) - 1) + [round(seconds - part * (len(images) - 1), 3)]
            moves = ("push_in", "pan_left", "pull_out", "pan_right")
            for k, (img, sec) in enumerate(zip(images, parts, strict=True)):
                clip = {**base, "source": str(img), "motion": moves[k % len(moves)] if k else shot.motion}
                if k:  # a fast cut shows the still on its own: no cut-out riding on top
                    clip.update(foreground=None, foreground_motion="none")
                segs.append(_Segment(clip, sec, out if k == len(images) - 1 else "cut"))
        else:
            segs.append(_Segment({**base, "source": str(shot.image)}, seconds, out))
    if card:
        segs.append(
            _Segment({"source": str(end_card), "motion": "push_in", "motion_strength": 0.4}, card, None)
        )
    return segs, visible


def build_ad_timeline(
    shots: list[AdShot],
    *,
    aspect: str = "9:16",
    resolution: str = "1080p",
    transition: str = "fade",
    grade: str = "natural",
    end_card: str | None = None,
    music: str | None = None,
    music_volume: float = 0.6,
    voice: str | None = None,
    watermark: str | None = None,
    caption_size: int = 70,
    fps: int = 30,
) -> TimelineSpec:
    if not shots:
        raise ValueError("an ad needs at least one scene")
    transition = transition if transition in TRANSITION_SECONDS else "fade"
    segs, visible = _segments(shots, transition, end_card)
    clips: list[dict] = []
    # Outgoing transition per segment, short enough for both neighbours.
    outs: list[float] = []
    for i, seg in enumerate(segs):
        t = 0.0
        if seg.joins_next and i < len(segs) - 1:
            kind = seg.joins_next if segs[i + 1].clip["source"] != end_card else "fade"
            if kind == "cut":
                kind, t = "fade", CUT_SECONDS
            else:
                t = min(TRANSITION_SECONDS[kind], 0.3 * min(seg.seconds, segs[i + 1].seconds))
                t = round(max(t, CUT_SECONDS), 3)
            if t:
                seg.clip["transition"] = {
                    "kind": kind,
                    "duration": t,
                    "direction": DIRECTIONS[i % len(DIRECTIONS)],
                }
        outs.append(t)
        clips.append({**seg.clip, "duration": round(seg.seconds + t, 3)})

    texts = []
    start = 0.0
    for i, (shot, seconds) in enumerate(zip(shots, visible, strict=True)):
        if shot.caption.strip():
            begin = start + (0.2 if i == 0 else 0.25)
            end = start + seconds - 0.1
            if end - begin >= 0.5:
                texts.append(
                    {
                        "text": shot.caption.strip()[:240],
                        "start": round(begin, 3),
                        "end": round(end, 3),
                        "position": shot.position,
                        "animation": ANIMATIONS[i % len(ANIMATIONS)],
                        "size": caption_size,
                        "font": "manrope-extrabold",
                    }
                )
        start += shots[i].duration if i < len(shots) - 1 else seconds

    total = round(sum(s.duration for s in shots), 3)
    audio = []
    if music:
        audio.append(
            {
                "kind": "music",
                "source": str(music),
                "volume": music_volume,
                "fade_in": 0.4,
                "fade_out": min(1.5, total / 4),
            }
        )
    if voice:
        audio.append({"kind": "voiceover", "source": str(voice), "start": 0.0, "volume": 1.0})
    return TimelineSpec.model_validate(
        {
            "output": {"aspect": aspect, "resolution": resolution, "fps": fps, "purpose": "ad"},
            "clips": [Clip.model_validate(c).model_dump() for c in clips],
            "texts": texts,
            "audio": audio,
            "grade": grade,
            "fade_in": 0.2,
            "fade_out": min(0.5, total / 8),
            "watermark": watermark,
        }
    )


def scene_starts(durations: list[float]) -> list[float]:
    out, t = [], 0.0
    for d in durations:
        out.append(round(t, 3))
        t += d
    return out


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data), "rb") as fh:
        rate, width, channels = fh.getframerate(), fh.getsampwidth(), fh.getnchannels()
        frames = fh.readframes(fh.getnframes())
    if width != 2:
        raise ValueError("voice lines must be 16-bit WAV")
    pcm = np.frombuffer(frames, "<i2").astype(np.float32) / 32768
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1)
    return pcm, rate


def wav_seconds(data: bytes) -> float:
    pcm, rate = _read_wav(data)
    return len(pcm) / rate


def place_lines(lines: list[tuple[float, float, bytes]], total: float) -> bytes:
    """One mono WAV of ``total`` seconds with each (start, max_seconds, wav) line placed at its start.

    A line longer than its window is cut with a short fade so it never runs
    into the next scene's line.
    """
    rate = 22050
    decoded = []
    for start, limit, data in lines:
        pcm, r = _read_wav(data)
        rate = r
        decoded.append((start, limit, pcm))
    out = np.zeros(round(total * rate) + 1, np.float32)
    for start, limit, pcm in decoded:
        n = min(len(pcm), int(limit * rate))
        if n <= 0:
            continue
        piece = pcm[:n].copy()
        if n < len(pcm):
            fade = min(n, int(0.08 * rate))
            piece[-fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
        a = int(start * rate)
        b = min(len(out), a + n)
        out[a:b] += piece[: b - a]
    pcm16 = (np.clip(out, -1, 1) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(rate)
        fh.writeframes(pcm16.tobytes())
    return buf.getvalue()
