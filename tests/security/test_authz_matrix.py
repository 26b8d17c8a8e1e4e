"""The authorization matrix: every REST route, called as a visitor and as another user.

Every route of ``app.api.main`` is enumerated from the app itself, so a route without an entry in
``MATRIX`` fails ``test_every_route_has_a_matrix_entry``. For each route: a visitor (no token, a
bad token) gets 401 unless the route is public; user B, with a session token and with an API key,
gets 404 for user A's object (API.md: "do not reveal that it exists") or 403 on admin routes; no
answer to B or a visitor contains A's data; and A's objects are all still there, unchanged, at the
end. The Reflex half (event handlers taking an id) is ``test_authz_state_handlers.py``.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from app.api.main import create_api
from tests.security.conftest import World, png_bytes

PUBLIC, USER, ADMIN, LINK = "public", "user", "admin", "link"


@dataclass(frozen=True)
class Rule:
    """How the matrix calls one route.

    access: PUBLIC (no sign-in), USER (signed in; A's objects are 404 to B), ADMIN (403 to B),
    LINK (a signed capability URL: no sign-in, a forged or foreign link is refused).
    ids: path parameter -> key of ``World.ids`` (A's objects); other path parameters take
    ``DEFAULT_PARAMS``. body/query/files: callables of the ids, for routes that name an id of A's
    in the body or query (B must get 404 then, too). owned: whether B must get exactly 404.
    """

    access: str
    ids: dict[str, str] = field(default_factory=dict)
    body: Any = None
    query: Any = None
    files: Any = None
    owned: bool = True


DEFAULT_PARAMS = {
    "key_id": "key_id",
    "user_id": "user_id",
    "job_id": "job_id",
    "asset_id": "asset_id",
    "share_id": "share_id",
    "batch_id": "batch_id",
    "project_id": "project_id",
    "template_id": "template_id",
}
LITERALS = {
    "plan_id": "pro",
    "rq_job_id": "rq-job-that-is-not-there",
    "what": "report_csv",
    "fmt": "srt",
    "item_id": str(uuid.uuid4()),
}

HERO = {"group_id": "group_id"}


def VARIANTS_OF_A_UPLOAD(ids: dict[str, str]) -> dict[str, Any]:
    base = {"prompt": "b's mug", "mode": "i2i", "model": "local-image", "source_upload_id": ids["upload_id"]}
    return {"kind": "image", "dimension": "seed", "count": 2, "base": base}


ATTEMPTS = {"group_id": "attempt_group_id"}


def _png_file(_: dict[str, str]) -> dict[str, Any]:
    return {"file": ("b.png", png_bytes(), "image/png")}


def _sheet_file(_: dict[str, str]) -> dict[str, Any]:
    return {"file": ("b.csv", b"product_name\nMug\n", "text/csv")}


# Add an entry for each new route: (METHOD, path as FastAPI declares it) -> Rule.
MATRIX: dict[tuple[str, str], Rule] = {
    ("GET", "/api/health"): Rule(PUBLIC),
    ("POST", "/api/auth/register"): Rule(
        PUBLIC, body=lambda i: {"email": "new@example.com", "password": "x"}
    ),
    ("POST", "/api/auth/login"): Rule(
        PUBLIC, body=lambda i: {"email": "owner-a@example.com", "password": "wrong-1"}
    ),
    ("POST", "/api/auth/logout"): Rule(USER, owned=False),
    ("GET", "/api/auth/me"): Rule(USER, owned=False),
    ("POST", "/api/auth/password-reset"): Rule(PUBLIC, body=lambda i: {"email": "owner-a@example.com"}),
    ("POST", "/api/auth/password-reset/confirm"): Rule(
        PUBLIC, body=lambda i: {"token": "not-a-token", "new_password": "password-2"}
    ),
    ("POST", "/api/auth/google/exchange"): Rule(PUBLIC, body=lambda i: {"code": "not-a-code"}),
    ("POST", "/api/keys"): Rule(USER, body=lambda i: {"name": "b's key"}, owned=False),
    ("GET", "/api/keys"): Rule(USER, owned=False),
    ("DELETE", "/api/keys/{key_id}"): Rule(USER),
    ("GET", "/api/auth/google/login"): Rule(PUBLIC),
    ("GET", "/api/auth/google/callback"): Rule(PUBLIC),
    ("GET", "/api/admin/users"): Rule(ADMIN),
    ("GET", "/api/admin/users/{user_id}"): Rule(ADMIN),
    ("PUT", "/api/admin/users/{user_id}"): Rule(ADMIN, body=lambda i: {"plan": "free"}),
    ("GET", "/api/credits/balance"): Rule(USER, owned=False),
    ("GET", "/api/credits/history"): Rule(USER, owned=False),
    ("GET", "/api/credits/spent-per-day"): Rule(USER, owned=False),
    ("GET", "/api/plans"): Rule(PUBLIC),
    ("GET", "/api/pricing"): Rule(PUBLIC),
    ("POST", "/api/billing/checkout"): Rule(USER, body=lambda i: {"plan_id": "pro"}, owned=False),
    ("POST", "/api/billing/portal"): Rule(USER, owned=False),
    ("GET", "/api/billing/subscription"): Rule(USER, owned=False),
    ("POST", "/api/webhooks/creem"): Rule(PUBLIC, body=lambda i: {"eventType": "checkout.completed"}),
    ("POST", "/api/admin/users/{user_id}/credits"): Rule(ADMIN, body=lambda i: {"amount": 5, "reason": "x"}),
    ("GET", "/api/admin/pricing"): Rule(ADMIN),
    ("PUT", "/api/admin/pricing"): Rule(ADMIN, body=lambda i: {}),
    ("GET", "/api/admin/config"): Rule(ADMIN),
    ("PUT", "/api/admin/config"): Rule(ADMIN, body=lambda i: {"generation_enabled": False}),
    ("GET", "/api/admin/plans"): Rule(ADMIN),
    ("GET", "/api/admin/plans/{plan_id}"): Rule(ADMIN),
    ("PUT", "/api/admin/plans/{plan_id}"): Rule(ADMIN, body=lambda i: {}),
    ("POST", "/api/v1/images"): Rule(
        USER,
        body=lambda i: {
            "prompt": "a mug",
            "mode": "i2i",
            "model": "local-image",
            "source_upload_id": i["upload_id"],
        },
    ),
    ("POST", "/api/v1/videos"): Rule(
        USER,
        body=lambda i: {
            "prompt": "a mug",
            "mode": "i2v",
            "model": "local-video",
            "source_upload_id": i["upload_id"],
        },
    ),
    ("GET", "/api/v1/jobs"): Rule(USER, owned=False),
    ("GET", "/api/v1/jobs/{job_id}"): Rule(USER),
    ("POST", "/api/v1/jobs/{job_id}/cancel"): Rule(USER),
    ("GET", "/api/v1/assets"): Rule(USER, query=lambda i: {"batch_id": i["batch_id"]}, owned=False),
    ("GET", "/api/v1/assets/facets"): Rule(USER, owned=False),
    ("POST", "/api/v1/assets/zip"): Rule(USER, body=lambda i: {"asset_ids": [i["asset_id"]]}),
    ("POST", "/api/v1/assets/zip-link"): Rule(USER, body=lambda i: {"asset_ids": [i["asset_id"]]}),
    ("GET", "/api/v1/assets/zip/{token}"): Rule(LINK),
    ("GET", "/api/v1/assets/{asset_id}"): Rule(USER),
    ("DELETE", "/api/v1/assets/{asset_id}"): Rule(USER),
    ("POST", "/api/v1/assets/{asset_id}/share"): Rule(USER, body=lambda i: {}),
    ("GET", "/api/v1/assets/{asset_id}/share"): Rule(USER),
    ("DELETE", "/api/v1/assets/{asset_id}/share/{share_id}"): Rule(USER),
    ("GET", "/api/v1/shared/{token}"): Rule(LINK),
    ("GET", "/api/v1/assets/{asset_id}/download"): Rule(USER),
    ("GET", "/api/files/{key:path}"): Rule(LINK),
    ("POST", "/api/v1/uploads"): Rule(USER, files=_png_file, owned=False),
    ("POST", "/api/v1/uploads/from-asset"): Rule(USER, body=lambda i: {"asset_id": i["asset_id"]}),
    ("POST", "/api/v1/prompts/enhance"): Rule(
        USER, body=lambda i: {"prompt": "mug", "content_type": "image"}, owned=False
    ),
    ("POST", "/api/v1/scripts"): Rule(
        USER, body=lambda i: {"product_name": "Mug", "style": "voiceover"}, owned=False
    ),
    ("POST", "/api/v1/brand/analyze"): Rule(
        USER, body=lambda i: {"website_url": "http://127.0.0.1/"}, owned=False
    ),
    ("GET", "/api/v1/brand/profile"): Rule(USER, owned=False),
    ("PUT", "/api/v1/brand/profile"): Rule(USER, body=lambda i: {"tone_keywords": ["calm"]}, owned=False),
    ("POST", "/api/v1/batches"): Rule(USER, files=_sheet_file, owned=False),
    ("GET", "/api/v1/batches"): Rule(USER, owned=False),
    ("GET", "/api/v1/batches/template"): Rule(PUBLIC),  # the empty example sheet
    ("GET", "/api/v1/batches/{batch_id}"): Rule(USER),
    ("PUT", "/api/v1/batches/{batch_id}/mapping"): Rule(
        USER, body=lambda i: {"mapping": {"product_name": "product_name"}, "defaults": {"kind": "image"}}
    ),
    ("PUT", "/api/v1/batches/{batch_id}/sheet"): Rule(USER, body=lambda i: {"sheet": "Sheet1"}),
    ("POST", "/api/v1/batches/{batch_id}/start"): Rule(USER),
    ("GET", "/api/v1/batches/{batch_id}/rows"): Rule(USER),
    ("GET", "/api/v1/batches/{batch_id}/report"): Rule(USER, query=lambda i: {"format": "csv"}),
    ("GET", "/api/v1/batches/{batch_id}/zip"): Rule(USER),
    ("POST", "/api/v1/batches/{batch_id}/cancel"): Rule(USER),
    ("GET", "/api/v1/batches/{batch_id}/links"): Rule(USER),
    ("GET", "/api/v1/batches/{batch_id}/download/{what}"): Rule(LINK),
    ("GET", "/api/admin/users/{user_id}/consumption"): Rule(ADMIN),
    ("GET", "/api/admin/overview"): Rule(ADMIN),
    ("GET", "/api/admin/ops"): Rule(ADMIN),
    ("POST", "/api/admin/ops/failed/{rq_job_id}/requeue"): Rule(ADMIN),
    ("DELETE", "/api/admin/ops/failed/{rq_job_id}"): Rule(ADMIN),
    ("GET", "/api/admin/showcase"): Rule(ADMIN),
    ("POST", "/api/admin/showcase"): Rule(ADMIN, body=lambda i: {"asset_id": i["asset_id"]}),
    ("PUT", "/api/admin/showcase/{item_id}"): Rule(ADMIN, body=lambda i: {}),
    ("DELETE", "/api/admin/showcase/{item_id}"): Rule(ADMIN),
    ("GET", "/api/v1/showcase"): Rule(PUBLIC),
    ("POST", "/api/v1/showcase/{item_id}/like"): Rule(PUBLIC),
    ("GET", "/api/v1/showcase/{item_id}/media"): Rule(PUBLIC),
    ("GET", "/api/v1/showcase/{item_id}/poster"): Rule(PUBLIC),
    ("POST", "/api/v1/hero-frames"): Rule(USER, body=lambda i: {"prompt": "b's mug", "n": 4}, owned=False),
    ("GET", "/api/v1/hero-groups"): Rule(USER, owned=False),
    ("GET", "/api/v1/hero-groups/{group_id}"): Rule(USER, ids=HERO),
    ("POST", "/api/v1/hero-groups/{group_id}/primary"): Rule(
        USER, ids=HERO, body=lambda i: {"asset_id": i["hero_asset_id"]}
    ),
    ("POST", "/api/v1/hero-groups/{group_id}/favorites/{asset_id}"): Rule(
        USER, ids={**HERO, "asset_id": "hero_asset_id"}
    ),
    ("DELETE", "/api/v1/hero-groups/{group_id}/favorites/{asset_id}"): Rule(
        USER, ids={**HERO, "asset_id": "hero_asset_id"}
    ),
    ("POST", "/api/v1/hero-groups/{group_id}/regenerate"): Rule(USER, ids=HERO, body=lambda i: {}),
    ("POST", "/api/v1/attempt-groups"): Rule(
        USER, body=lambda i: {"hero_asset_id": i["hero_asset_id"], "motion_prompt": "pan", "attempts": 1}
    ),
    ("GET", "/api/v1/attempt-groups"): Rule(USER, owned=False),
    ("GET", "/api/v1/attempt-groups/{group_id}"): Rule(USER, ids=ATTEMPTS),
    ("POST", "/api/v1/attempt-groups/{group_id}/pick"): Rule(
        USER, ids=ATTEMPTS, body=lambda i: {"asset_id": i["hero_asset_id"]}
    ),
    ("POST", "/api/v1/attempt-groups/{group_id}/final"): Rule(
        USER, ids=ATTEMPTS, body=lambda i: {"asset_id": i["hero_asset_id"]}
    ),
    ("POST", "/api/v1/attempt-groups/{group_id}/attempts/{job_id}/cancel"): Rule(
        USER, ids={**ATTEMPTS, "job_id": "attempt_job_id"}
    ),
    ("POST", "/api/v1/attempt-groups/{group_id}/iterate"): Rule(USER, ids=ATTEMPTS, body=lambda i: {}),
    ("GET", "/api/v1/attempt-groups/{group_id}/versions"): Rule(USER, ids=ATTEMPTS),
    ("GET", "/api/v1/versions/compare"): Rule(
        USER, query=lambda i: {"a": i["attempt_group_id"], "b": i["attempt_group_id"]}
    ),
    ("GET", "/api/v1/quality/summary"): Rule(USER, owned=False),
    ("POST", "/api/v1/projects"): Rule(USER, body=lambda i: {"from_asset_id": i["video_asset_id"]}),
    ("GET", "/api/v1/projects/{project_id}"): Rule(USER),
    ("PUT", "/api/v1/projects/{project_id}"): Rule(
        USER, body=lambda i: {"timeline": i["timeline"], "base_version": 2}
    ),
    ("POST", "/api/v1/projects/{project_id}/ops"): Rule(USER, body=lambda i: {"op": "split", "at": 1.0}),
    ("POST", "/api/v1/projects/{project_id}/regenerate"): Rule(
        USER, body=lambda i: {"gap": {"track": "video", "start": 0.0, "end": 1.0}}
    ),
    ("POST", "/api/v1/projects/{project_id}/regenerate/{job_id}/apply"): Rule(USER, body=lambda i: {}),
    ("POST", "/api/v1/projects/{project_id}/export"): Rule(USER, body=lambda i: {"format": "mp4"}),
    ("GET", "/api/v1/projects/{project_id}/template-parameters"): Rule(USER),
    ("POST", "/api/v1/templates"): Rule(
        USER, body=lambda i: {"from_project_id": i["project_id"], "name": "b's copy", "parameters": []}
    ),
    ("GET", "/api/v1/templates"): Rule(USER, owned=False),
    ("GET", "/api/v1/templates/{template_id}"): Rule(USER),
    ("PUT", "/api/v1/templates/{template_id}"): Rule(USER, body=lambda i: {"name": "renamed by b"}),
    ("POST", "/api/v1/templates/{template_id}/render"): Rule(USER, body=lambda i: {"values": {}}),
    # captions (/work/coord/captions.md)
    ("GET", "/api/v1/assets/{asset_id}/captions.{fmt}"): Rule(USER, ids={"asset_id": "video_asset_id"}),
    # ops (/work/coord/ops.md): probes, metrics, per-user rate limits
    ("GET", "/api/health/live"): Rule(PUBLIC),
    ("GET", "/api/health/ready"): Rule(PUBLIC),
    ("GET", "/metrics"): Rule(PUBLIC),
    ("GET", "/api/admin/users/{user_id}/rate-limits"): Rule(ADMIN),
    ("PUT", "/api/admin/users/{user_id}/rate-limits"): Rule(ADMIN, body=lambda i: {}),
    # A/B variant sets (/work/coord/variants.md)
    ("POST", "/api/v1/variant-sets"): Rule(USER, body=lambda i: VARIANTS_OF_A_UPLOAD(i)),
    ("POST", "/api/v1/variant-sets/quote"): Rule(USER, body=lambda i: VARIANTS_OF_A_UPLOAD(i)),
    ("GET", "/api/v1/variant-sets"): Rule(USER, owned=False),
    ("GET", "/api/v1/variant-sets/{set_id}"): Rule(USER, ids={"set_id": "variant_set_id"}),
    ("GET", "/api/v1/variant-sets/{set_id}/export.zip"): Rule(USER, ids={"set_id": "variant_set_id"}),
    ("GET", "/api/v1/variant-sets/{set_id}/download"): Rule(LINK),
    ("POST", "/api/v1/batches/{batch_id}/rows/{row}/variant-sets"): Rule(
        USER, ids={"row": "batch_row"}, body=lambda i: {"dimension": "seed", "count": 2}
    ),
}

# The documentation routes FastAPI adds itself.
FRAMEWORK_ROUTES = {("GET", "/api/openapi.json"), ("GET", "/api/docs"), ("GET", "/docs/oauth2-redirect")}


def api_routes(app: Any) -> list[tuple[str, str]]:
    """(METHOD, path) of every route, walking included routers (FastAPI keeps them lazy)."""
    found: list[tuple[str, str]] = []

    def walk(routes: Any) -> None:
        for route in routes:
            if hasattr(route, "effective_route_contexts"):
                for context in route.effective_route_contexts():
                    original = context.original_route
                    path = getattr(context, "path", "") or getattr(original, "path", "")
                    methods = getattr(original, "methods", None) or set()
                    found.extend((m, path) for m in methods if m != "HEAD")
            elif hasattr(route, "routes") and not hasattr(route, "methods"):
                walk(route.routes)
            else:
                found.extend((m, route.path) for m in (getattr(route, "methods", None) or ()) if m != "HEAD")

    walk(app.routes)
    return sorted(set(found))


def test_every_route_has_a_matrix_entry() -> None:
    routes = api_routes(create_api())
    assert len(routes) > 100, routes  # the walk saw the included routers
    missing = [r for r in routes if r not in MATRIX and r not in FRAMEWORK_ROUTES]
    assert not missing, (
        "These routes have no entry in MATRIX (tests/security/test_authz_matrix.py). Add one per route: "
        "Rule(PUBLIC|USER|ADMIN|LINK, ids={path param: World.ids key}, body=lambda ids: {...}) so the "
        f"matrix calls it as a visitor and as another user: {missing}"
    )
    stale = [r for r in MATRIX if r not in routes]
    assert not stale, f"MATRIX names routes the API no longer has; remove them: {stale}"


# --- calling a route -------------------------------------------------------------------------


def _path(path: str, rule: Rule, ids: dict[str, str]) -> str:
    out = path.replace("{key:path}", "{key}")
    names = re.findall(r"{(\w+)(?::\w+)?}", path)
    for name in names:
        if name in rule.ids:
            value = ids[rule.ids[name]]
        elif name in DEFAULT_PARAMS:
            value = ids[DEFAULT_PARAMS[name]]
        else:
            value = LITERALS.get(name, str(uuid.uuid4()))
        out = out.replace("{" + name + "}", value)
    return out


def _names_an_object_of_a(path: str, rule: Rule) -> bool:
    return rule.owned and ("{" in path or rule.body is not None or rule.query is not None)


def _call(
    client: TestClient, method: str, url: str, rule: Rule, ids: dict[str, str], headers: dict[str, str]
):
    kwargs: dict[str, Any] = {"headers": headers}
    if rule.query is not None:
        kwargs["params"] = rule.query(ids)
    if rule.files is not None:
        kwargs["files"] = rule.files(ids)
    elif rule.body is not None:
        kwargs["json"] = rule.body(ids)
    return client.request(method, url, **kwargs)


ID_KEYS = {
    "upload_id",
    "asset_id",
    "video_asset_id",
    "hero_asset_id",
    "project_id",
    "attempt_group_id",
    "batch_id",
}


def _error(resp: Any) -> Any:
    try:
        return resp.json().get("error")
    except ValueError:
        return resp.text


def _leaks(resp: Any, secrets: set[str], sent: str) -> list[str]:
    """A's secrets in an answer, except an id the caller itself sent (an error may echo it)."""
    text = (
        resp.content.decode("utf-8", "replace") + " " + " ".join(f"{k}: {v}" for k, v in resp.headers.items())
    )
    return [s for s in secrets if s in text and s not in sent]


def _forged_links(client: TestClient, w: World) -> dict[tuple[str, str], list[str]]:
    """Capability URLs: A's genuine link re-aimed at B, a bad signature, a random token."""
    ids = w.ids
    zip_token = urlsplit(ids["zip_url"]).path.rsplit("/", 1)[-1]
    payload_b64, _, sig = zip_token.partition(".")
    payload = base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4))
    swapped = payload[:4] + uuid.UUID(w.b.user.id).bytes + payload[20:]
    swapped_b64 = base64.urlsafe_b64encode(swapped).decode().rstrip("=")
    links = client.get(f"/api/v1/batches/{ids['batch_id']}/links", headers=w.a.headers()).json()
    report = urlsplit(links["report_csv"])
    q = parse_qs(report.query)
    other_batch = report.path.replace(ids["batch_id"], str(uuid.uuid4()))
    file_key = ids["asset_key"]
    return {
        ("GET", "/api/v1/assets/zip/{token}"): [
            f"/api/v1/assets/zip/{swapped_b64}.{sig}",
            f"/api/v1/assets/zip/{payload_b64}.{'A' * len(sig)}",
            f"/api/v1/assets/zip/{payload_b64}",
        ],
        ("GET", "/api/v1/shared/{token}"): [
            "/api/v1/shared/not-a-share-token",
            f"/api/v1/shared/{ids['share_id']}",
        ],
        ("GET", "/api/v1/batches/{batch_id}/download/{what}"): [
            f"{report.path}?u={w.b.user.id}&exp={q['exp'][0]}&sig={q['sig'][0]}",
            f"{other_batch}?{report.query}",
            report.path.replace("report_csv", "zip") + f"?{report.query}",
            report.path,
        ],
        ("GET", "/api/v1/variant-sets/{set_id}/download"): [
            f"/api/v1/variant-sets/{ids['variant_set_id']}/download",
            f"/api/v1/variant-sets/{ids['variant_set_id']}/download?u={w.b.user.id}&exp=9999999999&sig=00",
        ],
        ("GET", "/api/files/{key:path}"): [
            f"/api/files/{file_key}",
            f"/api/files/{file_key}?u={w.a.user.id}&exp=9999999999&sig=00",
            f"/api/files/{file_key.replace(w.a.user.id, w.b.user.id)}?u={w.b.user.id}&exp=9999999999&sig=00",
        ],
    }


