"""The timeline editor: /editor/open/[asset_id] (open a video) and /editor/[project_id]."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.editor.page import editor_page, opener_page
from app.state.editor.opener import ROUTE as OPEN_ROUTE
from app.state.editor.opener import EditorOpenState
from app.state.editor.page import ROUTE, EditorState


def register(app: rx.App) -> None:
    app.add_page(
        opener_page,
        route=OPEN_ROUTE,
        title=page_title("Opening the editor"),
        on_load=EditorOpenState.open_asset,
    )
    app.add_page(editor_page, route=ROUTE, title=page_title("Editor"), on_load=EditorState.load)
