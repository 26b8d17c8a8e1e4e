"""Credit widgets on the dashboard: balance, quotas and 30 days of spending."""

from __future__ import annotations

import reflex as rx

from app.services import credits, plans, quotas
from app.state.auth import AuthState
from app.state.billing import SERVICE_LABELS, TEST_MODE_NOTICE, suggest_upgrade


class DashboardState(AuthState):
    balance: int = 0
    frozen: int = 0
    total_spent: int = 0
    plan_name: str = ""
    quota_rows: list[dict[str, str]] = []
    spent_chart: list[dict[str, str | int]] = []
    spent_30d: int = 0
    upgrade_message: str = ""
    upgrade_plan: str = ""

    @rx.event
    def load(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        money = credits.balance(user.id)
        self.balance, self.frozen, self.total_spent = money["balance"], money["frozen"], money["total_spent"]
        plan = plans.plan_for(user)
        self.plan_name = plan.name
        rows = []
        full_service = ""
        for service, q in quotas.status(user.id).items():
            for period, used, limit in (
                ("today", q["used_today"], q["limit_today"]),
                ("this month", q["used_month"], q["limit_month"]),
            ):
                if limit is None:
                    text, pct = f"{used} used {period} · unlimited", 0
                elif limit == 0:
                    text, pct = "Not included in your plan", 100
                else:
                    text, pct = f"{used} of {limit} {period}", min(100, round(100 * used / limit))
                if limit is not None and used >= limit and not full_service:
                    full_service = service
                rows.append(
                    {
                        "label": f"{SERVICE_LABELS.get(service, service)} · {period}",
                        "text": text,
                        "percent": str(pct),
                        "color": "red" if pct >= 100 else ("amber" if pct >= 80 else "blue"),
                        "limited": "yes" if limit else "",
                    }
                )
        self.quota_rows = rows
        days = credits.spent_per_day(user.id, 30)
        self.spent_chart = [{"day": d["date"][5:], "credits": d["credits"]} for d in days]
        self.spent_30d = sum(d["credits"] for d in days)
        hint = None
        if self.balance <= 0:
            hint = suggest_upgrade(plan.id, "INSUFFICIENT_CREDITS", needed=1)
        elif full_service and full_service != "video_generation":
            hint = suggest_upgrade(plan.id, "QUOTA_EXCEEDED", full_service)
        self.upgrade_message = hint["message"] if hint else ""
        self.upgrade_plan = hint["plan_name"] if hint else ""
        if self.router.page.params.get("checkout") == "test":
            return rx.toast.success(f"Plan switched. {TEST_MODE_NOTICE}.")
        return None