def _snapshot(client: TestClient, w: World) -> dict[str, Any]:
    """A's objects as A sees them (compared before and after the matrix)."""
    h = w.a.headers()
    ids = w.ids
    urls = {
        "asset": f"/api/v1/assets/{ids['asset_id']}",
        "video": f"/api/v1/assets/{ids['video_asset_id']}",
        "job": f"/api/v1/jobs/{ids['job_id']}",
        "batch": f"/api/v1/batches/{ids['batch_id']}",
        "shares": f"/api/v1/assets/{ids['asset_id']}/share",
        "hero": f"/api/v1/hero-groups/{ids['group_id']}",
        "attempts": f"/api/v1/attempt-groups/{ids['attempt_group_id']}",
        "project": f"/api/v1/projects/{ids['project_id']}",
        "template": f"/api/v1/templates/{ids['template_id']}",
        "keys": "/api/keys",
        "me": "/api/auth/me",
        "brand": "/api/v1/brand/profile",
    }
    out = {}
    volatile = {"expires_at", "last_login", "last_used_at"}

    def strip(value: Any) -> Any:  # signed URLs carry a fresh expiry each time
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in volatile and not k.endswith("url")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    for name, url in urls.items():
        resp = client.get(url, headers=h)
        assert resp.status_code == 200, (name, resp.text)
        out[name] = strip(resp.json())
    return out


