"""Undo and redo for an editing session, as an immutable value that serialises to JSON.

Each step keeps a whole timeline (a few kilobytes), so undo restores exactly
the state before any sequence of operations, whatever they were. The session
stores ``history.to_json()`` and rebuilds it with ``EditHistory.from_json``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.media.timeline import TimelineSpec

DEFAULT_DEPTH = 50


class HistoryStep(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str  # the edit that leads away from ``timeline`` ("Split at 3.20 s")
    timeline: TimelineSpec


class EditHistory(BaseModel):
    """The present timeline with the steps behind it (undo) and ahead of it (redo)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    present: TimelineSpec
    undo_steps: tuple[HistoryStep, ...] = ()
    redo_steps: tuple[HistoryStep, ...] = ()
    depth: int = Field(DEFAULT_DEPTH, ge=1, le=500)

    @classmethod
    def start(cls, timeline: TimelineSpec, *, depth: int = DEFAULT_DEPTH) -> EditHistory:
        return cls(present=timeline, depth=depth)

    def record(self, label: str, timeline: TimelineSpec) -> EditHistory:
        """The history after an edit produced ``timeline``; redo steps are dropped, as in any editor."""
        if timeline == self.present:
            return self
        undo = (*self.undo_steps, HistoryStep(label=label, timeline=self.present))[-self.depth :]
        return self.model_copy(update={"present": timeline, "undo_steps": undo, "redo_steps": ()})

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_steps)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_steps)

    @property
    def undo_label(self) -> str | None:
        return self.undo_steps[-1].label if self.undo_steps else None

    @property
    def redo_label(self) -> str | None:
        return self.redo_steps[-1].label if self.redo_steps else None

    def undo(self) -> EditHistory:
        if not self.undo_steps:
            return self
        step = self.undo_steps[-1]
        redo = (*self.redo_steps, HistoryStep(label=step.label, timeline=self.present))
        return self.model_copy(
            update={"present": step.timeline, "undo_steps": self.undo_steps[:-1], "redo_steps": redo}
        )

    def redo(self) -> EditHistory:
        if not self.redo_steps:
            return self
        step = self.redo_steps[-1]
        undo = (*self.undo_steps, HistoryStep(label=step.label, timeline=self.present))
        return self.model_copy(
            update={"present": step.timeline, "undo_steps": undo, "redo_steps": self.redo_steps[:-1]}
        )

    def to_json(self) -> str:
        return self.model_dump_json(exclude_defaults=False)

    @classmethod
    def from_json(cls, data: str | bytes) -> EditHistory:
        return cls.model_validate_json(data)
