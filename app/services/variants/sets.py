"""Variant sets: price them, submit their jobs (one job per variant), read them back.

Every variant is an ordinary image or video job, submitted through ``generation.submit_prepared``
with its own price, credit hold and refund: the ledger code settles each one as it settles any
job. A set only records which jobs belong together and what differs between them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import as_utc, new_id, utcnow
from app.models.jobs import ACTIVE_STATUSES, Job
from app.models.variants import VariantMember, VariantSet
from app.services import billing, creative, generation
from app.services.platform import Conflict, InvalidInput, NotFound, ServiceError, iso_utc
from app.services.variants.builder import DIMENSION_LABELS, VariantRequest, build_requests, check_choice


@dataclass(frozen=True)
class PreparedVariant:
    request: VariantRequest
    clean: dict[str, Any]  # validated (and enhanced) as the studio's own submit would
    price: int


@dataclass(frozen=True)
class Quote:
    kind: str
    dimension: str
    variants: list[PreparedVariant]

    @property
    def total(self) -> int:
        return sum(v.price for v in self.variants)

    def to_api(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dimension": self.dimension,
            "count": len(self.variants),
            "values": [v.request.value for v in self.variants],
            "labels": [v.request.label for v in self.variants],
            "prices": [v.price for v in self.variants],
            "total": self.total,
        }


@dataclass
class VariantView:
    position: int
    value: str
    label: str
    job_id: str | None
    status: str
    progress: int
    step: str
    asset_ids: list[str]
    error_code: str | None
    error_message: str | None
    cost: int
    prompt: str
    seed: int | None

    def to_api(self) -> dict[str, Any]:
        error = {"code": self.error_code, "message": self.error_message} if self.error_code else None
        return {
            "position": self.position,
            "value": self.value,
            "label": self.label,
            "job_id": self.job_id,
            "status": self.status,
            "progress": self.progress,
            "step": self.step,
            "asset_ids": list(self.asset_ids),
            "error": error,
            "cost": self.cost,
        }


@dataclass
class SetView:
    set_id: str
    kind: str
    dimension: str
    count: int
    title: str
    base: dict[str, Any]
    batch_id: str | None
    batch_row: int | None
    created_at: datetime
    variants: list[VariantView] = field(default_factory=list)

    @property
    def status(self) -> str:
        """running while a variant runs; completed when all made it; failed when none did; else partial."""
        states = [v.status for v in self.variants]
        if any(s in ACTIVE_STATUSES for s in states):
            return "running"
        done = sum(s == "completed" for s in states)
        if done == len(states):
            return "completed"
        return "failed" if done == 0 else "partial"

    @property
    def progress(self) -> int:
        if not self.variants:
            return 0
        return round(
            sum(
                100 if v.status != "pending" and v.status not in ACTIVE_STATUSES else v.progress
                for v in self.variants
            )
            / len(self.variants)
        )

    @property
    def dimension_label(self) -> str:
        return DIMENSION_LABELS.get(self.dimension, self.dimension)

    def to_api(self) -> dict[str, Any]:
        return {
            "set_id": self.set_id,
            "kind": self.kind,
            "dimension": self.dimension,
            "count": self.count,
            "title": self.title,
            "status": self.status,
            "progress": self.progress,
            "base": self.base,
            "batch_id": self.batch_id,
            "batch_row": self.batch_row,
            "created_at": iso_utc(self.created_at),
            "total_cost": sum(v.cost for v in self.variants),
            "variants": [v.to_api() for v in self.variants],
        }


# --- Pricing -----------------------------------------------------------------------------


def quote(user: User, kind: str, dimension: str, count: Any, base: dict[str, Any]) -> Quote:
    """The variants' requests checked as their submits will check them, each with its price."""
    count = check_choice(kind, dimension, count)
    brand = creative.brand_for_user(user.id) if base.get("use_brand_profile") else None
    requests = build_requests(kind, dimension, count, base, brand=brand)
    prepared = []
    for request in requests:
        clean = generation.prepare_request(user.id, kind, request.params)
        prepared.append(PreparedVariant(request, clean, generation.request_price(kind, clean)))
    return Quote(kind, dimension, prepared)


