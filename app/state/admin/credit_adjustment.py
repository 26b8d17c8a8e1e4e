"""Adjusting a user's credits from an admin page: review the amount and reason, then apply.

A state mixin for the user detail and billing pages: both write the same
ledger entry through ``credits.adjust``; each says whose credits they are
(``_adjustment_target``) and what to refresh afterwards (``_adjusted``).
"""

from __future__ import annotations

import reflex as rx

from app.services import billing


class CreditAdjustmentMixin(rx.State, mixin=True):
    adjust_amount: str = ""
    adjust_reason: str = ""
    confirm_open: bool = False

    def _adjustment_target(self) -> str:
        """The id of the user whose credits change ("" while none is picked)."""
        raise NotImplementedError

    def _adjusted(self, entry: billing.Entry) -> None:
        """After the entry is written: refresh what the page shows of the balance."""

    @rx.event
    def ask_confirm(self, form: dict):
        if self._admin() is None:
            return rx.toast.error("Admins only.")
        if not self._adjustment_target():
            return rx.toast.error("Pick a user first.")
        try:
            amount, reason = billing.parse_adjustment(form.get("amount"), form.get("reason"))
        except billing.InvalidAmount as exc:
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
        target = self._adjustment_target()
        if me is None or not target or not self.adjust_amount:
            return rx.toast.error("Admins only.")
        try:
            entry = billing.adjust(target, int(self.adjust_amount), self.adjust_reason, me.id)
        except (ValueError, billing.CreditsError) as exc:
            return rx.toast.error(str(exc))
        self.adjust_amount, self.adjust_reason = "", ""
        self._adjusted(entry)
        return rx.toast.success(f"Applied {entry.amount:+d} credits; new balance {entry.balance_after}.")
