"""Projects: open a finished video for editing, read it, save versions (a stale save is refused)."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.media.ffmpeg import MediaError, probe
from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.editor import EditorProject, ProjectExport, ProjectVersion
from app.services.editor.sources import check_sources, parse_timeline
from app.services.editor.views import ProjectView, owned_project, project_view, version_row
from app.services.platform import Conflict, InvalidInput, NotFound, StorageError, get_storage

log = logging.getLogger(__name__)

_ASPECTS = {"9:16": 9 / 16, "1:1": 1.0, "16:9": 16 / 9, "4:3": 4 / 3, "3:2": 3 / 2}
MAX_NAME = 200


def _aspect_of(asset: Asset) -> str:
    given = (asset.meta or {}).get("aspect_ratio")
    if given in _ASPECTS:
        return str(given)
    ratio = (asset.width or 9) / (asset.height or 16)
    return min(_ASPECTS, key=lambda a: abs(_ASPECTS[a] - ratio))


def _resolution_of(asset: Asset) -> str:
    short = min(asset.width or 1080, asset.height or 1080)
    return "1080p" if short >= 900 else "720p" if short >= 600 else "480p" if short >= 420 else "360p"


def _duration_of(asset: Asset) -> float:
    if asset.duration:
        return float(asset.duration)
    with tempfile.TemporaryDirectory(prefix="cs-open-") as tmp:
        path = Path(tmp) / "video.mp4"
        path.write_bytes(get_storage().get(asset.storage_key))
        try:
            return float(probe(path).duration)
        except MediaError as exc:
            raise InvalidInput("This video could not be read, so it cannot be edited.") from exc


def single_clip_timeline(asset: Asset) -> TimelineSpec:
    """A video without a kept timeline (a vendor video, a pro-mode final): one clip, the MP4 itself."""
    duration = round(_duration_of(asset), 6)
    meta = asset.meta or {}
    origin = {
        "kind": "generated",
        "asset_id": asset.id,
        "prompt": (asset.prompt or None) and asset.prompt[:4000],
        "seed": meta.get("seed") if isinstance(meta.get("seed"), int) else None,
        "model": (asset.model or None) and asset.model[:80],
        "style": (asset.style or None) and asset.style[:80],
    }
    return TimelineSpec.model_validate(
        {
            "output": {
                "aspect": _aspect_of(asset),
                "resolution": _resolution_of(asset),
                "purpose": "clip" if duration > 30 else "ad",
            },
            "clips": [
                {
                    "source": asset.storage_key,
                    "in_point": 0.0,
                    "out_point": duration,
                    "source_duration": duration,
                    "origin": origin,
                }
            ],
        }
    )


def initial_timeline(asset: Asset) -> TimelineSpec:
    """The timeline the engine kept beside the asset (every scene its own source), else one clip."""
    key = (asset.meta or {}).get("timeline_key")
    if isinstance(key, str) and key:
        try:
            spec = TimelineSpec.model_validate(json.loads(get_storage().get(key)))
            check_sources(asset.user_id, spec)
            return spec
        except (StorageError, ValueError, ValidationError, InvalidInput, OSError):
            log.warning(
                "asset %s: its kept timeline is unreadable; opening the video itself", asset.id, exc_info=True
            )
    return single_clip_timeline(asset)


def _name_for(asset: Asset) -> str:
    words = " ".join((asset.prompt or "").split())
    return (words[:80] or "Untitled video").strip()


def open_project(user_id: str, asset_id: str) -> ProjectView:
    """The project of a finished video: an export reopens its project, a video its latest one."""
    with session_scope() as s:
        asset = s.get(Asset, asset_id) if asset_id else None
        if asset is None or asset.user_id != user_id:
            raise NotFound("Video not found.")
        exported = s.exec(
            select(ProjectExport.project_id).where(
                ProjectExport.user_id == user_id, ProjectExport.asset_id == asset_id
            )
        ).first()
        existing = (
            exported
            or s.exec(
                select(EditorProject.id)
                .where(EditorProject.user_id == user_id, EditorProject.source_asset_id == asset_id)
                .order_by(col(EditorProject.updated_at).desc())
            ).first()
        )
        if existing:
            return project_view(s, owned_project(s, user_id, existing))
        if asset.kind != "video" or not (asset.content_type or "").startswith("video/"):
            raise InvalidInput("Only finished videos open in the editor.")
        s.expunge(asset)
    spec = initial_timeline(asset)
    project = EditorProject(
        user_id=user_id, source_asset_id=asset.id, name=_name_for(asset), current_version=1
    )
    with write_session() as s:
        s.add(project)
        s.flush()
        s.add(
            ProjectVersion(
                project_id=project.id, user_id=user_id, version=1, timeline=spec.model_dump(mode="json")
            )
        )
    return get_project(user_id, project.id)


def get_project(user_id: str, project_id: str) -> ProjectView:
    with session_scope() as s:
        return project_view(s, owned_project(s, user_id, project_id))


def project_timeline(user_id: str, project_id: str, version: int | None = None) -> dict[str, Any]:
    """A saved timeline of the project (the latest unless ``version`` is given)."""
    with session_scope() as s:
        project = owned_project(s, user_id, project_id)
        return dict(version_row(s, project.id, version or project.current_version).timeline)


def save_project(user_id: str, project_id: str, timeline: Any, base_version: Any) -> ProjectView:
    """Save ``timeline`` as the version after ``base_version``; ``Conflict`` when someone saved since."""
    if isinstance(base_version, bool) or not isinstance(base_version, int) or base_version < 1:
        raise InvalidInput("base_version must be the version number you started from.")
    with session_scope() as s:
        owned_project(s, user_id, project_id)
    spec = parse_timeline(timeline)
    check_sources(user_id, spec)
    now = utcnow()
    with write_session() as s:
        moved = s.execute(
            update(EditorProject)
            .where(col(EditorProject.id) == project_id)
            .where(col(EditorProject.user_id) == user_id)
            .where(col(EditorProject.current_version) == base_version)
            .values(current_version=base_version + 1, updated_at=now)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            latest = s.get(EditorProject, project_id)
            raise Conflict(
                f"This project was saved since version {base_version} (it is at version "
                f"{latest.current_version if latest else '?'}). Reload it before saving."
            )
        s.add(
            ProjectVersion(
                project_id=project_id,
                user_id=user_id,
                version=base_version + 1,
                timeline=spec.model_dump(mode="json"),
                saved_at=now,
            )
        )
    return get_project(user_id, project_id)


def rename_project(user_id: str, project_id: str, name: str) -> ProjectView:
    clean = " ".join(str(name or "").split())[:MAX_NAME]
    if not clean:
        raise InvalidInput("Give the project a name.")
    with write_session() as s:
        project = owned_project(s, user_id, project_id)
        project.name, project.updated_at = clean, utcnow()
        s.add(project)
    return get_project(user_id, project_id)
