"""The dashboard's activity panels, read through its state as the page does."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.models.assets import Asset
from app.services import accounts
from app.services.platform import get_storage


def _dashboard(token: str):
    from app.state.dashboard import DashboardState

    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(DashboardState.get_full_name().split(".")[1:])
    state.session_token = token
    return state


def test_dashboard_shows_running_jobs_recent_assets_and_chart(db, make_job) -> None:
    signed = accounts.register("dash@example.com", "password-1")
    uid = signed.user.id
    running = make_job(uid, "video", "processing", prompt="Turntable ad for a mug")
    make_job(uid, "image", "completed")
    get_storage().put(f"users/{uid}/assets/a1.png", b"png", "image/png")
    with session_scope() as s:
        s.add(
            Asset(
                id="a1",
                user_id=uid,
                kind="image",
                storage_key=f"users/{uid}/assets/a1.png",
                content_type="image/png",
                prompt="Studio shot",
            )
        )

    state = _dashboard(signed.token)
    events = state.load()
    assert [j["job_id"] for j in state.running_jobs] == [running.id]
    assert state.running_jobs[0]["progress"] == "40" and state.has_running
    assert [a["id"] for a in state.recent_assets] == ["a1"]
    assert "/api/files/" in state.recent_assets[0]["thumb"]  # signed link, not a public path
    assert state.made_30d == {"images": 1, "videos": 0}
    assert state.has_expiry_panel is True and state.expiring == []
    # Something runs, so the page follows it.
    assert events and "follow" in str(events)


def test_dashboard_sends_strangers_to_sign_in(db) -> None:
    state = _dashboard("")
    assert "/login" in str(state.load())
