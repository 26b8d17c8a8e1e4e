"""The library over REST: filters, detail, delete, share links and ZIPs, with real HTTP semantics."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.services import accounts
from app.services.platform import get_storage

T0 = datetime(2026, 4, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def client(db) -> TestClient:
    from app.api.main import create_api

    return TestClient(create_api(), base_url="http://localhost:8000")


def _sign_up(client: TestClient, email: str) -> tuple[dict, str]:
    body = client.post("/api/auth/register", json={"email": email, "password": "password-1"}).json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["user"]["id"]


def _path(url: str) -> str:
    return url.split("localhost:8000", 1)[1]


def test_list_filters_detail_and_delete(client: TestClient, make_asset) -> None:
    headers, user_id = _sign_up(client, "lib@example.com")
    user = accounts.get_user(user_id)
    img = make_asset(user, prompt="red mug", created_at=T0, job_cost=3, enhanced_prompt="glossy red mug")
    vid = make_asset(
        user, kind="video", prompt="spinning mug", style="unboxing", created_at=T0 + timedelta(days=1)
    )

    assert client.get("/api/v1/assets").status_code == 401
    page = client.get("/api/v1/assets", headers=headers).json()
    assert page["total"] == 2 and page["limit"] == 20 and page["offset"] == 0
    assert [i["id"] for i in page["items"]] == [vid.id, img.id]
    keys = {"id", "kind", "url", "thumbnail_url", "width", "height", "duration", "prompt", "style", "model"}
    assert keys | {"job_id", "batch_id", "created_at", "expires_at", "enhanced_prompt", "credits"} <= set(
        page["items"][0]
    )
    assert page["items"][0]["duration"] == 5.0 and page["items"][1]["credits"] == 3

    def ids(query: str) -> list[str]:
        answer = client.get(f"/api/v1/assets?{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return [i["id"] for i in answer.json()["items"]]

    assert ids("kind=video") == [vid.id]
    assert ids("q=RED") == [img.id]
    assert ids("style=unboxing") == [vid.id]
    assert ids("date_from=2026-04-03") == [vid.id]
    assert ids("date_to=2026-04-02") == [img.id]
    assert ids("limit=1&offset=1") == [img.id]
    bad = client.get("/api/v1/assets?kind=gif", headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
    assert client.get("/api/v1/assets?limit=500", headers=headers).status_code == 422
    facets = client.get("/api/v1/assets/facets", headers=headers).json()
    assert facets["styles"] == ["studio", "unboxing"]

    detail = client.get(f"/api/v1/assets/{img.id}", headers=headers).json()
    assert detail["enhanced_prompt"] == "glossy red mug" and detail["share_links"] == []
    thumb = client.get(_path(detail["thumbnail_url"]))
    assert thumb.status_code == 200 and thumb.content.startswith(b"\xff\xd8")

    other, _ = _sign_up(client, "other@example.com")
    assert client.get(f"/api/v1/assets/{img.id}", headers=other).status_code == 404
    assert client.delete(f"/api/v1/assets/{img.id}", headers=other).status_code == 404

    download = client.get(f"/api/v1/assets/{img.id}/download", headers=headers)
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert client.delete(f"/api/v1/assets/{img.id}", headers=headers).status_code == 204
    assert not get_storage().exists(img.storage_key) and not get_storage().exists(img.thumbnail_key)
    assert client.get(f"/api/v1/assets/{img.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/assets", headers=headers).json()["total"] == 1


def test_share_links_work_without_sign_in_until_revoked(client: TestClient, make_asset) -> None:
    headers, user_id = _sign_up(client, "share@example.com")
    asset = make_asset(accounts.get_user(user_id))
    made = client.post(f"/api/v1/assets/{asset.id}/share", headers=headers)
    assert made.status_code == 201, made.text
    link = made.json()
    assert set(link) >= {"url", "expires_at", "share_id"}
    shared = client.get(_path(link["url"]))  # no Authorization header
    assert shared.status_code == 200 and shared.headers["content-type"] == "image/png"
    assert shared.content == get_storage().get(asset.storage_key)
    as_file = client.get(_path(link["url"]) + "?download=1")
    assert "attachment" in as_file.headers["content-disposition"]
    listed = client.get(f"/api/v1/assets/{asset.id}/share", headers=headers).json()["items"]
    assert [i["share_id"] for i in listed] == [link["share_id"]]
    assert client.get("/api/v1/assets?status=shared", headers=headers).json()["total"] == 1

    other, _ = _sign_up(client, "nosy@example.com")
    revoke = f"/api/v1/assets/{asset.id}/share/{link['share_id']}"
    assert client.delete(revoke, headers=other).status_code == 404
    assert client.post(f"/api/v1/assets/{asset.id}/share", headers=other).status_code == 404
    assert client.delete(revoke, headers=headers).status_code == 204
    gone = client.get(_path(link["url"]))
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "NOT_FOUND"
    assert (
        client.post(f"/api/v1/assets/{asset.id}/share", json={"days": 0}, headers=headers).status_code == 422
    )


def test_zip_streams_for_bearer_clients_and_by_signed_link_for_browsers(
    client: TestClient, make_asset
) -> None:
    headers, user_id = _sign_up(client, "zip@example.com")
    owner = accounts.get_user(user_id)
    a, b = make_asset(owner, prompt="first"), make_asset(owner, kind="video", prompt="second")
    answer = client.post("/api/v1/assets/zip", json={"asset_ids": [a.id, b.id]}, headers=headers)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].startswith('attachment; filename="content-studio-')
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(n.split("-")[0] for n in archive.namelist()) == ["first", "second"]
    assert archive.testzip() is None

    assert client.post("/api/v1/assets/zip", json={"asset_ids": []}, headers=headers).status_code == 422
    other, _ = _sign_up(client, "thief@example.com")
    assert client.post("/api/v1/assets/zip", json={"asset_ids": [a.id]}, headers=other).status_code == 404

    link = client.post("/api/v1/assets/zip-link", json={"asset_ids": [a.id, b.id]}, headers=headers).json()
    assert link["count"] == 2 and link["expires_at"].endswith("Z")
    by_link = client.get(_path(link["url"]))  # what the browser opens: no bearer header
    assert by_link.status_code == 200
    assert len(zipfile.ZipFile(io.BytesIO(by_link.content)).namelist()) == 2
    tampered = _path(link["url"])[:-3] + "abc"
    assert client.get(tampered).status_code == 404
