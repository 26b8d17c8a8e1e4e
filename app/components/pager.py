"""Previous/next paging under a server-paginated list (one look on every page)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.state.paging import PagedListMixin


def pager(
    *,
    page: rx.Var,
    page_count: rx.Var,
    on_turn: rx.EventHandler,
    label: rx.Var | str = "",
    id_prefix: str = "",
) -> rx.Component:
    """``label`` (e.g. "21-40 of 93") on the left, the buttons and "Page n of m" on the right.

    ``on_turn`` takes how many pages to move (-1 or 1): one handler per list, see app/state/paging.py.
    """

    def _id(name: str) -> str | None:
        return f"{id_prefix}-{name}" if id_prefix else None

    return rx.hstack(
        rx.text(label, size="2", color=theme.MUTED, id=_id("range")),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=16),
            "Previous",
            variant="soft",
            size="2",
            disabled=page == 0,
            on_click=on_turn(-1),
            cursor="pointer",
            id=_id("prev"),
        ),
        rx.text("Page ", page + 1, " of ", page_count, size="2", color=theme.MUTED),
        rx.button(
            "Next",
            rx.icon("chevron-right", size=16),
            variant="soft",
            size="2",
            disabled=page + 1 >= page_count,
            on_click=on_turn(1),
            cursor="pointer",
            id=_id("next"),
        ),
        width="100%",
        align="center",
        spacing="3",
        wrap="wrap",
    )


def pager_for(state: type[PagedListMixin], **props) -> rx.Component:
    """The pager of a state's one paged list (see ``PagedListMixin``)."""
    return pager(page=state.page, page_count=state.page_count, on_turn=state.turn_page, **props)
