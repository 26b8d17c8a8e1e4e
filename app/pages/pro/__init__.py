"""Pro mode: hero frames (/studio/hero), the workspace (/studio/pro/<id>), quality (/pro/quality)."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.pro.hero import hero_page
from app.pages.pro.quality import quality_page
from app.pages.pro.workspace import workspace_page
from app.state.pro.hero import ROUTE as HERO_ROUTE
from app.state.pro.hero import HeroState
from app.state.pro.motion import WORKSPACE_ROUTE
from app.state.pro.quality import ROUTE as QUALITY_ROUTE
from app.state.pro.quality import QualityState
from app.state.pro.workspace import WorkspaceState


def register(app: rx.App) -> None:
    title = page_title("Hero frames")
    app.add_page(hero_page, route=HERO_ROUTE, title=title, on_load=HeroState.load)
    app.add_page(hero_page, route=HERO_ROUTE + "/[hero_ref]", title=title, on_load=HeroState.load)
    app.add_page(
        workspace_page,
        route=WORKSPACE_ROUTE + "/[attempt_ref]",
        title=page_title("Iteration workspace"),
        on_load=WorkspaceState.load,
    )
    app.add_page(quality_page, route=QUALITY_ROUTE, title=page_title("Quality"), on_load=QualityState.load)
