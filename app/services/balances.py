"""The credit balance shown next to a user (0 until the ledger has an account)."""

from __future__ import annotations


def balance_of(user_id: str) -> int:
    try:
        from app.services import credits
    except ImportError:  # pragma: no cover - billing not installed
        return 0
    return int(credits.balance(user_id)["balance"])
