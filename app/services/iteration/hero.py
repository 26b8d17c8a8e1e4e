"""Hero-frame groups: a prompt's candidates (4-8 per round, one ``hero`` job per round), the
primary frame, favorites, and regeneration with new seeds or a small prompt mutation."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.media.hero.still import mutate_prompt
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import utcnow
from app.models.iteration import HeroGroup, HeroRound
from app.models.jobs import ACTIVE_STATUSES
from app.services import creative, generation, library
from app.services.creative import HeroEnhancement
from app.services.iteration.constants import (
    HERO_KIND,
    HERO_RATIOS,
    HERO_STYLE,
    MAX_CANDIDATES,
    MIN_CANDIDATES,
    MUTATIONS,
    candidate_price,
)
from app.services.iteration.records import assets_of_jobs, jobs_by_id, owned
from app.services.iteration.views import (
    CandidateView,
    GroupPage,
    GroupSummary,
    HeroGroupView,
    HeroRoundView,
    HeroSubmit,
)
from app.services.platform import InvalidInput, NotFound


def enhance_hero_prompt(user_id: str, prompt: str) -> HeroEnhancement:
    """The cinematographer's enhancement: ``original``, ``enhanced`` and a note (aspect, change,
    why) per change. ``user_id`` is the caller (kept for symmetry; no per-user data is read)."""
    del user_id
    return creative.enhance_hero_frame(prompt)


def _check_prompt(prompt: Any) -> str:
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInput("Write a hero-frame prompt first.")
    prompt = " ".join(prompt.split())
    if len(prompt) > generation.MAX_PROMPT:
        raise InvalidInput(f"The prompt is too long (at most {generation.MAX_PROMPT} characters).")
    return prompt


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or not MIN_CANDIDATES <= n <= MAX_CANDIDATES:
        raise InvalidInput(f"Ask for {MIN_CANDIDATES} to {MAX_CANDIDATES} hero frames.")
    return n


def _check_seed(seed: Any) -> int:
    if seed is None:
        return secrets.randbelow(2**31)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InvalidInput("seed must be a whole number from 0 to 2147483647.")
    return seed


def _submit_round(
    user: User,
    prompt: str,
    used_prompt: str,
    n: int,
    aspect_ratio: str,
    model: str,
    seed: int,
    key: str | None,
) -> str:
    """One ``hero`` job for ``n`` candidates; returns its id. The model draws ``used_prompt``."""
    params = {
        "prompt": used_prompt,  # the asset's prompt and metadata: what reproduces the pixels
        "original_prompt": prompt,
        "mode": "t2i",
        "model": model,
        "style": HERO_STYLE,
        "aspect_ratio": aspect_ratio,
        "n": n,
        "seed": seed,
        "source_upload_id": None,
        "selling_points": [],
        "product_name": "",
        "use_brand_profile": False,
    }
    view = generation.submit_prepared(
        user, HERO_KIND, params, price=candidate_price(model, n), units=n, idempotency_key=key
    )
    return view.job_id


def _scoped(user_id: str, key: str | None) -> str | None:
    return f"{user_id}:{key.strip()}" if key and key.strip() else None


def create_hero_group(
    user: User,
    prompt: str,
    *,
    n: int = MIN_CANDIDATES,
    aspect_ratio: str | None = "16:9",
    model: str | None = None,
    seed: int | None = None,
    enhance: bool = False,
    idempotency_key: str | None = None,
) -> HeroSubmit:
    """A new hero group and its first round of ``n`` (4-8) candidates, one queued job.

    With ``enhance`` the model draws the cinematographer's enhanced prompt (the group keeps both).
    The same ``idempotency_key`` returns the same group and job.
    """
    prompt = _check_prompt(prompt)
    n = _check_n(n)
    aspect_ratio = aspect_ratio or "16:9"
    if aspect_ratio not in HERO_RATIOS:
        raise InvalidInput(f"aspect_ratio must be one of: {', '.join(HERO_RATIOS)}.")
    model = generation.resolve_model("image", model, "t2i")
    scoped = _scoped(user.id, idempotency_key)
    if scoped:
        with session_scope() as s:
            existing = s.exec(select(HeroGroup).where(HeroGroup.idempotency_key == scoped)).first()
            if existing is not None:
                first = s.exec(
                    select(HeroRound).where(HeroRound.group_id == existing.id, HeroRound.n == 1)
                ).first()
                return HeroSubmit(existing.id, first.job_id if first and first.job_id else "")
    seed = _check_seed(seed)
    enhanced = creative.enhance_hero_frame(prompt).enhanced if enhance else None
    job_id = _submit_round(
        user,
        prompt,
        enhanced or prompt,
        n,
        aspect_ratio,
        model,
        seed,
        f"{idempotency_key}:hero:1" if scoped else None,
    )
    group = HeroGroup(
        user_id=user.id, prompt=prompt, aspect_ratio=aspect_ratio, model=model, idempotency_key=scoped
    )
    with write_session() as s:
        s.add(group)
        s.flush()
        s.add(
            HeroRound(
                group_id=group.id,
                user_id=user.id,
                n=1,
                prompt=prompt,
                enhanced_prompt=enhanced,
                seed=seed,
                candidates=n,
                job_id=job_id,
            )
        )
        group_id = group.id
    return HeroSubmit(group_id, job_id)


def _rounds(s: Session, group_id: str) -> list[HeroRound]:
    return list(
        s.exec(select(HeroRound).where(HeroRound.group_id == group_id).order_by(col(HeroRound.n))).all()
    )


def _candidates(s: Session, rounds: list[HeroRound], user_id: str) -> list[tuple[int, Asset]]:
    """(round n, asset) of every candidate still in the library, round by round, in candidate order."""
    n_of_job = {r.job_id: r.n for r in rounds if r.job_id}
    assets = [a for a in assets_of_jobs(s, n_of_job) if a.user_id == user_id and a.kind == "image"]
    assets.sort(
        key=lambda a: (n_of_job[a.job_id or ""], int((a.meta or {}).get("candidate", 0)), a.created_at)
    )
    return [(n_of_job[a.job_id or ""], a) for a in assets]


def _view(s: Session, group: HeroGroup) -> HeroGroupView:
    rounds = _rounds(s, group.id)
    jobs = jobs_by_id(s, (r.job_id for r in rounds))
    candidates = _candidates(s, rounds, group.user_id)
    favorites = [f for f in group.favorite_asset_ids or [] if any(a.id == f for _, a in candidates)]
    views = []
    for n, asset in candidates:
        data = library.asset_to_api(asset)
        meta = asset.meta or {}
        views.append(
            CandidateView(
                asset_id=asset.id,
                url=data["url"],
                thumbnail_url=data["thumbnail_url"],
                seed=meta.get("seed"),
                prompt=str(meta.get("prompt") or asset.prompt),
                model=str(meta.get("model") or asset.model),
                aspect_ratio=meta.get("aspect_ratio"),
                round=n,
                is_primary=asset.id == group.primary_asset_id,
                is_favorite=asset.id in favorites,
                width=asset.width,
                height=asset.height,
                asset=data,
            )
        )
    round_views = []
    for r in rounds:
        job = jobs.get(r.job_id or "")
        seeds = [c.seed for c in views if c.round == r.n and c.seed is not None]
        round_views.append(
            HeroRoundView(
                n=r.n,
                prompt=r.enhanced_prompt or r.prompt,
                seeds=[int(x) for x in seeds] if seeds else ([r.seed] if r.seed is not None else []),
                mutation=r.mutation,
                job_id=r.job_id,
                job_status=job.status if job else "missing",
                created_at=r.created_at,
            )
        )
    active = [j.id for j in jobs.values() if j.status in ACTIVE_STATUSES]
    return HeroGroupView(
        group_id=group.id,
        prompt=group.prompt,
        aspect_ratio=group.aspect_ratio,
        model=group.model,
        candidates=views,
        primary_asset_id=group.primary_asset_id if any(c.is_primary for c in views) else None,
        favorite_asset_ids=favorites,
        iterations=round_views,
        active_job_ids=active,
        created_at=group.created_at,
    )


def get_hero_group(user_id: str, group_id: str) -> HeroGroupView:
    """The group with every candidate (all rounds), primary, favorites and its round history."""
    with session_scope() as s:
        return _view(s, owned(s, HeroGroup, group_id, user_id, "Hero group"))


def _candidate_of(s: Session, group: HeroGroup, asset_id: str) -> Asset:
    rounds = _rounds(s, group.id)
    for _, asset in _candidates(s, rounds, group.user_id):
        if asset.id == asset_id:
            return asset
    raise NotFound("This image is not a candidate of the group.")


def _update(user_id: str, group_id: str, change) -> HeroGroupView:
    with write_session() as s:
        group = owned(s, HeroGroup, group_id, user_id, "Hero group")
        change(s, group)
        group.updated_at = utcnow()
        s.add(group)
        s.flush()
        return _view(s, group)


def set_primary(user_id: str, group_id: str, asset_id: str) -> HeroGroupView:
    """Mark one candidate as the group's primary hero frame (the one attempts start from)."""

    def change(s: Session, group: HeroGroup) -> None:
        group.primary_asset_id = _candidate_of(s, group, asset_id).id

    return _update(user_id, group_id, change)


