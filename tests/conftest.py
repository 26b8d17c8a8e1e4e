"""Shared fixtures: every test gets its own data folder, settings and database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never touch the developer's data folder or a real vendor.
os.environ.setdefault("APP_ENV", "test")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point settings at a fresh data folder for each test."""
    from app.db import reset_engine
    from app.settings import get_settings

    data_dir = tmp_path / "data"
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    for var in ("DATABASE_URL", "REDIS_URL", "STORAGE_DIR", "STORAGE_BACKEND", "ADMIN_EMAILS"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    reset_engine()
    _reset_cached_clients()
    yield data_dir
    reset_engine()
    get_settings.cache_clear()
    _reset_cached_clients()


def _reset_cached_clients() -> None:
    from app.queue import reset_redis
    from app.services.platform import get_storage

    reset_redis()
    get_storage.cache_clear()


@pytest.fixture
def db(isolated_settings: Path):
    """A fresh SQLite database with every table, created from the models."""
    from sqlmodel import SQLModel

    import app.models  # noqa: F401  (registers tables)
    from app.db import get_engine

    SQLModel.metadata.create_all(get_engine())
    return get_engine()
