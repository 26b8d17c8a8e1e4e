"""The Reflex app: pages, theme and the REST API on the same backend."""

from __future__ import annotations

import reflex as rx

from app.api.main import api
from app.components import theme
from app.pages.index import index
from app.pages.not_found import not_found

app = rx.App(
    style=theme.global_style,
    api_transformer=api,
)

app.add_page(
    index,
    route="/",
    title="Content Studio: on-brand product images and video ads",
    description="On-brand product images and short video ads from your product data, one or a hundred.",
)
app.add_page(not_found, route="404", title="Page not found · Content Studio")
