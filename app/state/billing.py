"""Usage history, the pricing page (plan switch) and the "which plan fixes it" prompt."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import reflex as rx

from app.services import billing
from app.state.auth import AuthState
from app.state.paging import PagedListMixin

PAGE_SIZE = 20
TEST_MODE_NOTICE = "Test mode: no payment is taken"
SERVICE_LABELS = {
    "image_generation": "Images",
    "video_generation": "Videos",
    "image_extraction": "Image extractions",
}
TYPE_LABELS = {
    "earn": "Earned",
    "spend": "Spent",
    "refund": "Refund",
    "freeze": "Held",
    "unfreeze": "Released",
    "adjust": "Adjustment",
}


@dataclasses.dataclass
class PlanCard:
    id: str = ""
    name: str = ""
    price: str = ""
    per: str = ""
    credits: str = ""
    features: list[str] = dataclasses.field(default_factory=list)
    highlight: bool = False
    current: bool = False
    cta: str = ""


def money(price: float, currency: str) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}.get(currency, f"{currency} ")
    return f"{symbol}{price:,.2f}".replace(".00", "")


def _limit_text(limits: dict[str, Any], service: str) -> str:
    q = limits.get(service) or {}
    day, month = q.get("day"), q.get("month")
    if "hour" in q:
        return "—" if not q["hour"] else f"{q['hour']} in the hour"
    if day == 0 or month == 0:
        return "—"
    if day is None and month is None:
        return "Unlimited"
    parts = [f"{day}/day" if day is not None else "", f"{month}/month" if month is not None else ""]
    return ", ".join(p for p in parts if p)


def _credits_text(p: dict[str, Any]) -> str:
    if p["interval"] == "hour":
        return "Pay per hour"
    if p["id"] == billing.DEFAULT_PLAN:
        return f"{p['credits']} credits once"
    return f"{p['credits']} credits / month"


def _per(p: dict[str, Any]) -> str:
    return {"month": "/ month", "hour": "/ hour"}.get(p["interval"], "forever")


def plan_cards(current: str) -> tuple[list[PlanCard], list[PlanCard]]:
    subs, passes = [], []
    for p in billing.list_plans():
        is_current = p["id"] == current
        card = PlanCard(
            id=p["id"],
            name=p["name"],
            price=money(p["price"], p["currency"]),
            per=_per(p),
            credits=_credits_text(p),
            features=list(p["features"]),
            highlight=p["id"] == "pro",
            current=is_current,
            cta="Current plan"
            if is_current
            else ("Buy an hour" if p["interval"] == "hour" else f"Switch to {p['name']}"),
        )
        (passes if p["interval"] == "hour" else subs).append(card)
    return subs, passes


def comparison_rows() -> tuple[list[str], list[list[str]]]:
    """A side-by-side table of the monthly plans, straight from the plan tables."""
    subs = [p for p in billing.list_plans() if p["interval"] != "hour"]
    header = ["", *[p["name"] for p in subs]]
    yes_no = {True: "Yes", False: "No"}
    rows = [
        ["Price", *[f"{money(p['price'], p['currency'])} {_per(p)}" for p in subs]],
        ["Credits", *[_credits_text(p) for p in subs]],
        *[[label, *[_limit_text(p["quotas"], s) for p in subs]] for s, label in SERVICE_LABELS.items()],
        ["Commercial licence", *[yes_no[bool(p.get("commercial_license"))] for p in subs]],
        ["Watermark on outputs", *[yes_no[bool(p.get("watermark"))] for p in subs]],
        ["Priority queue", *[yes_no[bool(p.get("priority"))] for p in subs]],
    ]
    return header, rows


def _credits(n: int) -> str:
    return "free" if n == 0 else f"{n} credit{'' if n == 1 else 's'}"


def price_rows() -> list[list[str]]:
    doc = billing.public_pricing()
    rows = [[f"Image · {name}", _credits(c)] for name, c in doc["images"].items()]
    for name, m in doc["videos"]["models"].items():
        unit = "per clip" if m["unit"] == "clip" else "per second"
        scaled = (
            " (1080p ×{})".format(doc["videos"]["resolution_multipliers"].get("1080p", 1))
            if m.get("resolution_scaled")
            else ""
        )
        rows.append([f"Video · {name}", f"{_credits(m['credits'])} {unit}{scaled}"])
    return rows


def suggest_upgrade(current: str, code: str, service: str = "", needed: int = 0) -> dict[str, str] | None:
    """The cheapest plan that removes this limit: more credits, or a higher quota."""
    try:
        now = billing.get_plan(current)
    except billing.UnknownPlan:
        now = billing.get_plan(billing.DEFAULT_PLAN)
    options = sorted(
        (billing.get_plan(p["id"]) for p in billing.list_plans() if p["id"] != now.id),
        key=lambda p: (p.interval != "month", p.price_minor),
    )

    def more(limit: int | None, than: int | None) -> bool:
        return limit is None if than is None else (limit is None or limit > than)

    label = SERVICE_LABELS.get(service, service).lower()
    for p in options:
        if code == "INSUFFICIENT_CREDITS":
            cheaper = p.price_minor <= now.price_minor and now.id != billing.DEFAULT_PLAN
            if p.is_subscription and p.credits >= max(needed, 1) and not cheaper:
                why = f"{p.name} adds {p.credits} credits every month."
                return {"plan_id": p.id, "plan_name": p.name, "message": why}
        elif code == "QUOTA_EXCEEDED" and service in billing.SERVICES:
            if p.is_hour_pass:
                allowance = {"image_generation": p.hour_images, "video_generation": p.hour_videos}.get(
                    service, 0
                )
                if allowance > 0:
                    why = f"{p.name} gives {allowance} {label} within one hour."
                    return {"plan_id": p.id, "plan_name": p.name, "message": why}
                continue
            mine, theirs = now.quotas.get(service, {}), p.quotas.get(service, {})
            if more(theirs.get("day"), mine.get("day")) and more(theirs.get("month"), mine.get("month")):
                return {
                    "plan_id": p.id,
                    "plan_name": p.name,
                    "message": f"{p.name} raises your {label} limit.",
                }
    return None


class PricingState(AuthState):
    """Public pricing (and the landing page's pricing section)."""

    subscription_cards: list[PlanCard] = []
    hour_cards: list[PlanCard] = []
    compare_header: list[str] = []
    compare_rows: list[list[str]] = []
    credit_prices: list[list[str]] = []
    test_mode: bool = True
    switching: str = ""

    def _refresh(self) -> None:
        self.subscription_cards, self.hour_cards = plan_cards(self.user_plan or "")
        self.compare_header, self.compare_rows = comparison_rows()
        self.credit_prices = price_rows()
        self.test_mode = billing.mode() == "test"

    @rx.event
    def load(self):
        self._require_user()
        self._refresh()

    @rx.event
    def choose_plan(self, plan_id: str):
        user = self._require_user()
        if user is None:
            return rx.redirect("/signup")
        try:
            billing.get_plan(plan_id)  # the id comes from the browser
        except billing.UnknownPlan:
            return rx.toast.error("That plan does not exist.")
        try:
            change = billing.change_plan(user.id, plan_id)
        except (billing.BillingError, billing.PlanError) as exc:
            return rx.toast.error(str(exc))
        if change.checkout_url:
            return rx.redirect(change.checkout_url, is_external=True)
        self._require_user()
        self._refresh()
        name = billing.get_plan(change.plan_id).name
        message = {
            "subscribed": f"You are on {name}: {change.credits_granted} credits added.",
            "upgraded": f"Upgraded to {name}: {change.credits_granted} credits added.",
            "downgrade_scheduled": "Your plan changes at the end of the billing period.",
            "cancel_scheduled": "Your plan ends with the current billing period.",
            "hour_pass_started": "Your hour pass is running.",
        }.get(change.action, f"You are on {name}.")
        if change.test_mode:
            message += f" ({TEST_MODE_NOTICE}.)"
        return [rx.toast.success(message), rx.redirect("/dashboard")]


class UsageState(PagedListMixin, AuthState):
    """The credit ledger, paginated on the server."""

    PAGE_SIZE: ClassVar[int] = PAGE_SIZE
    entries: list[dict[str, str]] = []
    type_filter: str = "all"

    def _load_rows(self, user_id: str) -> None:
        kind = self.type_filter if self.type_filter in billing.ENTRY_TYPES else None
        self.total, items = billing.credit_history(user_id, kind, PAGE_SIZE, self.page * PAGE_SIZE)
        self.entries = [
            {
                "when": item["created_at"][:16].replace("T", " "),
                "type": TYPE_LABELS.get(item["type"], item["type"]),
                "kind": item["type"],
                "amount": f"{item['amount']:+d}",
                "positive": "yes" if item["amount"] > 0 else "",
                "balance": str(item["balance_after"]),
                "source": item["source"],
                "reference": item["reference_id"] or "",
            }
            for item in items
        ]

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.page = 0
        self._load_rows(user.id)
        return None

    @rx.event
    def set_type_filter(self, value: str):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.type_filter = value if value in billing.ENTRY_TYPES else "all"
        self.page = 0
        self._load_rows(user.id)
        return None

    def _show_page(self, page: int):
        user = self._require_user()
        if user is not None:
            self.page = page
            self._load_rows(user.id)


class UpgradePromptState(AuthState):
    """Opened by any page when a request fails for credits or quota."""

    prompt_open: bool = False
    prompt_reason: str = ""
    prompt_plan_id: str = ""
    prompt_plan_name: str = ""
    prompt_message: str = ""

    @rx.event
    def show(self, code: str, service: str = "", needed: int = 0):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.prompt_reason = (
            "You are out of credits for this."
            if code == "INSUFFICIENT_CREDITS"
            else "You reached your plan's limit."
        )
        hint = suggest_upgrade(user.plan or billing.DEFAULT_PLAN, str(code), str(service), int(needed or 0))
        self.prompt_plan_id = hint["plan_id"] if hint else ""
        self.prompt_plan_name = hint["plan_name"] if hint else ""
        self.prompt_message = hint["message"] if hint else "Try again tomorrow, or contact us for more."
        self.prompt_open = True
        return None

    @rx.event
    def set_prompt_open(self, value: bool):
        self.prompt_open = bool(value)
