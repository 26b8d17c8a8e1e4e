"""The library service: filters, search, pages, detail, delete, share links and ZIPs."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from app.db import session_scope
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.library import ShareLink
from app.services import library
from app.services.platform import InvalidInput, NotFound, get_storage

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _ids(items: list[dict]) -> list[str]:
    return [i["id"] for i in items]


def test_pages_are_newest_first_and_only_the_owners(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    mine = [make_asset(me, created_at=T0 + timedelta(minutes=i)) for i in range(5)]
    make_asset(other, created_at=T0 + timedelta(hours=1))
    total, items = library.list_assets(me.id, limit=2, offset=0)
    assert total == 5 and _ids(items) == [mine[4].id, mine[3].id]
    total, items = library.list_assets(me.id, limit=2, offset=4)
    assert total == 5 and _ids(items) == [mine[0].id]
    total, items = library.list_assets(me.id, limit=2, offset=10)
    assert total == 5 and items == []
    item = library.list_assets(me.id, limit=1)[1][0]
    assert item["url"].startswith("http") and "/api/files/" in item["url"] and item["thumbnail_url"]
    assert item["expires_at"].endswith("Z") and item["expires_in"].startswith(("Expires", "Expired"))


def test_same_second_assets_have_a_stable_order(make_user, make_asset) -> None:
    me = make_user()
    made = [make_asset(me, created_at=T0) for _ in range(4)]
    seen = _ids(library.list_assets(me.id, limit=2)[1]) + _ids(
        library.list_assets(me.id, limit=2, offset=2)[1]
    )
    assert sorted(seen) == sorted(a.id for a in made) and len(set(seen)) == 4


def test_filters_by_kind_style_model_batch_and_dates(make_user, make_asset) -> None:
    me = make_user()
    img = make_asset(me, kind="image", style="studio", model="local-image", created_at=T0)
    vid = make_asset(
        me, kind="video", style="unboxing", model="local-video", created_at=T0 + timedelta(days=2)
    )
    batch = make_asset(me, batch_id="b-1", style="studio", created_at=T0 + timedelta(days=5))
    f = library.AssetFilters
    assert _ids(library.list_assets(me.id, f(kind="video"))[1]) == [vid.id]
    assert _ids(library.list_assets(me.id, f(kind="image"))[1]) == [batch.id, img.id]
    assert _ids(library.list_assets(me.id, f(style="unboxing"))[1]) == [vid.id]
    assert _ids(library.list_assets(me.id, f(model="local-video"))[1]) == [vid.id]
    assert _ids(library.list_assets(me.id, f(batch_id="b-1"))[1]) == [batch.id]
    # Bare days are inclusive on both ends.
    assert _ids(library.list_assets(me.id, f(date_from="2026-03-12", date_to="2026-03-12"))[1]) == [vid.id]
    assert _ids(library.list_assets(me.id, f(date_to="2026-03-12"))[1]) == [vid.id, img.id]
    assert _ids(library.list_assets(me.id, f(date_from="2026-03-13"))[1]) == [batch.id]
    with pytest.raises(InvalidInput):
        library.list_assets(me.id, f(date_from="yesterday"))
    with pytest.raises(InvalidInput):
        library.list_assets(me.id, f(date_from="2026-03-20", date_to="2026-03-01"))
    with pytest.raises(InvalidInput):
        library.list_assets(me.id, f(kind="audio"))
    assert library.facets(me.id) == {
        "styles": ["studio", "unboxing"],
        "models": ["local-image", "local-video"],
        "batches": ["b-1"],
    }


def test_search_matches_every_word_case_insensitively_and_escapes_wildcards(make_user, make_asset) -> None:
    me = make_user()
    mug = make_asset(me, prompt="A Red ceramic MUG on oak", created_at=T0)
    shoe = make_asset(me, prompt="red running shoe, 100% recycled", created_at=T0 + timedelta(minutes=1))
    make_asset(me, prompt="blue_bag", created_at=T0 + timedelta(minutes=2))
    f = library.AssetFilters
    assert _ids(library.list_assets(me.id, f(q="red"))[1]) == [shoe.id, mug.id]
    assert _ids(library.list_assets(me.id, f(q="mug RED"))[1]) == [mug.id]
    assert _ids(library.list_assets(me.id, f(q="100%"))[1]) == [shoe.id]
    assert library.list_assets(me.id, f(q="d_c"))[0] == 0  # "_" is a letter, not a wildcard ("Red ceramic")
    assert library.list_assets(me.id, f(q="e_b"))[0] == 1  # "blue_bag"
    assert library.list_assets(me.id, f(q="%%"))[0] == 0  # literal, not "anything"
    assert library.list_assets(me.id, f(q="   "))[0] == 3


def test_status_expiring_and_shared(make_user, make_asset) -> None:
    me = make_user()
    now = utcnow()
    soon = make_asset(me, expires_at=now + timedelta(hours=30))
    later = make_asset(me, expires_at=now + timedelta(days=30))
    f = library.AssetFilters
    assert _ids(library.list_assets(me.id, f(status="expiring"))[1]) == [soon.id]
    assert library.list_assets(me.id, f(status="shared"))[0] == 0
    link = library.create_share(me.id, later.id)
    assert _ids(library.list_assets(me.id, f(status="shared"))[1]) == [later.id]
    library.revoke_share(me.id, later.id, link["share_id"])
    assert library.list_assets(me.id, f(status="shared"))[0] == 0
    with pytest.raises(InvalidInput):
        library.list_assets(me.id, f(status="deleted"))


def test_detail_has_enhanced_prompt_credits_and_share_links(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    asset = make_asset(me, job_cost=4, enhanced_prompt="A glossy red mug, softbox light", prompt="red mug")
    plain = make_asset(me)
    detail = library.get_asset(me.id, asset.id)
    assert detail["prompt"] == "red mug" and detail["enhanced_prompt"] == "A glossy red mug, softbox light"
    assert detail["credits"] == 4 and detail["share_links"] == [] and detail["width"] == 64
    assert library.get_asset(me.id, plain.id)["credits"] is None
    with pytest.raises(NotFound):
        library.get_asset(other.id, asset.id)


def test_delete_removes_files_row_and_share_links(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    asset = make_asset(me)
    library.create_share(me.id, asset.id)
    storage = get_storage()
    with pytest.raises(NotFound):
        library.delete_asset(other.id, asset.id)
    assert storage.exists(asset.storage_key)
    library.delete_asset(me.id, asset.id)
    assert not storage.exists(asset.storage_key) and not storage.exists(asset.thumbnail_key)
    with session_scope() as s:
        assert s.get(Asset, asset.id) is None
        assert s.exec(select(ShareLink)).all() == []
    with pytest.raises(NotFound):
        library.delete_asset(me.id, asset.id)


def test_share_links_open_expire_and_revoke(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    with time_machine.travel(T0, tick=False):
        asset = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=90))
        link = library.create_share(me.id, asset.id, days=7)
        assert link["expires_at"] == "2026-03-17T12:00:00Z"
        assert link["url"].endswith(f"/api/v1/shared/{link['url'].rsplit('/', 1)[1]}")
        token = link["url"].rsplit("/", 1)[1]
        shared = library.open_share(token)
        assert get_storage().get(shared.key).startswith(b"\x89PNG") and shared.content_type == "image/png"
        # The same link can be shown again; another user cannot revoke it.
        assert library.list_shares(me.id, asset.id)[0]["url"] == link["url"]
        with pytest.raises(NotFound):
            library.revoke_share(other.id, asset.id, link["share_id"])
        for bad in (token[:-1] + ("0" if token[-1] != "0" else "1"), "nope", "", token.split(".")[0]):
            with pytest.raises(NotFound):
                library.open_share(bad)
    with time_machine.travel(T0 + timedelta(days=7, seconds=1), tick=False), pytest.raises(NotFound):
        library.open_share(token)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        library.open_share(token)
        library.revoke_share(me.id, asset.id, link["share_id"])
        library.revoke_share(me.id, asset.id, link["share_id"])  # twice is fine
        with pytest.raises(NotFound):
            library.open_share(token)
    with session_scope() as s:
        assert s.get(ShareLink, link["share_id"]).access_count == 2


def test_a_share_link_never_outlives_its_asset(make_user, make_asset) -> None:
    me = make_user()
    with time_machine.travel(T0, tick=False):
        asset = make_asset(me, created_at=T0, expires_at=T0 + timedelta(days=2))
        assert library.create_share(me.id, asset.id, days=30)["expires_at"] == "2026-03-12T12:00:00Z"
        with pytest.raises(InvalidInput):
            library.create_share(me.id, asset.id, days=0)
    with time_machine.travel(T0 + timedelta(days=3), tick=False), pytest.raises(InvalidInput):
        library.create_share(me.id, asset.id)


def _unzip(chunks) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def test_zip_streams_the_chosen_files_with_unique_names(make_user, make_asset) -> None:
    me, other = make_user(), make_user()
    a = make_asset(me, prompt="same words")
    b = make_asset(me, prompt="same words", kind="video")
    c = make_asset(me, prompt="same words")
    foreign = make_asset(other)
    entries = library.zip_entries(me.id, [a.id, b.id, c.id, a.id])
    archive = _unzip(library.zip_stream(entries))
    names = archive.namelist()
    assert len(names) == 3 and len(set(names)) == 3
    assert names[1].endswith(".mp4") and names[0].startswith("same-words-")
    storage = get_storage()
    assert archive.read(names[0]) == storage.get(a.storage_key)
    assert archive.read(names[1]) == storage.get(b.storage_key)
    assert archive.testzip() is None
    with pytest.raises(NotFound):
        library.zip_entries(me.id, [a.id, foreign.id])
    with pytest.raises(InvalidInput):
        library.zip_entries(me.id, [])
    with pytest.raises(InvalidInput):
        library.zip_entries(me.id, [a.id] + [f"x{i}" for i in range(library.MAX_ZIP_ASSETS)])


def test_zip_links_are_signed_expire_and_recheck_ownership(make_user, make_asset) -> None:
    me = make_user()
    a, b = make_asset(me), make_asset(me)
    with time_machine.travel(T0, tick=False):
        link = library.zip_link(me.id, [a.id, b.id])
        token = link["url"].rsplit("/", 1)[1]
        assert link["count"] == 2 and link["expires_at"] == "2026-03-10T12:10:00Z"
        assert len(_unzip(library.zip_stream(library.open_zip_link(token))).namelist()) == 2
        body, sig = token.split(".")
        with pytest.raises(NotFound):
            library.open_zip_link(body + "." + "0" * len(sig))
        with pytest.raises(NotFound):
            library.open_zip_link(body[:-4] + "." + sig)
    with time_machine.travel(T0 + timedelta(minutes=11), tick=False), pytest.raises(NotFound):
        library.open_zip_link(token)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        library.delete_asset(me.id, b.id)
        with pytest.raises(NotFound):
            library.open_zip_link(token)
