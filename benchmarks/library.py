"""Library benchmark: list, filter, search and deep pages over 100,000 assets.

Run as ``python benchmarks/library.py [--assets N]``. Seeds a fresh SQLite
database in a temporary folder with bulk inserts (one heavy user owns most
rows, the rest are spread over other users), then times the library's own
service calls and prints each as a ratio against a primary-key lookup measured
in the same run. It also times SQLite FTS5 for the prompt search, built on a
copy of the table, to show what a full-text index would buy. Never asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (  # noqa: SIM905 (a word list reads better as text)
    "red blue green black white oak walnut ceramic glass steel leather linen cotton wool silk "
    "mug bottle lamp chair desk sofa sneaker boot bag wallet watch ring necklace candle vase "
    "kettle teapot bowl plate knife speaker headphones phone case charger backpack jacket scarf "
    "studio lifestyle minimalist seasonal infographic kitchen bathroom garden beach forest city "
    "morning evening sunset softbox daylight shadow reflection marble concrete wooden table shelf "
    "summer winter autumn spring holiday christmas sale launch premium eco organic handmade vintage"
).split()
STYLES = ("studio", "lifestyle", "minimalist", "seasonal", "infographic", "unboxing", "showcase_360")
MODELS = ("local-image", "local-video", "nano-banana", "flux-pro", "sora-2")


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls after one warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def seed(n_assets: int, heavy_share: float) -> tuple[str, list[str], str]:
    from sqlmodel import SQLModel

    import app.models  # noqa: F401  (registers every table)
    from app.db import get_engine
    from app.models.accounts import User
    from app.models.assets import Asset
    from app.models.base import new_id
    from app.models.library import ShareLink

    engine = get_engine()
    SQLModel.metadata.create_all(engine)
    rng = random.Random(7)
    heavy = new_id()
    others = [new_id() for _ in range(100)]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            User.__table__.insert(),
            [
                {"id": uid, "email": f"{uid}@example.com", "name": "", "password_hash": "", "plan": "pro"}
                for uid in [heavy, *others]
            ],
        )
    start = time.perf_counter()
    ids: list[str] = []
    batch: list[dict] = []
    batches = [new_id() for _ in range(50)]
    for i in range(n_assets):
        owner = heavy if rng.random() < heavy_share else rng.choice(others)
        kind = "video" if rng.random() < 0.3 else "image"
        created = now - timedelta(minutes=n_assets - i)
        asset_id = new_id()
        if owner == heavy:
            ids.append(asset_id)
        batch.append(
            {
                "id": asset_id,
                "user_id": owner,
                "job_id": None,
                "kind": kind,
                "storage_key": f"users/{owner}/assets/{asset_id}.png",
                "thumbnail_key": f"users/{owner}/thumbs/{asset_id}.jpg",
                "content_type": "video/mp4" if kind == "video" else "image/png",
                "width": 1080,
                "height": 1920,
                "duration": 12.0 if kind == "video" else None,
                "prompt": " ".join(rng.choices(WORDS, k=rng.randint(8, 20)))
                + f" sku{rng.randint(0, 99999):05d}",
                "style": rng.choice(STYLES),
                "model": rng.choice(MODELS),
                "batch_id": rng.choice(batches) if rng.random() < 0.2 else None,
                "size_bytes": 250_000,
                "created_at": created,
                "expires_at": created + timedelta(days=rng.choice((7, 90))),
            }
        )
        if len(batch) == 10_000:
            with engine.begin() as conn:
                conn.execute(Asset.__table__.insert(), batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            conn.execute(Asset.__table__.insert(), batch)
    with engine.begin() as conn:
        conn.execute(
            ShareLink.__table__.insert(),
            [
                {
                    "id": new_id(),
                    "asset_id": a,
                    "user_id": heavy,
                    "created_at": now,
                    "expires_at": now + timedelta(days=7),
                    "access_count": 0,
                }
                for a in rng.sample(ids, 200)
            ],
        )
        conn.exec_driver_sql("ANALYZE")
    print(f"seeded {n_assets:,} assets ({len(ids):,} for one user) in {time.perf_counter() - start:.1f} s")
    return heavy, ids, batches[0]


def fts_search(user_id: str, term: str, limit: int = 20) -> tuple[int, list]:
    from app.db import get_engine

    with get_engine().connect() as conn:
        total = conn.exec_driver_sql(
            "SELECT count(*) FROM assets a JOIN assets_fts f ON f.rowid = a.rowid "
            "WHERE assets_fts MATCH ? AND a.user_id = ?",
            (f'"{term}"', user_id),
        ).scalar()
        rows = conn.exec_driver_sql(
            "SELECT a.id FROM assets a JOIN assets_fts f ON f.rowid = a.rowid "
            "WHERE assets_fts MATCH ? AND a.user_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
            (f'"{term}"', user_id, limit),
        ).fetchall()
    return total, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--heavy-share", type=float, default=0.8, help="share of rows owned by one user")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="cs-bench-library-")
    os.environ.update({"DATA_DIR": tmp, "SECRET_KEY": "bench", "APP_ENV": "test"})
    for var in ("DATABASE_URL", "STORAGE_DIR", "STORAGE_BACKEND"):
        os.environ.pop(var, None)

    from sqlmodel import select

    from app.db import get_engine, session_scope
    from app.models.assets import Asset
    from app.services import library

    user_id, ids, batch_id = seed(args.assets, args.heavy_share)
    f = library.AssetFilters
    middle = len(ids) // 2
    day = (datetime.now(UTC) - timedelta(minutes=args.assets // 2)).date().isoformat()

    def pk_lookup() -> None:
        with session_scope() as s:
            s.get(Asset, ids[middle])

    baseline = timed(pk_lookup, args.repeat * 4)
    with session_scope() as s:
        typical = s.exec(select(Asset.user_id).where(Asset.user_id != user_id).limit(1)).one()
    cases: list[tuple[str, Callable[[], object]]] = [
        ("detail (asset + job + share links)", lambda: library.get_asset(user_id, ids[middle])),
        ("page 1, no filter", lambda: library.list_assets(user_id, f(), limit=24)),
        ("page 1, 100 per page", lambda: library.list_assets(user_id, f(), limit=100)),
        ("middle page (offset = half)", lambda: library.list_assets(user_id, f(), limit=24, offset=middle)),
        ("last page", lambda: library.list_assets(user_id, f(), limit=24, offset=len(ids) - 24)),
        ("kind=video", lambda: library.list_assets(user_id, f(kind="video"), limit=24)),
        (
            "kind=video, middle page",
            lambda: library.list_assets(user_id, f(kind="video"), limit=24, offset=middle // 4),
        ),
        ("style=seasonal", lambda: library.list_assets(user_id, f(style="seasonal"), limit=24)),
        (
            "model=sora-2 + kind=video",
            lambda: library.list_assets(user_id, f(kind="video", model="sora-2"), limit=24),
        ),
        ("batch", lambda: library.list_assets(user_id, f(batch_id=batch_id), limit=24)),
        (
            "one day (date range)",
            lambda: library.list_assets(user_id, f(date_from=day, date_to=day), limit=24),
        ),
        ("status=expiring", lambda: library.list_assets(user_id, f(status="expiring"), limit=24)),
        ("status=shared", lambda: library.list_assets(user_id, f(status="shared"), limit=24)),
        ("search common word (LIKE)", lambda: library.list_assets(user_id, f(q="leather"), limit=24)),
        ("search two words (LIKE)", lambda: library.list_assets(user_id, f(q="leather mug"), limit=24)),
        ("search rare SKU (LIKE)", lambda: library.list_assets(user_id, f(q="sku04242"), limit=24)),
        ("search no match (LIKE)", lambda: library.list_assets(user_id, f(q="zeppelin"), limit=24)),
        ("facets (filter menus)", lambda: library.facets(user_id)),
        ("typical user (~200 assets): page 1", lambda: library.list_assets(typical, f(), limit=24)),
        ("typical user: search (LIKE)", lambda: library.list_assets(typical, f(q="leather"), limit=24)),
        ("expiring_soon (dashboard)", lambda: library.expiring_soon(user_id)),
    ]
    print(f"\nbaseline: primary-key lookup {baseline:.3f} ms (median of {args.repeat * 4})\n")
    print(f"{'scenario':44} {'median ms':>10} {'x baseline':>11}")
    for name, fn in cases:
        ms = timed(fn, args.repeat)
        print(f"{name:44} {ms:10.2f} {ms / baseline:11.1f}")

    with get_engine().begin() as conn:
        start = time.perf_counter()
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE assets_fts USING fts5(prompt, content='assets', content_rowid='rowid')"
        )
        conn.exec_driver_sql("INSERT INTO assets_fts(assets_fts) VALUES ('rebuild')")
        build = (time.perf_counter() - start) * 1000
    print(f"\nFTS5 for comparison (index build {build:.0f} ms; needs triggers and a PostgreSQL twin):")
    for name, term in (("common word", "leather"), ("rare SKU", "sku04242"), ("no match", "zeppelin")):
        ms = timed(lambda term=term: fts_search(user_id, term), args.repeat)
        print(f"{'search ' + name + ' (FTS5, ids only)':44} {ms:10.2f} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
