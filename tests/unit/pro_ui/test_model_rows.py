"""Pro mode's model pickers: rows with their unit price, and which model stays picked."""

from __future__ import annotations

from app.services.iteration import ProModel
from app.state.pro.views import chosen_model, model_rows

LOCAL = ProModel("local-video", "Local motion", "local", True, 0)
SORA = ProModel("sora-2-i2v", "Sora 2", "kie.ai", False, 12)


def test_rows_name_the_vendor_and_the_price_of_one_unit() -> None:
    rows = model_rows([LOCAL, SORA], "attempt")
    assert rows[0]["vendor"] == "Offline engine" and rows[1]["vendor"] == "kie.ai"
    assert rows[1]["cost"] == "12" and rows[1]["cost_text"].endswith("per attempt")
    assert "12" in rows[1]["cost_text"]


def test_the_pick_survives_while_offered_else_the_first_model_with_its_price() -> None:
    rows = model_rows([LOCAL, SORA], "attempt")
    assert chosen_model(rows, "sora-2-i2v") == ("sora-2-i2v", 12)
    assert chosen_model(rows, "gone-model") == ("local-video", 0)
    assert chosen_model(rows, "") == ("local-video", 0)
    assert chosen_model([], "sora-2-i2v") == ("", 0)