# --- Creating a set ------------------------------------------------------------------------


def _request_hash(kind: str, dimension: str, count: int, base: dict[str, Any]) -> str:
    body = {"kind": kind, "dimension": dimension, "count": count, "base": base}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _set_for_key(user_id: str, scoped: str, request_hash: str) -> SetView | None:
    with session_scope() as s:
        row = s.exec(select(VariantSet).where(VariantSet.idempotency_key == scoped)).first()
        if row is None:
            return None
        if row.request_hash != request_hash:
            raise Conflict("This Idempotency-Key was already used with a different request.")
        return _views(s, [row])[0]


def _title(kind: str, base: dict[str, Any]) -> str:
    name = str(base.get("product_name") or "").strip() or creative.name_from_prompt(
        str(base.get("prompt") or "")
    )
    return (name or f"{kind.capitalize()} variants")[:200]


def create_set(
    user: User,
    kind: str,
    dimension: str,
    count: Any,
    base: dict[str, Any],
    *,
    idempotency_key: str | None = None,
    batch_id: str | None = None,
    batch_row: int | None = None,
) -> SetView:
    """Submit one job per variant and record them as a set (202 in the API).

    All variants are checked and priced before any credits move; a user who cannot pay for the
    whole set is refused up front. The user's concurrency cap is checked once, for the set (the
    variants are one request, like pro mode's attempts). A variant the queue still refuses
    (a quota ran out half-way) keeps its error in the set; if none went through, nothing is kept.
    """
    if not isinstance(base, dict):
        raise InvalidInput("base must be the body of an image or video request.")
    count = check_choice(kind, dimension, count)
    scoped = generation.scoped_idempotency_key(user.id, idempotency_key)
    request_hash = _request_hash(kind, dimension, count, base)
    if scoped and (existing := _set_for_key(user.id, scoped, request_hash)) is not None:
        return existing
    priced = quote(user, kind, dimension, count, base)
    available = billing.spendable(user.id)
    if available < priced.total:
        raise generation.PaymentRequired(
            f"These {count} variants cost {priced.total} credits and you have {available}. "
            "Buy credits or make fewer variants."
        )
    generation.check_can_submit(user.id, kind)

    row = VariantSet(
        id=new_id(),
        user_id=user.id,
        kind=kind,
        dimension=dimension,
        count=count,
        base_json=json.dumps(base, default=str),
        title=_title(kind, base),
        batch_id=batch_id,
        batch_row=batch_row,
        idempotency_key=scoped,
        request_hash=request_hash,
    )
    try:
        with write_session() as s:
            s.add(row)
            s.flush()  # the set before its members (their foreign key)
            for v in priced.variants:
                s.add(
                    VariantMember(
                        set_id=row.id,
                        position=v.request.position,
                        value=v.request.value[:500],
                        label=v.request.label[:600],
                    )
                )
    except IntegrityError:
        if scoped and (existing := _set_for_key(user.id, scoped, request_hash)) is not None:
            return existing
        raise

    first_error: ServiceError | None = None
    submitted = 0
    for v in priced.variants:
        try:
            view = generation.submit_prepared(
                user,
                kind,
                v.clean,
                price=v.price,
                idempotency_key=f"variant-set:{row.id}:{v.request.position}",
                check_concurrency=False,
            )
        except ServiceError as exc:
            first_error = first_error or exc
            _record(row.id, v.request.position, error=exc)
            continue
        submitted += 1
        _record(row.id, v.request.position, job_id=view.job_id)
    if submitted == 0:
        with write_session() as s:
            gone = s.get(VariantSet, row.id)
            if gone is not None:
                s.delete(gone)
        assert first_error is not None
        raise first_error
    return get_set(user.id, row.id)


