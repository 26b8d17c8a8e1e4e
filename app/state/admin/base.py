"""What every admin state shares: the admin check, and how rates, dates and error codes read.

Every handler re-checks that the signed-in user is an admin (``_admin``): the
page guard alone is not enough, since events can be sent without the page.
"""

from __future__ import annotations

import reflex as rx

from app.state.auth import AuthState

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


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def short_date(iso: str | None) -> str:
    return (iso or "")[:10]


def when(iso: str | None) -> str:
    """``2026-03-01 10:00`` from an ISO timestamp (admins read UTC)."""
    return (iso or "").replace("T", " ")[:16]


def failure_rows(counts: dict[str, int], of: int) -> list[dict[str, str]]:
    """Error codes with their label, count and share of ``of`` (for the bars of failure reasons)."""
    of = max(1, of)
    return [
        {
            "code": code,
            "label": ERROR_LABELS.get(code, code.replace("_", " ").capitalize()),
            "count": str(n),
            "percent": str(round(100 * n / of)),
        }
        for code, n in counts.items()
    ]


class AdminBase(AuthState):
    """The admin check for the admin pages' states."""

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


class AdminPageMixin(rx.State, mixin=True):
    """An admin page read by one ``_load``: its guarded on_load, and reading it again after a
    setting (a period, a tab, a search) changed."""

    def _load(self) -> None:
        raise NotImplementedError

    @rx.event
    def load(self):
        guard = self._page_guard()
        if guard is not None:
            return guard
        self._load()
        return None

    def _reload_with(self, **values):
        """Set already checked view values and read the page again (admins only)."""
        if self._admin() is None:
            return rx.redirect("/login")
        for name, value in values.items():
            setattr(self, name, value)
        self._load()
        return None
