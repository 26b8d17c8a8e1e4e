"""/: the public landing page, from the hero to pricing."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_frame
from app.pages.landing.features import features, how_it_works
from app.pages.landing.gallery import lightbox, showcase_gallery
from app.pages.landing.hero import hero
from app.pages.pricing import pricing_section


def index() -> rx.Component:
    return page_frame(hero(), features(), how_it_works(), showcase_gallery(), pricing_section(), lightbox())
