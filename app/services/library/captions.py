"""An ad's captions as files beside its video: ``.srt`` and ``.vtt`` written at render time.

The engine hands the timed cues over (``GeneratedMedia.extra["captions"]``); ``store_captions``
writes both files under ``users/<user>/sources/<asset>/`` (where the asset's timeline and media
live) and the asset's metadata names their keys. Reads go through the storage service (files are
encrypted at rest) and are scoped to the owner like every asset read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from app.db import session_scope
from app.media.captions import to_srt, to_vtt
from app.media.timeline import CaptionCue
from app.models.assets import Asset
from app.services.library.asset_views import download_name
from app.services.platform import NotFound, StorageError, get_storage, signed_url

CaptionFormat = Literal["srt", "vtt"]
FORMATS: tuple[CaptionFormat, ...] = ("srt", "vtt")
CONTENT_TYPES = {"srt": "application/x-subrip; charset=utf-8", "vtt": "text/vtt; charset=utf-8"}


def caption_key(user_id: str, asset_id: str, fmt: CaptionFormat) -> str:
    return f"users/{user_id}/sources/{asset_id}/captions.{fmt}"


def store_captions(user_id: str, asset_id: str, raw: Any, keys: list[str]) -> dict[str, str]:
    """Write the .srt and .vtt of ``raw`` cues; the metadata naming them (empty when none)."""
    if not isinstance(raw, list) or not raw:
        return {}
    try:
        cues = [CaptionCue.model_validate(c) for c in raw]
    except ValidationError:
        return {}
    storage = get_storage()
    meta: dict[str, str] = {}
    for fmt, text in (("srt", to_srt(cues)), ("vtt", to_vtt(cues))):
        key = caption_key(user_id, asset_id, fmt)  # type: ignore[arg-type]
        storage.put(key, text.encode("utf-8"), CONTENT_TYPES[fmt])
        keys.append(key)
        meta[f"captions_{fmt}_key"] = key
    return meta


def caption_keys(asset: Asset) -> list[str]:
    meta = asset.meta or {}
    return [meta[f"captions_{f}_key"] for f in FORMATS if meta.get(f"captions_{f}_key")]


def has_captions(asset: Asset) -> bool:
    return bool(caption_keys(asset))


@dataclass(frozen=True)
class CaptionFile:
    filename: str
    content_type: str
    data: bytes


def _key(asset: Asset, fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFound("Captions come as .srt or .vtt.")
    key = (asset.meta or {}).get(f"captions_{fmt}_key")
    if not key:
        raise NotFound("This video has no captions.")
    return str(key)


def _filename(asset: Asset, fmt: str) -> str:
    return download_name(asset).rsplit(".", 1)[0] + f".{fmt}"


def caption_file(user_id: str, asset_id: str, fmt: str) -> CaptionFile:
    """The owner's caption file of an asset (NotFound for others, and for videos without)."""
    with session_scope() as s:
        asset = s.get(Asset, asset_id)
    if asset is None or asset.user_id != user_id:
        raise NotFound("Asset not found.")
    key = _key(asset, fmt)
    try:
        data = get_storage().get(key)
    except (StorageError, OSError) as exc:
        raise NotFound("The captions file is gone.") from exc
    return CaptionFile(_filename(asset, fmt), CONTENT_TYPES[fmt], data)


def caption_url(user_id: str, asset: Asset, fmt: CaptionFormat) -> str | None:
    """A signed, expiring link that saves the caption file (None when the video has none)."""
    if asset.user_id != user_id:
        return None
    key = (asset.meta or {}).get(f"captions_{fmt}_key")
    if not key:
        return None
    return signed_url(str(key), user_id=user_id, filename=_filename(asset, fmt))
