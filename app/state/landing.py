"""The landing page's showcase: hero carousel of featured videos, gallery tabs, likes, lightbox."""

from __future__ import annotations

import time

import reflex as rx

from app.services import showcase
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one

HERO_SIZE = 5
GALLERY_SIZE = 12
SLIDE_SECONDS = 5.0


def _card(item: dict) -> dict[str, str]:
    return {
        "id": item["id"],
        "kind": item["kind"],
        "title": item["title"],
        "url": item["url"],
        "poster": item["poster_url"] or "",
        "likes": str(item["likes"]),
        "liked": "yes" if item["liked"] else "",
        "duration": f"{item['duration']:.0f} s" if item.get("duration") else "",
    }


class ShowcaseState(AuthState):
    hero: list[dict[str, str]] = []
    hero_index: int = 0
    tab: str = "image"
    images: list[dict[str, str]] = []
    videos: list[dict[str, str]] = []
    loaded: bool = False
    lightbox_open: bool = False
    lightbox_kind: str = "video"
    lightbox_url: str = ""
    lightbox_poster: str = ""
    lightbox_title: str = ""
    _last_move: float = 0.0

    @rx.var
    def hero_current(self) -> dict[str, str]:
        if not self.hero:
            return {"id": "", "title": "", "url": "", "poster": "", "duration": ""}
        return self.hero[self.hero_index % len(self.hero)]

    @rx.var
    def feature_video(self) -> dict[str, str]:
        """The features section's video card: the second hero video when there is one."""
        if not self.hero:
            return {"id": "", "title": "", "url": "", "poster": ""}
        return self.hero[1 % len(self.hero)]

    @rx.var
    def gallery(self) -> list[dict[str, str]]:
        return self.images if self.tab == "image" else self.videos

    def _read(self) -> None:
        user = self._current_user()
        uid = user.id if user else None
        self.hero = [_card(v) for v in showcase.list_items(kind="video", user_id=uid, limit=HERO_SIZE)[1]]
        self.images = [
            _card(i) for i in showcase.list_items(kind="image", user_id=uid, limit=GALLERY_SIZE)[1]
        ]
        self.videos = [
            _card(i) for i in showcase.list_items(kind="video", user_id=uid, limit=GALLERY_SIZE)[1]
        ]
        self.loaded = True

    @rx.event
    def load(self):
        """on_mount of the landing page's showcase parts (the page's on_load is the pricing's)."""
        self._read()
        self.hero_index = 0
        self._last_move = time.monotonic()

    def _show(self, index: int) -> None:
        if self.hero:
            self.hero_index = index % len(self.hero)
            self._last_move = time.monotonic()

    @rx.event
    def next_slide(self):
        self._show(self.hero_index + 1)

    @rx.event
    def prev_slide(self):
        self._show(self.hero_index - 1)

    @rx.event
    def go_to(self, index: int):
        self._show(int(index))

    @rx.event
    def auto_advance(self, _tick: str = ""):
        """From the page's timer: a new slide every 5 s after the last move (arrows reset it);
        holds still while something plays full screen."""
        if self.lightbox_open or time.monotonic() - self._last_move < SLIDE_SECONDS - 0.5:
            return
        self._show(self.hero_index + 1)

    @rx.event
    def set_tab(self, value: str | list[str]):
        value = one(value, "image")
        self.tab = "video" if value == "video" else "image"

    @rx.event
    def open_item(self, item_id: str):
        """Play or show an item full screen. Only ids on the page are accepted."""
        for item in [*self.hero, *self.images, *self.videos]:
            if item["id"] == item_id:
                self.lightbox_kind, self.lightbox_url = item["kind"], item["url"]
                self.lightbox_poster, self.lightbox_title = item["poster"], item["title"]
                self.lightbox_open = True
                return

    @rx.event
    def close_lightbox(self):
        self.lightbox_open = False
        self.lightbox_url = ""

    @rx.event
    def set_lightbox_open(self, value: bool):
        if not value:
            self.lightbox_open = False
            self.lightbox_url = ""

    @rx.event
    def toggle_like(self, item_id: str):
        user = self._require_user()
        if user is None:
            return [rx.toast.info("Sign in to like showcase items."), rx.redirect("/login?next=/%23showcase")]
        try:
            result = showcase.toggle_like(user.id, str(item_id)[:36])
        except ServiceError as exc:
            self._read()
            return rx.toast.error(exc.message)
        for group in (self.images, self.videos, self.hero):
            for item in group:
                if item["id"] == result["item_id"]:
                    item["likes"] = str(result["likes"])
                    item["liked"] = "yes" if result["liked"] else ""
        self.images, self.videos, self.hero = list(self.images), list(self.videos), list(self.hero)
        return None
