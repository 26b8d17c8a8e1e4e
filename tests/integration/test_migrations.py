"""Every model change ships a migration: upgrade head equals the models, and downgrade works.

Both run on the database the suite runs on: SQLite, and PostgreSQL in ``make test``'s second
pass (``TEST_DATABASE=postgres``), each from an empty database.
"""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.db import get_engine
from app.settings import PROJECT_ROOT
from tests.support.databases import on_postgres


def _config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["configure_logger"] = False
    return cfg


def _tables() -> set[str]:
    return set(inspect(get_engine()).get_table_names()) - {"alembic_version"}


def test_migrations_match_the_models(empty_database) -> None:
    assert get_engine().dialect.name == ("postgresql" if on_postgres() else "sqlite"), empty_database
    assert _tables() == set()
    command.upgrade(_config(), "head")
    with get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models differ from migrations; run alembic revision --autogenerate: {diff}"


def test_downgrade_to_base_and_back(empty_database) -> None:
    cfg = _config()
    command.upgrade(cfg, "head")
    assert _tables() == set(SQLModel.metadata.tables)
    command.downgrade(cfg, "base")
    assert _tables() == set()
    command.upgrade(cfg, "head")
    assert _tables() == set(SQLModel.metadata.tables)
    with get_engine().connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
