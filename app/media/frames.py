"""Where each clip lands on the rendered video's frame grid.

The renderer gives every clip ``round(length * fps)`` frames, joins hard cuts
with ``concat`` (frames add up) and transitions with ``xfade`` at an offset
in seconds that ffmpeg rounds to the nearest frame. Forced keyframes and the
stream-copy cut path both need those exact frame numbers, so this module is
the one place that knows them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.media.timeline import TimelineSpec


@dataclass(frozen=True)
class ClipFrames:
    start: int  # first output frame of the clip (blended with the previous clip while a transition runs)
    count: int  # frames in the clip's segment
    blend_in: int  # leading frames shared with the previous clip
    blend_out: int  # trailing frames shared with the next clip

    @property
    def end(self) -> int:
        return self.start + self.count

    @property
    def solo_start(self) -> int:
        """First frame that shows this clip alone."""
        return self.start + self.blend_in

    @property
    def solo_end(self) -> int:
        """One past the last frame that shows this clip alone."""
        return self.end - self.blend_out


def clip_frame_count(length: float, fps: int) -> int:
    return max(1, round(length * fps))


def nearest_frame(x: float) -> int:
    # av_rescale_q rounds half away from zero; Python's round() would round half to even.
    return math.floor(x + 0.5)


def clip_frames(spec: TimelineSpec) -> list[ClipFrames]:
    """Each clip's frame range in the render of ``spec``, mirroring ``render`` join by join."""
    fps = spec.output.fps
    counts = [clip_frame_count(c.length, fps) for c in spec.clips]
    starts, blends = [0], [0]
    end, elapsed = counts[0], spec.clips[0].length
    for i in range(1, len(spec.clips)):
        transition = spec.clips[i - 1].transition
        if transition:
            offset = nearest_frame((elapsed - transition.duration) * fps)
            starts.append(offset)
            blends.append(nearest_frame(transition.duration * fps))
            end = offset + counts[i]
            elapsed += spec.clips[i].length - transition.duration
        else:
            starts.append(end)
            blends.append(0)
            end += counts[i]
            elapsed += spec.clips[i].length
    out = []
    for i, (start, count) in enumerate(zip(starts, counts, strict=True)):
        blend_out = blends[i + 1] if i + 1 < len(counts) else 0
        out.append(ClipFrames(start, count, blends[i], blend_out))
    return out


def total_frames(spec: TimelineSpec) -> int:
    """Frames in the render: the final trim keeps every frame that starts before the duration."""
    return max(1, math.ceil(spec.duration * spec.output.fps - 1e-6))


def hard_cut_frames(spec: TimelineSpec) -> list[int]:
    """First frames of clips that start with a hard cut (no transition into them)."""
    return [f.start for i, f in enumerate(clip_frames(spec)) if i > 0 and f.blend_in == 0]
