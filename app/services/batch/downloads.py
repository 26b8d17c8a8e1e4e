"""A batch's results as one streamed ZIP, and signed links to it or a report (no bearer header needed)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode

from app.models.base import as_utc, utcnow
from app.services.batch.records import load_owned_batch
from app.services.batch.report import layout, report_csv, report_filename, safe_name
from app.services.platform import InvalidInput, get_storage
from app.settings import get_settings

log = logging.getLogger(__name__)


DOWNLOADS = ("zip", "report_csv", "report_xlsx")


def stream_zip(user_id: str, batch_id: str) -> tuple[str, Iterator[bytes]]:
    """A ZIP of every result, one folder per product row plus the report, produced while sent."""
    from stream_zip import ZIP_AUTO
    from stream_zip import stream_zip as zip_chunks

    batch, entries = layout(user_id, batch_id)
    report = report_csv(entries)
    files = [
        (path, asset.storage_key, as_utc(asset.created_at) or utcnow())
        for e in entries
        for path, asset in e.files
    ]
    report_name = report_filename(batch, "csv")

    def members() -> Iterator[tuple[str, datetime, int, Any, Iterator[bytes]]]:
        storage = get_storage()
        for path, key, when in files:
            try:
                data = storage.get(key)
            except Exception:
                log.warning("batch %s: %s is missing from storage", batch_id, key, exc_info=True)
                continue
            # Images and videos are compressed already: store them (level 0), one file in memory at a time.
            yield path, when, 0o644, ZIP_AUTO(len(data), level=0), iter((data,))
        yield report_name, utcnow(), 0o644, ZIP_AUTO(len(report), level=6), iter((report,))

    stem = safe_name(PurePath(batch.filename).stem, "batch", 60)
    return f"{stem}-results.zip", zip_chunks(members())


def _download_signature(batch_id: str, user_id: str, what: str, exp: int) -> str:
    secret = get_settings().resolved_secret_key.encode()
    message = "\n".join(("batch-download-v1", batch_id, user_id, what, str(int(exp)))).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def download_url(user_id: str, batch_id: str, what: str, ttl: int = 600) -> str:
    """A signed, expiring link to the ZIP or a report that works without a bearer header."""
    if what not in DOWNLOADS:
        raise InvalidInput(f"what must be one of: {', '.join(DOWNLOADS)}.")
    load_owned_batch(user_id, batch_id)
    exp = int(time.time()) + max(1, int(ttl))
    query = urlencode({"u": user_id, "exp": exp, "sig": _download_signature(batch_id, user_id, what, exp)})
    return f"{get_settings().api_url}/api/v1/batches/{batch_id}/download/{what}?{query}"


def verify_download(batch_id: str, user_id: str, what: str, exp: int, sig: str) -> bool:
    if what not in DOWNLOADS or int(exp) < int(time.time()):
        return False
    return hmac.compare_digest(_download_signature(batch_id, user_id, what, int(exp)), sig or "")
