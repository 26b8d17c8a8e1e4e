"""Changing what a clip shows: replace or restore its media, open a gap, fill it, ask for a new clip.

A gap holds a place on the video track and renders black. "Fill gap" (and
"regenerate") ask a video model for a clip of exactly the slot's length and
aspect, seeded like its neighbours so it fits in; ``regeneration_request``
says what to ask for, and ``fill_gap`` / ``replace_clip_media`` put the
answer in. Media paths come from the services, which resolve asset ids to
files they own: nothing here accepts a path from a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from app.media.editing.checks import MIN_CLIP_SECONDS, EditError, reason_of, t6
from app.media.editing.clip_ops import split_at
from app.media.editing.layout import find_clip, placements
from app.media.editing.rebuild import in_place
from app.media.timeline import Clip, ClipOrigin, MotionPreset, TimelineSpec, is_image_path, new_element_id

_NEAR = 1e-6


def _new_media(
    slot: Clip,
    source: str,
    *,
    clip_id: str,
    source_duration: float | None,
    origin: ClipOrigin | None,
    motion: MotionPreset | None,
    in_point: float,
) -> Clip:
    """A media clip that fills ``slot`` exactly: same length and place, same hand-over."""
    length = slot.length
    still = is_image_path(source)
    base = {
        "id": clip_id,
        "kind": "media",
        "source": source,
        "transition": slot.transition,
        "origin": origin,
        "source_duration": None if still else source_duration,
    }
    try:
        if still:
            still_motion = motion or (slot.motion if slot.is_still else "none")
            return Clip.model_validate({**base, "duration": length, "motion": still_motion})
        out = t6(in_point + length)
        if source_duration is not None and out > source_duration + 1e-3:
            raise EditError(
                f"the new video runs {source_duration - in_point:.2f}s from its in point; "
                f"this slot needs {length:.2f}s"
            )
        return Clip.model_validate({**base, "in_point": in_point, "out_point": out})
    except ValidationError as exc:
        raise EditError(reason_of(exc)) from exc


def replace_clip_media(
    spec: TimelineSpec,
    clip_id: str,
    source: str,
    *,
    source_duration: float | None = None,
    origin: ClipOrigin | None = None,
    motion: MotionPreset | None = None,
    in_point: float = 0.0,
) -> TimelineSpec:
    """Show other media in a clip's slot (library pick or regenerated clip); its timing stays.

    The clip keeps its id; its origin remembers the media the project started with, so it can be
    restored after any number of replacements.
    """
    i, clip = find_clip(spec, clip_id)
    if clip.is_gap:
        raise EditError("that is a gap: fill it instead")
    first = clip.origin or ClipOrigin(kind="render")
    remembered = {
        "original_source": first.original_source or clip.source,
        "original_source_duration": first.original_source_duration or clip.source_duration,
    }
    new_origin = (origin or ClipOrigin(kind="library")).model_copy(update=remembered)
    new = _new_media(
        clip,
        source,
        clip_id=clip.id,
        source_duration=source_duration,
        origin=new_origin,
        motion=motion,
        in_point=in_point,
    )
    return in_place(spec, [*spec.clips[:i], new, *spec.clips[i + 1 :]])


def restore_clip_media(spec: TimelineSpec, clip_id: str) -> TimelineSpec:
    """Put back the media a replaced clip had when the project was made."""
    _, clip = find_clip(spec, clip_id)
    origin = clip.origin
    if origin is None or not origin.original_source or origin.original_source == clip.source:
        raise EditError("this clip still shows its original media")
    return replace_clip_media(
        spec,
        clip_id,
        origin.original_source,
        source_duration=origin.original_source_duration,
        origin=origin,
    )


def make_gap(spec: TimelineSpec, start: float, end: float, *, gap_id: str | None = None) -> TimelineSpec:
    """Turn timeline seconds [start, end) of the video track into one gap; nothing else moves.

    Clips cut by the range are split at its edges (so the edges may not fall inside a transition).
    """
    start, end = t6(start), t6(end)
    if not 0 <= start < end <= spec.duration + _NEAR:
        raise EditError(f"a gap must lie inside the timeline (0 to {spec.duration:.2f}s), start before end")
    if end - start < MIN_CLIP_SECONDS:
        raise EditError(f"a gap must be at least {MIN_CLIP_SECONDS:.1f}s long")
    edited = spec
    for cut in (start, end):
        if not any(abs(p.start - cut) <= _NEAR for p in placements(edited)) and cut < edited.duration - _NEAR:
            edited = split_at(edited, cut)
    places = placements(edited)
    first = next(p.index for p in places if abs(p.start - start) <= _NEAR)
    last = max(p.index for p in places if p.start < end - _NEAR)
    run = edited.clips[first : last + 1]
    length = t6(places[last].end - places[first].start)
    gap = Clip(
        id=gap_id or new_element_id("c"),
        kind="gap",
        duration=length,
        transition=run[-1].transition if last < len(edited.clips) - 1 else None,
    )
    return in_place(edited, [*edited.clips[:first], gap, *edited.clips[last + 1 :]])


def fill_gap(
    spec: TimelineSpec,
    gap_id: str,
    source: str,
    *,
    source_duration: float | None = None,
    origin: ClipOrigin | None = None,
    motion: MotionPreset | None = None,
    clip_id: str | None = None,
) -> TimelineSpec:
    """Put new media (e.g. the clip generated for it) into a gap; it takes exactly the gap's slot."""
    i, gap = find_clip(spec, gap_id)
    if not gap.is_gap:
        raise EditError("that clip is not a gap; replace its media instead")
    new = _new_media(
        gap,
        source,
        clip_id=clip_id or new_element_id("c"),
        source_duration=source_duration,
        origin=origin or ClipOrigin(kind="generated"),
        motion=motion,
        in_point=0.0,
    )
    return in_place(spec, [*spec.clips[:i], new, *spec.clips[i + 1 :]])


@dataclass(frozen=True)
class RegenerationRequest:
    """What to ask a video model for so a new clip fits its slot and its neighbours."""

    clip_id: str
    duration: float  # exactly the slot's length, transition overlaps included
    aspect: str
    resolution: str
    fps: int
    width: int
    height: int
    prompt: str | None
    negative_prompt: str | None
    seed: int | None
    model: str | None
    style: str | None
    based_on: str | None  # the clip whose origin the settings come from


def regeneration_request(
    spec: TimelineSpec, clip_id: str, *, prompt: str | None = None
) -> RegenerationRequest:
    """The generation settings for a new take of a clip, or for a gap (borrowed from its neighbours).

    A gap has no prompt of its own: the nearest media clip before it (else after it) lends its
    prompt, seed, model and style, so the new clip matches the look around it.
    """
    i, clip = find_clip(spec, clip_id)
    donor: Clip | None = clip if clip.origin else None
    if clip.is_gap or donor is None:
        neighbours = [*reversed(spec.clips[:i]), *spec.clips[i + 1 :]]
        donor = next((c for c in neighbours if not c.is_gap and c.origin), donor)
    origin = donor.origin if donor else None
    width, height = spec.output.size
    return RegenerationRequest(
        clip_id=clip.id,
        duration=clip.length,
        aspect=spec.output.aspect,
        resolution=spec.output.resolution,
        fps=spec.output.fps,
        width=width,
        height=height,
        prompt=prompt or (origin.prompt if origin else None),
        negative_prompt=origin.negative_prompt if origin else None,
        seed=origin.seed if origin else None,
        model=origin.model if origin else None,
        style=origin.style if origin else None,
        based_on=donor.id if donor else None,
    )
