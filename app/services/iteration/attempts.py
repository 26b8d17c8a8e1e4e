"""Attempt groups: a hero frame set in motion, 1-5 attempts per iteration (each its own
``attempt`` job), the user's pick (logged), new iterations and the group's final pointer."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.media.hero.motion_prompt import describe_motion, parse_motion_prompt
from app.media.quality import apply_suggestions, suggest
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.iteration import Attempt, AttemptGroup, AttemptIteration, HeroRound, PickLog
from app.models.jobs import ACTIVE_STATUSES
from app.services import generation, jobs, library
from app.services.iteration.constants import (
    ATTEMPT_KIND,
    ATTEMPT_RATIOS,
    ATTEMPT_RESOLUTIONS,
    CAMERA_MOVES,
    DEFAULT_ATTEMPTS,
    DEFAULT_DURATION,
    DEFAULT_NEGATIVE_PROMPT,
    DIRECTIONS,
    MAX_ATTEMPTS,
    MAX_DURATION,
    MAX_FEEDBACK,
    MAX_MOTION_PROMPT,
    MIN_ATTEMPTS,
    MIN_DURATION,
    attempt_price,
)
from app.services.iteration.records import assets_by_id, jobs_by_id, owned
from app.services.iteration.scoring import settle_iteration
from app.services.iteration.views import AttemptGroupView, AttemptSubmit, AttemptView, GroupPage, GroupSummary
from app.services.platform import InvalidInput, NotFound


@dataclass(frozen=True)
class Motion:
    """One iteration's motion request, checked."""

    motion_prompt: str
    negative_prompt: str
    camera: str
    speed: float | None
    intensity: float | None
    direction: str