def test_no_route_lets_a_visitor_or_another_user_at_a_users_data(client: TestClient, world: World) -> None:
    w = world
    ids = dict(w.ids)
    ids["timeline"] = client.get(f"/api/v1/projects/{ids['project_id']}", headers=w.a.headers()).json()[
        "timeline"
    ]
    before = _snapshot(client, w)
    failures: list[str] = []
    forged = _forged_links(client, w)
    callers = {
        "visitor": {},
        "bad token": {"Authorization": "Bearer not-a-real-token"},
        "B (session)": w.b.headers(),
        "B (API key)": w.b.headers(use_key=True),
    }
    routes = api_routes(client.app)
    # B's logout last (it ends B's session), destructive calls after reads.
    routes.sort(key=lambda r: (r == ("POST", "/api/auth/logout"), r[0] == "DELETE"))
    for method, path in routes:
        if (method, path) in FRAMEWORK_ROUTES:
            continue
        rule = MATRIX[(method, path)]
        if rule.access == LINK:
            for url in forged[(method, path)]:
                for who, headers in callers.items():
                    resp = client.request(method, url, headers=headers)
                    if resp.status_code not in (401, 403, 404, 410, 422):
                        failures.append(f"{who} {method} {url}: {resp.status_code} for a forged link")
                    if leaks := _leaks(resp, w.secrets, url):
                        failures.append(f"{who} {method} {url}: answer holds A's data {leaks}")
            continue
        url = _path(path, rule, ids)
        for who, headers in callers.items():
            if path == "/api/auth/logout" and who == "B (session)":
                continue  # would end the session the API-key call is compared with; run once at the end
            resp = _call(client, method, url, rule, ids, headers)
            sent = (
                url + repr(rule.body(ids) if rule.body else "") + repr(rule.query(ids) if rule.query else "")
            )
            label = f"{who} {method} {path}"
            if resp.status_code >= 500:
                failures.append(f"{label}: {resp.status_code} {resp.text[:200]}")
            visitor = who in ("visitor", "bad token")
            if visitor and rule.access != PUBLIC and resp.status_code != 401:
                failures.append(f"{label}: {resp.status_code}, a visitor must get 401")
            if not visitor and rule.access == ADMIN and resp.status_code != 403:
                failures.append(f"{label}: {resp.status_code}, a non-admin must get 403")
            if (
                not visitor
                and rule.access == USER
                and _names_an_object_of_a(path, rule)
                and resp.status_code != 404
            ):
                # An id in a body may be refused as a bad field, if exactly as for an id nobody has.
                unknown = {k: str(uuid.uuid4()) if k in ID_KEYS else v for k, v in ids.items()}
                same = _call(client, method, _path(path, rule, unknown), rule, unknown, headers)
                in_body = "{" not in path.replace("{row}", "")
                if not (in_body and (same.status_code, _error(same)) == (resp.status_code, _error(resp))):
                    failures.append(
                        f"{label}: {resp.status_code} for A's object, expected 404: {resp.text[:160]}"
                    )
            if leaks := _leaks(resp, w.secrets, sent):
                failures.append(f"{label}: answer holds A's data {leaks}")
    after = _snapshot(client, w)
    for name in before:
        if before[name] != after[name]:
            failures.append(
                f"A's {name} changed while B and visitors called the API: {before[name]} -> {after[name]}"
            )
    assert not failures, "\n".join(failures)


def test_the_owner_gets_the_same_reads(client: TestClient, world: World) -> None:
    """The matrix's 404s are about ownership, not broken calls: the same reads work for their owner."""
    h = world.a.headers()
    ids = world.ids
    for url in (
        f"/api/v1/jobs/{ids['job_id']}",
        f"/api/v1/assets/{ids['asset_id']}",
        f"/api/v1/assets/{ids['asset_id']}/download",
        f"/api/v1/batches/{ids['batch_id']}/rows",
        f"/api/v1/hero-groups/{ids['group_id']}",
        f"/api/v1/attempt-groups/{ids['attempt_group_id']}/versions",
        f"/api/v1/projects/{ids['project_id']}/template-parameters",
        f"/api/v1/templates/{ids['template_id']}",
    ):
        resp = client.get(url, headers=h)
        assert resp.status_code == 200, (url, resp.text)
