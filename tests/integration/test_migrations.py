"""Every model change ships a migration: upgrade head equals the models, and downgrade works."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.db import get_engine
from app.settings import PROJECT_ROOT


def _config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["configure_logger"] = False
    return cfg


def test_migrations_match_the_models(isolated_settings) -> None:
    command.upgrade(_config(), "head")
    with get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models differ from migrations; run alembic revision --autogenerate: {diff}"


def test_downgrade_to_base_and_back(isolated_settings) -> None:
    cfg = _config()
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
