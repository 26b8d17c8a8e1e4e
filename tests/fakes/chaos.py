"""A fake kie.ai that misbehaves at random: the fault benchmark's and fault test's vendor.

On top of FakeKie's protocol it answers, with the given probabilities (seeded, so a run can be
repeated): 429 with ``Retry-After`` and 5xx (an envelope 500, or Cloudflare's 502 HTML) to a
task create; 5xx to a poll; a hang longer than the client's read timeout (``hang_seconds``; kie's
client gives up after 30 s) to a create or a poll; a task that ends in a safety block; a task
whose result URL has expired (403) by the time it is fetched. ``injected`` counts what it did.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tests.fakes.kie import FakeKie, Step


class ChaosKie(FakeKie):
    def __init__(
        self,
        *,
        seed: int = 18,
        create_429: float = 0.08,
        create_5xx: float = 0.06,
        poll_5xx: float = 0.04,
        hang: float = 0.0,
        hang_seconds: float = 35.0,
        safety: float = 0.05,
        expired: float = 0.04,
        **kwargs: Any,
    ) -> None:
        self.rng = random.Random(seed)
        self.p = {
            "create_429": create_429,
            "create_5xx": create_5xx,
            "poll_5xx": poll_5xx,
            "hang": hang,
            "safety": safety,
            "expired": expired,
        }
        self.hang_seconds = hang_seconds
        self.injected: Counter[str] = Counter()
        super().__init__(**kwargs)

    def _roll(self, name: str) -> bool:
        with self.lock:
            hit = self.rng.random() < self.p[name]
            if hit:
                self.injected[name] += 1
            return hit

    async def _transport_fault(self, request: Request) -> None:
        if self._roll("hang"):
            await request.body()  # read first: the client is gone when the sleep ends
            await asyncio.sleep(self.hang_seconds)

    async def create_market(self, request: Request) -> Response:
        await self._transport_fault(request)
        if self._roll("create_429"):
            return self.envelope(
                429,
                "Rate limit exceeded: 20 requests per 10 seconds",
                http_status=429,
                headers={"Retry-After": "2"},
            )
        if self._roll("create_5xx"):
            if self.rng.random() < 0.5:
                return Response("<html>502 Bad Gateway</html>", status_code=502, media_type="text/html")
            return self.envelope(500, "Server error", http_status=500)
        return await super().create_market(request)

    async def record_market(self, request: Request) -> Response:
        await self._transport_fault(request)
        if self._roll("poll_5xx"):
            return self.envelope(500, "Server error", http_status=503)
        return await super().record_market(request)

    def new_task(self, kind: str, model: str, body: dict[str, Any], prefix: str):
        if self._roll("safety"):
            self.script(
                Step("generating"),
                Step("fail", fail_code="400", fail_msg="Content policy violation: flagged"),
            )
        task = super().new_task(kind, model, body, prefix)
        if self._roll("expired"):
            for url in task.result_urls:
                self.expire(url, status=403)
        return task
