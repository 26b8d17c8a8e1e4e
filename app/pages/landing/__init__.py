"""The public landing page (/): hero carousel, features, how it works, showcase and pricing."""

from __future__ import annotations

import reflex as rx

from app.pages.landing.page import index
from app.state.billing import PricingState


def register(app: rx.App) -> None:
    app.add_page(
        index,
        route="/",
        title="Content Studio: on-brand product images and video ads",
        description="On-brand product images and short video ads from your product data, one or a hundred.",
        on_load=PricingState.load,
    )
