"""Coercing what the browser sends: event arguments are never trusted as they come."""

from __future__ import annotations


def one(value: str | list[str], default: str = "") -> str:
    """The single value of a segmented control or radio group (they may send a list)."""
    if isinstance(value, list):
        return str(value[0]) if value else default
    return str(value)


def form_text(form: dict, name: str, limit: int = 4096) -> str:
    """A form field as a short string."""
    value = form.get(name, "")
    return str(value)[:limit] if value is not None else ""
