"""Where things sit on the timeline: clip placements, the clip under the playhead, snap points.

A clip *owns* the time from its start to the next clip's start (the last one
to the end), so during a transition the incoming clip owns the blend. Owned
intervals tile the timeline without overlap, which is what the playhead,
split and the time map reason with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.media.editing.checks import EditError
from app.media.timeline import Clip, TimelineSpec


@dataclass(frozen=True)
class ClipPlacement:
    index: int
    clip_id: str
    start: float  # timeline second where the clip begins (inside the incoming transition, if any)
    length: float
    owned_end: float  # the next clip's start, or the end of the timeline
    transition_in: float  # seconds shared with the previous clip
    transition_out: float  # seconds shared with the next clip

    @property
    def end(self) -> float:
        return self.start + self.length


def starts_of(clips: Sequence[Clip]) -> list[float]:
    starts, t = [], 0.0
    for i, clip in enumerate(clips):
        starts.append(t)
        t += clip.length
        if clip.transition and i < len(clips) - 1:
            t -= clip.transition.duration
    return starts


def length_of(clips: Sequence[Clip]) -> float:
    total = sum(c.length for c in clips)
    total -= sum(c.transition.duration for c in clips[:-1] if c.transition)
    return round(total, 6)


def placements_of(clips: Sequence[Clip]) -> list[ClipPlacement]:
    starts = starts_of(clips)
    total = length_of(clips)
    out = []
    for i, clip in enumerate(clips):
        t_in = clips[i - 1].transition.duration if i and clips[i - 1].transition else 0.0
        t_out = clip.transition.duration if clip.transition and i < len(clips) - 1 else 0.0
        owned_end = starts[i + 1] if i + 1 < len(clips) else total
        out.append(ClipPlacement(i, clip.id, starts[i], clip.length, owned_end, t_in, t_out))
    return out


def placements(spec: TimelineSpec) -> list[ClipPlacement]:
    return placements_of(spec.clips)


def find_clip(spec: TimelineSpec, clip_id: str) -> tuple[int, Clip]:
    for i, clip in enumerate(spec.clips):
        if clip.id == clip_id:
            return i, clip
    raise EditError(f"there is no clip {clip_id!r} in this timeline", code="NOT_FOUND")


def clip_at(spec: TimelineSpec, at: float) -> ClipPlacement:
    """The clip that owns timeline second ``at`` (the last clip at the very end)."""
    total = spec.duration
    if not 0 <= at <= total:
        raise EditError(f"{at:.2f}s is outside the timeline (0 to {total:.2f}s)")
    places = placements(spec)
    for place in places:
        if place.start <= at < place.owned_end:
            return place
    return places[-1]


def content_start(clip: Clip) -> float:
    """Where the clip's window starts in its content, in timeline seconds.

    Video: the in point played at the clip's speed. Stills and gaps: the offset into the camera
    move (a split's right half starts where the left half ended).
    """
    return clip.in_point / clip.speed if clip.is_video else clip.motion_offset


def snap_points(spec: TimelineSpec) -> list[float]:
    """Times the playhead and drags snap to: clip edges, text edges, the start and the end."""
    points = {0.0, spec.duration}
    for place in placements(spec):
        points.update((place.start, place.owned_end))
    for text in spec.texts:
        points.update((text.start, min(text.end, spec.duration)))
    return sorted(round(p, 6) for p in points)


def snap(spec: TimelineSpec, at: float, tolerance: float) -> float:
    """``at`` moved to the nearest snap point within ``tolerance`` seconds, else unchanged."""
    nearest = min(snap_points(spec), key=lambda p: abs(p - at))
    return nearest if abs(nearest - at) <= tolerance else at
