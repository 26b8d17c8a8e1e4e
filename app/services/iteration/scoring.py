"""The worker side of an attempt: run it through the generation runner, score the stored video,
and settle its iteration (the auto pick with its reason) once every attempt is final.

The attempt job is an ordinary generation job row (claim, heartbeat, hold/capture/release,
``finish_failed`` refunding exactly once all live in ``generation``/``jobs``); this module
only adds what happens after: the scores, and the pick once no attempt is still running.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.media.ffmpeg import MediaError
from app.media.quality import QualityScores, auto_pick, score_video
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.iteration import Attempt, AttemptIteration
from app.models.jobs import ACTIVE_STATUSES
from app.services import generation
from app.services.iteration.records import jobs_by_id
from app.services.platform import get_storage

log = logging.getLogger(__name__)


def run_attempt_job(job_id: str) -> str:
    """The RQ entry point's work: the generation runner, then the scores, then the settle."""
    outcome = generation.run_job(job_id)
    if outcome == "completed":
        score_attempt(job_id)
    with session_scope() as s:
        row = s.exec(select(Attempt).where(Attempt.job_id == job_id)).first()
        iteration_id = row.iteration_id if row else None
    if iteration_id:
        settle_iteration(iteration_id)
    return outcome


def _scores_for(video: bytes, hero: bytes | None) -> QualityScores:
    with tempfile.TemporaryDirectory(prefix="cs-score-") as tmp:
        path = Path(tmp) / "attempt.mp4"
        path.write_bytes(video)
        return score_video(path, hero)


def score_attempt(job_id: str) -> dict[str, float] | None:
    """Score the attempt video of ``job_id`` against its hero frame and store the scores.

    Idempotent (a second delivery finds the scores). A video the scorer cannot read keeps no
    scores and says why; the attempt stays usable (the job has succeeded and was charged).
    """
    with session_scope() as s:
        row = s.exec(select(Attempt).where(Attempt.job_id == job_id)).first()
        if row is None:
            return None
        if row.scores:
            return dict(row.scores)
        asset = s.exec(
            select(Asset).where(Asset.job_id == job_id, Asset.kind == "video").order_by(col(Asset.created_at))
        ).first()
        iteration = s.get(AttemptIteration, row.iteration_id)
        hero = s.get(Asset, iteration.hero_asset_id) if iteration else None
        attempt_id = row.id
    if asset is None:
        return None
    storage = get_storage()
    scores: dict[str, float] | None = None
    error = None
    try:
        hero_bytes = storage.get(hero.storage_key) if hero is not None else None
        result = _scores_for(storage.get(asset.storage_key), hero_bytes)
        scores = result.as_dict()
    except (MediaError, OSError, ValueError) as exc:
        log.warning("attempt %s could not be scored: %s", attempt_id, exc)
        error = "The quality scores could not be computed for this video."
    with write_session() as s:
        fresh = s.get(Attempt, attempt_id)
        if fresh is None:
            return None
        fresh.asset_id = asset.id
        fresh.scores = scores
        fresh.overall = scores["overall"] if scores else None
        fresh.score_error = error
        fresh.scored_at = utcnow()
        s.add(fresh)
    return scores


def settle_iteration(iteration_id: str) -> bool:
    """Once no attempt of the iteration is pending or running: the auto pick and its reason,
    recorded exactly once (a conditional update). Returns True when this call settled it."""
    with session_scope() as s:
        iteration = s.get(AttemptIteration, iteration_id)
        if iteration is None or iteration.settled_at is not None:
            return False
        rows = list(s.exec(select(Attempt).where(Attempt.iteration_id == iteration_id)).all())
        statuses = {j.id: j.status for j in jobs_by_id(s, (r.job_id for r in rows)).values()}
    if not rows or any(statuses.get(r.job_id) in ACTIVE_STATUSES for r in rows):
        return False
    for r in rows:  # a worker that died after storing the video but before scoring it
        if statuses.get(r.job_id) == "completed" and not r.scores and r.scored_at is None:
            score_attempt(r.job_id)
    with session_scope() as s:
        scored = [
            (r.asset_id, dict(r.scores))
            for r in s.exec(select(Attempt).where(Attempt.iteration_id == iteration_id)).all()
            if r.asset_id and r.scores
        ]
    pick = auto_pick(sorted(scored)) if scored else None
    values = {"settled_at": utcnow()}
    if pick is not None:
        values |= {"auto_pick_asset_id": pick.attempt_id, "auto_pick": pick.as_dict()}
    with write_session() as s:
        result = s.exec(  # type: ignore[call-overload]
            update(AttemptIteration)
            .where(col(AttemptIteration.id) == iteration_id, col(AttemptIteration.settled_at).is_(None))
            .values(**values)
        )
        return bool(result.rowcount)
