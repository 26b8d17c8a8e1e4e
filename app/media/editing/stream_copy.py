"""Cut-only edits of an exported MP4 by stream copy, with the full render as the fallback.

When ``cut_plan`` finds the edit is runs of the exported video's frames, and
each run starts on a keyframe (our exports force one every second and at
every hard cut, without B-frames), the new video is those runs joined by the
concat demuxer with ``-c:v copy`` and a freshly rendered soundtrack: one
ffmpeg call that takes a fraction of a second instead of a re-encode.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.media.editing.cut_plan import CutPlan, NotCutOnly, plan_cut_only
from app.media.editing.export import ExportResult, export_spec
from app.media.editing.focus import find_focus
from app.media.ffmpeg import ffmpeg_exe, keyframe_times, run_with_progress
from app.media.filtergraph import Graph
from app.media.mp4_index import mp4_video_track_id
from app.media.render import make_thumbnail, render
from app.media.render_audio import audio_graph
from app.media.timeline import Focus, TimelineSpec


@dataclass
class EditExport:
    result: ExportResult
    stream_copied: bool
    reason: str | None  # why a full render was needed, when it was


def check_keyframes(plan: CutPlan, keyframes: list[float]) -> None:
    """Every copied run must start on a keyframe of the exported video."""
    tolerance = 0.5 / plan.fps
    for run in plan.runs:
        at = run.start / plan.fps
        if not any(abs(k - at) < tolerance for k in keyframes):
            raise NotCutOnly(f"the cut at {at:.2f}s is not on a keyframe of the exported video")


def _ffconcat(exported: Path, plan: CutPlan, video_track: int) -> str:
    # Only the video stream: with the audio read too, an AAC packet that starts just before an in
    # point becomes time 0 and the picture starts late (measured: 16 ms on a copy of a copy).
    lines = ["ffconcat version 1.0", "stream", f"exact_stream_id {video_track}"]
    for run in plan.runs:
        lines += [f"file '{exported}'", f"inpoint {_ceil_us(run.start / plan.fps)}"]
        if run.end < plan.source_frames:
            lines.append(f"outpoint {_floor_us(run.end / plan.fps)}")
    return "\n".join(lines) + "\n"


def _ceil_us(seconds: float) -> str:
    # In points round up: a time a microsecond before the keyframe would seek to the previous one.
    return f"{math.ceil(seconds * 1e6 - 1e-3) / 1e6:.6f}"


def _floor_us(seconds: float) -> str:
    # Out points round down: the frame at the out point itself must not be kept.
    return f"{math.floor(seconds * 1e6 + 1e-3) / 1e6:.6f}"


def stream_copy_cut(
    exported: str | Path,
    before: TimelineSpec,
    after: TimelineSpec,
    out_path: str | Path,
    *,
    workdir: str | Path,
    timeout: float | None = None,
) -> Path:
    """Make ``after`` from the export of ``before`` by stream copy, or raise ``NotCutOnly``."""
    plan = plan_cut_only(before, after)
    check_keyframes(plan, keyframe_times(exported))
    work = Path(workdir)
    # A plain-named link: the concat list quotes paths, and ours never need escaping.
    link = work / "exported-for-copy.mp4"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(exported).resolve())
    listing = work / "cuts.ffconcat"
    listing.write_text(_ffconcat(link, plan, mp4_video_track_id(exported)), encoding="utf-8")
    g = Graph(work)
    g.add_input("-f", "concat", "-safe", "0", "-i", str(listing))
    total = plan.duration
    audio_graph(g, after, total)
    out_path = Path(out_path)
    argv = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-nostats",
        "-progress",
        "pipe:1",
        *[arg for inp in g.inputs for arg in inp],
        "-filter_complex",
        ";".join(g.chains),
        "-map",
        "0:v",
        "-c:v",
        "copy",
        "-map",
        "[aout]",
        "-c:a",
        "aac",
        "-b:a",
        "160k",
        "-ar",
        "48000",
        "-ac",
        "2",
        "-movflags",
        "+faststart",
        "-t",
        f"{total:.4f}",
        str(out_path),
    ]
    run_with_progress(argv, total_seconds=total, timeout=timeout, log_path=work / "stream-copy.log")
    return out_path


def _carried_focus(exported: TimelineSpec, edited: TimelineSpec) -> dict[str, Focus]:
    """Focus points the export found, for the edit's clips (by id, else by the same source)."""
    by_id = {c.id: c.focus for c in exported.clips if c.focus}
    by_source = {c.source: c.focus for c in exported.clips if c.focus and c.source}
    out = {}
    for clip in edited.clips:
        point = by_id.get(clip.id) or by_source.get(clip.source)
        if point is not None:
            out[clip.id] = point
    return out


def export_edit(
    exported: str | Path,
    exported_timeline: TimelineSpec,
    edited: TimelineSpec,
    out_path: str | Path,
    *,
    workdir: str | Path | None = None,
    on_progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    timeout: float | None = None,
    focus: Mapping[str, Focus] | None = None,
) -> EditExport:
    """Export ``edited`` (an edit of the project ``exported`` came from) as an MP4 in the same aspect.

    ``exported_timeline`` is ``ExportResult.timeline`` of that export. Cut-only edits are
    stream-copied from ``exported``; anything else is rendered in full.
    """
    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="edit-export-")) if own_tmp else Path(workdir)  # type: ignore[arg-type]
    aspect = exported_timeline.output.aspect
    try:
        points = {**_carried_focus(exported_timeline, edited), **(focus or {})}
        target = export_spec(edited, format="mp4", aspect=aspect, focus=points)
        try:
            path = stream_copy_cut(
                exported, exported_timeline, target, out_path, workdir=work, timeout=timeout
            )
            if on_progress:
                on_progress(1.0)
            thumb = make_thumbnail(path, path.with_suffix(".jpg"), at=min(1.5, target.duration / 3))
            size = path.stat().st_size
            width, height = target.output.size
            result = ExportResult(path, "mp4", width, height, target.duration, size, thumb, target)
            return EditExport(result, stream_copied=True, reason=None)
        except NotCutOnly as exc:
            reason = exc.reason
        missing = find_focus(edited, work, aspect)
        target = export_spec(edited, format="mp4", aspect=aspect, focus={**missing, **points})
        rendered = render(
            target, out_path, on_progress, workdir=work, timeout=timeout, is_cancelled=is_cancelled
        )
        size = rendered.path.stat().st_size
        result = ExportResult(
            rendered.path,
            "mp4",
            rendered.width,
            rendered.height,
            rendered.duration,
            size,
            rendered.thumbnail,
            target,
        )
        return EditExport(result, stream_copied=False, reason=reason)
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)
