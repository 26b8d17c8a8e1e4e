"""Captions over REST: a Spanish voiceover ad with word captions, its .srt and .vtt, who may read them."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from app.db import session_scope
from app.models.assets import Asset
from app.models.jobs import Job
from app.services.platform import get_storage
from tests.support.api_fixtures import run_pending, sign_up


def test_spanish_ad_with_captions_downloads_srt_and_vtt(client: TestClient) -> None:
    _, headers = sign_up(client, "subs@example.com", 200)
    _, other = sign_up(client, "nosy@example.com", 50)
    body = {
        "prompt": "Botella Aero de acero",
        "product_name": "Botella Aero",
        "selling_points": ["Mantiene el agua fría 24 horas"],
        "duration": 6,
        "resolution": "720p",
        "style": "voiceover",
        "language": "es",
        "captions": "word",
    }
    answer = client.post("/api/v1/videos", json=body, headers=headers)
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["job_id"]
    run_pending()
    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert job["status"] == "completed", job
    asset_id = job["asset_ids"][0]

    srt = client.get(f"/api/v1/assets/{asset_id}/captions.srt", headers=headers)
    assert srt.status_code == 200
    assert srt.headers["content-type"].startswith("application/x-subrip")
    assert "attachment" in srt.headers["content-disposition"]
    blocks = srt.text.strip().split("\n\n")
    assert blocks[0].startswith("1\n00:00:")
    assert re.match(r"^\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n.+$", blocks[-1])
    spoken = " ".join(b.split("\n", 2)[2] for b in blocks)
    assert "Botella Aero" in spoken and "Shop" not in spoken

    vtt = client.get(f"/api/v1/assets/{asset_id}/captions.vtt", headers=headers)
    assert vtt.status_code == 200 and vtt.text.startswith("WEBVTT\n")
    assert vtt.headers["content-type"].startswith("text/vtt")

    detail = client.get(f"/api/v1/assets/{asset_id}", headers=headers).json()
    assert set(detail["captions"]) == {"srt", "vtt"}
    assert client.get(f"/api/v1/assets/{asset_id}/captions.srt", headers=other).status_code == 404
    assert client.get(f"/api/v1/assets/{asset_id}/captions.srt").status_code == 401
    assert client.get(f"/api/v1/assets/{asset_id}/captions.txt", headers=headers).status_code in (404, 422)

    with session_scope() as s:
        params = json.loads(s.get(Job, job_id).params_json)
        asset = s.get(Asset, asset_id)
    assert params["language"] == "es" and params["captions"] == "word"
    keys = [asset.meta["captions_srt_key"], asset.meta["captions_vtt_key"]]
    assert all(k.startswith(f"users/{asset.user_id}/sources/{asset_id}/") for k in keys)
    assert client.delete(f"/api/v1/assets/{asset_id}", headers=headers).status_code == 204
    assert not any(get_storage().exists(k) for k in keys)


def test_video_request_checks_language_and_caption_style(client: TestClient) -> None:
    _, headers = sign_up(client, "lang@example.com", 50)
    for field, value in (("language", "xx"), ("captions", "karaoke")):
        bad = client.post(
            "/api/v1/videos", json={"prompt": "ad", "duration": 4, field: value}, headers=headers
        )
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "VALIDATION_ERROR"
        assert field in bad.json()["error"]["message"]
    plain = client.post("/api/v1/videos", json={"prompt": "ad", "duration": 4}, headers=headers).json()
    with session_scope() as s:
        params = json.loads(s.get(Job, plain["job_id"]).params_json)
    assert "language" not in params and "captions" not in params  # defaults keep older requests' shape


def test_a_video_without_voiceover_has_no_captions(client: TestClient) -> None:
    _, headers = sign_up(client, "mute@example.com", 100)
    body = {"prompt": "Aero bottle", "duration": 4, "resolution": "720p", "voiceover": False}
    job_id = client.post("/api/v1/videos", json=body, headers=headers).json()["job_id"]
    run_pending()
    asset_id = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()["asset_ids"][0]
    assert client.get(f"/api/v1/assets/{asset_id}/captions.vtt", headers=headers).status_code == 404
    assert client.get(f"/api/v1/assets/{asset_id}", headers=headers).json()["captions"] is None
