"""The quality dashboard: score distribution over attempts and finals, iterations per final,
auto-vs-user agreement, per model and per video; filtered by date and model; admins see all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from statistics import fmean

from sqlmodel import col, select

from app.db import session_scope
from app.media.quality import agreement_rate
from app.models.base import as_utc
from app.models.iteration import Attempt, AttemptGroup, AttemptIteration
from app.services.iteration.views import QualitySummary

HISTOGRAM_BINS = 10
MAX_VIDEOS = 50  # per-video bars: the latest groups with a final


def histogram(values: Iterable[float], bins: int = HISTOGRAM_BINS) -> list[int]:
    """Counts of ``values`` (scores in [0, 1]) in ``bins`` equal bins; 1.0 falls in the last."""
    counts = [0] * bins
    for v in values:
        v = min(max(float(v), 0.0), 1.0)
        counts[min(int(v * bins), bins - 1)] += 1
    return counts


def bin_edges(bins: int = HISTOGRAM_BINS) -> list[float]:
    return [round(i / bins, 4) for i in range(bins)]


def quality_summary(
    user_id: str | None,
    *,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    model: str | None = None,
) -> QualitySummary:
    """The dashboard over one user's groups (``user_id``) or every user's (None: admins only;
    the caller checks). Filters: groups created in [date_from, date_to], attempts of ``model``."""
    with session_scope() as s:
        q = select(AttemptGroup)
        if user_id is not None:
            q = q.where(AttemptGroup.user_id == user_id)
        if date_from is not None:
            q = q.where(col(AttemptGroup.created_at) >= as_utc(date_from))
        if date_to is not None:
            q = q.where(col(AttemptGroup.created_at) <= as_utc(date_to))
        groups = {g.id: g for g in s.exec(q.order_by(col(AttemptGroup.created_at))).all()}
        ids = list(groups)
        its = (
            list(s.exec(select(AttemptIteration).where(col(AttemptIteration.group_id).in_(ids))).all())
            if ids
            else []
        )
        rows = list(s.exec(select(Attempt).where(col(Attempt.group_id).in_(ids))).all()) if ids else []
        all_models = sorted({r.model for r in rows if r.model})
    if model:
        rows = [r for r in rows if r.model == model]
        its = [i for i in its if i.model == model]
        groups = {gid: g for gid, g in groups.items() if g.model == model}
    scored = [r for r in rows if r.overall is not None]
    by_asset = {r.asset_id: r for r in scored if r.asset_id}
    finals = [by_asset[g.final_asset_id] for g in groups.values() if g.final_asset_id in by_asset]
    its_per_group: dict[str, list[AttemptIteration]] = defaultdict(list)
    for it in sorted(its, key=lambda i: i.n):
        its_per_group[it.group_id].append(it)
    with_final = [g for g in groups.values() if g.final_asset_id]
    mean_its = fmean(len(its_per_group[g.id]) for g in with_final) if with_final else None

    # Each settled iteration is a decision: the user's pick, else (for the final's iteration) the final.
    final_iteration = {
        r.iteration_id: r.asset_id
        for r in rows
        if r.asset_id and r.asset_id == groups[r.group_id].final_asset_id
    }
    decisions = [
        (it.auto_pick_asset_id, it.user_pick_asset_id or final_iteration.get(it.id))
        for it in its
        if it.settled_at is not None
    ]
    agreement = agreement_rate(decisions)

    per_model: dict[str, dict[str, object]] = {}
    for name in sorted({r.model for r in rows}):
        mine = [r for r in scored if r.model == name]
        per_model[name] = {
            "attempts": sum(1 for r in rows if r.model == name),
            "scored": len(mine),
            "mean_overall": round(fmean(r.overall for r in mine), 4) if mine else None,  # type: ignore[misc]
            "finals": sum(1 for f in finals if f.model == name),
        }

    per_video = []
    for g in with_final[-MAX_VIDEOS:]:
        trend = []
        for it in its_per_group[g.id]:
            chosen = it.user_pick_asset_id or it.auto_pick_asset_id
            trend.append(by_asset[chosen].overall if chosen in by_asset else None)
        final = by_asset.get(g.final_asset_id or "")
        per_video.append(
            {
                "group_id": g.id,
                "label": f"{as_utc(g.created_at):%b %d %H:%M}",
                "final_overall": final.overall if final else None,
                "scores": dict(final.scores) if final and final.scores else None,
                "trend": trend,
                "model": g.model,
            }
        )
    return QualitySummary(
        score_histogram={
            "bins": bin_edges(),
            "attempts": histogram(r.overall for r in scored),  # type: ignore[misc]
            "finals": histogram(f.overall for f in finals),  # type: ignore[misc]
        },
        mean_iterations_per_final=round(mean_its, 4) if mean_its is not None else None,
        agreement_rate=round(agreement.rate, 4) if agreement.rate is not None else None,
        agreement_count=agreement.decided,
        per_model=per_model,
        per_video=per_video,
        models=all_models,
        attempt_count=len(rows),
        final_count=len(finals),
    )
