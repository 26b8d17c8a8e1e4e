"""Which database the tests run on, and a fresh PostgreSQL database per test.

``TEST_DATABASE=postgres`` (with ``TEST_POSTGRES_URL`` naming a server whose role may create
databases) runs every test on its own PostgreSQL database: a copy of a template brought to the
newest migration once per session (``CREATE DATABASE ... TEMPLATE``), dropped after the test. A test
that asks for ``empty_database`` gets one with no tables instead (the migration tests). Unset or
``sqlite``: the SQLite file in the test's data folder, as always.

Copying a database takes the server a few tenths of a second (checkpoints), so the next test's copy
is made and the last test's dropped on a background thread while a test runs.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool


def database_kind() -> str:
    kind = os.environ.get("TEST_DATABASE", "sqlite").strip().lower() or "sqlite"
    if kind not in ("sqlite", "postgres"):
        raise RuntimeError(f"TEST_DATABASE must be sqlite or postgres, not {kind!r}")
    return kind


def on_postgres() -> bool:
    return database_kind() == "postgres"


def server_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if not url:
        raise RuntimeError(
            "TEST_DATABASE=postgres needs TEST_POSTGRES_URL "
            "(scripts/ensure-postgres.sh starts a throwaway server and sets it)"
        )
    return url


class PostgresDatabases:
    """Per-test databases on one server, copied from a migrated template made on first use."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"cs_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._admin: Engine | None = None
        self._template_ready = False
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self._next: Future[str] | None = None  # the next test's migrated copy, being made
        self._drops: list[Future[None]] = []

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        return self._admin

    def _execute(self, sql: str) -> None:
        with self.admin().connect() as conn:
            conn.execute(text(sql))

    def create(self, migrated: bool = True) -> str:
        """A new database (migrated to head, or empty); returns its URL."""
        if not migrated:
            return self.url_for(self._make("template0"))
        self._ensure_template()
        ready, self._next = self._next, self._background.submit(self._make, self.template)
        name = ready.result() if ready is not None else self._make(self.template)
        return self.url_for(name)

    def drop(self, url: str) -> None:
        """Drop the test's database (in the background; connections left open are ended)."""
        name = make_url(url).database
        assert name is not None and name.startswith(self.prefix), name
        self._drops = [f for f in self._drops if not f.done() or f.exception() is not None]
        self._drops.append(self._background.submit(self._drop, name))

    def _make(self, source: str) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self._drop(name)
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return name

    def _drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _ensure_template(self) -> None:
        with self._lock:
            if self._template_ready:
                return
            self._drop(self.template)
            self._execute(f'CREATE DATABASE "{self.template}" TEMPLATE template0')
            _upgrade_to_head(self.url_for(self.template))
            self._template_ready = True

    def close(self) -> None:
        if self._next is not None:
            self._drops.append(self._background.submit(self._drop, self._next.result()))
        self._background.shutdown(wait=True)
        for dropped in self._drops:
            dropped.result()  # a failed drop surfaces here
        if self._template_ready:
            self._drop(self.template)
        if self._admin is not None:
            self._admin.dispose()


def _upgrade_to_head(url: str) -> None:
    """Run the migrations against ``url`` with the app's own settings and engine, then forget both."""
    from alembic import command
    from alembic.config import Config

    from app.db import reset_engine
    from app.settings import PROJECT_ROOT, get_settings

    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    reset_engine()
    try:
        cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
        cfg.attributes["configure_logger"] = False
        command.upgrade(cfg, "head")
    finally:
        reset_engine()
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        get_settings.cache_clear()
