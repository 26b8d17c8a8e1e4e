"""The library page (/library): filters, the asset grid, and one asset's detail dialog."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.library.page import library_page
from app.state.library import LibraryState


def register(app: rx.App) -> None:
    app.add_page(library_page, route="/library", title=page_title("Library"), on_load=LibraryState.load)
