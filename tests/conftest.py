"""Shared fixtures: every test gets its own data folder, settings and database.

The database is the SQLite file in the data folder, or with ``TEST_DATABASE=postgres`` a fresh
PostgreSQL database of its own on the server at ``TEST_POSTGRES_URL`` (tests/support/databases.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import PostgresDatabases, on_postgres, server_url

# Tests never touch the developer's data folder or a real vendor.
os.environ.setdefault("APP_ENV", "test")
# The suites generate and poll far faster than a person: per-user rate limits off (0) unless a
# test sets them (tests/unit/ops/test_rate_limits.py, tests/integration/test_ops_api.py).
os.environ.setdefault("RATE_LIMIT_GENERATIONS_PER_HOUR", "0")
os.environ.setdefault("RATE_LIMIT_API_REQUESTS_PER_MINUTE", "0")


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    """The PostgreSQL server's per-test databases when the tests run there, else None."""
    if not on_postgres():
        yield None
        return
    databases = PostgresDatabases(server_url())
    yield databases
    databases.close()


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    postgres_databases: PostgresDatabases | None,
) -> Iterator[Path]:
    """Point settings at a fresh data folder (and, on PostgreSQL, a fresh database) for each test."""
    from app.db import reset_engine
    from app.settings import get_settings

    data_dir = tmp_path / "data"
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    for var in ("DATABASE_URL", "REDIS_URL", "STORAGE_DIR", "STORAGE_BACKEND", "ADMIN_EMAILS"):
        monkeypatch.delenv(var, raising=False)
    database_url = None
    if postgres_databases is not None:
        database_url = postgres_databases.create(migrated="empty_database" not in request.fixturenames)
        monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    reset_engine()
    _reset_cached_clients()
    yield data_dir
    reset_engine()
    get_settings.cache_clear()
    _reset_cached_clients()
    if postgres_databases is not None and database_url is not None:
        postgres_databases.drop(database_url)


def _reset_cached_clients() -> None:
    from app.queue import reset_redis
    from app.services.platform import get_storage

    reset_redis()
    get_storage.cache_clear()


@pytest.fixture
def empty_database(isolated_settings: Path) -> str:
    """The test's database has no tables (on PostgreSQL not even the migrated ones); its URL."""
    from app.settings import get_settings

    return get_settings().resolved_database_url


@pytest.fixture
def db(isolated_settings: Path):
    """A fresh database with every table: created from the models on SQLite; on PostgreSQL the
    per-test copy of the migrated template (create_all adds nothing there)."""
    from sqlmodel import SQLModel

    import app.models  # noqa: F401  (registers tables)
    from app.db import get_engine

    SQLModel.metadata.create_all(get_engine())
    return get_engine()
