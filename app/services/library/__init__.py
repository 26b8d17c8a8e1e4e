"""A user's files: generated assets, uploads, the library pages, share links, ZIPs and retention.

The public module of the library package: pages, state, the REST API, workers and the other
domain packages import these names from ``app.services.library`` only.
"""

from app.services.library.asset_views import asset_to_api, download_name
from app.services.library.assets import (
    Download,
    StorageUnavailable,
    delete_asset,
    download,
    download_url,
    find_assets,
    local_file,
    upload_from_asset,
)
from app.services.library.captions import (
    CaptionFile,
    caption_file,
    caption_keys,
    caption_url,
    has_captions,
    store_captions,
)
from app.services.library.catalog import KINDS, AssetFilters, facets, get_asset, list_assets
from app.services.library.orphans import OrphanReport, delete_orphans, find_orphans
from app.services.library.retention import (
    EXPIRING_SOON_DAYS,
    days_for_plan,
    expires_at_for,
    expires_in_text,
    expiring_soon,
    extend_for_plan,
    purge_expired,
)
from app.services.library.shares import SharedFile, create_share, list_shares, open_share, revoke_share
from app.services.library.uploads import MAX_UPLOAD_BYTES, save_upload, upload_bytes, upload_preview_url
from app.services.library.zips import (
    MAX_ZIP_ASSETS,
    ZipEntry,
    open_zip_link,
    zip_entries,
    zip_filename,
    zip_link,
    zip_stream,
)

__all__ = [
    "EXPIRING_SOON_DAYS",
    "KINDS",
    "MAX_UPLOAD_BYTES",
    "MAX_ZIP_ASSETS",
    "AssetFilters",
    "CaptionFile",
    "Download",
    "OrphanReport",
    "SharedFile",
    "StorageUnavailable",
    "ZipEntry",
    "asset_to_api",
    "caption_file",
    "caption_keys",
    "caption_url",
    "create_share",
    "days_for_plan",
    "delete_asset",
    "delete_orphans",
    "download",
    "download_name",
    "download_url",
    "expires_at_for",
    "expires_in_text",
    "expiring_soon",
    "extend_for_plan",
    "facets",
    "find_assets",
    "find_orphans",
    "get_asset",
    "has_captions",
    "list_assets",
    "list_shares",
    "local_file",
    "open_share",
    "open_zip_link",
    "purge_expired",
    "revoke_share",
    "save_upload",
    "store_captions",
    "upload_bytes",
    "upload_from_asset",
    "upload_preview_url",
    "zip_entries",
    "zip_filename",
    "zip_link",
    "zip_stream",
]
