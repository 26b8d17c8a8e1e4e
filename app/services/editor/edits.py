"""Edits of a project's present (unsaved) timeline: the JSON commands, library media, music.

The editor keeps its present timeline and undo steps itself; each edit sends that timeline
and gets the new one back (``EditResult``), checked as the caller's own. Nothing is saved
here: ``save_project`` makes a version.
"""

from __future__ import annotations

from typing import Any

from app.db import session_scope
from app.media.editing import commands, media_ops, overlay_ops
from app.media.editing.checks import EditError
from app.media.editing.layout import find_clip, placements
from app.media.timeline import ClipOrigin, TimelineSpec
from app.models.assets import Asset
from app.services.editor.sources import check_sources, media_for, parse_timeline
from app.services.editor.views import EditResult, owned_project
from app.services.platform import InvalidInput, NotFound


def owned_timeline(user_id: str, project_id: str, timeline: Any) -> TimelineSpec:
    """The caller's project exists and ``timeline`` is valid and names only their files."""
    with session_scope() as s:
        owned_project(s, user_id, project_id)
    spec = parse_timeline(timeline)
    check_sources(user_id, spec)
    return spec


def edited(fn, *args: Any, **kwargs: Any) -> TimelineSpec:
    """Run a pure edit; its reason becomes a 422 the user can act on."""
    try:
        return fn(*args, **kwargs)
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc


def _result(label: str, user_id: str, spec: TimelineSpec, *, with_media: bool = False) -> EditResult:
    return EditResult(label, spec.model_dump(mode="json"), media_for(user_id, spec) if with_media else {})


def apply_op(user_id: str, project_id: str, timeline: Any, op: Any) -> EditResult:
    """One editing command (``{"op": "split", "at": 3.2}``, trim, merge, delete, move, gap, ...)."""
    spec = owned_timeline(user_id, project_id, timeline)
    if not isinstance(op, dict):
        raise InvalidInput('op must be an object like {"op": "split", "at": 3.2}.')
    if op.get("op") == "gap":
        new = edited(gap_keeping_id, spec, op)
    else:
        new = edited(commands.apply_command, spec, op)
    return _result(commands.describe(op), user_id, new)


def gap_keeping_id(spec: TimelineSpec, op: dict[str, Any]) -> TimelineSpec:
    """The "gap" command; a gap that starts where a clip starts takes that clip's id.

    That clip is inside the gap (so its id is free again), and a selection of it in the editor
    now selects the gap, which "fill gap" then regenerates.
    """
    command = commands.parse_command(op)
    start, end = float(command.start), float(command.end)  # type: ignore[attr-defined]
    here = next((p for p in placements(spec) if abs(p.start - start) <= 1e-6 and p.end <= end + 1e-6), None)
    return media_ops.make_gap(spec, start, end, gap_id=here.clip_id if here else None)


def _library_asset(user_id: str, asset_id: str) -> Asset:
    with session_scope() as s:
        asset = s.get(Asset, asset_id) if asset_id else None
        if asset is None or asset.user_id != user_id:
            raise NotFound("File not found.")
        s.expunge(asset)
    return asset


def _origin_of(asset: Asset) -> ClipOrigin:
    seed = (asset.meta or {}).get("seed")
    return ClipOrigin(
        kind="library",
        asset_id=asset.id,
        prompt=(asset.prompt or None) and asset.prompt[:4000],
        seed=seed if isinstance(seed, int) else None,
        model=(asset.model or None) and asset.model[:80],
        style=(asset.style or None) and asset.style[:80],
    )


def replace_media(user_id: str, project_id: str, timeline: Any, clip_id: str, asset_id: str) -> EditResult:
    """Show a library image or video in a clip's slot (or fill a gap with it); timing stays."""
    spec = owned_timeline(user_id, project_id, timeline)
    asset = _library_asset(user_id, asset_id)
    if asset.kind not in ("image", "video") or (asset.content_type or "") == "image/gif":
        raise InvalidInput("Pick an image or a video.")
    duration = float(asset.duration) if asset.kind == "video" and asset.duration else None
    _, clip = edited(find_clip, spec, clip_id or "")
    fn = media_ops.fill_gap if clip.is_gap else media_ops.replace_clip_media
    new = edited(fn, spec, clip.id, asset.storage_key, source_duration=duration, origin=_origin_of(asset))
    return _result("Fill gap" if clip.is_gap else "Replace clip media", user_id, new, with_media=True)


def set_music(
    user_id: str, project_id: str, timeline: Any, asset_id: str, volume: float | None = None
) -> EditResult:
    """Use one of the user's audio files as the music bed."""
    spec = owned_timeline(user_id, project_id, timeline)
    asset = _library_asset(user_id, asset_id)
    if not (asset.content_type or "").startswith("audio/"):
        raise InvalidInput("Pick an audio file for the music.")
    new = edited(
        overlay_ops.set_music,
        spec,
        asset.storage_key,
        volume=None if volume is None else float(volume),
        source_duration=float(asset.duration) if asset.duration else None,
    )
    return _result("Change music", user_id, new, with_media=True)


def restore_media(user_id: str, project_id: str, timeline: Any, clip_id: str) -> EditResult:
    """Put back the media a replaced clip had when the project was made."""
    spec = owned_timeline(user_id, project_id, timeline)
    new = edited(media_ops.restore_clip_media, spec, clip_id)
    return _result("Restore original media", user_id, new, with_media=True)
