"""Admin console states: one user's detail and consumption, operations, overview, showcase.

Every handler re-checks that the signed-in user is an admin (``_admin``): the
page guard alone is not enough, since events can be sent without the page.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from app.services import accounts, admin, config, credits, ops, plans, showcase
from app.services.errors import ServiceError
from app.state.admin_users import percent, short_date
from app.state.auth import AuthState
from app.state.paging import page_count, turned

RECORDS_PAGE = 10
LEDGER_PAGE = 10
OPS_POLL_SECONDS = 5.0
STATUS_FILTERS = ("all", "success", "failed", "in_progress", "cancelled")
SORTABLE = ("created_at", "status", "cost", "model", "error_code", "completed_at")
ERROR_LABELS = {
    "TIMEOUT": "The model took too long",
    "SAFETY_BLOCKED": "Blocked by the safety filter",
    "RATE_LIMITED": "Provider rate limit",
    "UNAVAILABLE": "Provider unavailable",
    "VENDOR_BALANCE": "Vendor balance exhausted",
    "INVALID_INPUT": "Input rejected",
    "AUTH_FAILED": "Provider key misconfigured",
    "RESULT_EXPIRED": "Result expired before saving",
    "FAILED": "Generation failed",
    "CANCELLED": "Cancelled",
    "WORKER_LOST": "Worker lost",
    "UNKNOWN": "No error code",
}


def _when(iso: str | None) -> str:
    return (iso or "").replace("T", " ")[:16]


class AdminBase(AuthState):
    """Shared guard for the admin console pages."""

    def _admin(self):
        user = self._require_user()
        return user if user is not None and user.is_admin else None

    def _page_guard(self):
        """For on_load: a redirect for anyone but an admin, else None."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if not user.is_admin:
            return [rx.redirect("/dashboard"), rx.toast.error("That page is for admins only.")]
        return None


# --- One user -------------------------------------------------------------------------------


