"""Pure operations on the video track: split, merge, trim, delete, move, transitions, retime.

Each takes a spec and returns a new one (the input is never changed) or
raises ``EditError`` with the reason. Trim points are in the clip's content:
source seconds for a video, seconds into the camera move for a still or a
gap, so trimming a still cuts its move instead of squeezing it.
"""

from __future__ import annotations

from app.media.editing.checks import CLIP_LOOK_FIELDS, MIN_CLIP_SECONDS, EditError, checked_clip, t6
from app.media.editing.layout import clip_at, find_clip
from app.media.editing.rebuild import check_transitions_fit, fitted_transitions, in_place, ripple
from app.media.timeline import (
    Clip,
    Direction,
    TimelineSpec,
    Transition,
    TransitionKind,
    new_element_id,
)

_NEAR = 1e-6
# Fields that must agree for two clips to be one continuous piece of the same media.
_SAME_MEDIA = (*CLIP_LOOK_FIELDS, "source_duration")


def split_at(spec: TimelineSpec, at: float, *, new_id: str | None = None) -> TimelineSpec:
    """Cut the clip under timeline second ``at`` in two; the halves play exactly what it played.

    The left half keeps the clip's id and the transition into it; the right half gets ``new_id``
    and the transition out of it. Texts and audio are untouched (nothing moves).
    """
    place = clip_at(spec, at)
    clip = spec.clips[place.index]
    dt = t6(at - place.start)
    if dt < MIN_CLIP_SECONDS or place.length - dt < MIN_CLIP_SECONDS:
        raise EditError(
            f"a split at {at:.2f}s would leave a piece shorter than {MIN_CLIP_SECONDS:.1f}s; "
            "move the playhead away from the clip's edge"
        )
    if dt <= place.transition_in:
        raise EditError(f"{at:.2f}s is inside the transition into this clip; split after it ends")
    if place.length - dt <= place.transition_out:
        raise EditError(f"{at:.2f}s is inside the transition out of this clip; split before it starts")
    left, right = _split_clip(clip, dt, new_id or new_element_id("c"))
    clips = [*spec.clips[: place.index], left, right, *spec.clips[place.index + 1 :]]
    return in_place(spec, clips)


def _split_clip(clip: Clip, dt: float, right_id: str) -> tuple[Clip, Clip]:
    rest = t6(clip.length - dt)
    if clip.is_video:
        cut = t6(clip.in_point + dt * clip.speed)
        if clip.out_point is not None and cut >= clip.out_point:
            raise EditError("this part of the clip holds its last frame; split where the video still plays")
        left = checked_clip(
            clip, out_point=cut, duration=None if clip.duration is None else dt, transition=None
        )
        right = checked_clip(
            clip, id=right_id, in_point=cut, duration=None if clip.duration is None else rest
        )
        return left, right
    window = {"motion_span": clip.effective_motion_span} if clip.is_still else {}
    left = checked_clip(clip, duration=dt, transition=None, **window)
    right = checked_clip(
        clip, id=right_id, duration=rest, motion_offset=t6(clip.motion_offset + dt), **window
    )
    return left, right


def merge_clips(spec: TimelineSpec, clip_id: str) -> TimelineSpec:
    """Join a clip with the next one when they are continuous parts of the same media (undoes a split)."""
    i, first = find_clip(spec, clip_id)
    if i == len(spec.clips) - 1:
        raise EditError("the last clip has no clip after it to merge with")
    second = spec.clips[i + 1]
    if first.transition is not None:
        raise EditError("remove the transition between the two clips before merging them")
    if any(getattr(first, f) != getattr(second, f) for f in _SAME_MEDIA):
        raise EditError("only two neighbouring parts of the same media can be merged")
    if first.is_video:
        if first.out_point is None or abs(first.out_point - second.in_point) > _NEAR:
            raise EditError("the clips are not continuous in their source video")
        duration = None if second.duration is None else t6(first.length + second.length)
        merged = checked_clip(
            first, out_point=second.out_point, duration=duration, transition=second.transition
        )
    else:
        if abs(first.motion_offset + first.length - second.motion_offset) > _NEAR or (
            first.is_still and abs(first.effective_motion_span - second.effective_motion_span) > _NEAR
        ):
            raise EditError("the clips are not continuous parts of the same shot")
        length = t6(first.length + second.length)
        span = first.motion_span if first.is_still else None
        if span is not None and first.motion_offset == 0 and abs(span - length) <= _NEAR:
            span = None  # the whole move again: the unsplit clip's own form
        merged = checked_clip(first, duration=length, motion_span=span, transition=second.transition)
    clips = [*spec.clips[:i], merged, *spec.clips[i + 2 :]]
    return in_place(spec, clips)


