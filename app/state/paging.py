"""Server-side paging for every list page: page counts, "21-40 of 93" labels and page turns.

Lists are paginated on the server (thousands of rows in state freeze the page),
so a state keeps one page and the list's total. States with one list use
``PagedListMixin``; states with two lists turn each with ``turned``.
"""

from __future__ import annotations

import inspect
from typing import ClassVar

import reflex as rx


def page_count(total: int, size: int) -> int:
    return max(1, (total + size - 1) // size)


def range_label(page: int, size: int, total: int, noun: str = "") -> str:
    """``21-40 of 93`` (and the noun) for the page shown; "" for an empty list."""
    if total == 0:
        return ""
    first = page * size + 1
    label = f"{first:,}–{min(total, first + size - 1):,} of {total:,}"
    return f"{label} {noun}" if noun else label


def turned(page: int, delta: int, count: int) -> int | None:
    """The page ``delta`` away (the browser sends it), or None when that is off the list."""
    try:
        target = page + int(delta)
    except (TypeError, ValueError):
        return None
    return target if 0 <= target < count and target != page else None


class PagedListMixin(rx.State, mixin=True):
    """One paged list per state: the page shown, the list's total and Previous/Next."""

    PAGE_SIZE: ClassVar[int] = 20

    page: int = 0
    total: int = 0

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total, self.PAGE_SIZE)

    def _show_page(self, page: int):
        """Authorize, read ``page`` and show it; may return events (a sign-in redirect)."""
        raise NotImplementedError

    @rx.event
    async def turn_page(self, delta: int):
        target = turned(self.page, delta, self.page_count)
        if target is None:
            return None
        shown = self._show_page(target)
        return await shown if inspect.isawaitable(shown) else shown
