"""Retention: expiry per plan, the purge on a frozen clock, plan upgrades, the dashboard notice, orphans."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from app import cli
from app.db import session_scope
from app.models.assets import Asset, Upload
from app.models.library import ShareLink
from app.services import billing, library, platform
from app.services.platform import LocalStorage, get_storage

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _rows() -> list[str]:
    with session_scope() as s:
        return sorted(s.exec(select(Asset.id)).all())


def test_expiry_follows_the_plan_settings_and_the_admin_config(make_user, monkeypatch) -> None:
    free, pro = make_user("free"), make_user("pro")
    assert library.expires_at_for(free, now=T0) == T0 + timedelta(days=7)
    assert library.expires_at_for(pro.id, now=T0) == T0 + timedelta(days=90)
    platform.update_config({"retention_days": {"free": 3}}, admin_id="admin")
    assert library.expires_at_for(free.id, now=T0) == T0 + timedelta(days=3)
    assert library.days_for_plan("unknown-plan") == 3  # falls back to the free plan


def test_settings_give_the_defaults(monkeypatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("RETENTION_DAYS_FREE", "2")
    monkeypatch.setenv("RETENTION_DAYS_PAID", "30")
    get_settings.cache_clear()
    days = platform.config_defaults()["retention_days"]
    assert days["free"] == 2 and days["pro"] == 30 and days["pro_plus"] == 30


def test_purge_deletes_files_then_rows_and_is_safe_to_run_twice(make_user, make_asset) -> None:
    me = make_user("free")
    storage = get_storage()
    with time_machine.travel(T0, tick=False):
        old = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=7))
        fresh = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=7, hours=1))
        kept = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=7))
        with session_scope() as s:
            row = s.get(Asset, kept.id)
            row.expires_at = None  # kept until deleted
            s.add(row)
        library.create_share(me.id, old.id)
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        assert library.purge_expired() == {"assets": 1, "uploads": 0}
        assert library.purge_expired() == {"assets": 0, "uploads": 0}
    assert _rows() == sorted([fresh.id, kept.id])
    assert not storage.exists(old.storage_key) and not storage.exists(old.thumbnail_key)
    assert storage.exists(fresh.storage_key)
    with session_scope() as s:
        assert s.exec(select(ShareLink)).all() == []
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        assert library.purge_expired()["assets"] == 1
    assert _rows() == [kept.id]


def test_purge_works_in_bounded_batches(make_user, make_asset) -> None:
    me = make_user()
    for i in range(7):
        make_asset(me, created_at=T0, expires_at=T0 + timedelta(minutes=i))
    later = T0 + timedelta(days=1)
    assert library.purge_expired(now=later, batch=2, max_batches=2)["assets"] == 4
    assert len(_rows()) == 3
    assert library.purge_expired(now=later, batch=2, max_batches=10)["assets"] == 3


def test_a_file_that_cannot_be_deleted_keeps_its_row_for_the_next_run(
    make_user, make_asset, monkeypatch
) -> None:
    me = make_user()
    stuck = make_asset(me, expires_at=T0)
    gone = make_asset(me, expires_at=T0)
    real_delete = LocalStorage.delete

    def flaky(self, key):
        if key == stuck.storage_key:
            raise OSError("bucket unavailable")
        real_delete(self, key)

    monkeypatch.setattr(LocalStorage, "delete", flaky)
    assert library.purge_expired(now=T0 + timedelta(seconds=1))["assets"] == 1
    assert _rows() == [stuck.id] and get_storage().exists(stuck.storage_key)
    assert gone.id not in _rows()
    monkeypatch.setattr(LocalStorage, "delete", real_delete)
    assert library.purge_expired(now=T0 + timedelta(seconds=1))["assets"] == 1
    assert _rows() == []


def test_expired_uploads_go_too(make_user) -> None:
    me = make_user()
    key = f"users/{me.id}/uploads/u1.png"
    get_storage().put(key, b"png")
    with session_scope() as s:
        s.add(
            Upload(
                id="u1", user_id=me.id, kind="image", storage_key=key, content_type="image/png", expires_at=T0
            )
        )
    assert library.purge_expired(now=T0 + timedelta(seconds=1))["uploads"] == 1
    assert not get_storage().exists(key)


def test_a_plan_upgrade_extends_existing_assets_and_a_downgrade_never_shortens(make_user, make_asset) -> None:
    me = make_user("free")
    with time_machine.travel(T0, tick=False):
        a = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=7))
        b = make_asset(me, created_at=T0 - timedelta(days=1), expires_at=T0 + timedelta(days=6))
        billing.apply_plan_change(me.id, "pro")  # test-mode subscription
    with session_scope() as s:
        assert s.get(Asset, a.id).expires_at == T0 + timedelta(days=90)
        assert s.get(Asset, b.id).expires_at == T0 + timedelta(days=89)
    assert library.extend_for_plan(me.id, "free") == 0
    with session_scope() as s:
        assert s.get(Asset, a.id).expires_at == T0 + timedelta(days=90)


def test_expiring_soon_for_the_dashboard(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    with time_machine.travel(T0, tick=False):
        in_1d = make_asset(me, prompt="tomorrow", expires_at=T0 + timedelta(days=1, hours=2))
        in_5h = make_asset(me, prompt="today", expires_at=T0 + timedelta(hours=5))
        make_asset(me, expires_at=T0 + timedelta(days=3))
        make_asset(me, expires_at=T0 - timedelta(hours=1))  # already expired, waiting for the purge
        make_asset(other, expires_at=T0 + timedelta(hours=1))
        soon = library.expiring_soon(me.id)
        assert [i["id"] for i in soon] == [in_5h.id, in_1d.id]
        assert [i["expires_in"] for i in soon] == ["Expires in 5 hours", "Expires in 1 day"]
        assert soon[0]["thumbnail_url"] and soon[0]["prompt"] == "today"
        assert len(library.expiring_soon(me.id, within_days=5, limit=1)) == 1
    assert library.expires_in_text(None) == "Kept until you delete it"
    assert library.expires_in_text(T0 + timedelta(days=5, hours=1), now=T0) == "Expires in 5 days"
    assert library.expires_in_text(T0, now=T0) == "Expired"


def _age(key: str, seconds: float) -> None:
    path = get_storage().path_for(key)
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_orphans_are_listed_and_cleaned(make_user, make_asset, capsys) -> None:
    me = make_user()
    whole = make_asset(me)
    lost_file = make_asset(me)
    get_storage().delete(lost_file.storage_key)
    stray = f"users/{me.id}/assets/stray.png"
    young = f"users/{me.id}/assets/being-written.png"
    other_feature = f"users/{me.id}/renders/draft.mp4"
    for key in (stray, young, other_feature):
        get_storage().put(key, b"x")
    for key in (stray, other_feature, whole.storage_key, whole.thumbnail_key):
        _age(key, 7200)

    report = library.find_orphans()
    assert report.files == [stray] and report.asset_rows == [lost_file.id]
    assert report.upload_rows == [] and report.share_links == []

    assert cli.main(["orphans"]) == 0
    out = capsys.readouterr().out
    assert f"file without a row: {stray}" in out and f"asset row without its file: {lost_file.id}" in out
    assert "2 orphan(s) found" in out
    assert get_storage().exists(stray)

    assert cli.main(["orphans", "--delete"]) == 0
    assert "removed 2 orphan(s)" in capsys.readouterr().out
    assert not get_storage().exists(stray) and not get_storage().exists(lost_file.thumbnail_key)
    assert get_storage().exists(young) and get_storage().exists(other_feature)
    assert _rows() == [whole.id]
    assert library.find_orphans().count == 0
    assert cli.main(["orphans"]) == 0 and "0 orphan(s) found" in capsys.readouterr().out


@pytest.fixture
def engines(monkeypatch):
    from app.services.generation import runner as jobs_runner
    from tests.support import fake_engines

    monkeypatch.setattr(jobs_runner, "BACKOFF_BASE_SECONDS", 0.0)
    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)
    fake_engines.install()
    yield
    fake_engines.uninstall()


def test_new_assets_get_expiry_from_the_owners_plan(make_user, engines) -> None:
    from app.services import generation

    for plan, days in (("free", 7), ("pro", 90)):
        user = make_user(plan)
        billing.earn(user.id, 50, source="test", key=f"grant:{user.id}")
        view = generation.submit_image(user, {"prompt": "a red mug"})
        before = datetime.now(UTC)
        assert generation.run_job(view.job_id) == "completed"
        with session_scope() as s:
            asset = s.exec(select(Asset).where(Asset.job_id == view.job_id)).one()
        expires = (
            asset.expires_at.replace(tzinfo=UTC) if asset.expires_at.tzinfo is None else asset.expires_at
        )
        assert (
            before + timedelta(days=days) - timedelta(minutes=1)
            <= expires
            <= before + timedelta(days=days, minutes=1)
        )
