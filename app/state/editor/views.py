"""What the editor page shows of a timeline: rows of strings and numbers, built once per edit.

The timeline itself (a few kilobytes of JSON) stays in a backend var; the page
gets one row per clip, text and audio track, already placed in seconds and
pixels, with the thumbnail links the editor service resolved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MIN_ZOOM = 10.0  # pixels per second
MAX_ZOOM = 240.0
DEFAULT_ZOOM = 48.0
SNAP_PIXELS = 8.0
# About the width the timeline gets on a laptop screen, beside the track labels.
FIT_PIXELS = 960.0


def fmt_time(seconds: float) -> str:
    """``12.40 s`` for the inspector, ``1:02.4`` past a minute."""
    seconds = max(0.0, float(seconds))
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def number(value: Any, default: float | None = None) -> float | None:
    """A typed number from a form field ("3,5" or "3.5 s"), or ``default``."""
    text = str(value if value is not None else "").strip().lower().removesuffix("s").strip()
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return default


def clip_length(clip: Mapping[str, Any]) -> float:
    if clip.get("duration") is not None:
        return float(clip["duration"])
    out_point = clip.get("out_point")
    if out_point is None:
        return 0.0
    return (float(out_point) - float(clip.get("in_point") or 0.0)) / float(clip.get("speed") or 1.0)


def content_bounds(clip: Mapping[str, Any]) -> tuple[float, float]:
    """What the trim fields show: a video's in/out in its source, a still's window on its move."""
    length = clip_length(clip)
    if str(clip.get("source") or "").lower().endswith((".png", ".jpg", ".jpeg", ".webp")):
        start = float(clip.get("motion_offset") or 0.0)
        return start, round(start + length, 6)
    start = float(clip.get("in_point") or 0.0)
    return start, round(start + length * float(clip.get("speed") or 1.0), 6)


def trim_op(clip_id: str, shown: Sequence[str], typed_in: str, typed_out: str) -> dict[str, Any] | None:
    """The trim edit for the fields as typed: only an edge the user changed is sent (the fields show
    times rounded to 10 ms; sending an untouched one back would nudge that edge). None: no change.
    Raises ValueError with what to type when a changed field is not a number.
    """
    changed_in, changed_out = typed_in.strip() != shown[0], typed_out.strip() != shown[1]
    in_point, out_point = number(typed_in), number(typed_out)
    if (changed_in and in_point is None) or (changed_out and out_point is None):
        raise ValueError("Type the in and out points in seconds, e.g. 0.5 and 3.2.")
    if not (changed_in or changed_out):
        return None
    op: dict[str, Any] = {"op": "trim", "clip_id": clip_id}
    if changed_in:
        op["in_point"] = in_point
    if changed_out:
        op["out_point"] = out_point
    return op


def clip_starts(clips: Sequence[Mapping[str, Any]]) -> tuple[list[float], float]:
    """Where each clip begins on the video track, and the total length (transitions overlap)."""
    starts: list[float] = []
    t = 0.0
    for i, clip in enumerate(clips):
        starts.append(t)
        t += clip_length(clip)
        transition = clip.get("transition")
        if transition and i < len(clips) - 1:
            t -= float(transition.get("duration") or 0.0)
    return starts, round(t, 6)


def _name_of(source: str) -> str:
    return source.rsplit("/", 1)[-1] if source else ""


def clip_rows(
    timeline: Mapping[str, Any], media: Mapping[str, Mapping[str, str]], zoom: float
) -> list[dict[str, str]]:
    """One row per clip of the video track, placed in pixels at ``zoom`` pixels per second."""
    clips = list(timeline.get("clips") or [])
    starts, _ = clip_starts(clips)
    rows = []
    incoming = ""
    for i, (clip, start) in enumerate(zip(clips, starts, strict=True)):
        length = clip_length(clip)
        transition = clip.get("transition") or {}
        # A transition overlaps the next clip: the block ends where the next one begins, so no
        # block hides another; the next block shows the transition's mark at its left edge.
        overlap = float(transition.get("duration") or 0.0) if transition and i < len(clips) - 1 else 0.0
        source = str(clip.get("source") or "")
        looks = media.get(source) or {}
        origin = clip.get("origin") or {}
        is_gap = clip.get("kind") == "gap"
        rows.append(
            {
                "id": str(clip.get("id") or ""),
                "index": str(i),
                "kind": "gap" if is_gap else "media",
                "label": "Gap" if is_gap else (origin.get("prompt") or _name_of(source))[:60],
                "thumb": looks.get("thumb", "") if not is_gap else "",
                "start": f"{start:.2f}",
                "end": f"{start + length:.2f}",
                "duration": f"{length:.2f} s",
                "left": f"{start * zoom:.1f}px",
                "width": f"{max((length - overlap) * zoom - 2, 6):.1f}px",
                "transition": str(transition.get("kind") or "") if i < len(clips) - 1 else "",
                "transition_in": incoming,
                "gap_color": str(clip.get("gap_color") or "#000000"),
            }
        )
        incoming = str(transition.get("kind") or "") if overlap else ""
    return rows


def fit_zoom(total: float, width: float = FIT_PIXELS) -> float:
    """Pixels per second that show the whole timeline in about ``width`` pixels (a round number)."""
    if total <= 0:
        return DEFAULT_ZOOM
    return float(max(MIN_ZOOM, min(MAX_ZOOM, int(width / total))))


def first_thumb(rows: Sequence[Mapping[str, str]]) -> str:
    """The first clip picture: the preview's poster while its video loads (fades start black)."""
    return next((r["thumb"] for r in rows if r.get("thumb")), "")


