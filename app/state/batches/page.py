"""The /batches page state: the wizard, one batch's progress, or a batch reopened by its link.

``BatchState`` is put together from the mixins beside it (wizard steps,
progress, past batches) so that each part reads on its own; Reflex sees one
state with their vars and handlers. Thin on purpose: every number shown comes
from ``app.services.batch``, and the state keeps one page of view data.
"""

from __future__ import annotations

import reflex as rx

from app.services import batch as batch_service
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.batches.history import PastBatchesMixin
from app.state.batches.options import ROUTE
from app.state.batches.progress import BatchProgressMixin
from app.state.batches.wizard import BatchWizardMixin


class BatchState(BatchWizardMixin, BatchProgressMixin, PastBatchesMixin, AuthState):
    # Which part of the page shows: the wizard or one batch's progress.
    view: str = "wizard"

    def _reset_wizard(self) -> None:
        self.view = "wizard"
        self._clear_wizard()
        self._clear_progress()

    @rx.event
    async def load(self):
        """on_load of /batches and /batches/<id>: the wizard, or one batch reopened."""
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        self.past_page = 0
        self._load_past(user.id)
        ref = str(self.router.page.params.get("batch_ref") or "")
        if not ref:
            if self.view != "wizard" or not self.current_id:
                self._reset_wizard()
                return None
            # Back to a draft in this tab: keep every choice, refresh balance and quota.
            self._refresh_choices()
            await self._load_templates(user.id)
            return await self._check()
        try:
            view = batch_service.get_batch(user.id, ref)
        except ServiceError as exc:
            self._reset_wizard()
            return [rx.redirect(ROUTE), rx.toast.error(exc.message)]
        if view.get("status") in ("draft", "ready") and ref == self.current_id:
            self.view = "wizard"  # the same draft, still in this tab: carry on where it was
            return None
        self._reset_wizard()
        self.rows_filter, self.rows_page = "all", 0
        self._show_batch(user.id, view)
        return self._follow()

    @rx.event
    def new_batch(self):
        self._reset_wizard()
        return rx.redirect(ROUTE)
