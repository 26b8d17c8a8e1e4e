"""The Reflex app: the theme, every page and the REST API on the same backend.

Each page module (or domain package) adds its own routes in ``register(app)``,
next to the page: route, title and on_load live where the page is.
"""

from __future__ import annotations

import reflex as rx

from app.api.main import api
from app.components import theme
from app.pages import (
    admin,
    auth,
    batches,
    billing,
    brand,
    dashboard,
    editor,
    jobs,
    landing,
    library,
    not_found,
    pricing,
    pro,
    profile,
    studio,
    templates,
    variants,
)

# a11y.css: Radix palette steps darkened to WCAG AA contrast, and a screen-reader-only class.
app = rx.App(style=theme.global_style, stylesheets=["/a11y.css"], api_transformer=api)

for pages in (
    landing,
    auth,
    dashboard,
    pricing,
    billing,
    profile,
    jobs,
    studio,
    pro,
    editor,
    templates,
    brand,
    batches,
    library,
    variants,
    admin,
    not_found,
):
    pages.register(app)
