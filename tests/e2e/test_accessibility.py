"""Accessibility of every page in Chromium: axe-core's WCAG 2.1 A/AA rules, keyboard navigation.

axe-core comes from the npm registry (scripts/ensure-axe.sh, run by `make browser`). Each page is
checked as the person who would see it (visitor, signed-in marketer with content, admin) after the
page has hydrated; serious and critical violations fail the test, and every page's full report is
saved beside the screenshots for reading.
"""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OUTPUT_DIR
from tests.support.processes import PROJECT_ROOT

pytestmark = pytest.mark.e2e

AXE_JS = PROJECT_ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
USER_EMAIL, ADMIN_EMAIL, PASSWORD = "a11y@example.com", "a11y-admin@example.com", "a11y-password-1"

VISITOR_PAGES = ["/", "/login", "/signup", "/forgot-password", "/reset-password", "/pricing", "/no-such-page"]
MARKETER_PAGES = [
    "/dashboard",
    "/studio/image",
    "/studio/video",
    "/studio/hero",
    "/library",
    "/jobs",
    "/batches",
    "/settings/brand",
    "/billing",
    "/billing/usage",
    "/profile",
    "/templates",
    "/pro/quality",
    "/variants",
]
ADMIN_PAGES = ["/admin/overview", "/admin/users", "/admin/billing", "/admin/ops", "/admin/showcase"]


