"""The image and video studios (/studio/image, /studio/video) and the brief they share."""

from __future__ import annotations

import reflex as rx

from app.components.layout import page_title
from app.pages.studio.image import image_studio
from app.pages.studio.video import video_studio
from app.state.studio.image import ImageStudioState
from app.state.studio.video import VideoStudioState


def register(app: rx.App) -> None:
    app.add_page(
        image_studio,
        route=ImageStudioState.ROUTE,
        title=page_title("Image studio"),
        on_load=ImageStudioState.load,
    )
    app.add_page(
        video_studio,
        route=VideoStudioState.ROUTE,
        title=page_title("Video studio"),
        on_load=VideoStudioState.load,
    )
