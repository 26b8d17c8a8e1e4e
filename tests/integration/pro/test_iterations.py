"""Iterations on the real offline engines: pick (logged), iterate with feedback, final,
versions with prompt diff and trend, compare, cancel with refund, the quality summary."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.db import session_scope
from app.models.iteration import PickLog
from app.services import billing, iteration
from app.services.platform import InvalidInput, NotFound
from tests.integration.pro.conftest import run_pending


def _hero(user) -> str:
    sub = iteration.create_hero_group(user, "a gold perfume bottle on marble, rim light", n=4, seed=5)
    run_pending()
    return iteration.get_hero_group(user.id, sub.group_id).candidates[0].asset_id


def test_pick_iterate_final_versions_compare_and_summary(signup) -> None:
    user, _ = signup("iter@example.com", credits_=200)
    other, _ = signup("nosy@example.com")
    hero = _hero(user)
    sub = iteration.create_attempt_group(user, hero, "slow push in", attempts=2, duration=2.0)
    assert len(sub.job_ids) == 2 and sub.iteration == 1
    pending = iteration.get_attempt_group(user.id, sub.group_id)
    assert not pending.done and pending.auto_pick is None
    assert pending.negative_prompt == iteration.DEFAULT_NEGATIVE_PROMPT
    assert all(a.status == "pending" for a in pending.attempts)
    run_pending()

    v1 = iteration.get_attempt_group(user.id, sub.group_id)
    assert v1.done and v1.auto_pick and len([a for a in v1.attempts if a.scores]) == 2
    auto = v1.auto_pick["asset_id"]
    override = next(a.asset_id for a in v1.attempts if a.asset_id != auto)
    v1 = iteration.pick_attempt(user.id, sub.group_id, override)
    assert v1.user_pick == override and v1.auto_pick["asset_id"] == auto
    with session_scope() as s:
        log = s.exec(select(PickLog).where(PickLog.user_id == user.id)).all()
        assert [(p.asset_id, p.auto_asset_id) for p in log] == [(override, auto)]

    # Iterate with the user's feedback: the rules fold it into the prompts.
    it2 = iteration.iterate(user, sub.group_id, feedback="too chaotic")
    assert it2.iteration == 2 and len(it2.job_ids) == 2
    run_pending()
    v2 = iteration.get_attempt_group(user.id, sub.group_id)
    assert v2.iteration == 2 and v2.iteration_count == 2 and v2.feedback == "too chaotic"
    assert v2.motion_prompt.startswith("slow push in") and v2.motion_prompt != "slow push in"
    assert v2.done and v2.auto_pick
    assert iteration.get_attempt_group(user.id, sub.group_id, 1).user_pick == override  # history kept

    final = v2.auto_pick["asset_id"]
    v2 = iteration.set_final(user.id, sub.group_id, final)
    assert v2.final_asset_id == final and any(a.is_final for a in v2.attempts)

    versions = iteration.list_versions(user.id, sub.group_id)
    assert [v.iteration for v in versions.versions] == [1, 2]
    first, second = versions.versions
    assert first.chosen_asset_id == override and first.chosen_by == "user"
    assert second.chosen_asset_id == final and second.chosen_by == "auto" and second.is_final
    added = " ".join(p.text for p in second.prompt_diff if p.op == "add")
    assert added and all(p.op in ("same", "add", "remove") for p in second.prompt_diff)
    assert versions.trend == [first.overall, second.overall]
    assert second.overall_delta == pytest.approx(second.overall - first.overall, abs=1e-4)

    cmp = iteration.compare_versions(user.id, first.version_id, second.version_id)
    assert set(cmp.metric_deltas) == {*iteration.METRICS, "overall"}
    assert cmp.metric_deltas["overall"] == pytest.approx(second.overall - first.overall, abs=1e-3)

    summary = iteration.quality_summary(user.id)
    assert summary.attempt_count == 4 and sum(summary.score_histogram["attempts"]) == 4
    assert sum(summary.score_histogram["finals"]) == 1 and summary.final_count == 1
    assert summary.mean_iterations_per_final == 2
    # Iteration 1: the user overrode (disagree); iteration 2: the final is the auto pick (agree).
    assert summary.agreement_count == 2 and summary.agreement_rate == 0.5
    assert (
        summary.per_model["local-video"]["attempts"] == 4 and summary.per_model["local-video"]["finals"] == 1
    )
    assert summary.per_video[0]["group_id"] == sub.group_id and len(summary.per_video[0]["trend"]) == 2
    assert iteration.quality_summary(user.id, model="sora-2").attempt_count == 0
    assert iteration.quality_summary(other.id).attempt_count == 0
    assert iteration.quality_summary(None).attempt_count == 4  # the admin view: every user

    page = iteration.list_attempt_groups(user.id)
    assert page.total == 1 and page.items[0].final_asset_id == final and page.items[0].iterations == 2

    # Nobody else sees or changes any of it.
    for call in (
        lambda: iteration.get_attempt_group(other.id, sub.group_id),
        lambda: iteration.pick_attempt(other.id, sub.group_id, override),
        lambda: iteration.set_final(other.id, sub.group_id, override),
        lambda: iteration.list_versions(other.id, sub.group_id),
        lambda: iteration.compare_versions(other.id, first.version_id, second.version_id),
        lambda: iteration.iterate(other, sub.group_id),
        lambda: iteration.create_attempt_group(other, hero, "pan"),
    ):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(NotFound):  # a hero frame is not an attempt of the group
        iteration.set_final(user.id, sub.group_id, hero)


def test_cancel_one_attempt_refunds_it_and_the_rest_settle(signup) -> None:
    user, _ = signup("cancel@example.com", credits_=100)
    hero = _hero(user)
    before = billing.balance(user.id)["balance"]
    sub = iteration.create_attempt_group(user, hero, "", camera="orbit", speed=0.3, attempts=3, duration=2.0)
    price = iteration.attempt_price("local-video", 2.0)
    assert billing.balance(user.id)["frozen"] == 3 * price
    view = iteration.cancel_attempt(user.id, sub.group_id, sub.job_ids[0])
    assert view.attempts[0].status == "cancelled"
    run_pending()
    view = iteration.get_attempt_group(user.id, sub.group_id)
    assert [a.status for a in view.attempts] == ["cancelled", "completed", "completed"]
    assert view.auto_pick["asset_id"] in {a.asset_id for a in view.attempts[1:]}
    assert view.camera == "orbit" and view.speed == 0.3
    assert billing.balance(user.id) == {**billing.balance(user.id), "frozen": 0}
    assert billing.balance(user.id)["balance"] == before - 2 * price


@pytest.mark.parametrize(
    "kwargs",
    [
        {"attempts": 0},
        {"attempts": 6},
        {"camera": "zoom"},
        {"speed": 2},
        {"duration": 60},
        {"aspect_ratio": "4:5"},
    ],
)
def test_bad_attempt_requests_are_refused_before_any_credit_moves(signup, kwargs) -> None:
    user, _ = signup("bad@example.com", credits_=100)
    hero = _hero(user)
    before = billing.balance(user.id)
    with pytest.raises(InvalidInput):
        iteration.create_attempt_group(user, hero, "push in", **kwargs)
    assert billing.balance(user.id) == before and iteration.list_attempt_groups(user.id).total == 0
