"""Run a coroutine from a synchronous test, even while another event loop runs in this thread.

Playwright's sync API (the e2e session fixtures) keeps a loop running in the
main thread for the rest of the session, and ``asyncio.run`` refuses to start
inside it; a short-lived thread gets a loop of its own.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
