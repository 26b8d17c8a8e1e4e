"""What callers see of a project: ``ProjectView`` (the page and the REST shape) and edit results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.models.editor import EditorProject, ProjectExport, ProjectVersion
from app.services.editor.sources import media_for
from app.services.platform import NotFound, iso_utc, signed_url


@dataclass(frozen=True)
class EditResult:
    """One edit's outcome: the history label, the new timeline, links for any new media."""

    label: str
    timeline: dict[str, Any]
    media: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return {"label": self.label, "timeline": self.timeline}


@dataclass(frozen=True)
class ProjectView:
    project_id: str
    name: str
    version: int
    source_asset_id: str | None
    timeline: dict[str, Any]
    media: dict[str, dict[str, str]]
    versions: list[dict[str, Any]]
    exports: list[dict[str, Any]]
    preview_url: str
    created_at: datetime
    updated_at: datetime

    def to_api(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "name": self.name,
            "version": self.version,
            "source_asset_id": self.source_asset_id,
            "timeline": self.timeline,
            "versions": self.versions,
            "exports": self.exports,
            "preview_url": self.preview_url or None,
            "created_at": iso_utc(self.created_at),
            "updated_at": iso_utc(self.updated_at),
        }


def owned_project(s: Session, user_id: str, project_id: str) -> EditorProject:
    project = s.get(EditorProject, project_id) if project_id else None
    if project is None or project.user_id != user_id:
        raise NotFound("Project not found.")
    return project


def version_row(s: Session, project_id: str, version: int) -> ProjectVersion:
    row = s.exec(
        select(ProjectVersion).where(
            ProjectVersion.project_id == project_id, ProjectVersion.version == version
        )
    ).first()
    if row is None:
        raise NotFound(f"Version {version} of this project was not found.")
    return row


def _export_row(e: ProjectExport, asset: Asset | None) -> dict[str, Any] | None:
    if asset is None:  # deleted from the library or expired: the history skips it
        return None
    return {
        "asset_id": asset.id,
        "url": signed_url(asset.storage_key, user_id=asset.user_id),
        "thumbnail_url": signed_url(asset.thumbnail_key, user_id=asset.user_id)
        if asset.thumbnail_key
        else None,
        "format": e.format,
        "aspect_ratio": e.aspect_ratio,
        "version": e.version,
        "created_at": iso_utc(e.created_at),
        "duration": asset.duration,
        "stream_copied": e.stream_copied,
        "job_id": e.job_id,
    }


def project_view(s: Session, project: EditorProject) -> ProjectView:
    versions = s.exec(
        select(ProjectVersion)
        .where(ProjectVersion.project_id == project.id)
        .order_by(col(ProjectVersion.version))
    ).all()
    current = next((v for v in versions if v.version == project.current_version), None)
    if current is None:
        raise NotFound("This project has no saved timeline.")
    exports = s.exec(
        select(ProjectExport)
        .where(ProjectExport.project_id == project.id)
        .order_by(col(ProjectExport.created_at), col(ProjectExport.id))
    ).all()
    assets = {
        a.id: a
        for a in s.exec(
            select(Asset).where(
                Asset.user_id == project.user_id, col(Asset.id).in_([e.asset_id for e in exports])
            )
        ).all()
    }
    export_rows = [r for e in exports if (r := _export_row(e, assets.get(e.asset_id))) is not None]
    timeline = dict(current.timeline)
    return ProjectView(
        project_id=project.id,
        name=project.name,
        version=project.current_version,
        source_asset_id=project.source_asset_id,
        timeline=timeline,
        media=media_for(project.user_id, TimelineSpec.model_validate(timeline)),
        versions=[
            {"version": v.version, "saved_at": iso_utc(v.saved_at), "exported_asset_id": v.exported_asset_id}
            for v in versions
        ],
        exports=export_rows,
        preview_url=signed_url(project.preview_key, user_id=project.user_id) if project.preview_key else "",
        created_at=project.created_at,
        updated_at=project.updated_at,
    )
