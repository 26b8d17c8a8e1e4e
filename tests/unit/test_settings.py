from pathlib import Path

import pytest

from app.settings import Settings, get_settings


def test_embedded_defaults_need_no_environment(isolated_settings: Path) -> None:
    s = get_settings()
    assert s.resolved_database_url == f"sqlite:///{isolated_settings / 'content_studio.db'}"
    assert s.is_sqlite
    assert s.uses_embedded_redis
    assert s.resolved_redis_url == "redis://127.0.0.1:6390/0"
    assert s.resolved_storage_dir == isolated_settings / "storage"
    assert s.frontend_url == "http://localhost:3000"
    assert s.api_url == "http://localhost:8000"
    assert s.backend_host == "127.0.0.1"  # the embedded default never listens on all interfaces


def test_production_parts_come_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db/cs")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    monkeypatch.setenv("BACKEND_PORT", "9000")
    monkeypatch.setenv("ADMIN_EMAILS", " Boss@Example.com, ops@example.com ,")
    s = Settings()
    assert s.resolved_database_url.startswith("postgresql")
    assert not s.is_sqlite
    assert not s.uses_embedded_redis
    assert s.resolved_redis_url == "redis://cache:6379/1"
    assert s.api_url == "http://localhost:9000"
    assert s.admin_emails == ["boss@example.com", "ops@example.com"]


def test_secret_key_is_generated_once_and_kept(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY")
    first = Settings().resolved_secret_key
    second = Settings().resolved_secret_key
    assert first == second
    assert len(first) >= 40
    assert (isolated_settings / "secret_key").stat().st_mode & 0o077 == 0


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    listed = {line.split("=", 1)[0].strip() for line in example.splitlines() if "=" in line}
    listed = {name.lstrip("# ").strip() for name in listed}
    missing = {name.upper() for name in Settings.model_fields} - listed
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(ValueError):
        Settings()
