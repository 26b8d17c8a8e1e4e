"""Showcase: featuring copies an asset to a public key, likes toggle once per user, seeds load."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.db import session_scope
from app.models.assets import Asset
from app.models.base import new_id
from app.models.showcase import ShowcaseItem, ShowcaseLike
from app.services import showcase
from app.services.platform import NotFound, get_storage, signed_url

PNG = b"\x89PNG\r\n\x1a\n" + b"private-pixels" * 20
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"private-frames" * 50


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _asset(user_id: str, kind: str = "video") -> Asset:
    asset_id = new_id()
    ext, data, ctype = ("mp4", MP4, "video/mp4") if kind == "video" else ("png", PNG, "image/png")
    key = f"users/{user_id}/assets/{asset_id}.{ext}"
    thumb = f"users/{user_id}/assets/{asset_id}-thumb.jpg"
    get_storage().put(key, data, ctype)
    get_storage().put(thumb, b"\xff\xd8thumb", "image/jpeg")
    asset = Asset(
        id=asset_id,
        user_id=user_id,
        kind=kind,
        storage_key=key,
        thumbnail_key=thumb,
        content_type=ctype,
        width=720,
        height=1280,
        duration=4.0 if kind == "video" else None,
        prompt="A ceramic mug turning on a marble table, warm morning light",
        model="local-video" if kind == "video" else "local-image",
    )
    with session_scope() as s:
        s.add(asset)
    return asset


def test_feature_copies_to_a_public_key_and_unfeature_removes_it(make_user, client) -> None:
    owner = make_user("owner@example.com")
    admin = make_user("boss@example.com", role="admin")
    asset = _asset(owner.id)

    item = showcase.feature_asset(asset.id, admin_id=admin.id)
    with session_scope() as s:
        row = s.get(ShowcaseItem, item["id"])
    assert row is not None and row.source_asset_id == asset.id and not row.builtin
    assert row.storage_key.startswith("showcase/") and row.storage_key != asset.storage_key
    assert "users/" not in item["url"] and "sig=" not in item["url"]
    assert item["title"].startswith("A ceramic mug")

    # The private file is still there and still private.
    storage = get_storage()
    assert storage.get(asset.storage_key) == MP4
    assert client.get(f"/api/v1/assets/{asset.id}").status_code == 401
    private = signed_url(asset.storage_key, user_id=owner.id).split("/api/files/", 1)[1]
    tampered = private.replace(owner.id, admin.id)
    assert client.get(f"/api/files/{tampered}").status_code == 403

    # The public copy is served without any token, as are the poster and the list.
    media = client.get(f"/api/v1/showcase/{item['id']}/media")
    assert media.status_code == 200 and media.content == MP4
    assert media.headers["content-type"] == "video/mp4"
    assert media.headers["cache-control"].startswith("public")
    poster = client.get(f"/api/v1/showcase/{item['id']}/poster")
    assert poster.status_code == 200 and poster.content == b"\xff\xd8thumb"
    listing = client.get("/api/v1/showcase", params={"kind": "video"}).json()
    assert [i["id"] for i in listing["items"]] == [item["id"]]
    assert client.get("/api/v1/showcase", params={"kind": "image"}).json()["items"] == []

    # Featuring twice gives the same item; the newest feature comes first.
    assert showcase.feature_asset(asset.id)["id"] == item["id"]
    second = showcase.feature_asset(_asset(owner.id).id)
    assert [i["id"] for i in showcase.list_items(kind="video")[1]] == [second["id"], item["id"]]

    showcase.unfeature(item["id"])
    assert not storage.exists(row.storage_key) and not storage.exists(row.poster_key or "")
    assert storage.get(asset.storage_key) == MP4  # the user's own file stays
    assert client.get(f"/api/v1/showcase/{item['id']}/media").status_code == 404
    assert [i["id"] for i in showcase.list_items()[1]] == [second["id"]]
    with pytest.raises(NotFound):
        showcase.unfeature(item["id"])


def test_deleting_the_original_keeps_the_public_copy(make_user, client) -> None:
    from app.services import library

    owner = make_user()
    asset = _asset(owner.id, "image")
    item = showcase.feature_asset(asset.id)
    library.delete_asset(owner.id, asset.id)
    assert client.get(f"/api/v1/showcase/{item['id']}/media").content == PNG
    assert showcase.list_items()[1][0]["source_asset_id"] is None


def test_feature_needs_an_existing_asset(make_user) -> None:
    with pytest.raises(NotFound):
        showcase.feature_asset("nope")


def test_public_route_serves_only_showcase_keys(make_user, client) -> None:
    """A row pointing at a private key (never written by the service) is still not served."""
    owner = make_user()
    asset = _asset(owner.id)
    with session_scope() as s:
        s.add(ShowcaseItem(id="evil", kind="video", storage_key=asset.storage_key, content_type="video/mp4"))
        s.add(
            ShowcaseItem(
                id="dots", kind="image", storage_key="builtin/../../app/settings.py", content_type="x"
            )
        )
    assert client.get("/api/v1/showcase/evil/media").status_code == 404
    assert client.get("/api/v1/showcase/dots/media").status_code == 404
    assert client.get("/api/v1/showcase/missing/media").status_code == 404


def test_likes_toggle_once_per_user(make_user) -> None:
    owner, ann, bob = make_user(), make_user(), make_user()
    item = showcase.feature_asset(_asset(owner.id, "image").id)

    assert showcase.toggle_like(ann.id, item["id"]) == {"item_id": item["id"], "liked": True, "likes": 1}
    assert showcase.toggle_like(bob.id, item["id"])["likes"] == 2
    listed = showcase.list_items(user_id=ann.id)[1][0]
    assert listed["likes"] == 2 and listed["liked"] is True
    assert showcase.list_items()[1][0]["liked"] is False  # anonymous

    assert showcase.toggle_like(ann.id, item["id"]) == {"item_id": item["id"], "liked": False, "likes": 1}
    assert showcase.toggle_like(ann.id, item["id"])["likes"] == 2
    with session_scope() as s:
        assert len(s.exec(ShowcaseLike.__table__.select()).all()) == 2
    with pytest.raises(NotFound):
        showcase.toggle_like(ann.id, "no-such-item")


def test_like_api_needs_a_signed_in_user(make_user, client) -> None:
    owner = make_user()
    item = showcase.feature_asset(_asset(owner.id, "image").id)
    assert client.post(f"/api/v1/showcase/{item['id']}/like").status_code == 401

    body = client.post(
        "/api/auth/register", json={"email": "fan@example.com", "password": "password-1"}
    ).json()
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    first = client.post(f"/api/v1/showcase/{item['id']}/like", headers=auth)
    assert first.status_code == 200 and first.json()["liked"] is True
    mine = client.get("/api/v1/showcase", headers=auth).json()["items"][0]
    assert mine["liked"] is True and mine["likes"] == 1
    assert client.post(f"/api/v1/showcase/{item['id']}/like", headers=auth).json() == {
        "item_id": item["id"],
        "liked": False,
        "likes": 0,
    }


def test_builtin_seeds_register_once_and_stay_hidden_when_unfeatured(db, client) -> None:
    manifest = showcase.builtin_manifest()
    assert 3 <= sum(1 for e in manifest if e["kind"] == "video") <= 5
    assert sum(1 for e in manifest if e["kind"] == "image") >= 6
    total_bytes = sum(p.stat().st_size for p in showcase.BUILTIN_DIR.iterdir())
    assert total_bytes < 6 * 1024 * 1024

    assert showcase.seed_builtin() == len(manifest)
    assert showcase.seed_builtin() == 0  # idempotent
    total, items = showcase.list_items(limit=100)
    assert total == len(manifest) and all(i["builtin"] for i in items)

    hero = showcase.hero_videos()
    assert 3 <= len(hero) <= 5 and all(v["kind"] == "video" and v["poster_url"] for v in hero)
    video = client.get(f"/api/v1/showcase/{hero[0]['id']}/media")
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp"
    ranged = client.get(f"/api/v1/showcase/{hero[0]['id']}/media", headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.content) == 100  # browsers seek videos with ranges

    showcase.unfeature(hero[0]["id"])
    assert showcase.seed_builtin() == 0  # a hidden built-in does not come back on restart
    assert hero[0]["id"] not in {i["id"] for i in showcase.list_items(limit=100)[1]}
    assert client.get(f"/api/v1/showcase/{hero[0]['id']}/media").status_code == 404
    showcase.restore(hero[0]["id"])
    assert client.get(f"/api/v1/showcase/{hero[0]['id']}/media").status_code == 200


def test_move_reorders_within_a_kind(make_user) -> None:
    owner = make_user()
    a = showcase.feature_asset(_asset(owner.id).id)
    b = showcase.feature_asset(_asset(owner.id).id)
    assert [i["id"] for i in showcase.list_items(kind="video")[1]] == [b["id"], a["id"]]
    showcase.move(a["id"], -1)
    assert [i["id"] for i in showcase.list_items(kind="video")[1]] == [a["id"], b["id"]]
    showcase.move(a["id"], -1)  # already first: nothing changes
    assert [i["id"] for i in showcase.list_items(kind="video")[1]] == [a["id"], b["id"]]