def content_bounds(clip: Clip) -> tuple[float, float]:
    """The clip's in and out in its own content (source seconds, or seconds into a still's move)."""
    if clip.is_video:
        return clip.in_point, t6(clip.in_point + clip.length * clip.speed)
    return clip.motion_offset, t6(clip.motion_offset + clip.length)


def trim_clip(
    spec: TimelineSpec,
    clip_id: str,
    *,
    in_point: float | None = None,
    out_point: float | None = None,
    ripple_edit: bool = True,
) -> TimelineSpec:
    """Move a clip's in and/or out point, validated against its source.

    Rippling shifts everything after the clip (texts and voiceover follow their scenes). Without
    ripple every other clip keeps its place: shortening leaves a gap, lengthening eats into a gap.
    """
    i, clip = find_clip(spec, clip_id)
    old_in, old_out = content_bounds(clip)
    new_in = t6(old_in if in_point is None else in_point)
    new_out = t6(old_out if out_point is None else out_point)
    what = "source" if clip.is_video else "shot"
    if new_in < 0:
        raise EditError(f"the in point cannot be before the start of the {what} (0s)")
    if new_out <= new_in:
        raise EditError(f"the out point ({new_out:.2f}s) must be after the in point ({new_in:.2f}s)")
    if clip.is_video and clip.source_duration is not None and new_out > clip.source_duration + 1e-3:
        raise EditError(
            f"the out point {new_out:.2f}s is past the end of the {clip.source_duration:.2f}s source video"
        )
    length = t6((new_out - new_in) / clip.speed) if clip.is_video else t6(new_out - new_in)
    if length < MIN_CLIP_SECONDS:
        raise EditError(f"a clip must stay at least {MIN_CLIP_SECONDS:.1f}s long")
    if clip.is_video:
        # A trimmed video plays its new window: no frozen tail beyond the out point.
        trimmed = checked_clip(clip, in_point=new_in, out_point=new_out, duration=None)
    else:
        span = clip.effective_motion_span if clip.is_still else None
        trimmed = checked_clip(clip, motion_offset=new_in, duration=length, motion_span=span)
        if span is not None and new_in == 0 and abs(span - length) <= _NEAR:
            trimmed = checked_clip(trimmed, motion_span=None)
    clips = [*spec.clips[:i], trimmed, *spec.clips[i + 1 :]]
    if ripple_edit:
        check_transitions_fit(clips, i)
        return ripple(spec, clips)
    # In place, the spec's own checks catch a transition the new gaps or clip are too short for.
    head = t6((new_in - old_in) / clip.speed) if clip.is_video else t6(new_in - old_in)
    tail = t6(clip.length - length - head)
    return in_place(spec, _keep_places(clips, i, head, tail))


def _keep_places(clips: list[Clip], i: int, head: float, tail: float) -> list[Clip]:
    """Give back (or take) ``head`` seconds before clip ``i`` and ``tail`` after it, as gaps."""
    out = list(clips)
    if abs(tail) > _NEAR:
        out = _pad(out, i, tail, after=True)
    if abs(head) > _NEAR:
        out = _pad(out, i, head, after=False)
    return out


