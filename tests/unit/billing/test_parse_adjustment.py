"""The admin adjustment form is read the same way on every admin page."""

from __future__ import annotations

import pytest

from app.services import billing


def test_a_signed_amount_and_a_reason_are_required() -> None:
    assert billing.parse_adjustment(" -20 ", " refund for a bad render ") == (-20, "refund for a bad render")
    for amount, reason, words in (
        ("ten", "x", "whole number"),
        ("0", "x", "non-zero"),
        ("5", "  ", "reason"),
        ("2000000", "x", "at most"),
        (None, "x", "whole number"),
    ):
        with pytest.raises(billing.InvalidAmount, match=words):
            billing.parse_adjustment(amount, reason)
