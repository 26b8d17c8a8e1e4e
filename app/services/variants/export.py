"""A variant set as one streamed ZIP: every variant's file and a manifest naming what differs."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlencode

from app.services import batch, library
from app.services.platform import FILE_EXTENSIONS
from app.services.variants.sets import SetView, get_set, set_assets
from app.settings import get_settings

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = (
    "variant",
    "dimension",
    "value",
    "job_id",
    "asset_id",
    "file",
    "prompt",
    "seed",
    "status",
)


def _file_stem(position: int, value: str) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()[:40]
    return batch.safe_name(f"variant-{position:02d}{'-' + words if words else ''}", f"variant-{position:02d}")


def manifest_csv(view: SetView, rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    for values in rows:
        writer.writerow([batch.escape_cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_zip(user_id: str, set_id: str) -> tuple[str, Iterator[bytes]]:
    """(file name, chunks): the set's files named after their variant, then ``manifest.csv``.

    One manifest row per file; a variant without a file (failed, still running) gets one row
    with its status and no file, so the manifest always lists every variant.
    """
    view, assets = set_assets(user_id, set_id)
    ordered = [a for v in view.variants for a in v.asset_ids if a in assets]
    entries = dict(zip(ordered, library.zip_entries(user_id, ordered), strict=True)) if ordered else {}
    files: list[library.ZipEntry] = []
    rows: list[list[object]] = []
    for v in view.variants:
        made = [a for a in v.asset_ids if a in entries]
        if not made:
            rows.append(
                [
                    v.position,
                    view.dimension,
                    v.value,
                    v.job_id or "",
                    "",
                    "",
                    v.prompt,
                    v.seed or "",
                    v.status,
                ]
            )
            continue
        for i, asset_id in enumerate(made, start=1):
            ext = FILE_EXTENSIONS.get(assets[asset_id].content_type, "bin")
            name = f"{_file_stem(v.position, v.value)}{f'-{i}' if len(made) > 1 else ''}.{ext}"
            files.append(replace(entries[asset_id], name=name))
            seed = assets[asset_id].meta.get("seed") if isinstance(assets[asset_id].meta, dict) else None
            rows.append(
                [
                    v.position,
                    view.dimension,
                    v.value,
                    v.job_id or "",
                    asset_id,
                    name,
                    v.prompt,
                    seed if seed is not None else (v.seed or ""),
                    v.status,
                ]
            )
    stem = batch.safe_name(re.sub(r"\s+", "-", view.title.lower()), "variants", 50)
    filename = f"{stem}-{view.dimension}-variants.zip"
    return filename, library.zip_stream(files, extra=[(MANIFEST_NAME, manifest_csv(view, rows))])


def _signature(set_id: str, user_id: str, exp: int) -> str:
    secret = get_settings().resolved_secret_key.encode()
    message = "\n".join(("variant-zip-v1", set_id, user_id, str(int(exp)))).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def export_link(user_id: str, set_id: str, ttl: int = 600) -> str:
    """A signed, expiring link to the set's ZIP for a browser (which sends no bearer header)."""
    get_set(user_id, set_id)  # the owner's, or NotFound
    exp = int(time.time()) + max(1, int(ttl))
    query = urlencode({"u": user_id, "exp": exp, "sig": _signature(set_id, user_id, exp)})
    return f"{get_settings().api_url}/api/v1/variant-sets/{set_id}/download?{query}"


def verify_export_link(set_id: str, user_id: str, exp: int, sig: str) -> bool:
    if int(exp) < int(time.time()):
        return False
    return hmac.compare_digest(_signature(set_id, user_id, int(exp)), sig or "")
