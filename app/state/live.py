"""Following work live: the tick of a background event that re-reads job or batch rows.

The rows are the truth; a page only re-reads them while its tab is still
connected, so a closed tab never leaves a loop behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import reflex as rx


async def ticks(state: rx.State, seconds: float) -> AsyncIterator[None]:
    """Wake every ``seconds`` until the tab that started the background event disconnects."""
    # Looked up when the loop starts: the app object exists only once app.app has loaded every state.
    from reflex.utils.prerequisites import get_and_validate_app

    app = get_and_validate_app().app
    while True:
        await asyncio.sleep(seconds)
        if state.router.session.client_token not in app.event_namespace.token_to_sid:
            return
        yield
