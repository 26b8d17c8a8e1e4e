"""The brand profile page (/settings/brand; the navbar's user menu links to it)."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.brand.page import brand_settings
from app.state.brand import ROUTE, BrandState


def register(app: rx.App) -> None:
    app.add_page(brand_settings, route=ROUTE, title=page_title("Brand profile"), on_load=BrandState.load)
