"""Selling points arrive as a JSON list or as one text (curl, spreadsheets): every route takes both."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.db import session_scope
from app.models.jobs import Job
from tests.integration.studio.test_studio_api import _pro_with_credits

AS_TEXT = "Keeps coffee hot for 6 hours; Dishwasher safe | Lead-free glaze\nGift box included"
AS_LIST = ["Keeps coffee hot for 6 hours", "Dishwasher safe", "Lead-free glaze", "Gift box included"]


@pytest.fixture(autouse=True)
def _no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)


def _job_points(job_id: str) -> list[str]:
    with session_scope() as s:
        return json.loads(s.get(Job, job_id).params_json)["selling_points"]


@pytest.mark.parametrize("points", [AS_TEXT, AS_LIST], ids=["text", "list"])
def test_jobs_store_the_same_points_from_text_or_list(client: TestClient, auth, points):
    headers = auth()
    _pro_with_credits(client, headers)
    image = client.post(
        "/api/v1/images",
        json={"prompt": "Aroma Cup on a table", "model": "local-image", "selling_points": points},
        headers=headers,
    )
    assert image.status_code == 202, image.text
    assert _job_points(image.json()["job_id"]) == AS_LIST
    video = client.post(
        "/api/v1/videos",
        json={"prompt": "Aroma Cup", "model": "local-video", "duration": 8, "selling_points": points},
        headers=headers,
    )
    assert video.status_code == 202, video.text
    assert _job_points(video.json()["job_id"]) == AS_LIST


def test_enhance_and_scripts_take_one_text(client: TestClient, auth):
    headers = auth()
    enhanced = client.post(
        "/api/v1/prompts/enhance",
        json={
            "prompt": "A ceramic mug",
            "content_type": "image",
            "selling_points": "Dishwasher safe; Lead-free",
        },
        headers=headers,
    )
    assert enhanced.status_code == 200, enhanced.text
    assert "dishwasher safe" in enhanced.json()["enhanced"].lower()
    assert "lead-free" in enhanced.json()["enhanced"].lower()

    script = client.post(
        "/api/v1/scripts",
        json={
            "product_name": "Aroma Cup",
            "style": "voiceover",
            "selling_points": "Stays hot | Dishwasher safe",
        },
        headers=headers,
    )
    assert script.status_code == 200, script.text
    spoken = " ".join(s["voiceover"] + " " + s["text_overlay"] for s in script.json()["scenes"]).lower()
    assert "stays hot" in spoken or "dishwasher safe" in spoken


def test_bad_points_are_a_clear_422(client: TestClient, auth):
    headers = auth()
    for bad in ({"a": 1}, [1, 2], ";".join(f"point {i}" for i in range(11))):
        response = client.post(
            "/api/v1/prompts/enhance",
            json={"prompt": "A mug", "content_type": "image", "selling_points": bad},
            headers=headers,
        )
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
