"""The batch page (/batches, /batches/<id>): wizard steps, live progress and rows, past batches."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.batches.page import batches_page
from app.state.batches.options import ROUTE
from app.state.batches.page import BatchState


def register(app: rx.App) -> None:
    title = page_title("Batch generation")
    app.add_page(batches_page, route=ROUTE, title=title, on_load=BatchState.load)
    app.add_page(batches_page, route=ROUTE + "/[batch_ref]", title=title, on_load=BatchState.load)
