"""Texts and linked audio follow their picture when clips move, shrink or go away.

After a ripple edit every surviving clip (same id) still shows part of the
content it showed before. Matching each clip's content window before and
after gives a piecewise map from old timeline seconds to new ones; a text
overlay moves with the content under it, and a voiceover or effect track is
cut into pieces that follow their scenes. Music beds do not move: they play
on and are trimmed at the new end.

Edits that keep every clip in place (split, merge, gaps, replacing media)
skip this and leave texts and audio untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.media.editing.checks import t6
from app.media.editing.layout import content_start, length_of, placements_of
from app.media.timeline import AudioTrack, Clip, TextOverlay, new_element_id

# A text cut shorter than this by an edit is gone rather than a flicker.
MIN_TEXT_SECONDS = 0.2
MIN_AUDIO_SECONDS = 0.02
# Audio cut mid-sound by an edit gets this short fade at the cut, so it does not click.
EDGE_FADE_SECONDS = 0.015
_EPS = 1e-9


@dataclass(frozen=True)
class Shift:
    """Old timeline seconds [start, end) now play at [start + delta, end + delta)."""

    start: float
    end: float
    delta: float


def time_map(old: Sequence[Clip], new: Sequence[Clip]) -> list[Shift]:
    old_places = {p.clip_id: p for p in placements_of(old)}
    old_clips = {c.id: c for c in old}
    shifts: list[Shift] = []
    for place, clip in zip(placements_of(new), new, strict=True):
        before = old_clips.get(clip.id)
        if before is None:
            continue
        was = old_places[clip.id]
        if before.source == clip.source and before.kind == clip.kind:
            # The same media: line up the content windows.
            a = max(content_start(before), content_start(clip))
            b = min(content_start(before) + before.length, content_start(clip) + clip.length)
            old_a = was.start + a - content_start(before)
            new_a = place.start + a - content_start(clip)
        else:
            # Replaced media: the slot is what the texts belong to.
            a, b, old_a, new_a = 0.0, min(before.length, clip.length), was.start, place.start
        delta = new_a - old_a
        lo = max(old_a, was.start, place.start - delta)
        hi = min(old_a + (b - a), was.owned_end, place.owned_end - delta)
        if hi - lo > _EPS:
            shifts.append(Shift(lo, hi, delta))
    return _merged(sorted(shifts, key=lambda s: s.start))


def _merged(shifts: list[Shift]) -> list[Shift]:
    out: list[Shift] = []
    for s in shifts:
        if out and abs(out[-1].end - s.start) < 1e-7 and abs(out[-1].delta - s.delta) < 1e-7:
            out[-1] = Shift(out[-1].start, s.end, out[-1].delta)
        else:
            out.append(s)
    return out


def _overlaps(start: float, end: float, shifts: list[Shift]) -> list[Shift]:
    return [
        Shift(max(start, s.start), min(end, s.end), s.delta)
        for s in shifts
        if min(end, s.end) - max(start, s.start) > _EPS
    ]


def remap_texts(texts: Sequence[TextOverlay], shifts: list[Shift], old_total: float) -> list[TextOverlay]:
    out = []
    for text in texts:
        visible_end = min(text.end, old_total)
        parts = _overlaps(text.start, visible_end, shifts)
        if not parts:
            continue  # everything under it was deleted
        best = max(parts, key=lambda s: s.end - s.start)
        whole = abs(best.start - text.start) < 1e-7 and abs(best.end - visible_end) < 1e-7
        if whole and abs(best.delta) < 1e-9:
            out.append(text)
        elif whole:
            start, end = max(0.0, t6(text.start + best.delta)), t6(text.end + best.delta)
            out.append(text.model_copy(update={"start": start, "end": end}))
        elif best.end - best.start >= MIN_TEXT_SECONDS:
            # It spanned content that went separate ways: it stays with the larger part.
            start, end = t6(best.start + best.delta), t6(best.end + best.delta)
            out.append(text.model_copy(update={"start": max(0.0, start), "end": end}))
    return out


def _audio_extent(track: AudioTrack, old_total: float) -> float:
    if track.duration is not None:
        length = track.duration
    elif track.source_duration is not None and not track.loops:
        length = track.source_duration - track.in_point
    else:
        length = old_total - track.start
    return min(track.start + length, old_total)


def remap_audio(
    tracks: Sequence[AudioTrack], shifts: list[Shift], old_total: float, new_total: float
) -> list[AudioTrack]:
    out: list[AudioTrack] = []
    for track in tracks:
        if not track.moves_with_picture:
            if track.start < new_total:
                out.append(track)
            continue
        end = _audio_extent(track, old_total)
        parts = sorted(_overlaps(track.start, end, shifts), key=lambda s: s.start + s.delta)
        unchanged = (
            len(parts) == 1
            and abs(parts[0].delta) < 1e-9
            and abs(parts[0].start - track.start) < 1e-7
            and abs(parts[0].end - end) < 1e-7
        )
        if unchanged:
            out.append(track)
            continue
        for k, part in enumerate(parts):
            start = t6(part.start + part.delta)
            if part.end - part.start < MIN_AUDIO_SECONDS or start >= new_total:
                continue
            starts_with_track = abs(part.start - track.start) < 1e-7
            ends_with_track = abs(part.end - end) < 1e-7
            out.append(
                track.model_copy(
                    update={
                        "id": track.id if k == 0 else new_element_id("a"),
                        "start": max(0.0, start),
                        "in_point": t6(track.in_point + (part.start - track.start)),
                        "duration": t6(part.end - part.start),
                        "fade_in": track.fade_in if starts_with_track else EDGE_FADE_SECONDS,
                        "fade_out": track.fade_out if ends_with_track else EDGE_FADE_SECONDS,
                    }
                )
            )
    return out


def follow_picture(
    old_clips: Sequence[Clip],
    new_clips: Sequence[Clip],
    texts: Sequence[TextOverlay],
    audio: Sequence[AudioTrack],
) -> tuple[list[TextOverlay], list[AudioTrack]]:
    """Texts and audio for ``new_clips`` after a ripple edit of ``old_clips``."""
    shifts = time_map(old_clips, new_clips)
    old_total, new_total = length_of(old_clips), length_of(new_clips)
    kept = [t for t in remap_texts(texts, shifts, old_total) if t.start < new_total]
    return kept, remap_audio(audio, shifts, old_total, new_total)
