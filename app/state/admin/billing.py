"""/admin/billing: prices, plans and quotas, the system switches and credit adjustments."""

from __future__ import annotations

import reflex as rx

from app.services import accounts, admin, billing
from app.services.billing import spendable
from app.state.admin.base import AdminBase
from app.state.admin.credit_adjustment import CreditAdjustmentMixin
from app.state.admin.switches import SystemSwitchesMixin

SERVICE_PERIODS = [(s, p) for s in billing.SERVICES for p in billing.PERIODS]


def _int(value: str, default: int | None = None) -> int | None:
    value = str(value).strip()
    if value == "":
        return default
    return int(value)


class AdminBillingState(SystemSwitchesMixin, CreditAdjustmentMixin, AdminBase):
    price_rows: list[dict[str, str]] = []
    plan_ids: list[str] = []
    plan_id: str = "pro"
    plan_form: dict[str, str] = {}
    plan_quota_rows: list[dict[str, str]] = []
    user_query: str = ""
    user_matches: list[dict[str, str]] = []
    target_id: str = ""
    target_label: str = ""
    target_balance: int = 0

    def _load_prices(self) -> None:
        self.price_rows = [
            {"kind": r["kind"], "name": r["name"], "unit": r["unit"], "credits": str(r["credits"])}
            for r in billing.admin_pricing()
        ]

    def _load_plan(self) -> None:
        info = billing.get_plan(self.plan_id)
        self.plan_form = {
            "name": info.name,
            "price": f"{info.price:g}",
            "currency": info.currency,
            "credits": str(info.credits),
            "signup_credits": str(info.signup_credits),
            "hour_images": str(info.hour_images),
            "hour_videos": str(info.hour_videos),
            "features": "\n".join(info.features),
            "creem_product_id": info.creem_product_id,
            "interval": info.interval,
        }
        self.plan_quota_rows = [
            {
                "key": f"{s}:{p}",
                "label": f"{s.replace('_', ' ').capitalize()} per {p}",
                "value": "" if info.quotas.get(s, {}).get(p) is None else str(info.quotas[s][p]),
            }
            for s, p in SERVICE_PERIODS
        ]

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        billing.seed_default_plans()
        billing.seed_default_prices()
        self._load_prices()
        self._load_config()
        self.plan_ids = [p["id"] for p in billing.list_plans(include_inactive=True)]
        if self.plan_id not in self.plan_ids:
            self.plan_id = self.plan_ids[0]
        self._load_plan()
        target = self.router.page.params.get("user", "")
        if target:
            self._pick(str(target))
        return None

    # --- prices -------------------------------------------------------------

    @rx.event
    def save_price(self, form: dict):
        admin_user = self._admin()
        if admin_user is None:
            return rx.toast.error("Admins only.")
        kind, name = str(form.get("kind", "")), str(form.get("name", ""))
        try:
            billing.update_price(
                kind, name, int(str(form.get("credits", "")).strip()), admin_id=admin_user.id
            )
        except (ValueError, billing.PricingError) as exc:
            return rx.toast.error(f"{name}: {exc}")
        self._load_prices()
        return rx.toast.success(f"Price for {name} saved.")

    # --- plans --------------------------------------------------------------

    @rx.event
    def select_plan(self, plan_id: str):
        if self._admin() is None or plan_id not in self.plan_ids:
            return
        self.plan_id = plan_id
        self._load_plan()

    @rx.event
    def save_plan(self, form: dict):
        admin_user = self._admin()
        if admin_user is None:
            return rx.toast.error("Admins only.")
        try:
            changes: dict = {
                "name": str(form.get("name", "")),
                "price": float(str(form.get("price", "0")).strip() or 0),
                "currency": str(form.get("currency", "")).strip(),
                "credits": _int(form.get("credits", ""), 0),
                "signup_credits": _int(form.get("signup_credits", ""), 0),
                "hour_images": _int(form.get("hour_images", ""), 0),
                "hour_videos": _int(form.get("hour_videos", ""), 0),
                "features": [f.strip() for f in str(form.get("features", "")).splitlines() if f.strip()],
                "creem_product_id": str(form.get("creem_product_id", "")),
                "quotas": {},
            }
            for service, period in SERVICE_PERIODS:
                raw = form.get(f"quota:{service}:{period}", "")
                changes["quotas"].setdefault(service, {})[period] = _int(raw)
        except ValueError:
            return rx.toast.error("Prices, credits and quotas must be numbers.")
        try:
            billing.update_plan(self.plan_id, changes, admin_id=admin_user.id)
        except billing.PlanError as exc:
            return rx.toast.error(str(exc))
        self._load_plan()
        return rx.toast.success(f"Plan {self.plan_form['name']} saved.")

    # --- credit adjustments ---------------------------------------------------

    def _pick(self, user_id: str) -> None:
        user = accounts.get_user(user_id)
        if user is None:
            return
        self.target_id, self.target_label = user.id, user.email
        self.target_balance = spendable(user.id)

    @rx.event
    def search_users(self, form: dict):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        self.user_query = str(form.get("q", ""))[:320]
        _, users = admin.list_users(self.user_query, 8, 0)
        self.user_matches = [
            {"id": u.id, "email": u.email, "plan": u.plan, "balance": str(spendable(u.id))} for u in users
        ]
        return None

    @rx.event
    def pick_user(self, user_id: str):
        if self._admin() is not None:
            self._pick(str(user_id))

    def _adjustment_target(self) -> str:
        return self.target_id

    def _adjusted(self, entry) -> None:
        self.target_balance = entry.balance_after