def text_rows(timeline: Mapping[str, Any], zoom: float) -> list[dict[str, str]]:
    rows = []
    for text in timeline.get("texts") or []:
        start, end = float(text.get("start") or 0), float(text.get("end") or 0)
        rows.append(
            {
                "id": str(text.get("id") or ""),
                "text": str(text.get("text") or ""),
                "start": f"{start:.2f}",
                "end": f"{end:.2f}",
                "position": str(text.get("position") or "bottom"),
                "animation": str(text.get("animation") or "fade"),
                "left": f"{start * zoom:.1f}px",
                "width": f"{max((end - start) * zoom - 2, 6):.1f}px",
            }
        )
    return rows


def audio_rows(timeline: Mapping[str, Any], total: float, zoom: float) -> list[dict[str, str]]:
    rows = []
    for track in timeline.get("audio") or []:
        start = float(track.get("start") or 0)
        kind = str(track.get("kind") or "audio")
        length = float(track.get("duration") or max(total - start, 0.1))
        rows.append(
            {
                "id": str(track.get("id") or ""),
                "kind": str(track.get("kind") or "music"),
                "label": f"{kind.capitalize()} · {_name_of(str(track.get('source') or ''))}",
                "volume": f"{float(track.get('volume') if track.get('volume') is not None else 1.0):.2f}",
                "left": f"{start * zoom:.1f}px",
                "width": f"{max(min(length, total - start) * zoom - 2, 6):.1f}px",
            }
        )
    return rows


def ruler_marks(total: float, zoom: float) -> list[dict[str, str]]:
    """Second marks under the tracks: every 1, 2, 5 or 10 s, whichever keeps them readable."""
    step = next((s for s in (1, 2, 5, 10, 30) if s * zoom >= 48), 60)
    marks, t = [], 0
    while t <= total + 1e-6:
        marks.append({"label": f"{t} s", "left": f"{t * zoom:.1f}px"})
        t += step
    return marks


def snap_points(timeline: Mapping[str, Any]) -> list[float]:
    """Clip and text edges, the start and the end: where the playhead snaps."""
    clips = list(timeline.get("clips") or [])
    starts, total = clip_starts(clips)
    points = {0.0, total, *starts}
    for text in timeline.get("texts") or []:
        points.update((float(text.get("start") or 0), min(float(text.get("end") or 0), total)))
    return sorted(points)


def snapped(points: Sequence[float], at: float, zoom: float) -> float:
    """``at`` moved onto the nearest edge within a few pixels at this zoom."""
    if not points:
        return at
    nearest = min(points, key=lambda p: abs(p - at))
    return nearest if abs(nearest - at) * zoom <= SNAP_PIXELS else at


def clip_at(timeline: Mapping[str, Any], at: float) -> str:
    """The id of the clip under the playhead (the last one at the very end)."""
    clips = list(timeline.get("clips") or [])
    starts, _ = clip_starts(clips)
    chosen = ""
    for clip, start in zip(clips, starts, strict=True):
        if start <= at + 1e-6:
            chosen = str(clip.get("id") or "")
    return chosen


def find(items: Sequence[Mapping[str, Any]], item_id: str) -> dict[str, Any]:
    return dict(next((i for i in items if i.get("id") == item_id), {}))
