"""Placeholder: the page lands with its feature."""

from __future__ import annotations

import reflex as rx


def register(app: rx.App) -> None:
    """Add this module's pages to the app (nothing yet)."""
