"""Is an edit "cut-only", and which frames of the exported video make up the result?

An edited timeline can be made from an earlier export by stream copy when
every clip is a window of a clip that export showed, rendered the same way,
so the new video is runs of the old video's frames. This module decides that
(pure: specs in, frame ranges out) and says why not when it cannot:

- same output settings, grade, watermark and fades;
- each clip shows a part of an exported clip (same media, motion and crop);
- joins that are not continuous in the export are hard cuts, away from any
  blended transition frames;
- every text overlay the copied frames show is whole inside one run and sits
  in the edit at the same place relative to it; the edit adds no other text;
- the opening and closing fades stay at the start and the end.

The sound is never copied: the stream-copy path renders the edit's own audio
(joined AAC chunks click, and a music bed should play on across a cut).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.media.editing.checks import CLIP_LOOK_FIELDS
from app.media.frames import ClipFrames, clip_frame_count, clip_frames, total_frames
from app.media.timeline import Clip, TextOverlay, TimelineSpec

_NEAR = 1e-6

_TIMELINE_LOOK = ("grade", "watermark", "fade_in", "fade_out")


class NotCutOnly(Exception):
    """The edit needs a full render; ``reason`` says what stops a stream copy."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CopyRun:
    """Frames [start, end) of the exported video, copied in order."""

    start: int
    end: int

    @property
    def frames(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class CutPlan:
    runs: list[CopyRun]
    fps: int
    source_frames: int  # frames in the exported video

    @property
    def frames(self) -> int:
        return sum(r.frames for r in self.runs)

    @property
    def duration(self) -> float:
        return self.frames / self.fps


def _window(clip: Clip) -> tuple[float, float]:
    start = clip.in_point / clip.speed if clip.is_video else clip.motion_offset
    return start, start + clip.length


def _look(clip: Clip) -> tuple:
    span = round(clip.effective_motion_span, 6) if clip.is_still else None
    return (*(getattr(clip, f) for f in CLIP_LOOK_FIELDS), span)


@dataclass(frozen=True)
class _Placed:
    source: int  # index of the exported clip it shows
    start: int  # its first frame in the export
    end: int


def _place(clip: Clip, before: TimelineSpec, layout: list[ClipFrames], prefer: int | None) -> _Placed:
    fps = before.output.fps
    a, b = _window(clip)
    count = clip_frame_count(clip.length, fps)
    found: list[_Placed] = []
    for i, old in enumerate(before.clips):
        oa, ob = _window(old)
        if _look(old) != _look(clip) or a < oa - _NEAR or b > ob + _NEAR:
            continue
        offset = (a - oa) * fps
        if abs(offset - round(offset)) > 1e-3:
            raise NotCutOnly(f"clip {clip.id!r} starts between two frames of the exported video")
        start = layout[i].start + round(offset)
        if start + count > layout[i].end:
            continue
        found.append(_Placed(i, start, start + count))
    if not found:
        raise NotCutOnly(f"clip {clip.id!r} shows something the exported video does not")
    return next((p for p in found if p.start == prefer), found[0])


def plan_cut_only(before: TimelineSpec, after: TimelineSpec) -> CutPlan:
    """The runs of ``before``'s export that make ``after``, or ``NotCutOnly`` with the reason."""
    if before.output.format != "mp4" or after.output != before.output:
        raise NotCutOnly("the output settings changed")
    if before.output.keyframe_interval is None:
        raise NotCutOnly("the video was not exported with cut-friendly keyframes")
    for name in _TIMELINE_LOOK:
        if getattr(before, name) != getattr(after, name):
            raise NotCutOnly(f"the {name.replace('_', ' ')} changed")
    layout = clip_frames(before)
    placed: list[_Placed] = []
    runs: list[CopyRun] = []
    for k, clip in enumerate(after.clips):
        here = _place(clip, before, layout, runs[-1].end if runs else None)
        if runs and _continues(after, before, layout, placed[-1], here, k):
            runs[-1] = CopyRun(runs[-1].start, here.end)
        else:
            if runs and after.clips[k - 1].transition is not None:
                raise NotCutOnly("a transition joins clips that were not joined by it in the export")
            if runs and placed[-1].end > layout[placed[-1].source].solo_end:
                raise NotCutOnly("a cut falls inside a transition of the exported video")
            if here.start < layout[here.source].solo_start:
                raise NotCutOnly("a cut falls inside a transition of the exported video")
            runs.append(CopyRun(here.start, here.end))
        placed.append(here)
    if placed[-1].end > layout[placed[-1].source].solo_end:
        raise NotCutOnly("the edit ends inside a transition of the exported video")
    plan = CutPlan(runs, before.output.fps, total_frames(before))
    if plan.frames != total_frames(after):
        raise NotCutOnly("the edit's frame count differs from the copied frames")
    _check_fades(before, plan)
    _check_texts(before, after, plan)
    return plan


def _continues(
    after: TimelineSpec, before: TimelineSpec, layout: list[ClipFrames], prev: _Placed, here: _Placed, k: int
) -> bool:
    """Whether clip k picks up exactly where the export went on after clip k-1."""
    joined_by = after.clips[k - 1].transition
    if here.source == prev.source:
        return joined_by is None and here.start == prev.end
    if here.source != prev.source + 1 or joined_by != before.clips[prev.source].transition:
        return False
    return prev.end == layout[prev.source].end and here.start == layout[here.source].start


def _check_fades(before: TimelineSpec, plan: CutPlan) -> None:
    fps = before.output.fps
    if before.fade_in:
        faded = math.ceil(before.fade_in * fps)
        if plan.runs[0].start != 0 or any(r.start < faded for r in plan.runs[1:]):
            raise NotCutOnly("the opening fade would not stay at the start")
    if before.fade_out:
        faded = plan.source_frames - math.ceil(before.fade_out * fps)
        if plan.runs[-1].end != plan.source_frames or any(r.end > faded for r in plan.runs[:-1]):
            raise NotCutOnly("the closing fade would not stay at the end")


def _text_frames(text: TextOverlay, spec: TimelineSpec) -> tuple[int, int]:
    """First and last frame ``text`` is visible on.

    drawtext's ``between(t, start, end)`` includes both ends; an animated text's alpha ramps from
    0 at its start to 0 at its end, so on those exact frames it is enabled but invisible.
    """
    fps = spec.output.fps
    start, end = text.start * fps, min(text.end, spec.duration) * fps
    if text.animation == "none":
        return math.ceil(start - 1e-6), math.floor(end + 1e-6)
    return math.floor(start + 1e-6) + 1, math.ceil(end - 1e-6) - 1


def _text_key(text: TextOverlay) -> tuple:
    return tuple(v for k, v in text.model_dump().items() if k not in ("id", "start", "end"))


def _check_texts(before: TimelineSpec, after: TimelineSpec, plan: CutPlan) -> None:
    expected: list[tuple[tuple, int, int]] = []
    out_start = 0
    for run in plan.runs:
        for text in before.texts:
            first, last = _text_frames(text, before)
            if last < run.start or first >= run.end:
                continue
            if first < run.start or last >= run.end:
                raise NotCutOnly(f"the cut goes through the text {text.text[:24]!r}")
            shift = out_start - run.start
            expected.append((_text_key(text), first + shift, last + shift))
        out_start += run.frames
    actual = sorted((_text_key(t), *_text_frames(t, after)) for t in after.texts)
    if sorted(expected) != actual:
        raise NotCutOnly("text overlays changed")
