"""'Select from history' in the studios: the user's own images, paged and searched, picked as the photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.db import write_session
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id
from app.services import accounts
from app.services.platform import get_storage
from app.state.studio.video import VideoStudioState
from tests.support import aio


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 64), colour).save(out, "PNG")
    return out.getvalue()


def _image(user_id: str, prompt: str, colour=(10, 120, 200)) -> str:
    asset_id = new_id()
    key = f"users/{user_id}/assets/{asset_id}.png"
    get_storage().put(key, _png(colour), "image/png")
    with write_session() as s:
        s.add(
            Asset(
                id=asset_id,
                user_id=user_id,
                kind="image",
                storage_key=key,
                content_type="image/png",
                size_bytes=100,
                width=48,
                height=64,
                prompt=prompt,
            )
        )
    return asset_id


@pytest.fixture
def two_users(db):
    me = accounts.register("maker@example.com", "password-1", "Maker")
    other = accounts.register("someone@example.com", "password-1", "Other")
    with write_session() as s:
        for u in (me, other):
            row = s.get(User, u.user.id)
            row.plan = "pro"
            s.add(row)
    return me, other


def _state(token: str) -> VideoStudioState:
    state = VideoStudioState()
    state.session_token = token
    return state


async def _drain(gen) -> list:
    return [event async for event in gen]


def test_lists_only_my_images_twenty_a_page_and_searches_by_prompt(two_users) -> None:
    me, other = two_users
    for i in range(23):
        _image(me.user.id, f"{'blue mug' if i % 2 else 'green bottle'} number {i}")
    _image(other.user.id, "someone else's blue mug")
    state = _state(me.token)
    aio.run(state.open_history())
    assert state.history_open and state.history_total == 23 and len(state.history_items) == 20
    assert state.history_range == "1–20 of 23 images" and state.history_page_count == 2
    aio.run(state.turn_history(1))
    assert state.history_page == 1 and len(state.history_items) == 3
    aio.run(state.turn_history(1))  # past the end: stays
    assert state.history_page == 1
    aio.run(state.search_history("BLUE MUG"))
    assert state.history_page == 0 and state.history_total == 11
    assert all("blue mug" in t["prompt"] for t in state.history_items)
    aio.run(state.search_history("zeppelin"))
    assert state.history_total == 0 and state.history_items == []


def test_picking_makes_it_the_photo_and_ignores_ids_it_did_not_list(two_users) -> None:
    me, other = two_users
    mine = _image(me.user.id, "red kettle", colour=(220, 30, 30))
    theirs = _image(other.user.id, "not yours")
    state = _state(me.token)
    aio.run(state.open_history())
    aio.run(_drain(state.pick_history(theirs)))
    assert state.upload_id == "" and state.history_open  # nothing taken from another account
    aio.run(_drain(state.pick_history(mine)))
    assert state.upload_id and state.upload_name == "red kettle" and not state.history_open
    assert f"/api/files/users/{me.user.id}/uploads/" in state.upload_preview
    # The studio now submits it as any uploaded photo.
    state.mode = "i2v"
    assert state._params()["source_upload_id"] == state.upload_id


def test_signed_out_the_picker_sends_to_sign_in(db) -> None:
    state = _state("")
    assert aio.run(state.open_history()) is not None
    assert aio.run(_drain(state.pick_history("x")))
