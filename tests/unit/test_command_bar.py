"""The command bar: its language, and a command that starts a real job followed in place."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update
from sqlmodel import col

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.jobs import Job
from app.services import accounts, billing, generation, jobs
from app.services.platform import InvalidInput
from app.state.command_bar import CommandBarState
from tests.support import aio


def test_commands_name_a_kind_and_a_prompt() -> None:
    assert generation.parse_command("/image  a red mug ") == generation.Command("image", "a red mug")
    assert generation.parse_command("/VIDEO bottle ad").kind == "video"
    assert generation.parse_command("/img x").kind == "image"
    for bad, reason in (
        ("a red mug", "Type /image"),
        ("/gif cat", "Unknown command /gif"),
        ("/video", "Say what"),
    ):
        with pytest.raises(InvalidInput, match=reason):
            generation.parse_command(bad)


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr("app.queue.enqueue", lambda path, *args, **kw: calls.append((path, args, kw)))
    return calls


def _signed_in(plan: str = "pro", credits_: int = 100):
    signed = accounts.register("commander@example.com", "password-1", "Com Mander")
    with write_session() as s:
        s.execute(update(User).where(col(User.id) == signed.user.id).values(plan=plan))
    if credits_:
        billing.earn(signed.user.id, credits_, source="test", key=f"grant:{signed.user.id}")
    return signed


def test_a_command_starts_the_job_with_the_defaults_and_shows_its_progress(db, enqueued) -> None:
    signed = _signed_in()
    state = CommandBarState()
    state.session_token = signed.token
    state.open_bar()
    state.set_command("/video a steel bottle that keeps drinks cold")
    follow = aio.run(state.run())
    assert follow is not None and state.bar_error == "" and state.job_active
    view = jobs.get_job(signed.user.id, state.job_id)
    assert view.kind == "video" and view.prompt == "a steel bottle that keeps drinks cold"
    with session_scope() as s:
        params = json.loads(s.get(Job, state.job_id).params_json)
    assert (params["duration"], params["aspect_ratio"], params["resolution"]) == (10.0, "9:16", "720p")
    assert params["use_brand_profile"] is True
    assert state.job_kind == "video" and len(enqueued) == 1
    # A second command while it runs is refused; cancelling returns the held credits.
    state.set_command("/image another")
    aio.run(state.run())
    assert "still running" in state.bar_error and len(enqueued) == 1
    state.cancel()
    assert state.job_status == "cancelled" and billing.balance(signed.user.id)["frozen"] == 0


def test_money_errors_link_to_pricing_and_bad_commands_explain_themselves(db, enqueued) -> None:
    signed = _signed_in(plan="free", credits_=0)
    state = CommandBarState()
    state.session_token = signed.token
    state.set_command("hello")
    aio.run(state.run())
    assert state.bar_error.startswith("Type /image") and not state.upgrade
    state.set_command("/video a bottle ad")
    aio.run(state.run())
    assert state.bar_error and state.upgrade and not enqueued  # free plan: no videos
