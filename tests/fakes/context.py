"""A RunContext that records what an adapter reported, for assertions."""

from __future__ import annotations

import time

from app.providers.base import RunContext


class RecordingContext(RunContext):
    """Records progress, remembered task ids and sleeps; can cancel after N sleeps.

    Sleeps are real but capped (``max_sleep``) so tests stay fast while the
    adapter's own poll interval and Retry-After handling stay visible in
    ``sleeps``.
    """

    def __init__(
        self,
        *,
        previous_task_id: str | None = None,
        cancel_after_sleeps: int | None = None,
        max_sleep: float = 0.005,
    ) -> None:
        self.reports: list[tuple[int, str]] = []
        self.remembered: list[str] = []
        self.sleeps: list[float] = []
        self.cancel_after_sleeps = cancel_after_sleeps
        self.max_sleep = max_sleep
        super().__init__(
            report=lambda p, s: self.reports.append((p, s)),
            is_cancelled=self._cancelled,
            remember_task_id=self.remembered.append,
            previous_task_id=previous_task_id,
            sleep=self._sleep,
        )

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        time.sleep(min(seconds, self.max_sleep))

    def _cancelled(self) -> bool:
        return self.cancel_after_sleeps is not None and len(self.sleeps) >= self.cancel_after_sleeps

    @property
    def steps(self) -> list[str]:
        return [s for _, s in self.reports]
