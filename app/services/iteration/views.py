"""What the UI and the REST API read: plain view objects, each with ``as_api()`` (API.md shapes)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.services.platform import iso_utc


@dataclass(frozen=True)
class HeroSubmit:
    group_id: str
    job_id: str

    def as_api(self) -> dict[str, Any]:
        return {"group_id": self.group_id, "job_id": self.job_id}


@dataclass(frozen=True)
class CandidateView:
    asset_id: str
    url: str
    thumbnail_url: str | None
    seed: int | None
    prompt: str
    model: str
    aspect_ratio: str | None
    round: int
    is_primary: bool
    is_favorite: bool
    width: int | None
    height: int | None
    asset: dict[str, Any] = field(default_factory=dict)  # the library's asset JSON

    def as_api(self) -> dict[str, Any]:
        return {
            **self.asset,
            "round": self.round,
            "is_primary": self.is_primary,
            "is_favorite": self.is_favorite,
        }


@dataclass(frozen=True)
class HeroRoundView:
    n: int
    prompt: str
    seeds: list[int]
    mutation: str | None
    job_id: str | None
    job_status: str
    created_at: datetime

    def as_api(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "prompt": self.prompt,
            "seeds": list(self.seeds),
            "mutation": self.mutation,
            "job_id": self.job_id,
            "job_status": self.job_status,
            "created_at": iso_utc(self.created_at),
        }


@dataclass(frozen=True)
class HeroGroupView:
    group_id: str
    prompt: str
    aspect_ratio: str
    model: str
    candidates: list[CandidateView]
    primary_asset_id: str | None
    favorite_asset_ids: list[str]
    iterations: list[HeroRoundView]
    active_job_ids: list[str]
    created_at: datetime

    @property
    def busy(self) -> bool:
        return bool(self.active_job_ids)

    def as_api(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "prompt": self.prompt,
            "aspect_ratio": self.aspect_ratio,
            "model": self.model,
            "candidates": [c.as_api() for c in self.candidates],
            "primary_asset_id": self.primary_asset_id,
            "favorite_asset_ids": list(self.favorite_asset_ids),
            "iterations": [r.as_api() for r in self.iterations],
            "active_job_ids": list(self.active_job_ids),
            "created_at": iso_utc(self.created_at),
        }


@dataclass(frozen=True)
class AttemptSubmit:
    group_id: str
    iteration: int
    job_ids: list[str]

    def as_api(self) -> dict[str, Any]:
        return {"group_id": self.group_id, "iteration": self.iteration, "job_ids": list(self.job_ids)}


@dataclass(frozen=True)
class AttemptView:
    attempt_id: str
    index: int
    asset_id: str | None
    job_id: str
    status: str  # the job's: pending | processing | completed | failed | cancelled
    progress: int
    step: str
    error: str | None
    url: str | None
    thumbnail_url: str | None
    scores: dict[str, float] | None
    overall: float | None
    seed: int
    is_auto_pick: bool
    is_user_pick: bool
    is_final: bool

    def as_api(self) -> dict[str, Any]:
        return {
            "attempt_id": self.attempt_id,
            "index": self.index,
            "asset_id": self.asset_id,
            "job_id": self.job_id,
            "status": self.status,
            "progress": self.progress,
            "step": self.step,
            "error": self.error,
            "url": self.url,
            "thumbnail_url": self.thumbnail_url,
            "scores": dict(self.scores) if self.scores else None,
            "seed": self.seed,
            "is_auto_pick": self.is_auto_pick,
            "is_user_pick": self.is_user_pick,
            "is_final": self.is_final,
        }


@dataclass(frozen=True)
class AttemptGroupView:
    group_id: str
    iteration: int
    iteration_count: int
    iteration_id: str
    hero_asset_id: str
    hero_group_id: str | None  # the hero-frame group the hero came from (None for an uploaded still)
    hero_url: str | None
    hero_prompt: str
    motion_prompt: str
    negative_prompt: str
    camera: str
    speed: float | None
    intensity: float | None
    direction: str
    feedback: str
    model: str
    duration: float
    aspect_ratio: str
    attempts: list[AttemptView]
    auto_pick: dict[str, Any] | None
    user_pick: str | None
    final_asset_id: str | None
    suggestions: list[str]
    done: bool  # every attempt of this iteration is final

    def as_api(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "attempts"}
        return {**data, "attempts": [a.as_api() for a in self.attempts]}


@dataclass(frozen=True)
class DiffPart:
    op: str  # same | add | remove
    text: str


@dataclass(frozen=True)
class VersionView:
    version_id: str
    group_id: str
    iteration: int
    created_at: datetime
    motion_prompt: str
    negative_prompt: str
    feedback: str
    model: str
    chosen_asset_id: str | None
    chosen_by: str | None  # user | auto | None
    chosen_url: str | None
    scores: dict[str, float] | None
    overall: float | None
    prompt_diff: list[DiffPart]
    overall_delta: float | None
    is_final: bool
    attempt_count: int

    def as_api(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = iso_utc(self.created_at)
        return data


@dataclass(frozen=True)
class VersionsView:
    group_id: str
    final_asset_id: str | None
    versions: list[VersionView]
    trend: list[float | None]

    def as_api(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "final_asset_id": self.final_asset_id,
            "versions": [v.as_api() for v in self.versions],
            "trend": list(self.trend),
        }


@dataclass(frozen=True)
class CompareView:
    a: VersionView
    b: VersionView
    metric_deltas: dict[str, float]  # b minus a, per metric with both scores

    def as_api(self) -> dict[str, Any]:
        return {"a": self.a.as_api(), "b": self.b.as_api(), "metric_deltas": dict(self.metric_deltas)}


@dataclass(frozen=True)
class QualitySummary:
    score_histogram: dict[str, list[Any]]  # bins (lower edges), attempts, finals
    mean_iterations_per_final: float | None
    agreement_rate: float | None
    agreement_count: int  # decisions counted
    per_model: dict[str, dict[str, Any]]
    per_video: list[dict[str, Any]]
    models: list[str]
    attempt_count: int
    final_count: int

    def as_api(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    kind: str  # hero | attempt
    title: str
    thumbnail_url: str | None
    iterations: int
    final_asset_id: str | None
    overall: float | None
    created_at: datetime

    def as_api(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = iso_utc(self.created_at)
        return data


@dataclass(frozen=True)
class GroupPage:
    """One page of a user's groups (the API's pagination: total, limit, offset, items)."""

    items: list[GroupSummary]
    total: int
    limit: int
    offset: int

    def as_api(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": [i.as_api() for i in self.items],
        }
