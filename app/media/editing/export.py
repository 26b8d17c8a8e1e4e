"""Exports and previews of one timeline: MP4, WebM, GIF/WebP previews, fast proxies.

``export_spec`` is the pure part: the timeline exactly as an export renders
it (reframed to the aspect, in the format, with cut-friendly keyframes for
MP4). ``export_video`` renders it; animated previews are re-rendered smaller
until they are under ``PREVIEW_MAX_BYTES``. ``render_proxy`` is the editor's
quick low-resolution preview of an edit (360p, ultrafast).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.media.editing.focus import find_focus
from app.media.editing.reframe import fit_texts, reframe
from app.media.ffmpeg import MediaError
from app.media.render import RenderResult, render
from app.media.timeline import Aspect, ExportFormat, Focus, Resolution, TimelineSpec

PREVIEW_MAX_BYTES = 5 * 1024 * 1024
# A keyframe every second (and at each hard cut): a later cut-only edit can stream-copy.
EXPORT_KEYFRAME_SECONDS = 1.0
# Smaller and slower until the file fits: (resolution, fps) per attempt.
_PREVIEW_LADDER: dict[str, list[tuple[Resolution, int]]] = {
    "gif": [("360p", 10), ("240p", 10), ("240p", 8)],
    "webp": [("360p", 12), ("360p", 10), ("240p", 10)],
}
_PREVIEW_CRF = {"webp": [23, 27, 30], "gif": [23, 23, 23]}
SUFFIX = {"mp4": ".mp4", "webm": ".webm", "gif": ".gif", "webp": ".webp"}


@dataclass
class ExportResult:
    path: Path
    format: str
    width: int
    height: int
    duration: float
    size_bytes: int
    thumbnail: Path
    timeline: TimelineSpec  # what was rendered: keep it to stream-copy a later cut-only edit
    attempts: int = 1


def export_spec(
    spec: TimelineSpec,
    *,
    format: ExportFormat = "mp4",
    aspect: Aspect | None = None,
    focus: Mapping[str, Focus] | None = None,
    attempt: int = 0,
) -> TimelineSpec:
    """The timeline as an export renders it (pure: no media is read)."""
    framed = (
        reframe(spec, aspect, focus=focus) if aspect and aspect != spec.output.aspect else fit_texts(spec)
    )
    changes: dict = {"format": format, "keyframe_interval": None}
    if format == "mp4":
        changes["keyframe_interval"] = EXPORT_KEYFRAME_SECONDS
    elif format in _PREVIEW_LADDER:
        ladder = _PREVIEW_LADDER[format]
        resolution, fps = ladder[min(attempt, len(ladder) - 1)]
        changes.update(
            resolution=resolution, fps=fps, crf=_PREVIEW_CRF[format][min(attempt, len(ladder) - 1)]
        )
    output = framed.output.model_copy(update=changes)
    return TimelineSpec.model_validate({**framed.model_dump(), "output": output.model_dump()})


def export_video(
    spec: TimelineSpec,
    out_path: str | Path,
    *,
    format: ExportFormat = "mp4",
    aspect: Aspect | None = None,
    workdir: str | Path | None = None,
    on_progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    timeout: float | None = None,
    max_preview_bytes: int = PREVIEW_MAX_BYTES,
) -> ExportResult:
    """Render an export of ``spec``; relative media paths resolve against ``workdir``."""
    out_path = Path(out_path)
    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="export-")) if own_tmp else Path(workdir)  # type: ignore[arg-type]
    try:
        focus = find_focus(spec, work, aspect) if aspect else {}
        attempts = len(_PREVIEW_LADDER.get(format, [None]))
        for attempt in range(attempts):
            rendered = export_spec(spec, format=format, aspect=aspect, focus=focus, attempt=attempt)
            result = render(
                rendered,
                out_path,
                on_progress=on_progress,
                workdir=work,
                timeout=timeout,
                is_cancelled=is_cancelled,
            )
            size = out_path.stat().st_size
            if format not in _PREVIEW_LADDER or size <= max_preview_bytes:
                return _result(result, rendered, size, attempt + 1)
        raise MediaError(
            f"the {format} preview is {size / 1e6:.1f} MB even at its smallest; the limit is "
            f"{max_preview_bytes / 1e6:.0f} MB: export a shorter part or an MP4"
        )
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)


def _result(result: RenderResult, rendered: TimelineSpec, size: int, attempts: int) -> ExportResult:
    return ExportResult(
        path=result.path,
        format=result.format,
        width=result.width,
        height=result.height,
        duration=result.duration,
        size_bytes=size,
        thumbnail=result.thumbnail,
        timeline=rendered,
        attempts=attempts,
    )


def proxy_spec(spec: TimelineSpec) -> TimelineSpec:
    """A fast low-resolution version of ``spec`` for the editor's preview (timing unchanged)."""
    output = spec.output.model_copy(
        update={
            "resolution": "360p",
            "preset": "ultrafast",
            "crf": 30,
            "fps": min(spec.output.fps, 24),
            "format": "mp4",
            "keyframe_interval": None,
        }
    )
    return TimelineSpec.model_validate({**spec.model_dump(), "output": output.model_dump()})


def render_proxy(
    spec: TimelineSpec,
    out_path: str | Path,
    *,
    workdir: str | Path | None = None,
    on_progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    timeout: float | None = None,
) -> RenderResult:
    """Render the proxy preview of an edit (a few seconds for a 30 s ad on 2 cores)."""
    return render(
        proxy_spec(spec), out_path, on_progress, workdir=workdir, timeout=timeout, is_cancelled=is_cancelled
    )