def _record(
    set_id: str, position: int, *, job_id: str | None = None, error: ServiceError | None = None
) -> None:
    with write_session() as s:
        member = s.exec(
            select(VariantMember)
            .where(VariantMember.set_id == set_id)
            .where(VariantMember.position == position)
        ).one()
        member.job_id = job_id
        if error is not None:
            member.error_code, member.error_message = error.code, error.message[:1000]
        s.add(member)


# --- Reading sets ---------------------------------------------------------------------------


def _views(s: Session, sets: list[VariantSet]) -> list[SetView]:
    ids = [v.id for v in sets]
    members = (
        s.exec(
            select(VariantMember)
            .where(col(VariantMember.set_id).in_(ids))
            .order_by(col(VariantMember.position))
        ).all()
        if ids
        else []
    )
    job_ids = [m.job_id for m in members if m.job_id]
    found = {j.id: j for j in s.exec(select(Job).where(col(Job.id).in_(job_ids))).all()} if job_ids else {}
    assets: dict[str, list[Asset]] = {}
    if job_ids:
        for a in s.exec(
            select(Asset).where(col(Asset.job_id).in_(job_ids)).order_by(col(Asset.created_at))
        ).all():
            assets.setdefault(a.job_id or "", []).append(a)
    by_set: dict[str, list[VariantView]] = {i: [] for i in ids}
    for m in members:
        job = found.get(m.job_id or "")
        params = json.loads(job.params_json or "{}") if job is not None else {}
        made = assets.get(m.job_id or "", []) if job is not None and job.status == "completed" else []
        seed = next((a.meta.get("seed") for a in made if isinstance(a.meta, dict) and "seed" in a.meta), None)
        by_set[m.set_id].append(
            VariantView(
                position=m.position,
                value=m.value,
                label=m.label,
                job_id=m.job_id,
                status=job.status if job is not None else "failed",
                progress=job.progress if job is not None else 0,
                step=job.step if job is not None else "",
                asset_ids=[a.id for a in made],
                error_code=(job.error_code if job is not None else m.error_code),
                error_message=(job.error_message if job is not None else m.error_message),
                cost=job.cost if job is not None and job.status == "completed" else 0,
                prompt=str(params.get("prompt") or ""),
                seed=seed if isinstance(seed, int) else params.get("seed"),
            )
        )
    return [
        SetView(
            set_id=v.id,
            kind=v.kind,
            dimension=v.dimension,
            count=v.count,
            title=v.title,
            base=json.loads(v.base_json or "{}"),
            batch_id=v.batch_id,
            batch_row=v.batch_row,
            created_at=as_utc(v.created_at) or utcnow(),
            variants=by_set[v.id],
        )
        for v in sets
    ]


def get_set(user_id: str, set_id: str) -> SetView:
    """One of the user's sets; another user's set is ``NotFound`` (never revealed)."""
    with session_scope() as s:
        row = s.get(VariantSet, set_id)
        if row is None or row.user_id != user_id:
            raise NotFound("Variant set not found.")
        return _views(s, [row])[0]


def list_sets(user_id: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[SetView]]:
    limit = max(1, min(100, int(limit)))
    offset = max(0, int(offset))
    with session_scope() as s:
        total = int(
            s.exec(select(func.count()).select_from(VariantSet).where(VariantSet.user_id == user_id)).one()
        )
        rows = list(
            s.exec(
                select(VariantSet)
                .where(VariantSet.user_id == user_id)
                .order_by(col(VariantSet.created_at).desc(), col(VariantSet.id))
                .limit(limit)
                .offset(offset)
            ).all()
        )
        return total, _views(s, rows)


def set_assets(user_id: str, set_id: str) -> tuple[SetView, dict[str, Asset]]:
    """The set and its assets by id (for the export and the side-by-side page)."""
    view = get_set(user_id, set_id)
    ids = [a for v in view.variants for a in v.asset_ids]
    with session_scope() as s:
        rows = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_(ids))).all()} if ids else {}
    return view, rows
