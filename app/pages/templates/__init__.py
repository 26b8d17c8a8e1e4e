"""Templates: the gallery (/templates) and one template's form and render (/templates/[template_id])."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.templates.gallery import gallery_page, render_page
from app.state.templates.gallery import DETAIL_ROUTE, ROUTE, TemplateRenderState, TemplatesState


def register(app: rx.App) -> None:
    app.add_page(gallery_page, route=ROUTE, title=page_title("Templates"), on_load=TemplatesState.load)
    app.add_page(
        render_page, route=DETAIL_ROUTE, title=page_title("Template"), on_load=TemplateRenderState.load
    )
