"""Another user's template or project is 404 everywhere; bad names, parameters and values are 422
with the reason; a render that fails returns its credits exactly once."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import session_scope
from app.models.assets import Asset
from app.models.billing import CreditEntry
from app.services import billing, templates
from app.services.platform import get_storage
from tests.integration.templates.conftest import GREEN, library_image, make_project, run_pending


def _template(client: TestClient, headers: dict, project_id: str, keys=("text_1", "image_1", "text_color")):
    suggested = client.get(f"/api/v1/projects/{project_id}/template-parameters", headers=headers).json()
    params = [
        {"key": p["key"], "type": p["type"], "default": p["default"]}
        for p in suggested["parameters"]
        if p["key"] in keys
    ]
    made = client.post(
        "/api/v1/templates",
        json={"from_project_id": project_id, "name": "Sale", "parameters": params},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return made.json()["template_id"]


def test_another_user_gets_404_for_templates_and_projects(client: TestClient, signup, tmp_path: Path) -> None:
    owner, owner_headers = signup("owner@example.com")
    _, other_headers = signup("other@example.com")
    project_id = make_project(owner, tmp_path / "p")
    template_id = _template(client, owner_headers, project_id)

    for method, url, body in [
        ("get", f"/api/v1/templates/{template_id}", None),
        ("put", f"/api/v1/templates/{template_id}", {"name": "Mine now"}),
        ("post", f"/api/v1/templates/{template_id}/render", {"values": {}}),
        ("get", f"/api/v1/projects/{project_id}/template-parameters", None),
        ("post", "/api/v1/templates", {"from_project_id": project_id, "name": "Copy", "parameters": []}),
    ]:
        response = getattr(client, method)(url, headers=other_headers, **({"json": body} if body else {}))
        assert response.status_code == 404, (url, response.text)
        assert response.json()["error"]["code"] == "NOT_FOUND"
    # Nor can the other user hang a child under it (from a project of their own).
    assert client.get("/api/v1/templates", headers=other_headers).json() == {"items": [], "total": 0}
    assert client.get("/api/v1/templates", headers=owner_headers).json()["total"] == 1


def test_a_child_of_another_users_template_is_404(client: TestClient, signup, tmp_path: Path) -> None:
    owner, owner_headers = signup("owner2@example.com")
    other, other_headers = signup("other2@example.com")
    template_id = _template(client, owner_headers, make_project(owner, tmp_path / "p1"))
    other_project = make_project(other, tmp_path / "p2")
    response = client.post(
        "/api/v1/templates",
        json={"from_project_id": other_project, "name": "Kid", "parameters": [], "parent_id": template_id},
        headers=other_headers,
    )
    assert response.status_code == 404 and response.json()["error"]["message"] == "Template not found."


def test_bad_values_are_422_with_the_reason_and_charge_nothing(
    client: TestClient, signup, tmp_path: Path
) -> None:
    user, headers = signup("values@example.com", credits_=20)
    other, _ = signup("stranger@example.com")
    project_id = make_project(user, tmp_path / "p")
    template_id = _template(
        client, headers, project_id, keys=("text_1", "image_1", "text_color", "duration_1")
    )
    theirs = library_image(other.id, "theirs", GREEN, tmp_path)
    start = billing.spendable(user.id)

    cases = [
        ({"headline": "Hi"}, "Unknown template parameter(s): headline"),
        ({"text_color": "red"}, "must be a colour like #1A2B3C"),
        ({"text_color": "#12345"}, "must be a colour like #1A2B3C"),
        ({"duration_1": 500}, "between 0.1 and 120 seconds"),
        ({"duration_1": "soon"}, "must be a number of seconds"),
        ({"image_1": theirs}, "there is no file"),
        ({"image_1": f"users/{other.id}/sources/test/theirs.png"}, "not in your library"),
        ({"image_1": "https://example.com/cat.png"}, "not an outside link"),
        ({"text_1": "x" * 300}, "the limit is 240"),
    ]
    for values, reason in cases:
        response = client.post(
            f"/api/v1/templates/{template_id}/render", json={"values": values}, headers=headers
        )
        assert response.status_code == 422, (values, response.text)
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert reason in response.json()["error"]["message"], (values, response.json())
    assert billing.spendable(user.id) == start

    for body, reason in [
        ({"from_project_id": project_id, "name": " ", "parameters": []}, "Give the template a name"),
        ({"from_project_id": project_id, "name": "X", "parameters": []}, "at least one"),
        (
            {"from_project_id": project_id, "name": "X", "parameters": [{"key": "logo", "type": "image"}]},
            "needs bindings, or a suggested key such as image_1, image_2",
        ),
        (
            {"from_project_id": project_id, "name": "X", "parameters": [{"key": "text_1", "type": "color"}]},
            "needs bindings",
        ),
        ({"from_project_id": project_id, "name": "X", "parameters": [{"key": "A b", "type": "text"}]}, "key"),
    ]:
        response = client.post("/api/v1/templates", json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert reason in response.json()["error"]["message"], (body, response.json())

    # The user's own library image and a signed link to it are both fine.
    mine = library_image(user.id, "mine", GREEN, tmp_path)
    ok = client.post(
        f"/api/v1/templates/{template_id}/render", json={"values": {"image_1": mine}}, headers=headers
    )
    assert ok.status_code == 202, ok.text
    url = client.get(f"/api/v1/assets/{mine}", headers=headers).json()["url"]
    ok = client.post(
        f"/api/v1/templates/{template_id}/render", json={"values": {"image_1": url}}, headers=headers
    )
    assert ok.status_code == 202, ok.text


def test_a_render_that_fails_returns_its_credits_once(client: TestClient, signup, tmp_path: Path) -> None:
    user, headers = signup("fail@example.com", credits_=20)
    project_id = make_project(user, tmp_path / "p")
    template_id = _template(client, headers, project_id)
    run_pending()  # the preview
    mine = library_image(user.id, "gone", GREEN, tmp_path)
    start = billing.spendable(user.id)
    job = client.post(
        f"/api/v1/templates/{template_id}/render", json={"values": {"image_1": mine}}, headers=headers
    )
    assert job.status_code == 202
    job_id = job.json()["job_id"]
    assert billing.spendable(user.id) == start - templates.render_price()
    with session_scope() as s:  # the image is deleted after the submit: the render cannot find it
        get_storage().delete(s.get(Asset, mine).storage_key)
    assert run_pending() == {job_id: "failed"}
    done = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert done["status"] == "failed" and done["error"]["message"]
    assert billing.spendable(user.id) == start
    with session_scope() as s:
        entries = s.exec(select(CreditEntry).where(CreditEntry.reference_id == job_id)).all()
    assert sorted(e.type for e in entries) == ["freeze", "unfreeze"]