def add_favorite(user_id: str, group_id: str, asset_id: str) -> HeroGroupView:
    def change(s: Session, group: HeroGroup) -> None:
        _candidate_of(s, group, asset_id)
        if asset_id not in (group.favorite_asset_ids or []):
            group.favorite_asset_ids = [*(group.favorite_asset_ids or []), asset_id]

    return _update(user_id, group_id, change)


def remove_favorite(user_id: str, group_id: str, asset_id: str) -> HeroGroupView:
    def change(s: Session, group: HeroGroup) -> None:
        _candidate_of(s, group, asset_id)
        group.favorite_asset_ids = [f for f in group.favorite_asset_ids or [] if f != asset_id]

    return _update(user_id, group_id, change)


def regenerate_hero(
    user: User,
    group_id: str,
    *,
    prompt: str | None = None,
    mutation: str | None = None,
    idempotency_key: str | None = None,
) -> HeroSubmit:
    """A new round: the same prompt (or ``prompt``) with new seeds, optionally mutated
    (``lighting`` | ``composition`` | ``mood``: one preset phrase added). Same candidate count."""
    if mutation is not None and mutation not in MUTATIONS:
        raise InvalidInput(f"mutation must be one of: {', '.join(MUTATIONS)}.")
    with session_scope() as s:
        group = owned(s, HeroGroup, group_id, user.id, "Hero group")
        rounds = _rounds(s, group.id)
        last = rounds[-1] if rounds else None
        base = (
            _check_prompt(prompt)
            if prompt
            else (last.enhanced_prompt or last.prompt if last else group.prompt)
        )
        n = last.candidates if last else MIN_CANDIDATES
        next_n = (last.n if last else 0) + 1
        aspect, model = group.aspect_ratio, group.model
    # A replayed key finds its job again (submit), and the round of that job below.
    key = (
        f"{idempotency_key.strip()}:hero-regen:{group_id}"
        if idempotency_key and idempotency_key.strip()
        else None
    )
    # New seeds; a replayed key gets the same ones, so its request matches the first.
    seed = (
        int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") >> 1
        if key
        else secrets.randbelow(2**31)
    )
    used = mutate_prompt(base, mutation, seed) if mutation else base
    job_id = _submit_round(user, used, used, n, aspect, model, seed, key)
    with write_session() as s:
        group = owned(s, HeroGroup, group_id, user.id, "Hero group")
        existing = s.exec(select(HeroRound).where(HeroRound.job_id == job_id)).first()
        if existing is None:
            s.add(
                HeroRound(
                    group_id=group_id,
                    user_id=user.id,
                    n=next_n,
                    prompt=used,
                    mutation=mutation,
                    seed=seed,
                    candidates=n,
                    job_id=job_id,
                )
            )
            group.prompt = used
            group.updated_at = utcnow()
            s.add(group)
    return HeroSubmit(group_id, job_id)


def list_hero_groups(user_id: str, *, limit: int = 20, offset: int = 0) -> GroupPage:
    """The user's hero groups, newest first: title (prompt), thumbnail (primary or first), rounds."""
    limit, offset = max(1, min(int(limit), 100)), max(0, int(offset))
    with session_scope() as s:
        total = int(
            s.exec(select(func.count()).select_from(HeroGroup).where(HeroGroup.user_id == user_id)).one()
        )
        groups = s.exec(
            select(HeroGroup)
            .where(HeroGroup.user_id == user_id)
            .order_by(col(HeroGroup.created_at).desc(), col(HeroGroup.id))
            .offset(offset)
            .limit(limit)
        ).all()
        items = []
        for g in groups:
            rounds = _rounds(s, g.id)
            candidates = [a for _, a in _candidates(s, rounds, user_id)]
            cover = next(
                (a for a in candidates if a.id == g.primary_asset_id), candidates[0] if candidates else None
            )
            thumb = library.asset_to_api(cover)["thumbnail_url"] if cover else None
            items.append(
                GroupSummary(
                    g.id, "hero", g.prompt[:120], thumb, len(rounds), g.primary_asset_id, None, g.created_at
                )
            )
    return GroupPage(items, total, limit, offset)
