"""How an asset is shown: its API shape (with signed, expiring links) and its download name."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from app.models.assets import Asset
from app.services.platform import FILE_EXTENSIONS, iso_utc, signed_url


def file_extension(content_type: str) -> str:
    """The extension a file of this content type is stored and downloaded with."""
    return FILE_EXTENSIONS.get(content_type, (mimetypes.guess_extension(content_type) or ".bin").lstrip("."))


def download_name(asset: Asset) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", asset.prompt or "").strip("-").lower()[:40] or asset.kind
    return f"{words}-{asset.id[:8]}.{file_extension(asset.content_type)}"


def asset_to_api(asset: Asset) -> dict[str, Any]:
    """``GET /api/v1/assets`` item; ``url`` and ``thumbnail_url`` are signed and expire."""
    url = signed_url(asset.storage_key, user_id=asset.user_id)
    thumb = signed_url(asset.thumbnail_key, user_id=asset.user_id) if asset.thumbnail_key else None
    return {
        "id": asset.id,
        "kind": asset.kind,
        "url": url,
        "thumbnail_url": thumb,
        "width": asset.width,
        "height": asset.height,
        "duration": asset.duration,
        "prompt": asset.prompt,
        "style": asset.style,
        "model": asset.model,
        "job_id": asset.job_id,
        "batch_id": asset.batch_id,
        "content_type": asset.content_type,
        "size": asset.size_bytes,
        "created_at": iso_utc(asset.created_at),
        "expires_at": iso_utc(asset.expires_at),
        "metadata": dict(asset.meta or {}),
        # Signed links to the ad's .srt and .vtt (null when it has no captions).
        "captions": _caption_links(asset),
    }


def _caption_links(asset: Asset) -> dict[str, str] | None:
    meta = asset.meta or {}
    if not meta.get("captions_srt_key"):
        return None
    base = download_name(asset).rsplit(".", 1)[0]
    return {
        fmt: signed_url(str(meta[f"captions_{fmt}_key"]), user_id=asset.user_id, filename=f"{base}.{fmt}")
        for fmt in ("srt", "vtt")
        if meta.get(f"captions_{fmt}_key")
    }
