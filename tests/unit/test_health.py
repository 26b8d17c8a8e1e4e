import pytest
from fastapi.testclient import TestClient

from app.services.ops import health
from tests.support.processes import free_port


@pytest.fixture
def redis_down(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.queue import reset_redis
    from app.settings import get_settings

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    get_settings.cache_clear()
    reset_redis()


def test_db_and_storage_ok_on_embedded_defaults(db) -> None:
    assert health.check_db() == "ok"
    assert health.check_storage() == "ok"


def test_queue_down_is_reported_not_raised(db, redis_down) -> None:
    assert health.check_queue().startswith("error")
    report = health.health_report()
    assert report["status"] == "error"
    assert report["db"] == "ok"
    assert report["storage"] == "ok"
    assert report["queue"].startswith("error")


def test_broken_database_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from app.db import reset_engine
    from app.settings import get_settings

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/db.sqlite")
    get_settings.cache_clear()
    reset_engine()
    assert health.check_db().startswith("error")


def test_storage_failure_is_reported(db, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.platform import storage

    class Broken(storage.LocalStorage):
        def get(self, key: str) -> bytes:
            return b"not what was written"

    monkeypatch.setattr(health, "get_storage", lambda: Broken(storage.get_settings().resolved_storage_dir))
    assert health.check_storage() == "error: StorageError"


def test_health_route_answers_503_with_the_failing_part(db, redis_down) -> None:
    from app.api.main import create_api

    response = TestClient(create_api()).get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["queue"].startswith("error")
    assert body["db"] == "ok"
