"""The media a project's timeline names: whose files they are, their links, fetching them to render.

A timeline's sources are storage keys (``users/<owner>/...``): the scene stills and sounds kept
beside a generated asset, a vendor video itself, a regenerated clip, a library pick. The
browser sends whole timelines back, so every entry point checks each key is the caller's own
before anything is saved, rendered or linked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import col, select

from app.db import session_scope
from app.media.editing.checks import reason_of
from app.media.timeline import TimelineSpec, is_image_path
from app.models.assets import Asset
from app.models.editor import ProjectClip
from app.services.platform import InvalidInput, StorageError, get_storage, signed_url


def source_keys(spec: TimelineSpec) -> Iterator[str]:
    for clip in spec.clips:
        if clip.source:
            yield clip.source
        if clip.foreground:
            yield clip.foreground
    for track in spec.audio:
        yield track.source


def owns_key(user_id: str, key: str) -> bool:
    parts = key.split("/")
    return (
        len(parts) >= 3
        and parts[0] == "users"
        and parts[1] == user_id
        and all(p not in ("", ".", "..") for p in parts)
        and "\\" not in key
    )


def check_sources(user_id: str, spec: TimelineSpec) -> None:
    """Every file the timeline names must be one of the caller's own stored files."""
    for key in source_keys(spec):
        if not owns_key(user_id, key):
            raise InvalidInput("The timeline names a file that is not one of yours.")


def media_for(user_id: str, spec: TimelineSpec) -> dict[str, dict[str, str]]:
    """Source key -> {"thumb", "url"} (signed links) for the editor's clip rows."""
    keys = [k for k in dict.fromkeys(source_keys(spec)) if owns_key(user_id, k)]
    videos = [k for k in keys if not is_image_path(k)]
    thumbs: dict[str, str] = {}
    if videos:
        with session_scope() as s:
            for key, thumb in s.exec(
                select(Asset.storage_key, Asset.thumbnail_key).where(
                    Asset.user_id == user_id, col(Asset.storage_key).in_(videos)
                )
            ):
                if thumb:
                    thumbs[key] = thumb
            for key, thumb in s.exec(
                select(ProjectClip.storage_key, ProjectClip.thumbnail_key).where(
                    ProjectClip.user_id == user_id, col(ProjectClip.storage_key).in_(videos)
                )
            ):
                if thumb:
                    thumbs[key] = thumb
    out: dict[str, dict[str, str]] = {}
    for key in keys:
        url = signed_url(key, user_id=user_id)
        thumb = (
            url if is_image_path(key) else (signed_url(thumbs[key], user_id=user_id) if key in thumbs else "")
        )
        out[key] = {"thumb": thumb, "url": url}
    return out


def fetch_sources(spec: TimelineSpec, workdir: str | Path) -> None:
    """Copy every file the timeline names to ``workdir/<key>`` (where the renderer looks)."""
    storage = get_storage()
    work = Path(workdir)
    for key in dict.fromkeys(source_keys(spec)):
        target = work / key
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = storage.get(key)
        except (OSError, StorageError) as exc:
            raise InvalidInput(
                f"A file this timeline uses is gone ({key.rsplit('/', 1)[-1]}): replace that clip's media."
            ) from exc
        target.write_bytes(data)


def parse_timeline(timeline: Any) -> TimelineSpec:
    """A timeline from a caller (dict or spec), validated; a bad one is a 422 with the reason."""
    if isinstance(timeline, TimelineSpec):
        return timeline
    if not isinstance(timeline, dict):
        raise InvalidInput("timeline must be an object.")
    try:
        return TimelineSpec.model_validate(timeline)
    except ValidationError as exc:
        raise InvalidInput(f"The timeline is not valid: {reason_of(exc)}") from exc
