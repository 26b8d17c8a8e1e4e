"""POST /api/v1/prompts/enhance, POST /api/v1/scripts, and scripts in POST /api/v1/videos."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.db import session_scope
from app.models.jobs import Job
from tests.fakes.deepseek import FakeDeepSeek


@pytest.fixture(autouse=True)
def _no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)


def test_routes_need_a_signed_in_user(client: TestClient):
    for path, body in (
        ("/api/v1/prompts/enhance", {"prompt": "mug", "content_type": "image"}),
        ("/api/v1/scripts", {"product_name": "Mug", "style": "voiceover"}),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 401 and response.json()["error"]["code"] == "UNAUTHORIZED"


def test_enhance(client: TestClient, auth):
    headers = auth()
    response = client.post(
        "/api/v1/prompts/enhance",
        json={
            "prompt": "A ceramic mug on a table",
            "content_type": "video",
            "selling_points": ["Keeps coffee hot"],
            "style": "unboxing",
            "product_name": "Aroma Cup",
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["original"] == "A ceramic mug on a table"
    assert body["enhanced"].startswith("A ceramic mug on a table. ")
    assert "overhead 28mm lens" in body["enhanced"].lower()  # the unboxing camera
    assert "keeps coffee hot" in body["enhanced"].lower() and body["engine"] == "local"
    assert any(n.startswith("Camera motion: ") for n in body["notes"])

    for bad in ({"prompt": "   ", "content_type": "image"}, {"prompt": "mug", "content_type": "audio"}):
        response = client.post("/api/v1/prompts/enhance", json=bad, headers=headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    too_long = client.post("/api/v1/prompts/enhance", json={"prompt": "m" * 4001}, headers=headers)
    assert too_long.status_code == 422


def test_scripts(client: TestClient, auth):
    headers = auth()
    response = client.post(
        "/api/v1/scripts",
        json={
            "product_name": "Aroma Cup",
            "description": "No more cold coffee",
            "selling_points": ["Keeps coffee hot for 2 hours"],
            "style": "unboxing",
            "duration": 20,
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["framework"] == "PAS" and body["cta"]
    assert len(body["scenes"]) == 4
    assert abs(sum(s["duration"] for s in body["scenes"]) - 20) <= 0.1
    for i, scene in enumerate(body["scenes"], start=1):
        assert scene["scene_number"] == i
        assert all(scene[k] for k in ("scene_type", "visual_prompt", "text_overlay", "voiceover"))
    bab = client.post(
        "/api/v1/scripts",
        json={"product_name": "Mug", "style": "tutorial", "framework": "BAB"},
        headers=headers,
    ).json()
    assert bab["framework"] == "BAB" and len(bab["scenes"]) == 3
    assert sum(s["duration"] for s in bab["scenes"]) == pytest.approx(15)

    for bad, word in (
        ({"product_name": "Mug", "style": "opera"}, "style"),
        ({"product_name": "Mug", "style": "voiceover", "duration": 45}, "duration"),
        ({"product_name": "Mug", "style": "voiceover", "framework": "XYZ"}, "framework"),
        ({"product_name": "", "style": "voiceover"}, "name"),
    ):
        response = client.post("/api/v1/scripts", json=bad, headers=headers)
        assert response.status_code == 422, bad
        assert (
            response.json()["error"]["code"] == "VALIDATION_ERROR"
            and word in response.json()["error"]["message"]
        )


def test_scripts_through_deepseek(client: TestClient, auth, deepseek: FakeDeepSeek):
    scenes = [
        {"visual_prompt": f"v{i}", "text_overlay": f"t{i}", "voiceover": f"line {i}."} for i in range(1, 4)
    ]
    deepseek.reply(json.dumps({"scenes": scenes, "cta": "Try it"}))
    body = client.post(
        "/api/v1/scripts",
        json={"product_name": "Mug", "style": "narrative", "framework": "BAB"},
        headers=auth(),
    ).json()
    assert body["engine"] == "deepseek" and [s["text_overlay"] for s in body["scenes"]] == ["t1", "t2", "t3"]
    assert body["cta"] == "Try it"


def _pro_with_credits(client: TestClient, headers: dict) -> None:
    from app.models.accounts import User
    from app.services import billing

    user_id = client.get("/api/auth/me", headers=headers).json()["id"]
    with session_scope() as s:
        s.get(User, user_id).plan = "pro"
    billing.earn(user_id, 500, source="test", key=f"grant:{user_id}")


def test_videos_take_an_edited_script(client: TestClient, auth):
    headers = auth()
    _pro_with_credits(client, headers)
    script = client.post(
        "/api/v1/scripts",
        json={"product_name": "Aroma Cup", "style": "limited_offer", "duration": 12},
        headers=headers,
    ).json()
    scenes = script["scenes"]
    scenes[1]["text_overlay"] = "Half price today"
    response = client.post(
        "/api/v1/videos",
        json={
            "prompt": "Aroma Cup sale",
            "model": "local-video",
            "style": "limited_offer",
            "framework": script["framework"],
            "scenes": scenes,
            "cta": "Shop the sale",
            "voiceover": True,
            "music": False,
            "enhance": True,
        },
        headers=headers,
    )
    assert response.status_code == 202, response.text
    with session_scope() as s:
        job = s.get(Job, response.json()["job_id"])
        params = json.loads(job.params_json)
    assert params["duration"] == 12.0 and params["scenes"][1]["text_overlay"] == "Half price today"
    assert params["cta"] == "Shop the sale" and params["voiceover"] is True and params["music"] is False
    assert params["prompt"] == "Aroma Cup sale" and params["enhanced_prompt"].startswith("Aroma Cup sale. ")

    wrong = client.post(
        "/api/v1/videos", json={"prompt": "x", "scenes": scenes, "duration": 20}, headers=headers
    )
    assert wrong.status_code == 422 and "add up to 12" in wrong.json()["error"]["message"]
    many = client.post("/api/v1/videos", json={"prompt": "x", "scenes": scenes * 3}, headers=headers)
    assert many.status_code == 422 and many.json()["error"]["code"] == "VALIDATION_ERROR"
    broken = client.post(
        "/api/v1/videos",
        json={"prompt": "x", "scenes": [{"scene_type": "a", "duration": 5}]},
        headers=headers,
    )
    assert broken.status_code == 422
