"""The shared progress bar draws its width from numbers and from strings alike."""

from __future__ import annotations

import reflex as rx

from app.components.progress import progress_bar


class _Rows(rx.State):
    row: dict[str, str] = {}
    count: int = 0


def _width(component: rx.Component) -> str:
    css = component.render()["children"][0]["props"][0]
    return css.split('["width"] : ', 1)[1].split(', ["backgroundColor"]', 1)[0]


def test_a_string_progress_is_read_as_a_number_not_quoted_into_the_css() -> None:
    width = _width(progress_bar(_Rows.row["progress"]))
    # JSON.stringify("40") + "%" is '"40"%': the browser drops it and the bar looks full.
    assert "JSON.stringify" not in width and width.startswith("(Math.max(0, Math.min(100, Number(")


def test_numbers_and_literals_are_clamped_to_a_percentage() -> None:
    assert "Number(40)" in _width(progress_bar(40))
    assert "count" in _width(progress_bar(_Rows.count))