def _pad(clips: list[Clip], i: int, seconds: float, *, after: bool) -> list[Clip]:
    clip = clips[i]
    j = i + 1 if after else i - 1
    neighbour = clips[j] if 0 <= j < len(clips) else None
    joined_by = clip.transition if after else (neighbour.transition if neighbour else None)
    if neighbour is not None and neighbour.is_gap and joined_by is None:
        grown = t6(neighbour.length + seconds)
        if grown < -_NEAR or 0 < grown < MIN_CLIP_SECONDS:
            raise EditError("the gap next to the clip is too short for that; ripple the edit instead")
        if grown <= _NEAR:
            return [c for k, c in enumerate(clips) if k != j]
        return [checked_clip(c, duration=grown) if k == j else c for k, c in enumerate(clips)]
    if seconds < 0:
        raise EditError("there is no room to lengthen the clip without moving its neighbours; ripple it")
    if seconds < MIN_CLIP_SECONDS:
        raise EditError(f"that would leave a gap shorter than {MIN_CLIP_SECONDS:.1f}s; ripple the edit")
    gap = Clip(id=new_element_id("c"), kind="gap", duration=seconds)
    if after:
        # The clip's transition now hands over from the gap; the clip cuts into the gap.
        gap = checked_clip(gap, transition=clip.transition)
        clips = [*clips[:i], checked_clip(clip, transition=None), gap, *clips[i + 1 :]]
        check_transitions_fit(clips, i + 1)
        return clips
    clips = [*clips[:i], gap, *clips[i:]]
    check_transitions_fit(clips, i)
    return clips


def delete_clip(spec: TimelineSpec, clip_id: str, *, ripple_edit: bool = True) -> TimelineSpec:
    """Remove a clip: rippling closes the hole (what was on it goes too), otherwise a gap stays."""
    i, clip = find_clip(spec, clip_id)
    if not ripple_edit:
        if clip.is_gap:
            raise EditError("that is already a gap; delete it with ripple to close it")
        gap = Clip(id=new_element_id("c"), kind="gap", duration=clip.length, transition=clip.transition)
        return in_place(spec, [*spec.clips[:i], gap, *spec.clips[i + 1 :]])
    if len(spec.clips) == 1:
        raise EditError("a timeline needs at least one clip")
    return ripple(spec, fitted_transitions([c for k, c in enumerate(spec.clips) if k != i]))


def move_clip(spec: TimelineSpec, clip_id: str, to_index: int) -> TimelineSpec:
    """Put a clip at position ``to_index``; its texts and voiceover travel with it."""
    i, clip = find_clip(spec, clip_id)
    if not 0 <= to_index < len(spec.clips):
        raise EditError(f"position {to_index} is outside the track (0 to {len(spec.clips) - 1})")
    if to_index == i:
        return spec
    clips = [c for k, c in enumerate(spec.clips) if k != i]
    clips.insert(to_index, clip)
    return ripple(spec, fitted_transitions(clips))


def set_transition(
    spec: TimelineSpec,
    clip_id: str,
    kind: TransitionKind | None,
    *,
    duration: float = 0.5,
    direction: Direction = "left",
) -> TimelineSpec:
    """Set (or with ``kind=None`` remove) the transition from a clip into the next one."""
    i, clip = find_clip(spec, clip_id)
    if i == len(spec.clips) - 1:
        raise EditError("the last clip has no next clip to transition into")
    transition = None
    if kind is not None:
        nxt = spec.clips[i + 1]
        if duration >= min(clip.length, nxt.length):
            raise EditError(
                f"a {duration:.2f}s transition must be shorter than both clips it joins "
                f"({clip.length:.2f}s and {nxt.length:.2f}s)"
            )
        transition = Transition(kind=kind, duration=duration, direction=direction)
    clips = [*spec.clips[:i], checked_clip(clip, transition=transition), *spec.clips[i + 1 :]]
    return ripple(spec, clips)


def retime_clip(spec: TimelineSpec, clip_id: str, duration: float) -> TimelineSpec:
    """Give a still or a gap a new length, spreading its camera move over it (videos are trimmed)."""
    i, clip = find_clip(spec, clip_id)
    if clip.is_video:
        raise EditError("a video clip's length comes from its in and out points: trim it instead")
    if duration < MIN_CLIP_SECONDS:
        raise EditError(f"a clip must stay at least {MIN_CLIP_SECONDS:.1f}s long")
    retimed = checked_clip(clip, duration=t6(duration), motion_span=None, motion_offset=0.0)
    clips = [*spec.clips[:i], retimed, *spec.clips[i + 1 :]]
    check_transitions_fit(clips, i)
    return ripple(spec, clips)
