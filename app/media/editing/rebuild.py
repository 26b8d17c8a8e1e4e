"""How an operation's new clip list becomes a new, validated timeline."""

from __future__ import annotations

from collections.abc import Sequence

from app.media.editing.checks import EditError, checked_spec, t6
from app.media.editing.layout import length_of
from app.media.editing.timemap import follow_picture
from app.media.timeline import Clip, TimelineSpec, Transition

_MIN_TRANSITION = 0.06


def in_place(spec: TimelineSpec, clips: Sequence[Clip]) -> TimelineSpec:
    """Clips changed but every one kept its place on the timeline: texts and audio stay as they are."""
    if abs(length_of(clips) - spec.duration) > 1e-6:
        raise AssertionError("an in-place edit changed the timeline's length")  # a bug, not a user error
    return checked_spec(spec, clips=list(clips))


def ripple(spec: TimelineSpec, clips: Sequence[Clip]) -> TimelineSpec:
    """Clips moved or changed length: texts and linked audio follow their picture."""
    texts, audio = follow_picture(spec.clips, clips, spec.texts, spec.audio)
    total = length_of(clips)
    fade_in, fade_out = spec.fade_in, spec.fade_out
    if fade_in + fade_out > total:
        # The timeline got shorter than its opening and closing fades: keep their proportion.
        k = total / (fade_in + fade_out) * 0.99
        fade_in, fade_out = t6(fade_in * k), t6(fade_out * k)
    return checked_spec(spec, clips=list(clips), texts=texts, audio=audio, fade_in=fade_in, fade_out=fade_out)


def fitted_transitions(clips: Sequence[Clip]) -> list[Clip]:
    """Clips whose transitions fit their new neighbours (after a delete or move joined new pairs).

    A transition must be shorter than both clips it joins; one that no longer fits is shortened,
    or dropped when even a short one would not fit. The last clip has nothing to hand over to.
    """
    out = list(clips)
    for i, clip in enumerate(out):
        if clip.transition is None:
            continue
        if i == len(out) - 1:
            out[i] = clip.model_copy(update={"transition": None})
            continue
        limit = min(clip.length, out[i + 1].length)
        if clip.transition.duration < limit:
            continue
        shorter = round(limit * 0.8, 3)
        transition = (
            clip.transition.model_copy(update={"duration": shorter}) if shorter > _MIN_TRANSITION else None
        )
        out[i] = clip.model_copy(update={"transition": transition})
    return out


def check_transitions_fit(clips: Sequence[Clip], index: int) -> None:
    """Raise if clip ``index`` became too short for the transitions into or out of it."""
    clip = clips[index]
    checks: list[tuple[Transition, str]] = []
    if index > 0 and clips[index - 1].transition:
        checks.append((clips[index - 1].transition, "into"))  # type: ignore[arg-type]
    if clip.transition and index < len(clips) - 1:
        checks.append((clip.transition, "out of"))
    for transition, where in checks:
        if clip.length <= transition.duration:
            raise EditError(
                f"the clip would be {clip.length:.2f}s, no longer than the {transition.duration:.2f}s "
                f"transition {where} it; shorten or remove the transition first"
            )
