"""Pro-mode states: the view helpers, and nobody else's group reaches the page."""

from __future__ import annotations

import datetime as dt

import pytest

from app.state.pro.hero import compose_prompt
from app.state.pro.quality import _parse_day, histogram_rows, trend_rows
from app.state.pro.views import route_ref, score_fields


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr("app.queue.enqueue", lambda path, *args, **kw: calls.append((path, args, kw)))
    return calls


def _pro_user(email: str):
    from app.db import write_session
    from app.models.accounts import User
    from app.services import accounts, billing

    signed = accounts.register(email, "password-1", "Pro User")
    with write_session() as s:
        user = s.get(User, signed.user.id)
        user.plan = "pro"
        s.add(user)
    billing.earn(signed.user.id, 200, source="test", key=f"grant:{signed.user.id}")
    return signed


def test_compose_prompt_orders_the_cinematography_fields() -> None:
    fields = {"subject": "a tumbler", "lighting": "soft window light", "mood": "calm", "lens": "85mm"}
    assert compose_prompt(fields) == "a tumbler, soft window light, calm mood, 85mm lens"
    assert compose_prompt({"subject": " ", "lens": "35mm prime lens"}) == "35mm prime lens"
    assert compose_prompt({}) == ""


def test_score_fields_mark_the_weakest_metric() -> None:
    fields = score_fields({"subject_consistency": 0.9, "motion_smoothness": 0.4, "hero_fidelity": 1.2}, 0.71)
    assert fields["overall"] == "0.71"
    assert fields["motion_smoothness"] == "0.40" and fields["motion_smoothness_pct"] == "40"
    assert fields["hero_fidelity_pct"] == "100"  # clamped
    assert fields["dynamic_degree"] == "–" and fields["dynamic_degree_pct"] == "0"
    assert fields["weakest"] == "motion_smoothness"
    assert score_fields(None)["weakest"] == ""


def test_route_ref_reads_the_dynamic_segment() -> None:
    assert route_ref("/studio/pro/abc-123/", "/studio/pro") == "abc-123"
    assert route_ref("/studio/pro", "/studio/pro") == ""
    assert route_ref("/studio/profile/x", "/studio/pro") == ""


def test_quality_rows() -> None:
    rows = histogram_rows({"bins": [0.0, 0.5], "attempts": [2, 3], "finals": [0, 1]})
    assert rows == [
        {"bucket": "0.0–0.5", "attempts": 2, "finals": 0},
        {"bucket": "0.5–1.0", "attempts": 3, "finals": 1},
    ]
    trend, names = trend_rows([{"label": "A", "trend": [0.5, 0.7]}, {"label": "B", "trend": [0.6]}])
    assert trend == [{"iteration": "#1", "v1": 0.5, "v2": 0.6}, {"iteration": "#2", "v1": 0.7, "v2": None}]
    assert names[:3] == ["A", "B", ""] and len(names) == 6
    assert _parse_day("2026-12-03", end=True) == dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=dt.UTC)
    assert _parse_day("not a day") is None


def test_another_users_groups_show_not_found(db, enqueued) -> None:
    from app.services import iteration
    from app.state.pro.hero import HeroState
    from app.state.pro.workspace import WorkspaceState

    owner, other = _pro_user("owner@example.com"), _pro_user("other@example.com")
    started = iteration.create_hero_group(owner.user, "a steel bottle on marble", n=4, aspect_ratio="1:1")

    hero = HeroState()
    assert hero._show_group(owner.user.id, started.group_id) is True
    assert hero.hero_group_id == started.group_id and not hero.not_found

    intruder = HeroState()
    assert intruder._show_group(other.user.id, started.group_id) is False
    assert intruder.not_found and intruder.hero_group_id == "" and intruder.candidates == []

    workspace = WorkspaceState()
    assert workspace._show(other.user.id, started.group_id) is None
    assert workspace.not_found and workspace.attempts == []
