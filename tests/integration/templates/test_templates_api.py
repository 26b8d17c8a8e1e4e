"""Templates through the REST API: save a project as a template, the gallery with previews,
render with other values (pixels checked), inheritance across parent versions, owners, 422s."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models.billing import CreditEntry
from app.models.jobs import Job
from app.models.templates import Template
from app.services import billing, templates
from app.services.platform import get_storage
from tests.integration.templates.conftest import (
    BLUE,
    GREEN,
    RED,
    asset_bytes,
    count_near,
    frame_at,
    library_image,
    make_project,
    near,
    run_pending,
)

MAGENTA = (255, 0, 255)


def _create(client: TestClient, headers: dict, project_id: str, name: str, keys: list[str], parent_id=None):
    suggested = client.get(f"/api/v1/projects/{project_id}/template-parameters", headers=headers)
    assert suggested.status_code == 200, suggested.text
    by_key = {p["key"]: p for p in suggested.json()["parameters"]}
    params = [{"key": k, "type": by_key[k]["type"], "default": by_key[k]["default"]} for k in keys]
    body = {"from_project_id": project_id, "name": name, "parameters": params}
    if parent_id:
        body["parent_id"] = parent_id
    return client.post("/api/v1/templates", json=body, headers=headers)


def test_save_a_project_as_a_template_then_the_gallery_shows_its_preview(
    client: TestClient, signup, tmp_path: Path
) -> None:
    user, headers = signup("maker@example.com")
    project_id = make_project(user, tmp_path / "p1")
    suggested = client.get(f"/api/v1/projects/{project_id}/template-parameters", headers=headers).json()
    keys = {p["key"]: p for p in suggested["parameters"]}
    assert set(keys) == {"text_1", "image_1", "duration_1", "image_2", "duration_2", "text_color", "music"}
    assert keys["text_1"]["default"] == "SALE" and keys["text_1"]["label"] == "Text 1: “SALE”"
    assert keys["text_color"]["type"] == "color" and keys["duration_1"]["default"] == 1.5

    made = _create(client, headers, project_id, "Summer sale", ["text_1", "image_1", "text_color"])
    assert made.status_code == 201, made.text
    doc = made.json()
    assert doc["version"] == 1 and doc["template_id"]
    assert [p["key"] for p in doc["parameters"]] == ["text_1", "image_1", "text_color"]
    assert doc["preview_status"] == "pending" and doc["preview_url"] is None

    outcomes = run_pending()  # the preview job
    assert list(outcomes.values()) == ["completed"]
    gallery = client.get("/api/v1/templates", headers=headers).json()
    assert gallery["total"] == 1
    card = gallery["items"][0]
    assert card["preview_status"] == "ready" and card["thumbnail_url"] and card["preview_url"]
    assert card["duration"] == 3.0 and card["aspect_ratio"] == "9:16"
    # The preview is the template with its defaults: red first still, white caption.
    with session_scope() as s:
        job = s.exec(select(Job).where(Job.kind == templates.PREVIEW_KIND)).one()
        assert job.cost == 0
    view = templates.get_template(user.id, doc["template_id"])
    assert view.preview_status == "ready" and view.lineage == [
        {"template_id": doc["template_id"], "name": "Summer sale", "version": 1}
    ]
    with session_scope() as s:
        row = s.get(Template, doc["template_id"])
        preview = get_storage().get(row.preview_key)
    frame = frame_at(preview, 0.5, tmp_path / "frames")
    assert near(frame.getpixel((10, 10)), RED)

    # A new version (here a new name and one parameter less); the earlier one stays listed.
    put = client.put(
        f"/api/v1/templates/{doc['template_id']}",
        json={"name": "Summer sale 2", "parameters": [{"key": "text_1", "type": "text"}]},
        headers=headers,
    )
    assert put.status_code == 200, put.text
    assert put.json()["version"] == 2 and [p["key"] for p in put.json()["parameters"]] == ["text_1"]
    one = client.get(f"/api/v1/templates/{doc['template_id']}", headers=headers).json()
    assert [(v["version"], v["name"]) for v in one["versions"]] == [(2, "Summer sale 2"), (1, "Summer sale")]
    assert one["preview_status"] == "stale"  # the version 1 preview shows until version 2's is rendered
    assert list(run_pending().values()) == ["completed"]
    assert (
        client.get(f"/api/v1/templates/{doc['template_id']}", headers=headers).json()["preview_status"]
        == "ready"
    )


def test_render_with_other_values_makes_a_video_with_the_new_image_and_colour_charged_once(
    client: TestClient, signup, tmp_path: Path
) -> None:
    user, headers = signup("render@example.com", credits_=50)
    project_id = make_project(user, tmp_path / "p1")
    template_id = _create(client, headers, project_id, "Sale", ["text_1", "image_1", "text_color"]).json()[
        "template_id"
    ]
    run_pending()
    green = library_image(user.id, "green", GREEN, tmp_path)
    before = billing.balance(user.id)["balance"]
    job = client.post(
        f"/api/v1/templates/{template_id}/render",
        json={"values": {"text_1": "MMMM", "image_1": green, "text_color": "#FF00FF"}},
        headers={**headers, "Idempotency-Key": "render-1"},
    )
    assert job.status_code == 202, job.text
    job_id = job.json()["job_id"]
    assert job.json()["kind"] == "template_render" and job.json()["credits_held"] == templates.render_price()
    again = client.post(
        f"/api/v1/templates/{template_id}/render",
        json={"values": {"text_1": "MMMM", "image_1": green, "text_color": "#FF00FF"}},
        headers={**headers, "Idempotency-Key": "render-1"},
    )
    assert again.json()["job_id"] == job_id  # the same key is the same job, held once

    assert run_pending() == {job_id: "completed"}
    done = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert done["status"] == "completed" and len(done["asset_ids"]) == 1
    asset = client.get(f"/api/v1/assets/{done['asset_ids'][0]}", headers=headers).json()
    assert asset["kind"] == "video" and asset["duration"] == 3.0
    video = asset_bytes(done["asset_ids"][0])
    first = frame_at(video, 0.5, tmp_path / "frames")
    second = frame_at(video, 2.2, tmp_path / "frames")
    assert near(first.getpixel((10, 10)), GREEN)  # the new image replaced the red still
    assert near(second.getpixel((10, 10)), BLUE)  # the second still was not a parameter
    assert count_near(first, MAGENTA) > 400  # the caption is drawn in the new colour
    assert count_near(first, (255, 255, 255), tol=30) < 50  # and no longer in white
    assert billing.balance(user.id)["balance"] == before - templates.render_price()
    with session_scope() as s:
        entries = s.exec(select(CreditEntry).where(CreditEntry.reference_id == job_id)).all()
    price = templates.render_price()
    assert sorted((e.type, abs(e.amount)) for e in entries) == [
        ("freeze", price),
        ("spend", price),
        ("unfreeze", price),
    ]
