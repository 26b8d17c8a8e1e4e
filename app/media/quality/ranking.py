"""Pick the best attempt, say why, and measure how often users agree.

Pure functions over scores: the services phase stores the scores per
attempt and calls these; nothing here touches files or the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.media.quality.scoring import METRIC_LABELS, METRICS, WEIGHTS, overall_score

# Overall scores closer than this are a tie; the tie goes to the smoother, then more faithful attempt.
TIE_MARGIN = 0.005
_TIE_BREAK = ("motion_smoothness", "hero_fidelity", "subject_consistency")


@dataclass(frozen=True)
class MetricEdge:
    """How one metric separated the pick from the runner-up."""

    metric: str
    difference: float  # pick minus runner-up, in metric units
    weighted: float  # difference times the metric's weight: its share of the overall gap


@dataclass(frozen=True)
class AutoPick:
    attempt_id: str
    overall: float
    reason: str
    runner_up_id: str | None = None
    margin: float = 0.0  # overall gap to the runner-up
    deciding: list[MetricEdge] = field(default_factory=list)  # largest positive weighted edges first
    against: list[MetricEdge] = field(default_factory=list)  # where the runner-up was better

    def as_dict(self) -> dict[str, object]:
        return {
            "asset_id": self.attempt_id,
            "reason": self.reason,
            "overall": round(self.overall, 4),
            "runner_up": self.runner_up_id,
            "margin": round(self.margin, 4),
            "deciding": [
                {"metric": e.metric, "difference": round(e.difference, 4), "weighted": round(e.weighted, 4)}
                for e in self.deciding
            ],
        }


def _overall(scores: Mapping[str, float]) -> float:
    return float(scores["overall"]) if "overall" in scores else overall_score(scores)


def _rank_key(item: tuple[str, Mapping[str, float]]) -> tuple[float, ...]:
    _, scores = item
    # Round to the tie margin so near-equal overalls fall through to the tie-break metrics.
    return (round(_overall(scores) / TIE_MARGIN), *(float(scores[m]) for m in _TIE_BREAK))


def _fmt(metric: str, diff: float) -> str:
    return f"{METRIC_LABELS[metric]} {diff:+.2f}"


def auto_pick(
    attempts: Mapping[str, Mapping[str, float]] | Sequence[tuple[str, Mapping[str, float]]],
) -> AutoPick:
    """The best attempt by overall score, with the breakdown that decided it.

    ``attempts`` maps attempt (asset) ids to their scores (the seven metrics,
    ``overall`` optional). Ties within 0.005 go to the smoother attempt, then
    the one more faithful to the hero frame, then by id order for stability.
    The reason names the metrics whose weighted difference to the runner-up
    made most of the gap, and the ones that pulled the other way.
    """
    items = list(attempts.items()) if isinstance(attempts, Mapping) else list(attempts)
    if not items:
        raise ValueError("no attempts to pick from")
    ranked = sorted(items, key=lambda it: (tuple(-v for v in _rank_key(it)), it[0]))
    best_id, best = ranked[0]
    best_overall = _overall(best)
    if len(ranked) == 1:
        strongest = sorted(METRICS, key=lambda m: -WEIGHTS[m] * float(best[m]))[:2]
        parts = ", ".join(f"{METRIC_LABELS[m]} {float(best[m]):.2f}" for m in strongest)
        return AutoPick(best_id, best_overall, f"Only attempt: overall {best_overall:.2f} ({parts}).")
    runner_id, runner = ranked[1]
    runner_overall = _overall(runner)
    edges = [
        MetricEdge(m, float(best[m]) - float(runner[m]), WEIGHTS[m] * (float(best[m]) - float(runner[m])))
        for m in METRICS
    ]
    pro = sorted((e for e in edges if e.weighted > 0.001), key=lambda e: -e.weighted)
    con = sorted((e for e in edges if e.weighted < -0.001), key=lambda e: e.weighted)
    margin = best_overall - runner_overall
    gain = sum(e.weighted for e in pro) or 1.0
    deciding: list[MetricEdge] = []
    for e in pro:  # the fewest metrics that explain at least 70 % of the gains
        deciding.append(e)
        if sum(d.weighted for d in deciding) >= 0.7 * gain or len(deciding) == 3:
            break
    if margin < TIE_MARGIN:
        head = f"Tied on overall ({best_overall:.2f} vs {runner_overall:.2f})"
        tie_metric = next((m for m in _TIE_BREAK if abs(float(best[m]) - float(runner[m])) > 1e-9), None)
        if tie_metric:
            mine, theirs = float(best[tie_metric]), float(runner[tie_metric])
            head += f"; picked for {METRIC_LABELS[tie_metric]} ({mine:.2f} vs {theirs:.2f})"
        reason = head + "."
    else:
        why = ", ".join(_fmt(e.metric, e.difference) for e in deciding) or "a higher overall"
        reason = (
            f"Best overall {best_overall:.2f} vs {runner_overall:.2f} for the runner-up (+{margin:.2f}), "
            f"mainly on {why}"
        )
        if con:
            reason += "; it gave up " + ", ".join(_fmt(e.metric, e.difference) for e in con[:2])
        reason += "."
    return AutoPick(
        attempt_id=best_id,
        overall=best_overall,
        reason=reason,
        runner_up_id=runner_id,
        margin=margin,
        deciding=deciding,
        against=con,
    )


@dataclass(frozen=True)
class Agreement:
    rate: float | None  # None while no user has chosen anything
    agreed: int
    decided: int


def agreement_rate(decisions: Iterable[tuple[str | None, str | None]]) -> Agreement:
    """How often the user's choice matched the auto pick.

    Each decision is (auto pick id, the user's choice id). The user's choice
    is their explicit pick (an override, logged) or, without one, the attempt
    they made final; None means they have not chosen yet and the pair is not
    counted. An auto pick of None (no scores) is not counted either.
    """
    agreed = decided = 0
    for auto, user in decisions:
        if auto is None or user is None:
            continue
        decided += 1
        agreed += auto == user
    return Agreement(rate=agreed / decided if decided else None, agreed=agreed, decided=decided)
