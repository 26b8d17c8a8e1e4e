"""The batch wizard's state against the real batch service: upload, mapping checks, estimate, start."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import reflex as rx

from app.db import session_scope
from app.models.accounts import User
from app.services import accounts, billing
from tests.support import aio

SHEET = (
    "Product name,Description,Base image URL,Style\n"
    "Ceramic Mug,A sturdy stoneware mug,,studio\n"
    "Linen Tote,Washed linen tote,,lifestyle\n"
    "Desk Lamp,Warm LED lamp,not a link,studio\n"
    "\n"
    "Wool Beanie,Soft merino beanie,,\n"
)


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr("app.queue.enqueue", lambda path, *args, **kwargs: calls.append((path, args)))
    return calls


def _signed_in(plan: str = "pro", extra_credits: int = 0):
    from app.state.batches.page import BatchState

    signed = accounts.register(f"{plan}-{extra_credits}@example.com", "a-long-password")
    with session_scope() as s:
        s.get(User, signed.user.id).plan = plan
    if extra_credits:
        billing.earn(signed.user.id, extra_credits, source="test", key=f"test:{signed.user.id}")
    state = BatchState()
    state.session_token = signed.token
    return state, signed.user


def _upload(state, name: str = "products.csv", data: bytes = SHEET.encode()):
    file = rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))
    return aio.run(state.handle_upload([file]))


def test_upload_checks_rows_by_sheet_number_and_estimates(db, enqueued) -> None:
    state, _ = _signed_in()
    assert _upload(state) is None
    assert state.upload_error == ""
    assert state.current_id and state.filename == "products.csv" and state.row_count == 4
    assert state.mapping["product_name"] == "Product name"
    assert state.mapping["base_image_url"] == "Base image URL"
    # Blank line 5 keeps its number: the preview and the checks name rows as the sheet does.
    assert [row[0] for row in state.preview_rows] == ["2", "3", "4", "6"]
    assert state.valid_rows == 3
    assert [(r.row, r.error) for r in state.invalid_rows] == [
        (4, "Base image URL is not a valid http(s) link.")
    ]
    assert state.estimate_credits == 3 and state.output_count == 3
    assert state.balance == billing.spendable(state._require_user().id)

    # A second style doubles only the row without a style of its own; variants multiply images.
    aio.run(state.toggle_style("lifestyle"))
    assert state.total_jobs == 4
    aio.run(state.set_variants("2"))
    assert state.output_count == 8 and state.estimate_credits == 8

    # Unmapping the product name explains itself and blocks Next; mapping it back restores the rows.
    aio.run(state.set_field_column("product_name", "__none__"))
    assert "product name" in state.mapping_error.lower()
    state.step = 2
    assert state.valid_rows == 0 and state.next_blocker
    aio.run(state.set_field_column("product_name", "Product name"))
    assert state.mapping_error == "" and state.valid_rows == 3 and state.next_blocker == ""

    # One column feeds one field.
    aio.run(state.set_field_column("prompt", "Description"))
    aio.run(state.set_field_column("description", "Description"))
    assert state.mapping["prompt"] == "__none__" and state.mapping["description"] == "Description"


def test_kind_switch_offers_video_choices(db, enqueued) -> None:
    state, _ = _signed_in()
    _upload(state)
    aio.run(state.set_kind("video"))
    assert state.kind == "video" and state.kind_noun == "video"
    assert state.style_choices[0].value == "voiceover" and state.styles == ["voiceover"]
    assert state.aspect_ratio in state.ratio_choices and "4:3" not in state.ratio_choices
    assert state.model in {c.value for c in state.model_choices}
    # The sheet's image styles are not video styles: those rows are reported, not silently changed.
    assert any("Unknown video style" in r.error for r in state.invalid_rows)


def test_wrong_file_type_is_refused_with_a_message(db, enqueued) -> None:
    state, _ = _signed_in()
    _upload(state, "notes.pdf", b"%PDF-1.4")
    assert "not a spreadsheet" in state.upload_error and state.current_id == ""
    _upload(state, "broken.xlsx", b"this is not a workbook")
    assert state.upload_error and state.current_id == ""


def test_start_when_short_opens_the_upgrade_prompt(db, enqueued) -> None:
    state, user = _signed_in()
    billing.spend(user.id, billing.spendable(user.id) - 2, key="test:spend", source="test")
    _upload(state)
    assert state.estimate_credits > state.balance and state.short_by > 0 and not state.can_start
    event = aio.run(state.start())
    assert event.handler.fn.__qualname__ == "UpgradePromptState.show"
    assert state.view == "wizard" and not enqueued


def test_start_shows_progress_with_the_invalid_row_reported(db, enqueued) -> None:
    state, _ = _signed_in(extra_credits=50)
    _upload(state)
    events = aio.run(state.start())
    assert state.view == "progress" and state.info.status == "running"
    assert state.info.total == 4 and state.info.failed == 1 and state.info.pending == 3
    names = [getattr(getattr(e, "handler", e), "fn", None) for e in events]
    assert "BatchState.poll" in [fn.__qualname__ for fn in names if fn is not None]
    assert [path for path, _ in enqueued] == ["workers.batch.run_starter"]
    rows = {r.row: r for r in state.rows}
    assert sorted(rows) == [2, 3, 4, 6]
    assert rows[4].status == "failed" and "Base image URL" in rows[4].error
    state.set_rows_filter("failed")
    assert [r.row for r in state.rows] == [4] and state.rows_total == 1


def test_cancel_and_download_links(db, enqueued) -> None:
    state, _ = _signed_in(extra_credits=50)
    _upload(state)
    aio.run(state.start())
    batch_id = state.current_id
    assert state.download("nothing") is None
    script = str(state.download("report_csv"))
    assert f"/api/v1/batches/{batch_id}/download/report_csv?" in script and "sig=" in script

    state.ask_cancel()
    assert state.confirm_cancel
    state.cancel()
    assert not state.confirm_cancel and state.info.status == "cancelled" and state.is_final
    assert {r.status for r in state.rows} == {"cancelled", "failed"}
    assert state.past[0].id == batch_id and state.past[0].status == "cancelled"


def test_refused_drop_says_why(db) -> None:
    from app.state.batches.page import BatchState

    state = BatchState()
    state.upload_rejected([{"file": {"path": "./photo.png"}, "errors": [{"code": "file-invalid-type"}]}])
    assert state.upload_error.startswith("“photo.png” is not a spreadsheet")
    state.upload_rejected([{"file": b"", "errors": [{"code": "file-too-large"}]}])
    assert "larger than" in state.upload_error
    state.upload_rejected(["junk"])
    assert "not a spreadsheet" in state.upload_error