def _unit(name: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= float(value) <= 1:
        raise InvalidInput(f"{name} must be a number from 0 to 1.")
    return float(value)


def _text(name: str, value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text.")
    value = " ".join(value.split())
    if len(value) > limit:
        raise InvalidInput(f"{name} is too long (at most {limit} characters).")
    return value


def check_motion(
    motion_prompt: Any, negative_prompt: Any, camera: Any, speed: Any, intensity: Any, direction: Any
) -> Motion:
    camera = (camera or "").strip().lower().replace("-", "_")
    if camera and camera not in CAMERA_MOVES:
        raise InvalidInput(f"camera must be one of: {', '.join(CAMERA_MOVES)}.")
    direction = (direction or "").strip().lower()
    if direction and direction not in DIRECTIONS:
        raise InvalidInput(f"direction must be one of: {', '.join(DIRECTIONS)}.")
    prompt = _text("motion_prompt", motion_prompt, MAX_MOTION_PROMPT)
    negative = (
        DEFAULT_NEGATIVE_PROMPT
        if negative_prompt is None
        else _text("negative_prompt", negative_prompt, 1000)
    )
    return Motion(prompt, negative, camera, _unit("speed", speed), _unit("intensity", intensity), direction)


def _model_prompt(m: Motion) -> str:
    """The text the model reads: the motion prompt, or the fields in camera language."""
    if m.motion_prompt:
        return m.motion_prompt
    settings = parse_motion_prompt(
        "", camera=m.camera or None, speed=m.speed, intensity=m.intensity, direction=m.direction or None
    )
    return describe_motion(settings)


def _aspect_for(asset: Asset) -> str:
    given = (asset.meta or {}).get("aspect_ratio")
    if given in ATTEMPT_RATIOS:
        return str(given)
    w, h = asset.width or 1, asset.height or 1
    return "16:9" if w > h * 1.15 else "9:16" if h > w * 1.15 else "1:1"


def _hero(s: Session, user_id: str, asset_id: str) -> Asset:
    asset = s.get(Asset, asset_id) if asset_id else None
    if asset is None or asset.user_id != user_id or asset.kind != "image":
        raise NotFound("Hero frame not found.")
    return asset


def _submit_attempts(
    user: User, group: AttemptGroup, iteration: AttemptIteration, count: int, key: str | None
) -> list[str]:
    """One ``attempt`` job per attempt, each with its own seed; returns the job ids.

    A refusal part-way (credits run out) cancels the ones already queued (their holds return).
    """
    motion = Motion(
        iteration.motion_prompt,
        iteration.negative_prompt,
        iteration.camera,
        iteration.speed,
        iteration.intensity,
        iteration.direction,
    )
    # A replayed key gets the same seeds, so its requests match the first ones.
    digest = hashlib.sha256(f"{key}:{iteration.n}".encode()).digest()
    base_seed = secrets.randbelow(2**31) if key is None else int.from_bytes(digest[:4], "big") >> 1
    price = attempt_price(group.model, group.duration, group.resolution)
    submitted: list[tuple[int, str, int]] = []
    try:
        for index in range(count):
            seed = (base_seed + 7919 * index) % (2**31)
            params = {
                "prompt": _model_prompt(motion),
                "motion_prompt": motion.motion_prompt,
                "mode": "i2v",
                "model": group.model,
                "duration": float(group.duration),
                "aspect_ratio": group.aspect_ratio,
                "resolution": group.resolution,
                "source_asset_id": iteration.hero_asset_id,
                "source_upload_id": None,
                "motion": {
                    "camera": motion.camera,
                    "speed": motion.speed,
                    "intensity": motion.intensity,
                    "direction": motion.direction,
                },
                "negative_prompt": motion.negative_prompt,
                "seed": seed,
                "style": None,
                "scenes": [],
                "selling_points": [],
                "product_name": "",
                "voiceover": False,
                "music": False,
                "use_brand_profile": False,
                "attempt_group_id": group.id,
                "iteration": iteration.n,
                "attempt_index": index,
            }
            job = generation.submit_prepared(
                user,
                ATTEMPT_KIND,
                params,
                price=price,
                idempotency_key=f"{key}:{iteration.n}:{index}" if key else None,
                check_concurrency=False,
            )
            submitted.append((index, job.job_id, seed))
    except Exception:
        for _, job_id, _ in submitted:
            jobs.cancel_job(user.id, job_id)
        raise
    with write_session() as s:
        for index, job_id, seed in submitted:
            if s.exec(select(Attempt).where(Attempt.job_id == job_id)).first() is None:
                s.add(
                    Attempt(
                        iteration_id=iteration.id,
                        group_id=group.id,
                        user_id=user.id,
                        index=index,
                        job_id=job_id,
                        seed=seed,
                        model=group.model,
                    )
                )
    return [job_id for _, job_id, _ in submitted]


def _check_count(attempts: Any) -> int:
    if (
        isinstance(attempts, bool)
        or not isinstance(attempts, int)
        or not MIN_ATTEMPTS <= attempts <= MAX_ATTEMPTS
    ):
        raise InvalidInput(f"attempts must be a whole number from {MIN_ATTEMPTS} to {MAX_ATTEMPTS}.")
    return attempts


def _scoped(user_id: str, key: str | None) -> str | None:
    return f"{user_id}:{key.strip()}" if key and key.strip() else None


def create_attempt_group(
    user: User,
    hero_asset_id: str,
    motion_prompt: str = "",
    *,
    negative_prompt: str | None = None,
    attempts: int = DEFAULT_ATTEMPTS,
    camera: str = "",
    speed: float | None = None,
    intensity: float | None = None,
    direction: str = "",
    model: str | None = None,
    duration: float = DEFAULT_DURATION,
    aspect_ratio: str | None = None,
    resolution: str = "720p",
    idempotency_key: str | None = None,
) -> AttemptSubmit:
    """A new attempt group from one of the user's images: iteration 1 with ``attempts`` jobs.

    ``negative_prompt`` None means the default ("fast movements, distortion, low quality,
    flicker"). ``model`` is any video model with image-to-video (default: the default one);
    the aspect ratio defaults to the hero frame's. Each attempt is held and charged on its own;
    a failed one is refunded.
    """
    count = _check_count(attempts)
    motion = check_motion(motion_prompt, negative_prompt, camera, speed, intensity, direction)
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not MIN_DURATION <= duration <= MAX_DURATION
    ):
        raise InvalidInput(f"duration must be {MIN_DURATION:g}-{MAX_DURATION:g} seconds.")
    if resolution not in ATTEMPT_RESOLUTIONS:
        raise InvalidInput(f"resolution must be one of: {', '.join(ATTEMPT_RESOLUTIONS)}.")
    if aspect_ratio is not None and aspect_ratio not in ATTEMPT_RATIOS:
        raise InvalidInput(f"aspect_ratio must be one of: {', '.join(ATTEMPT_RATIOS)}.")
    model = generation.resolve_model("video", model, "i2v")
    scoped = _scoped(user.id, idempotency_key)
    with session_scope() as s:
        if scoped and (
            done := s.exec(select(AttemptGroup).where(AttemptGroup.idempotency_key == scoped)).first()
        ):
            first = s.exec(
                select(AttemptIteration).where(AttemptIteration.group_id == done.id, AttemptIteration.n == 1)
            ).first()
            ids = [a.job_id for a in _attempt_rows(s, first.id)] if first else []
            return AttemptSubmit(done.id, 1, ids)
        hero = _hero(s, user.id, hero_asset_id)
        hero_round = (
            s.exec(select(HeroRound).where(HeroRound.job_id == hero.job_id)).first() if hero.job_id else None
        )
        aspect = aspect_ratio or _aspect_for(hero)
    generation.check_can_submit(user.id, ATTEMPT_KIND)
    group = AttemptGroup(
        user_id=user.id,
        hero_asset_id=hero.id,
        hero_group_id=hero_round.group_id if hero_round else None,
        model=model,
        duration=float(duration),
        aspect_ratio=aspect,
        resolution=resolution,
        idempotency_key=scoped,
    )
    iteration = _new_iteration(group, 1, hero.id, motion, "")
    with write_session() as s:
        s.add(group)
        s.flush()
        s.add(iteration)
    try:
        job_ids = _submit_attempts(user, group, iteration, count, idempotency_key)
    except Exception:
        with write_session() as s:
            row = s.get(AttemptGroup, group.id)
            if row is not None:
                s.delete(row)
        raise
    return AttemptSubmit(group.id, 1, job_ids)


def _new_iteration(group: AttemptGroup, n: int, hero_id: str, m: Motion, feedback: str) -> AttemptIteration:
    return AttemptIteration(
        group_id=group.id,
        user_id=group.user_id,
        n=n,
        hero_asset_id=hero_id,
        motion_prompt=m.motion_prompt,
        negative_prompt=m.negative_prompt,
        camera=m.camera,
        speed=m.speed,
        intensity=m.intensity,
        direction=m.direction,
        feedback=feedback,
        model=group.model,
    )


def _attempt_rows(s: Session, iteration_id: str) -> list[Attempt]:
    return list(
        s.exec(select(Attempt).where(Attempt.iteration_id == iteration_id).order_by(col(Attempt.index))).all()
    )


def iterations_of(s: Session, group_id: str) -> list[AttemptIteration]:
    return list(
        s.exec(
            select(AttemptIteration)
            .where(AttemptIteration.group_id == group_id)
            .order_by(col(AttemptIteration.n))
        ).all()
    )


def chosen_scores(s: Session, iteration: AttemptIteration) -> dict[str, float] | None:
    """The scores of the user's pick, else the auto pick's (None before any)."""
    chosen = iteration.user_pick_asset_id or iteration.auto_pick_asset_id
    if not chosen:
        return None
    row = s.exec(
        select(Attempt).where(Attempt.iteration_id == iteration.id, Attempt.asset_id == chosen)
    ).first()
    return dict(row.scores) if row and row.scores else None


def _view(s: Session, group: AttemptGroup, iteration: AttemptIteration, count: int) -> AttemptGroupView:
    rows = _attempt_rows(s, iteration.id)
    job_rows = jobs_by_id(s, (a.job_id for a in rows))
    assets = assets_by_id(s, [*(a.asset_id for a in rows), iteration.hero_asset_id])
    user_pick = iteration.user_pick_asset_id
    attempt_views = []
    for a in rows:
        job = job_rows.get(a.job_id)
        asset = assets.get(a.asset_id or "")
        data = library.asset_to_api(asset) if asset else None
        attempt_views.append(
            AttemptView(
                attempt_id=a.id,
                index=a.index,
                asset_id=asset.id if asset else None,
                job_id=a.job_id,
                status=job.status if job else "failed",
                progress=job.progress if job else 0,
                step=job.step if job else "",
                error=(job.error_message if job else "The job is gone.") if not asset else a.score_error,
                url=data["url"] if data else None,
                thumbnail_url=data["thumbnail_url"] if data else None,
                scores=dict(a.scores) if a.scores else None,
                overall=a.overall,
                seed=a.seed,
                is_auto_pick=bool(asset) and asset.id == iteration.auto_pick_asset_id,
                is_user_pick=bool(asset) and asset.id == user_pick,
                is_final=bool(asset) and asset.id == group.final_asset_id,
            )
        )
    hero = assets.get(iteration.hero_asset_id)
    scores = chosen_scores(s, iteration)
    return AttemptGroupView(
        group_id=group.id,
        iteration=iteration.n,
        iteration_count=count,
        iteration_id=iteration.id,
        hero_asset_id=iteration.hero_asset_id,
        hero_group_id=group.hero_group_id,
        hero_url=library.asset_to_api(hero)["url"] if hero else None,
        hero_prompt=hero.prompt if hero else "",
        motion_prompt=iteration.motion_prompt,
        negative_prompt=iteration.negative_prompt,
        camera=iteration.camera,
        speed=iteration.speed,
        intensity=iteration.intensity,
        direction=iteration.direction,
        feedback=iteration.feedback,
        model=iteration.model,
        duration=group.duration,
        aspect_ratio=group.aspect_ratio,
        attempts=attempt_views,
        auto_pick=dict(iteration.auto_pick) if iteration.auto_pick else None,
        user_pick=user_pick,
        final_asset_id=group.final_asset_id,
        suggestions=[x.text for x in suggest(scores)] if scores else [],
        done=all(v.status not in ACTIVE_STATUSES for v in attempt_views),
    )


def _load(
    s: Session, user_id: str, group_id: str, n: int | None
) -> tuple[AttemptGroup, AttemptIteration, int]:
    group = owned(s, AttemptGroup, group_id, user_id, "Attempt group")
    its = iterations_of(s, group.id)
    if not its:
        raise NotFound("Attempt group not found.")
    chosen = its[-1] if n is None else next((i for i in its if i.n == n), None)
    if chosen is None:
        raise NotFound("Iteration not found.")
    return group, chosen, len(its)


def get_attempt_group(user_id: str, group_id: str, iteration: int | None = None) -> AttemptGroupView:
    """One iteration (default: the latest) with its attempts' status, scores and picks.

    An iteration whose attempts all ended but which was not settled yet (a worker died
    between) is settled here: the auto pick is made once, whoever gets there first.
    """
    with session_scope() as s:
        group, it, _ = _load(s, user_id, group_id, iteration)
        needs_settle = it.settled_at is None
        it_id = it.id
    if needs_settle:
        settle_iteration(it_id)
    with session_scope() as s:
        group, it, count = _load(s, user_id, group_id, iteration)
        return _view(s, group, it, count)


def _attempt_of_asset(s: Session, group: AttemptGroup, asset_id: str) -> tuple[Attempt, AttemptIteration]:
    row = s.exec(select(Attempt).where(Attempt.group_id == group.id, Attempt.asset_id == asset_id)).first()
    if row is None or not asset_id:
        raise NotFound("This video is not an attempt of the group.")
    it = s.get(AttemptIteration, row.iteration_id)
    assert it is not None
    return row, it


def pick_attempt(user_id: str, group_id: str, asset_id: str) -> AttemptGroupView:
    """The user's own pick in that attempt's iteration (an override when it differs from the
    auto pick); every pick is logged and counts in the agreement rate."""
    with write_session() as s:
        group = owned(s, AttemptGroup, group_id, user_id, "Attempt group")
        _, it = _attempt_of_asset(s, group, asset_id)
        it.user_pick_asset_id = asset_id
        s.add(it)
        s.add(
            PickLog(
                user_id=user_id, iteration_id=it.id, asset_id=asset_id, auto_asset_id=it.auto_pick_asset_id
            )
        )
        s.flush()
        return _view(s, group, it, len(iterations_of(s, group.id)))


def set_final(user_id: str, group_id: str, asset_id: str) -> AttemptGroupView:
    """The group's final video (what the gallery, download and the editor use)."""
    with write_session() as s:
        group = owned(s, AttemptGroup, group_id, user_id, "Attempt group")
        _, it = _attempt_of_asset(s, group, asset_id)
        group.final_asset_id = asset_id
        group.final_at = group.updated_at = utcnow()
        s.add(group)
        s.flush()
        return _view(s, group, it, len(iterations_of(s, group.id)))


def cancel_attempt(user_id: str, group_id: str, job_id: str) -> AttemptGroupView:
    """Cancel one queued or running attempt (its credits return); the others go on."""
    with session_scope() as s:
        group = owned(s, AttemptGroup, group_id, user_id, "Attempt group")
        row = s.exec(select(Attempt).where(Attempt.group_id == group.id, Attempt.job_id == job_id)).first()
        if row is None:
            raise NotFound("Attempt not found.")
        it = s.get(AttemptIteration, row.iteration_id)
        n = it.n if it else None
    jobs.cancel_job(user_id, job_id)
    return get_attempt_group(user_id, group_id, n)


def iterate(
    user: User,
    group_id: str,
    *,
    motion_prompt: str | None = None,
    negative_prompt: str | None = None,
    feedback: str = "",
    camera: str | None = None,
    speed: float | None = None,
    intensity: float | None = None,
    direction: str | None = None,
    hero_asset_id: str | None = None,
    attempts: int | None = None,
    apply_metric_suggestions: bool = False,
    idempotency_key: str | None = None,
) -> AttemptSubmit:
    """A new iteration in the same group. Unset fields keep the latest iteration's values; the
    user's ``feedback`` words ("too chaotic") are folded into the prompts by the suggestion
    rules, and with ``apply_metric_suggestions`` so are the weakest metrics' suggestions."""
    feedback = _text("feedback", feedback, MAX_FEEDBACK)
    with session_scope() as s:
        group, last, _ = _load(s, user.id, group_id, None)
        count = _check_count(attempts if attempts is not None else max(1, len(_attempt_rows(s, last.id))))
        hero_id = _hero(s, user.id, hero_asset_id).id if hero_asset_id else last.hero_asset_id
        scores = chosen_scores(s, last) if apply_metric_suggestions else None
        if idempotency_key:
            scoped = _scoped(user.id, idempotency_key)
            for it in iterations_of(s, group.id):
                rows = _attempt_rows(s, it.id)
                found = jobs_by_id(s, (r.job_id for r in rows))
                if rows and any(j.idempotency_key == f"{scoped}:{it.n}:0" for j in found.values()):
                    return AttemptSubmit(group.id, it.n, [r.job_id for r in rows])
        motion = check_motion(
            last.motion_prompt if motion_prompt is None else motion_prompt,
            last.negative_prompt if negative_prompt is None else negative_prompt,
            last.camera if camera is None else camera,
            last.speed if speed is None else speed,
            last.intensity if intensity is None else intensity,
            last.direction if direction is None else direction,
        )
        next_n = last.n + 1
    picked = suggest(scores, feedback) if (feedback or scores) else []
    if picked:
        new_prompt, new_negative = apply_suggestions(motion.motion_prompt, motion.negative_prompt, picked)
        motion = check_motion(
            new_prompt, new_negative, motion.camera, motion.speed, motion.intensity, motion.direction
        )
    generation.check_can_submit(user.id, ATTEMPT_KIND)
    iteration = _new_iteration(group, next_n, hero_id, motion, feedback)
    with write_session() as s:
        s.add(iteration)
    try:
        job_ids = _submit_attempts(user, group, iteration, count, idempotency_key)
    except Exception:
        with write_session() as s:
            row = s.get(AttemptIteration, iteration.id)
            if row is not None:
                s.delete(row)
        raise
    return AttemptSubmit(group.id, next_n, job_ids)


def list_attempt_groups(user_id: str, *, limit: int = 20, offset: int = 0) -> GroupPage:
    """The user's attempt groups, newest first: the final's (or hero's) thumbnail and score."""
    limit, offset = max(1, min(int(limit), 100)), max(0, int(offset))
    with session_scope() as s:
        total = int(
            s.exec(
                select(func.count()).select_from(AttemptGroup).where(AttemptGroup.user_id == user_id)
            ).one()
        )
        groups = s.exec(
            select(AttemptGroup)
            .where(AttemptGroup.user_id == user_id)
            .order_by(col(AttemptGroup.created_at).desc(), col(AttemptGroup.id))
            .offset(offset)
            .limit(limit)
        ).all()
        assets = assets_by_id(s, [x for g in groups for x in (g.final_asset_id, g.hero_asset_id)])
        items = []
        for g in groups:
            its = iterations_of(s, g.id)
            cover = assets.get(g.final_asset_id or "") or assets.get(g.hero_asset_id)
            final_row = (
                s.exec(
                    select(Attempt).where(Attempt.group_id == g.id, Attempt.asset_id == g.final_asset_id)
                ).first()
                if g.final_asset_id
                else None
            )
            title = (
                (its[-1].motion_prompt or its[-1].camera or "Motion attempts") if its else "Motion attempts"
            )
            items.append(
                GroupSummary(
                    group_id=g.id,
                    kind="attempt",
                    title=title[:120],
                    thumbnail_url=library.asset_to_api(cover)["thumbnail_url"] if cover else None,
                    iterations=len(its),
                    final_asset_id=g.final_asset_id,
                    overall=final_row.overall if final_row else None,
                    created_at=g.created_at,
                )
            )
    return GroupPage(items, total, limit, offset)
