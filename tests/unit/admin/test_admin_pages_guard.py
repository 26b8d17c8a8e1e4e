"""Every /admin page's on_load sends anonymous visitors to sign in and normal users away;
admin-only handlers refuse non-admins even when called without the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import reflex as rx

from app.services import accounts
from app.settings import PROJECT_ROOT


class _Recorder:
    """Stands in for rx.App to collect what a feature module registers."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}

    def add_page(self, component, route: str, on_load=None, **_: object) -> None:
        self.pages[route] = on_load


def _admin_pages() -> dict[str, object]:
    from app.pages import admin as admin_console
    from app.state.admin.billing import AdminBillingState
    from app.state.admin.users import AdminUsersState

    recorder = _Recorder()
    admin_console.register(recorder)  # type: ignore[arg-type]
    pages = {"/admin/users": AdminUsersState.load, "/admin/billing": AdminBillingState.load, **recorder.pages}
    # Pages added straight in app.py must be covered too.
    in_app = set(re.findall(r'route="(/admin[^"]*)"', Path(PROJECT_ROOT / "app" / "app.py").read_text()))
    assert in_app <= set(pages), f"admin pages without a guard test: {in_app - set(pages)}"
    assert {"/admin/users/[user_id]", "/admin/ops", "/admin/overview", "/admin/showcase"} <= set(pages)
    return pages


def _redirects(events, target: str) -> bool:
    events = events if isinstance(events, list) else [events]
    text = " ".join(str(e) for e in events if e is not None)
    return "_redirect" in text and target in text


@pytest.fixture
def tokens(db, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from app.settings import get_settings

    monkeypatch.setenv("ADMIN_EMAILS", "root@example.com")
    get_settings.cache_clear()
    return {
        "user": accounts.register("joe@example.com", "password-1").token,
        "admin": accounts.register("root@example.com", "password-1").token,
    }


def _state_of(route: str):
    from app.state.admin import billing as admin_billing
    from app.state.admin import users as admin_users
    from app.state.admin.ops import AdminOpsState
    from app.state.admin.overview import AdminOverviewState
    from app.state.admin.showcase import AdminShowcaseState
    from app.state.admin.user_detail import AdminUserDetailState

    owners = {
        "/admin/users": admin_users.AdminUsersState,
        "/admin/billing": admin_billing.AdminBillingState,
        "/admin/users/[user_id]": AdminUserDetailState,
        "/admin/ops": AdminOpsState,
        "/admin/overview": AdminOverviewState,
        "/admin/showcase": AdminShowcaseState,
    }
    return owners[route]


def _new(cls, token: str):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.session_token = token
    return state


def test_admin_pages_turn_away_everyone_but_admins(tokens, monkeypatch) -> None:
    from app.services import ops

    monkeypatch.setattr(
        ops, "snapshot", lambda: {"available": False, "queues": [], "workers": [], "failed": [], "error": "x"}
    )
    pages = _admin_pages()
    assert len(pages) >= 6
    for route in pages:
        cls = _state_of(route)
        anonymous = _new(cls, "").load()
        assert _redirects(anonymous, "/login"), (route, anonymous)
        normal = _new(cls, tokens["user"]).load()
        assert _redirects(normal, "/dashboard"), (route, normal)
        admin_state = _new(cls, tokens["admin"])
        allowed = admin_state.load()
        assert not _redirects(allowed, "/dashboard") and not _redirects(allowed, "/login"), (route, allowed)


def test_admin_handlers_refuse_normal_users(tokens, make_user, make_job) -> None:
    from app.services import billing, platform
    from app.state.admin.ops import AdminOpsState
    from app.state.admin.showcase import AdminShowcaseState
    from app.state.admin.user_detail import AdminUserDetailState

    victim = make_user("victim@example.com", balance=10)
    detail = _new(AdminUserDetailState, tokens["user"])
    detail.user_id = victim.id
    detail.adjust_amount, detail.adjust_reason = "+500", "free money"
    detail.apply_adjustment()
    assert billing.spendable(victim.id) == 10
    detail.save_profile({"plan": "pro", "role": "admin"})
    assert accounts.get_user(victim.id).role == "user"

    ops_state = _new(AdminOpsState, tokens["user"])
    ops_state.set_generation(False)
    assert platform.config_value("generation_enabled") is True

    showcase_state = _new(AdminShowcaseState, tokens["user"])
    showcase_state.feature({"asset_id": "anything"})
    from app.services import showcase

    assert showcase.list_items()[0] == 0

    # The same handlers work for an admin.
    admin_detail = _new(AdminUserDetailState, tokens["admin"])
    admin_detail.user_id = victim.id
    admin_detail.adjust_amount, admin_detail.adjust_reason = "+5", "goodwill"
    admin_detail.apply_adjustment()
    assert billing.spendable(victim.id) == 15
    admin_ops = _new(AdminOpsState, tokens["admin"])
    admin_ops.set_generation(False)
    assert platform.config_value("generation_enabled") is False
