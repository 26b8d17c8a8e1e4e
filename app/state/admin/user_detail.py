"""/admin/users/<id>: one user's profile, credits ledger and image and video consumption."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import accounts, admin, billing, ops, showcase
from app.services.platform import ServiceError
from app.state.admin.base import AdminBase, failure_rows, percent, when
from app.state.admin.credit_adjustment import CreditAdjustmentMixin
from app.state.inputs import one
from app.state.paging import page_count, turned

RECORDS_PAGE = 10
LEDGER_PAGE = 10
STATUS_FILTERS = ("all", "success", "failed", "in_progress", "cancelled")
SORTABLE = ("created_at", "status", "cost", "model", "error_code", "completed_at")
TABS = ("profile", "credits", "images", "videos")


class AdminUserDetailState(CreditAdjustmentMixin, AdminBase):
    user_id: str = ""
    found: bool = True
    profile: dict[str, str] = {}
    # Rate limits: the values in force, the override fields ("" = the default) and the defaults
    limits: dict[str, str] = {}
    plan_ids: list[str] = []
    tab: str = "profile"
    # Credits
    ledger: list[dict[str, str]] = []
    ledger_total: int = 0
    ledger_page: int = 0
    balance: int = 0
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
            "created": when(row["created_at"]),
            "last_login": when(row["last_login"]) or "never",
            "website": row["website_url"] or "—",
            "sign_in": "Google" if row["google"] else "Email and password",
            "images": str(row["images"]),
            "videos": str(row["videos"]),
            "spent": str(row["credits_spent"]),
            "success": percent(row["success_rate"]),
        }

    def _load_limits(self) -> None:
        lim = ops.limits_for(self.user_id)

        def shown(value: int) -> str:
            return "no limit" if value == 0 else str(value)

        self.limits = {
            "generations": shown(lim.generations_per_hour),
            "api": shown(lim.api_requests_per_minute),
            "generations_override": "" if lim.generations_override is None else str(lim.generations_override),
            "api_override": "" if lim.api_override is None else str(lim.api_override),
            "default_generations": shown(lim.default_generations_per_hour),
            "default_api": shown(lim.default_api_requests_per_minute),
            "used": str(ops.used_generations(self.user_id)),
        }

    def _load_ledger(self) -> None:
        total, items = billing.credit_history(
            self.user_id, limit=LEDGER_PAGE, offset=self.ledger_page * LEDGER_PAGE
        )
        self.ledger_total = total
        self.ledger = [
            {
                "type": e["type"],
                "amount": f"{e['amount']:+d}",
                "positive": "yes" if e["amount"] > 0 else "",
                "balance_after": str(e["balance_after"]),
                "source": e["source"] or "",
                "reference": (e["reference_id"] or "")[:12],
                "created": when(e["created_at"]),
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
        self.reasons = failure_rows(part["failure_reasons"], of=part["failed"])
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
                "created": when(i["created_at"]),
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
        self.tab = tab if tab in TABS else "profile"
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
        self._load_limits()
        self.plan_ids = [p["id"] for p in billing.list_plans(include_inactive=True)]
        self._load_consumption()  # both kinds' summaries, whatever tab is open
        if self.tab == "credits":
            self._load_ledger()
        return None

    @rx.event
    def set_tab(self, value: str):
        if self._admin() is None or not self.found:
            return rx.redirect("/login")
        if value not in TABS:
            return None
        if value != self.tab and value in ("images", "videos"):
            self.status_filter, self.sort, self.order, self.records_page = "all", "created_at", "desc", 0
        self.tab = value
        self._reload_tab()
        return None

    # Records: filter, sort, pages

    @rx.event
    def set_status_filter(self, value: str | list[str]):
        value = one(value, "all")
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
    def save_limits(self, form: dict):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        values: dict[str, int | None] = {}
        for field in ("generations", "api"):
            raw = str(form.get(field, "")).strip()
            if raw and (not raw.isdigit() or len(raw) > 7):
                return rx.toast.error("Limits are whole numbers (0 = no limit), or empty for the default.")
            values[field] = int(raw) if raw else None
        try:
            ops.set_user_limits(
                self.user_id,
                generations_per_hour=values["generations"],
                api_requests_per_minute=values["api"],
                admin_id=me.id,
            )
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._load_limits()
        return rx.toast.success("Rate limits saved.")

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

    # Credits: the ledger here, adjustments from CreditAdjustmentMixin (as on the billing page)

    @rx.event
    def turn_ledger(self, delta: int):
        page = turned(self.ledger_page, delta, self.ledger_page_count)
        if page is not None and self._admin() is not None:
            self.ledger_page = page
            self._load_ledger()

    def _adjustment_target(self) -> str:
        return self.user_id

    def _adjusted(self, entry) -> None:
        self.ledger_page = 0
        self._load_ledger()
        self._load_profile()

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
