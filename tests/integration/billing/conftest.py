"""Billing fixtures: register the billing tables and make users."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import app.models.billing  # noqa: F401  (registers billing tables before the db fixture's create_all)
from app.models.base import new_id
from tests.support.fixtures import create_user


@pytest.fixture
def make_user(db) -> Callable[..., str]:
    def make(plan: str = "free", email: str | None = None) -> str:
        user_id = new_id()
        return create_user(id=user_id, email=email or f"{user_id}@example.com", plan=plan).id

    return make
