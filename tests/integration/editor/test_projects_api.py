"""Projects through the REST API: open a generated local ad (every scene its own source), edits
(422 with the reason), saves (409 when stale), versions, and another user's 404 everywhere."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.media.timeline import TimelineSpec
from app.models.assets import Asset
from app.services import editor
from app.services.platform import get_storage
from tests.integration.editor.conftest import make_ad


def test_open_a_local_ad_every_scene_is_its_own_source(client: TestClient, signup) -> None:
    user, headers = signup("ed@example.com")
    asset = make_ad(user)
    assert asset.meta.get("timeline_key")
    r = client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["version"] == 1
    spec = TimelineSpec.model_validate(body["timeline"])
    media = [c for c in spec.clips if not c.is_gap]
    # Several scene stills plus the end card, each its own stored file, none the flattened MP4.
    assert len(media) >= 3
    sources = {c.source for c in media}
    assert len(sources) >= 3
    assert asset.storage_key not in sources
    storage = get_storage()
    for key in sources | {t.source for t in spec.audio}:
        assert key.startswith(f"users/{user.id}/sources/{asset.id}/")
        assert storage.exists(key)
    assert any(t.kind == "music" for t in spec.audio)
    # Each clip remembers how it was made: what regeneration reuses.
    assert all(c.origin and c.origin.seed is not None and c.origin.model == "local-video" for c in media)
    assert abs(spec.duration - asset.duration) < 0.1
    # The project's media links resolve for the editor's thumbnails.
    view = editor.get_project(user.id, body["project_id"])
    assert all(view.media[s]["thumb"] for s in sources if s.endswith(".png"))
    # Opening the same video again reopens the same project.
    again = client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=headers)
    assert again.json()["project_id"] == body["project_id"]


def test_a_video_without_a_kept_timeline_opens_as_one_clip_of_itself(client: TestClient, signup) -> None:
    user, headers = signup("vendor@example.com")
    asset = make_ad(user)
    with session_scope() as s:
        row = s.get(Asset, asset.id)
        row.meta = {k: v for k, v in row.meta.items() if k != "timeline_key"}  # as a vendor video has
        s.add(row)
    body = client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=headers).json()
    [clip] = body["timeline"]["clips"]
    assert clip["source"] == asset.storage_key
    assert clip["in_point"] == 0 and abs(clip["out_point"] - asset.duration) < 1e-6
    assert body["timeline"]["output"]["aspect"] == "9:16"


def test_ops_save_conflict_and_versions(client: TestClient, signup) -> None:
    user, headers = signup("ops@example.com")
    asset = make_ad(user)
    project = client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=headers).json()
    pid, timeline = project["project_id"], project["timeline"]
    total = TimelineSpec.model_validate(timeline).duration
    first = timeline["clips"][0]["id"]

    split = client.post(
        f"/api/v1/projects/{pid}/ops", json={"op": "split", "at": 1.0, "timeline": timeline}, headers=headers
    )
    assert split.status_code == 200, split.text
    after = TimelineSpec.model_validate(split.json()["timeline"])
    assert len(after.clips) == len(timeline["clips"]) + 1
    assert abs(after.duration - total) < 1e-6
    assert split.json()["label"] == "Split at 1.00 s"

    # Without a timeline the op runs on the saved one.
    trim = client.post(
        f"/api/v1/projects/{pid}/ops", json={"op": "trim", "clip_id": first, "in_point": 0.3}, headers=headers
    )
    assert trim.status_code == 200, trim.text
    assert TimelineSpec.model_validate(trim.json()["timeline"]).duration < total

    bad = client.post(
        f"/api/v1/projects/{pid}/ops",
        json={"op": "split", "at": total + 5, "timeline": timeline},
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["message"]
    unknown = client.post(
        f"/api/v1/projects/{pid}/ops", json={"op": "delete", "clip_id": "nope"}, headers=headers
    )
    assert unknown.status_code == 422 and "nope" in unknown.json()["error"]["message"]

    saved = client.put(
        f"/api/v1/projects/{pid}",
        json={"timeline": split.json()["timeline"], "base_version": 1},
        headers=headers,
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    stale = client.put(
        f"/api/v1/projects/{pid}", json={"timeline": timeline, "base_version": 1}, headers=headers
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "CONFLICT"
    got = client.get(f"/api/v1/projects/{pid}", headers=headers).json()
    assert got["version"] == 2
    assert [v["version"] for v in got["versions"]] == [1, 2]
    assert all(v["saved_at"] and v["exported_asset_id"] is None for v in got["versions"])
    assert got["timeline"] == saved.json()["timeline"]

    # A timeline naming someone else's file is refused.
    forged = split.json()["timeline"]
    forged["clips"][0]["source"] = "users/somebody-else/assets/x.png"
    refused = client.put(
        f"/api/v1/projects/{pid}", json={"timeline": forged, "base_version": 2}, headers=headers
    )
    assert refused.status_code == 422


def test_another_user_gets_404_everywhere(client: TestClient, signup) -> None:
    owner, headers = signup("owner@example.com")
    _, other = signup("other@example.com")
    asset = make_ad(owner)
    project = client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=headers).json()
    pid, timeline = project["project_id"], project["timeline"]
    assert client.post("/api/v1/projects", json={"from_asset_id": asset.id}, headers=other).status_code == 404
    assert client.get(f"/api/v1/projects/{pid}", headers=other).status_code == 404
    assert (
        client.put(
            f"/api/v1/projects/{pid}", json={"timeline": timeline, "base_version": 1}, headers=other
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/projects/{pid}/ops", json={"op": "split", "at": 1.0}, headers=other).status_code
        == 404
    )
    gap = {"gap": {"track": "video", "start": 1.0, "end": 3.0}}
    assert client.post(f"/api/v1/projects/{pid}/regenerate", json=gap, headers=other).status_code == 404
    assert (
        client.post(f"/api/v1/projects/{pid}/export", json={"format": "mp4"}, headers=other).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/projects/{pid}/regenerate/any-job/apply", json={}, headers=other).status_code
        == 404
    )
    # The owner's own calls with a bad payload are 422, not 404.
    assert (
        client.post(f"/api/v1/projects/{pid}/export", json={"format": "avi"}, headers=headers).status_code
        == 422
    )
    assert client.post(f"/api/v1/projects/{pid}/regenerate", json={}, headers=headers).status_code == 422
    with session_scope() as s:
        assert s.exec(select(Asset).where(Asset.user_id != owner.id)).all() == []
