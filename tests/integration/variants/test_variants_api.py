"""Variant sets over REST: quote, create (one job per variant), read, list, export, batch rows, owners."""

from __future__ import annotations

import csv
import io
import zipfile

from app.services import billing
from tests.support.api_fixtures import run_pending

BASE = {
    "prompt": "A ceramic mug that keeps coffee hot on an oak table",
    "product_name": "Ceramic mug",
    "selling_points": ["Keeps coffee hot", "Dishwasher safe"],
    "model": "local-image",
    "style": "studio",
}


def _manifest(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return names, list(csv.DictReader(io.StringIO(text)))


def test_quote_then_create_then_export_a_hook_set(client, signup) -> None:
    user, headers = signup("vera@example.com", 50)
    body = {"kind": "image", "dimension": "hook", "count": 3, "base": BASE}
    quote = client.post("/api/v1/variant-sets/quote", json=body, headers=headers)
    assert quote.status_code == 200, quote.text
    q = quote.json()
    assert q["count"] == 3 and len(set(q["values"])) == 3 and q["total"] == sum(q["prices"]) > 0
    assert billing.balance(user.id)["frozen"] == 0  # a quote moves no credits

    created = client.post("/api/v1/variant-sets", json=body, headers={**headers, "Idempotency-Key": "k1"})
    assert created.status_code == 202, created.text
    view = created.json()
    assert view["status"] == "running" and [v["value"] for v in view["variants"]] == q["values"]
    assert all(v["job_id"] for v in view["variants"])
    assert billing.balance(user.id)["frozen"] == q["total"]  # each variant holds its own price
    again = client.post("/api/v1/variant-sets", json=body, headers={**headers, "Idempotency-Key": "k1"})
    assert again.status_code == 202 and again.json()["set_id"] == view["set_id"]
    assert billing.balance(user.id)["frozen"] == q["total"]  # the replay charged nothing

    run_pending()
    done = client.get(f"/api/v1/variant-sets/{view['set_id']}", headers=headers).json()
    assert done["status"] == "completed" and done["total_cost"] == q["total"]
    assert all(len(v["asset_ids"]) == 1 for v in done["variants"])
    # The poster carries each variant's headline: the job parameters differ in it alone.
    for v in done["variants"]:
        job = client.get(f"/api/v1/jobs/{v['job_id']}", headers=headers).json()
        assert job["status"] == "completed"

    export = client.get(f"/api/v1/variant-sets/{view['set_id']}/export.zip", headers=headers)
    assert export.status_code == 200 and export.headers["content-type"] == "application/zip"
    assert "attachment" in export.headers["content-disposition"]
    names, rows = _manifest(export.content)
    assert len(names) == 4 and "manifest.csv" in names
    assert [r["variant"] for r in rows] == ["1", "2", "3"]
    assert [r["value"] for r in rows] == q["values"]
    assert all(r["dimension"] == "hook" and r["status"] == "completed" and r["file"] in names for r in rows)
    assert {r["asset_id"] for r in rows} == {a for v in done["variants"] for a in v["asset_ids"]}
    assert all(r["seed"] and r["prompt"] == BASE["prompt"] for r in rows)


def test_others_get_404_and_lists_are_paginated(client, signup) -> None:
    _, headers = signup("owner@example.com", 50)
    _, other = signup("intruder@example.com", 50)
    ids = []
    for dimension in ("seed", "cta"):
        body = {"kind": "image", "dimension": dimension, "count": 2, "base": BASE}
        r = client.post("/api/v1/variant-sets", json=body, headers=headers)
        assert r.status_code == 202, r.text
        ids.append(r.json()["set_id"])
    page = client.get("/api/v1/variant-sets?limit=1&offset=0", headers=headers).json()
    assert page["total"] == 2 and page["limit"] == 1 and len(page["items"]) == 1
    assert page["items"][0]["set_id"] == ids[1]  # newest first
    assert client.get("/api/v1/variant-sets", headers=other).json()["total"] == 0
    for path in (f"/api/v1/variant-sets/{ids[0]}", f"/api/v1/variant-sets/{ids[0]}/export.zip"):
        r = client.get(path, headers=other)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert client.get(f"/api/v1/variant-sets/{ids[0]}").status_code == 401
    bad_sig = client.get(f"/api/v1/variant-sets/{ids[0]}/download?u=x&exp=9999999999&sig=00")
    assert bad_sig.status_code == 403


def test_refusals_move_no_credits(client, signup) -> None:
    user, headers = signup("poor@example.com", 0)
    billing.spend(user.id, billing.spendable(user.id) - 2, "test:spend-down", source="test")
    body = {"kind": "image", "dimension": "style", "count": 4, "base": BASE}
    r = client.post("/api/v1/variant-sets", json=body, headers=headers)
    assert r.status_code == 402 and r.json()["error"]["code"] == "INSUFFICIENT_CREDITS"
    assert billing.balance(user.id) == {**billing.balance(user.id), "balance": 2, "frozen": 0}
    assert client.get("/api/v1/variant-sets", headers=headers).json()["total"] == 0
    r = client.post("/api/v1/variant-sets", json={**body, "dimension": "music"}, headers=headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"
    r = client.post("/api/v1/variant-sets", json={**body, "count": 9}, headers=headers)
    assert r.status_code == 422
    r = client.post(
        "/api/v1/variant-sets", json={**body, "base": {"prompt": "x", "n": "many"}}, headers=headers
    )
    assert r.status_code == 422 and "base.n" in r.json()["error"]["message"]


def test_a_set_from_a_batch_row(client, signup) -> None:
    _, headers = signup("rows@example.com", 50)
    _, other = signup("notmine@example.com", 50)
    sheet = b"product_name,description,selling_points\nSpring Mug,Stoneware mug,Dishwasher safe\n"
    created = client.post("/api/v1/batches", files={"file": ("s.csv", sheet, "text/csv")}, headers=headers)
    assert created.status_code == 201, created.text
    batch = created.json()
    mapped = client.put(
        f"/api/v1/batches/{batch['batch_id']}/mapping",
        json={"mapping": batch["suggested_mapping"], "defaults": {"kind": "image", "model": "local-image"}},
        headers=headers,
    )
    assert mapped.status_code == 200, mapped.text
    path = f"/api/v1/batches/{batch['batch_id']}/rows/2/variant-sets"
    assert client.post(path, json={"dimension": "cta", "count": 2}, headers=other).status_code == 404
    assert (
        client.post(
            path.replace("/2/", "/9/"), json={"dimension": "cta", "count": 2}, headers=headers
        ).status_code
        == 404
    )
    r = client.post(path, json={"dimension": "cta", "count": 2}, headers=headers)
    assert r.status_code == 202, r.text
    view = r.json()
    assert view["batch_id"] == batch["batch_id"] and view["batch_row"] == 2
    assert view["title"] == "Spring Mug" and view["base"]["product_name"] == "Spring Mug"
    assert len({v["value"] for v in view["variants"]}) == 2