def _account(api: str, email: str) -> dict:
    made = httpx.post(f"{api}/api/auth/register", json={"email": email, "password": PASSWORD}, timeout=30)
    if made.status_code == 409:
        made = httpx.post(f"{api}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert made.status_code in (200, 201), made.text
    return made.json()


def _wait_jobs(client: httpx.Client, ids: list[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [client.get(f"/api/v1/jobs/{i}").json()["status"] for i in ids]
        if all(s == "completed" for s in states):
            return
        assert not {"failed", "cancelled"} & set(states), states
        time.sleep(1)
    raise AssertionError(f"seed jobs did not finish: {states}")


def _seed_content(api: str, token: str) -> dict[str, str]:
    """Pro plan; an image, a video, a 2-variant set and hero candidates from the local engines."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api, timeout=30, headers=headers) as client:
        assert client.post("/api/billing/checkout", json={"plan_id": "pro"}).status_code == 200
        submitted = [
            client.post("/api/v1/images", json={"prompt": "blue ceramic mug on linen", "n": 1}),
            client.post("/api/v1/videos", json={"prompt": "a blue mug turning", "duration": 4}),
            client.post("/api/v1/hero-frames", json={"prompt": "a blue mug at golden hour", "n": 4}),
        ]
        for answer in submitted:
            assert answer.status_code == 202, answer.text
        # Three jobs at a time is the plan's cap: the variant set waits for the first three.
        _wait_jobs(client, [a.json()["job_id"] for a in submitted])
        variants = client.post(
            "/api/v1/variant-sets",
            json={"kind": "image", "dimension": "style", "count": 2, "base": {"prompt": "a blue mug"}},
        )
        assert variants.status_code == 202, variants.text
        variant_set = variants.json()
        _wait_jobs(client, [v["job_id"] for v in variant_set["variants"]])
        videos = client.get("/api/v1/assets", params={"kind": "video"}).json()
    items = videos["items"] if isinstance(videos, dict) else videos
    return {
        "video": items[0]["id"],
        "hero_group": submitted[2].json()["group_id"],
        "variant_set": variant_set["set_id"],
    }


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login", wait_until="networkidle")
    expect(page.locator("#login-submit")).to_be_enabled(timeout=60_000)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=60_000)


def _settle(page: Page) -> None:
    """Hydrated and quiet: the page's own heading is drawn and no request is in flight."""
    page.wait_for_load_state("networkidle")
    page.locator("h1, h2").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(600)


def _axe(page: Page, name: str) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    report = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "landing"
    (OUTPUT_DIR / f"axe-{slug}.json").write_text(json.dumps(report["violations"], indent=2))
    page.screenshot(path=str(OUTPUT_DIR / f"axe-{slug}.png"), full_page=True)
    return [
        {
            "page": name,
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in report["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def _check_pages(page: Page, base: str, paths: list[str]) -> list[dict]:
    found: list[dict] = []
    for path in paths:
        page.goto(f"{base}{path}", wait_until="networkidle")
        _settle(page)
        found += _axe(page, path)
    return found


def _describe(found: list[dict]) -> str:
    return "\n".join(f"{f['page']}: {f['impact']} {f['rule']} ({f['help']}) at {f['nodes']}" for f in found)


def test_every_page_has_no_serious_accessibility_violation(running_app, browser) -> None:
    assert AXE_JS.exists(), "axe-core is missing: run `make browser` (scripts/ensure-axe.sh)"
    base, api = running_app.frontend_url, running_app.api_url
    marketer = _account(api, USER_EMAIL)
    seeded = _seed_content(api, marketer["access_token"])
    _account(api, ADMIN_EMAIL)
    found: list[dict] = []

    visitor = browser.new_context(viewport={"width": 1366, "height": 900})
    found += _check_pages(visitor.new_page(), base, VISITOR_PAGES)
    visitor.close()

    signed_in = browser.new_context(viewport={"width": 1366, "height": 900})
    page = signed_in.new_page()
    _sign_in(page, base, USER_EMAIL)
    found += _check_pages(
        page,
        base,
        [*MARKETER_PAGES, f"/studio/hero/{seeded['hero_group']}", f"/variants/{seeded['variant_set']}"],
    )
    # The library's detail dialog and the editor, with the seeded video in them.
    page.goto(f"{base}/library", wait_until="networkidle")
    _settle(page)
    page.locator(".asset-card").first.click()
    page.get_by_role("dialog").wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(600)
    found += _axe(page, "library detail dialog")
    page.goto(f"{base}/editor/open/{seeded['video']}", wait_until="networkidle")
    expect(page).to_have_url(re.compile(r"/editor/(?!open)"), timeout=120_000)
    _settle(page)
    found += _axe(page, "editor")
    signed_in.close()

    as_admin = browser.new_context(viewport={"width": 1366, "height": 900})
    page = as_admin.new_page()
    _sign_in(page, base, ADMIN_EMAIL)
    found += _check_pages(page, base, [*ADMIN_PAGES, f"/admin/users/{marketer['user']['id']}"])
    as_admin.close()

    assert not found, f"{len(found)} serious or critical accessibility violations:\n{_describe(found)}"


def _tab_order(page: Page, presses: int) -> list[str]:
    seen: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement && (document.activeElement.id || '')"))
    return seen


def test_keyboard_alone_signs_in_and_reaches_the_studio(running_app, page) -> None:
    base, api = running_app.frontend_url, running_app.api_url
    _account(api, "a11y-keys@example.com")
    page.goto(f"{base}/login", wait_until="networkidle")
    expect(page.locator("#login-submit")).to_be_enabled(timeout=60_000)
    order = [i for i in _tab_order(page, 25) if i in {"email", "password", "login-submit"}]
    assert order[:3] == ["email", "password", "login-submit"], order

    page.focus("#email")
    page.keyboard.type("a11y-keys@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=60_000)

    # Every focusable control shows where the focus is, and the studio is reachable by Tab + Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                return {href: el.getAttribute('href'), ring: ring || style.boxShadow !== 'none'};
            }"""
        )
        if focused and focused["href"] == "/studio/image":
            assert focused["ring"], "the focused studio link shows no focus ring"
            page.keyboard.press("Enter")
            break
    else:
        raise AssertionError("Tab never reached the image studio link")
    expect(page).to_have_url(re.compile(r"/studio/image"), timeout=30_000)