class AdminUserDetailState(AdminBase):
    user_id: str = ""
    found: bool = True
    profile: dict[str, str] = {}
    plan_ids: list[str] = []
    tab: str = "profile"
    # Credits
    ledger: list[dict[str, str]] = []
    ledger_total: int = 0
    ledger_page: int = 0
    balance: int = 0
    adjust_amount: str = ""
    adjust_reason: str = ""
    confirm_open: bool = False
    # Consumption (image and video summaries; records of the open tab)
    image_summary: dict[str, str] = {}
    video_summary: dict[str, str] = {}
    reasons: list[dict[str, str]] = []
    records: list[dict[str, str]] = []
    records_total: int = 0
    records_page: int = 0
    status_filter: str = "all"
    sort: str = "created_at"
    order: str = "desc"

    @rx.var
    def records_page_count(self) -> int:
        return page_count(self.records_total, RECORDS_PAGE)

    @rx.var
    def ledger_page_count(self) -> int:
        return page_count(self.ledger_total, LEDGER_PAGE)

    @rx.var
    def summary(self) -> dict[str, str]:
        return self.image_summary if self.tab == "images" else self.video_summary

    def _load_profile(self) -> None:
        row = admin.user_detail(self.user_id)
        self.balance = int(row["credits_balance"])
        self.profile = {
            "email": row["email"],
            "name": row["name"] or "—",
            "role": row["role"],
            "plan": row["plan"],
            "status": "disabled" if row["disabled"] else "active",
            "created": _when(row["created_at"]),
            "last_login": _when(row["last_login"]) or "never",
            "website": row["website_url"] or "—",
            "sign_in": "Google" if row["google"] else "Email and password",
            "images": str(row["images"]),
            "videos": str(row["videos"]),
            "spent": str(row["credits_spent"]),
            "success": percent(row["success_rate"]),
        }

    def _load_ledger(self) -> None:
        total, items = credits.history(self.user_id, limit=LEDGER_PAGE, offset=self.ledger_page * LEDGER_PAGE)
        self.ledger_total = total
        self.ledger = [
            {
                "type": e["type"],
                "amount": f"{e['amount']:+d}",
                "positive": "yes" if e["amount"] > 0 else "",
                "balance_after": str(e["balance_after"]),
                "source": e["source"] or "",
                "reference": (e["reference_id"] or "")[:12],
                "created": _when(e["created_at"]),
            }
            for e in items
        ]

    @staticmethod
    def _summary(part: dict[str, Any]) -> dict[str, str]:
        return {
            "total": str(part["total"]),
            "completed": str(part["completed"]),
            "failed": str(part["failed"]),
            "in_progress": str(part["in_progress"]),
            "cancelled": str(part["cancelled"]),
            "credits": str(part["credits"]),
            "success": percent(part["success_rate"]),
        }

    def _load_consumption(self) -> None:
        kind = "image" if self.tab == "images" else "video"
        data = admin.user_consumption(
            self.user_id,
            kind=kind,
            status=None if self.status_filter == "all" else self.status_filter,
            sort=self.sort,
            order=self.order,
            limit=RECORDS_PAGE,
            offset=self.records_page * RECORDS_PAGE,
        )
        self.image_summary = self._summary(data["images"])
        self.video_summary = self._summary(data["videos"])
        part = data["images" if kind == "image" else "videos"]
        failed = max(1, part["failed"])
        self.reasons = [
            {
                "code": code,
                "label": ERROR_LABELS.get(code, code.replace("_", " ").capitalize()),
                "count": str(n),
                "percent": str(round(100 * n / failed)),
            }
            for code, n in part["failure_reasons"].items()
        ]
        self.records_total = part["items_total"]
        featured = showcase.featured_asset_ids([i["asset_ids"][0] for i in part["items"] if i["asset_ids"]])
        self.records = [
            {
                "job_id": i["job_id"],
                "short_id": i["job_id"][:8],
                "status": i["status"],
                "model": i["model"],
                "prompt": i["prompt"] or "—",
                "detail": (
                    f"{i['duration']} s · {i['resolution']}"
                    if kind == "video" and i["duration"]
                    else i["style"] or ""
                ),
                "credits": str(i["credits"]),
                "error_code": i["error_code"] or "",
                "error_message": i["error_message"] or "",
                "created": _when(i["created_at"]),
                "elapsed": f"{i['elapsed_seconds']:.0f} s" if i["elapsed_seconds"] is not None else "—",
                "asset_id": i["asset_ids"][0] if i["asset_ids"] else "",
                "featured": "yes" if i["asset_ids"] and i["asset_ids"][0] in featured else "",
            }
            for i in part["items"]
        ]

    def _reload_tab(self) -> None:
        if self.tab == "credits":
            self._load_ledger()
        elif self.tab in ("images", "videos"):
            self._load_consumption()

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self.user_id = str(self.router.page.params.get("user_id", ""))[:36]
        tab = str(self.router.page.params.get("tab", "profile"))
        self.tab = tab if tab in ("profile", "credits", "images", "videos") else "profile"
        self.status_filter, self.sort, self.order = "all", "created_at", "desc"
        self.records_page = self.ledger_page = 0
        self.confirm_open = False
        try:
            self._load_profile()
        except ServiceError:
            self.found = False
            self.profile = {}
            return None
        self.found = True
        self.plan_ids = [p["id"] for p in plans.list_plans(include_inactive=True)]
        self._load_consumption()  # both kinds' summaries, whatever tab is open
        if self.tab == "credits":
            self._load_ledger()
        return None

    @rx.event
    def set_tab(self, value: str):
        if self._admin() is None or not self.found:
            return rx.redirect("/login")
        if value not in ("profile", "credits", "images", "videos"):
            return None
        if value != self.tab and value in ("images", "videos"):
            self.status_filter, self.sort, self.order, self.records_page = "all", "created_at", "desc", 0
        self.tab = value
        self._reload_tab()
        return None

    # Records: filter, sort, pages

    @rx.event
    def set_status_filter(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "all")
        if self._admin() is None:
            return rx.redirect("/login")
        self.status_filter = value if value in STATUS_FILTERS else "all"
        self.records_page = 0
        self._load_consumption()
        return None

    @rx.event
    def sort_by(self, column: str):
        if self._admin() is None:
            return rx.redirect("/login")
        if column not in SORTABLE:
            return None
        if self.sort == column:
            self.order = "asc" if self.order == "desc" else "desc"
        else:
            self.sort, self.order = column, "desc"
        self.records_page = 0
        self._load_consumption()
        return None

    @rx.event
    def turn_records(self, delta: int):
        page = turned(self.records_page, delta, self.records_page_count)
        if page is not None and self._admin() is not None:
            self.records_page = page
            self._load_consumption()

    # Profile

    @rx.event
    def save_profile(self, form: dict):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        plan = str(form.get("plan", "")).strip()
        role = str(form.get("role", "")).strip()
        if plan not in self.plan_ids or role not in ("user", "admin"):
            return rx.toast.error("Pick a plan and a role from the lists.")
        try:
            accounts.admin_update_user(self.user_id, plan=plan, role=role)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load_profile()
        return rx.toast.success("Profile saved.")

    @rx.event
    def set_enabled(self, enabled: bool):
        disabled = not bool(enabled)
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        if me.id == self.user_id and disabled:
            return rx.toast.error("You cannot disable your own account.")
        accounts.admin_update_user(self.user_id, disabled=disabled)
        self._load_profile()
        return rx.toast.success(
            "Account disabled; its sessions were signed out." if disabled else "Account enabled."
        )

    # Credits (the same ledger service as the billing admin)

    @rx.event
    def turn_ledger(self, delta: int):
        page = turned(self.ledger_page, delta, self.ledger_page_count)
        if page is not None and self._admin() is not None:
            self.ledger_page = page
            self._load_ledger()

    @rx.event
    def ask_confirm(self, form: dict):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            amount, reason = credits.parse_adjustment(form.get("amount"), form.get("reason"))
        except credits.InvalidAmount as exc:
            return rx.toast.error(exc.message)
        self.adjust_amount, self.adjust_reason = f"{amount:+d}", reason
        self.confirm_open = True
        return None

    @rx.event
    def cancel_confirm(self):
        self.confirm_open = False

    @rx.event
    def apply_adjustment(self):
        self.confirm_open = False
        me = self._admin()
        if me is None or not self.adjust_amount:
            return rx.toast.error("Admins only.")
        try:
            entry = credits.adjust(self.user_id, int(self.adjust_amount), self.adjust_reason, me.id)
        except (ValueError, credits.CreditsError) as exc:
            return rx.toast.error(str(exc))
        self.adjust_amount, self.adjust_reason = "", ""
        self.ledger_page = 0
        self._load_ledger()
        self._load_profile()
        return rx.toast.success(f"Applied {entry.amount:+d} credits; new balance {entry.balance_after}.")

    # Showcase

    @rx.event
    def feature(self, asset_id: str):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        try:
            showcase.feature_asset(str(asset_id)[:36], admin_id=me.id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load_consumption()
        return rx.toast.success(
            "Featured on the homepage showcase (a public copy; the user's file stays private)."
        )


# --- Operations -------------------------------------------------------------------------------


class AdminOpsState(AdminBase):
    available: bool = True
    error: str = ""
    queues: list[dict[str, str]] = []
    workers: list[dict[str, str]] = []
    failed: list[dict[str, str]] = []
    updated: str = ""
    generation_enabled: bool = True
    video_enabled: bool = True
    concurrency: str = "3"
    retention: list[list[str]] = []
    has_retention: bool = False
    confirm_delete: str = ""
    _polling: bool = False

    def _load_queue(self) -> None:
        snap = ops.snapshot()
        self.available = bool(snap["available"])
        self.error = snap["error"] or ""
        self.queues = [{k: str(v) for k, v in q.items()} for q in snap["queues"]]
        self.workers = [
            {
                "name": w["name"],
                "state": w["state"],
                "queues": ", ".join(w["queues"]),
                "current": (w["current_job"] or "").rsplit(".", 1)[-1],
                "current_id": w["current_job_id"] or "",
                "done": str(w["successful_jobs"]),
                "failed": str(w["failed_jobs"]),
                "heartbeat": _when(w["last_heartbeat"])[11:] or "—",
            }
            for w in snap["workers"]
        ]
        self.failed = [
            {
                "rq_job_id": f["rq_job_id"],
                "queue": f["queue"],
                "func": (f["func"] or "").rsplit(".", 1)[-1],
                "job": (
                    f"{f['job']['kind']} job of {f['job']['user_email']} · {f['job']['status']}"
                    if f.get("job")
                    else (f["job_id"] or "")[:36]
                ),
                "error": f["error"],
                "ended": _when(f["ended_at"]),
            }
            for f in snap["failed"]
        ]
        from app.models.base import utcnow

        self.updated = f"{utcnow():%H:%M:%S} UTC"

    def _load_config(self) -> None:
        cfg = config.get_config()
        self.generation_enabled = bool(cfg.get("generation_enabled", True))
        self.video_enabled = bool(cfg.get("video_generation_enabled", True))
        self.concurrency = str(cfg.get("concurrent_jobs_per_user", ""))
        retention = cfg.get("retention_days")
        self.has_retention = retention is not None
        if isinstance(retention, dict):
            self.retention = [
                [str(k), str(v), str(k).replace("_", " ").title()] for k, v in retention.items()
            ]
        elif retention is not None:
            self.retention = [["all plans", str(retention), "All plans"]]
        else:
            self.retention = []

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self._load_queue()
        self._load_config()
        if not self._polling:
            self._polling = True
            return AdminOpsState.follow
        return None

    @rx.event
    def refresh(self):
        if self._admin() is None:
            return rx.redirect("/login")
        self._load_queue()
        return None

    @rx.event(background=True)
    async def follow(self):
        """Refresh the queue view every few seconds while the page is open."""
        from reflex.utils.prerequisites import get_and_validate_app

        app = get_and_validate_app().app
        try:
            while True:
                await asyncio.sleep(OPS_POLL_SECONDS)
                if self.router.session.client_token not in app.event_namespace.token_to_sid:
                    return
                async with self:
                    if self.router.page.path != "/admin/ops" or self._admin() is None:
                        return
                    self._load_queue()
        finally:
            async with self:
                self._polling = False

    @rx.event
    def requeue(self, rq_job_id: str):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            ops.requeue_failed(str(rq_job_id)[:128])
        except ServiceError as exc:
            self._load_queue()
            return rx.toast.error(exc.message)
        self._load_queue()
        return rx.toast.success("Job sent back to its queue.")

    @rx.event
    def ask_delete(self, rq_job_id: str):
        self.confirm_delete = str(rq_job_id)[:128]

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = ""

    @rx.event
    def delete_failed(self):
        rq_job_id, self.confirm_delete = self.confirm_delete, ""
        if self._admin() is None or not rq_job_id:
            return rx.toast.error("Admins only.")
        try:
            ops.delete_failed(rq_job_id)
        except ServiceError as exc:
            self._load_queue()
            return rx.toast.error(exc.message)
        self._load_queue()
        return rx.toast.success("Failed job removed from the registry.")

    def _save(self, changes: dict):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        try:
            config.update_config(changes, admin_id=me.id)
        except (ValueError, ServiceError) as exc:
            self._load_config()
            return rx.toast.error(str(exc))
        self._load_config()
        return rx.toast.success("Saved. It applies to new jobs right away.")

    @rx.event
    def set_generation(self, value: bool):
        return self._save({"generation_enabled": bool(value)})

    @rx.event
    def set_video(self, value: bool):
        return self._save({"video_generation_enabled": bool(value)})

    @rx.event
    def save_limits(self, form: dict):
        try:
            changes: dict[str, Any] = {
                "concurrent_jobs_per_user": int(str(form.get("concurrency", "")).strip())
            }
            retention = {
                k.removeprefix("retention:"): int(str(v).strip())
                for k, v in form.items()
                if k.startswith("retention:") and str(v).strip()
            }
        except ValueError:
            return rx.toast.error("Limits must be whole numbers.")
        if retention:
            changes["retention_days"] = retention.get("all plans", retention)
        return self._save(changes)


# --- Overview -------------------------------------------------------------------------------


class AdminOverviewState(AdminBase):
    days: str = "30"
    jobs_chart: list[dict[str, str | int]] = []
    credits_chart: list[dict[str, str | int]] = []
    failures: list[dict[str, str]] = []
    totals: dict[str, str] = {}

    def _load(self) -> None:
        data = admin.overview(int(self.days))
        self.jobs_chart = [
            {
                "day": d["date"][5:],
                "Images completed": d["image_completed"],
                "Images failed": d["image_failed"],
                "Videos completed": d["video_completed"],
                "Videos failed": d["video_failed"],
                "Cancelled": d["image_cancelled"] + d["video_cancelled"],
                "In progress": d["image_in_progress"] + d["video_in_progress"],
            }
            for d in data["per_day"]
        ]
        self.credits_chart = [{"day": d["date"][5:], "credits": d["credits"]} for d in data["per_day"]]
        top = max([f["count"] for f in data["top_failure_codes"]] or [1])
        self.failures = [
            {
                "code": f["code"],
                "label": ERROR_LABELS.get(f["code"], f["code"].replace("_", " ").capitalize()),
                "count": str(f["count"]),
                "percent": str(round(100 * f["count"] / top)),
            }
            for f in data["top_failure_codes"]
        ]
        t = data["totals"]
        self.totals = {
            "jobs": str(t["jobs"]),
            "completed": str(t["completed"]),
            "failed": str(t["failed"]),
            "success": percent(t["success_rate"]),
            "credits": str(t["credits_consumed"]),
            "users": str(t["users"]),
            "new_users": str(t["new_users"]),
            "active": str(t["active_jobs"]),
        }

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self._load()
        return None

    @rx.event
    def set_days(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "30")
        if self._admin() is None:
            return rx.redirect("/login")
        self.days = value if value in ("7", "30", "90") else "30"
        self._load()
        return None


# --- Showcase curation ----------------------------------------------------------------------


class AdminShowcaseState(AdminBase):
    items: list[dict[str, str]] = []
    kind: str = "video"
    confirm_remove: str = ""
    confirm_title: str = ""

    def _load(self) -> None:
        _, items = showcase.list_items(kind=self.kind, include_inactive=True, limit=100)
        self.items = [
            {
                "id": i["id"],
                "title": i["title"],
                "kind": i["kind"],
                "url": i["url"],
                "poster": i["poster_url"] or i["url"],
                "likes": str(i["likes"]),
                "origin": "Built-in" if i["builtin"] else "Featured from a user",
                "builtin": "yes" if i["builtin"] else "",
                "active": "yes" if i["active"] else "",
                "added": short_date(i["created_at"]),
            }
            for i in items
        ]

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self._load()
        return None

    @rx.event
    def set_kind(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "video")
        if self._admin() is None:
            return rx.redirect("/login")
        self.kind = value if value in ("image", "video") else "video"
        self._load()
        return None

    @rx.event
    def feature(self, form: dict):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        asset_id = str(form.get("asset_id", "")).strip()[:36]
        if not asset_id:
            return rx.toast.error("Paste the id of an asset (from a user's records or the API).")
        try:
            item = showcase.feature_asset(asset_id, admin_id=me.id, title=str(form.get("title", "")) or None)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.kind = item["kind"]
        self._load()
        return rx.toast.success("Featured on the homepage.")

    @rx.event
    def move(self, item_id: str, direction: int):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            showcase.move(str(item_id)[:36], int(direction))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return None

    @rx.event
    def restore(self, item_id: str):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        try:
            showcase.restore(str(item_id)[:36])
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return rx.toast.success("Back on the homepage.")

    @rx.event
    def ask_remove(self, item_id: str, title: str):
        self.confirm_remove, self.confirm_title = str(item_id)[:36], str(title)[:200]

    @rx.event
    def cancel_remove(self):
        self.confirm_remove = ""

    @rx.event
    def remove(self):
        item_id, self.confirm_remove = self.confirm_remove, ""
        if self._admin() is None or not item_id:
            return rx.toast.error("Admins only.")
        try:
            showcase.unfeature(item_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load()
        return rx.toast.success("Removed from the homepage.")
