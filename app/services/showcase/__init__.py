"""The homepage showcase: curated public copies of generated media, likes and built-in seeds.

The public module of the showcase package (the homepage, the admin showcase page, the REST
routes and start-up seeding import from here).
"""

from app.services.showcase.curation import (
    builtin_manifest,
    feature_asset,
    move,
    restore,
    seed_builtin,
    unfeature,
    update_item,
)
from app.services.showcase.gallery import (
    BUILTIN_DIR,
    KINDS,
    PublicFile,
    featured_asset_ids,
    get_item,
    hero_videos,
    item_to_api,
    list_items,
    media_url,
    poster_url,
    public_file,
    toggle_like,
)

__all__ = [
    "BUILTIN_DIR",
    "KINDS",
    "PublicFile",
    "builtin_manifest",
    "feature_asset",
    "featured_asset_ids",
    "get_item",
    "hero_videos",
    "item_to_api",
    "list_items",
    "media_url",
    "move",
    "poster_url",
    "public_file",
    "restore",
    "seed_builtin",
    "toggle_like",
    "unfeature",
    "update_item",
]
