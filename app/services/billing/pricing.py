"""Credit prices for models and extras, kept in tables an admin edits.

Per-image models cost ``credits x n``; ``clip`` video models cost a flat price
per clip (sora-2); ``second`` video models cost ``ceil(seconds x credits x
multiplier)`` where Veo is scaled by the resolution multiplier (1080p = x1.5)
and the local engine is not. Multipliers are stored as integer percents so the
arithmetic is exact and the result is a whole number of credits.

A missing row falls back to the built-in default, so pricing works before
``seed_default_prices()`` ran; ``seed_default_prices()`` never overwrites admin edits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import session_scope, write_session
from app.models.base import utcnow
from app.models.billing import PriceRule, ResolutionMultiplier
from app.services.platform import ServiceError

MAX_CREDITS = 100_000
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
KIND_UNITS = {"image": {"image"}, "video": {"clip", "second"}, "extra": {"use"}}


@dataclass(frozen=True)
class _Default:
    kind: str
    name: str
    unit: str
    credits: int
    resolution_scaled: bool = False


DEFAULT_RULES: tuple[_Default, ...] = (
    _Default("image", "nano-banana", "image", 5),
    _Default("image", "nano-banana-edit", "image", 5),
    _Default("image", "flux-pro", "image", 5),
    _Default("image", "flux-ultra", "image", 8),
    _Default("image", "local-image", "image", 1),
    _Default("video", "sora-2", "clip", 15),
    _Default("video", "veo3", "second", 10, resolution_scaled=True),
    _Default("video", "veo3_fast", "second", 10, resolution_scaled=True),
    _Default("video", "local-video", "second", 1),
    _Default("extra", "prompt_enhancement", "use", 0),
    _Default("extra", "brand_analysis", "use", 0),
    _Default("extra", "script_generation", "use", 0),
    # Pro mode surcharges on top of the model's own price: per hero-frame candidate, per attempt.
    _Default("extra", "hero_candidate", "use", 0),
    _Default("extra", "video_attempt", "use", 0),
    # Templates: one rendered video from a template (form, API or batch row).
    _Default("extra", "template_render", "use", 2),
    # The editor: an export, a proxy preview, and a regenerated clip on top of its model's price.
    _Default("extra", "editor_export", "use", 0),
    _Default("extra", "editor_preview", "use", 0),
    _Default("extra", "editor_clip", "use", 0),
)
DEFAULT_MULTIPLIERS = {"720p": 100, "1080p": 150}


class PricingError(ServiceError, ValueError):
    code = "VALIDATION_ERROR"
    status = 422


class UnknownPrice(PricingError):
    """No price for this model or extra: the request names something we do not sell."""


def _rule_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def seed_default_prices() -> int:
    """Insert missing default prices; returns how many rows were added."""
    added = 0
    try:
        with write_session() as s:
            have = set(s.exec(select(PriceRule.id)).all())
            for d in DEFAULT_RULES:
                if _rule_id(d.kind, d.name) not in have:
                    s.add(
                        PriceRule(
                            id=_rule_id(d.kind, d.name),
                            kind=d.kind,
                            name=d.name,
                            unit=d.unit,
                            credits=d.credits,
                            resolution_scaled=d.resolution_scaled,
                        )
                    )
                    added += 1
            have_mult = set(s.exec(select(ResolutionMultiplier.resolution)).all())
            for res, pct in DEFAULT_MULTIPLIERS.items():
                if res not in have_mult:
                    s.add(ResolutionMultiplier(resolution=res, percent=pct))
                    added += 1
    except IntegrityError:  # another process seeded at the same moment (PostgreSQL)
        return 0
    return added


def _rules(s: Session) -> dict[str, PriceRule]:
    rows = {r.id: r for r in s.exec(select(PriceRule)).all()}
    for d in DEFAULT_RULES:
        rows.setdefault(
            _rule_id(d.kind, d.name),
            PriceRule(
                id=_rule_id(d.kind, d.name),
                kind=d.kind,
                name=d.name,
                unit=d.unit,
                credits=d.credits,
                resolution_scaled=d.resolution_scaled,
            ),
        )
    return rows


def _multipliers(s: Session) -> dict[str, int]:
    out = dict(DEFAULT_MULTIPLIERS)
    out.update({m.resolution: m.percent for m in s.exec(select(ResolutionMultiplier)).all()})
    return out


def _rule(kind: str, name: str) -> PriceRule:
    with session_scope() as s:
        rule = _rules(s).get(_rule_id(kind, name))
    if rule is None:
        raise UnknownPrice(f"no {kind} price for {name!r}")
    return rule


def image_cost(model_id: str, n: int = 1) -> int:
    if not isinstance(n, int) or n < 1:
        raise PricingError("n must be a positive whole number")
    return _rule("image", model_id).credits * n


def video_cost(model_id: str, seconds: float, resolution: str = "720p") -> int:
    """Credits for one clip. Veo: seconds x 10 x (1.5 at 1080p); sora-2: per clip."""
    rule = _rule("video", model_id)
    if rule.unit == "clip":
        return rule.credits
    secs = Fraction(str(seconds))
    if secs <= 0:
        raise PricingError("seconds must be positive")
    cost = secs * rule.credits
    if rule.resolution_scaled:
        with session_scope() as s:
            mults = _multipliers(s)
        if resolution not in mults:
            raise PricingError(f"unknown resolution {resolution!r}")
        cost = cost * mults[resolution] / 100
    return math.ceil(cost)


def extra_cost(name: str) -> int:
    return _rule("extra", name).credits


def public_pricing() -> dict[str, Any]:
    """The ``GET /api/pricing`` document."""
    with session_scope() as s:
        rules = sorted(_rules(s).values(), key=lambda r: (r.kind, r.name))
        mults = _multipliers(s)
    videos_models: dict[str, Any] = {}
    per_second: dict[str, int] = {}
    for r in rules:
        if r.kind != "video":
            continue
        item: dict[str, Any] = {"unit": r.unit, "credits": r.credits}
        if r.unit == "second":
            per_second[r.name] = r.credits
            item["resolution_scaled"] = r.resolution_scaled
        videos_models[r.name] = item
    return {
        "images": {r.name: r.credits for r in rules if r.kind == "image"},
        "videos": {
            # Credits per second of output for per-second models; clip models are in ``models``.
            "per_second": per_second,
            "resolution_multipliers": {k: float(Fraction(v, 100)) for k, v in sorted(mults.items())},
            "models": videos_models,
        },
        "extras": {r.name: r.credits for r in rules if r.kind == "extra"},
    }


def admin_pricing() -> list[dict[str, Any]]:
    with session_scope() as s:
        rows = sorted(_rules(s).values(), key=lambda r: (r.kind, r.name))
        return [
            {
                "kind": r.kind,
                "name": r.name,
                "unit": r.unit,
                "credits": r.credits,
                "resolution_scaled": r.resolution_scaled,
                "updated_by": r.updated_by,
            }
            for r in rows
        ]


def _validate_credits(credits: Any) -> int:
    if not isinstance(credits, int) or isinstance(credits, bool) or not 0 <= credits <= MAX_CREDITS:
        raise PricingError(f"credits must be a whole number from 0 to {MAX_CREDITS}")
    return credits


def _upsert_rule(
    s: Session,
    kind: str,
    name: str,
    credits: int,
    *,
    unit: str | None,
    resolution_scaled: bool | None,
    admin_id: str | None,
) -> None:
    if kind not in KIND_UNITS:
        raise PricingError(f"kind must be one of {sorted(KIND_UNITS)}")
    if not _NAME_RE.match(name):
        raise PricingError(f"invalid name {name!r}")
    _validate_credits(credits)
    current = _rules(s).get(_rule_id(kind, name))
    unit = unit or (current.unit if current else {"image": "image", "video": "second", "extra": "use"}[kind])
    if unit not in KIND_UNITS[kind]:
        raise PricingError(f"unit for {kind} must be one of {sorted(KIND_UNITS[kind])}")
    row = s.get(PriceRule, _rule_id(kind, name))
    if row is None:
        row = PriceRule(id=_rule_id(kind, name), kind=kind, name=name, unit=unit, credits=credits)
        if current is not None:
            row.resolution_scaled = current.resolution_scaled
    row.unit, row.credits, row.updated_at, row.updated_by = unit, credits, utcnow(), admin_id
    if resolution_scaled is not None:
        row.resolution_scaled = bool(resolution_scaled) and unit == "second"
    s.add(row)


def update_price(
    kind: str,
    name: str,
    credits: int,
    *,
    unit: str | None = None,
    resolution_scaled: bool | None = None,
    admin_id: str | None = None,
) -> None:
    """Create or change one price (admin)."""
    with write_session() as s:
        _upsert_rule(
            s, kind, name, credits, unit=unit, resolution_scaled=resolution_scaled, admin_id=admin_id
        )


def _percent(multiplier: Any) -> int:
    if isinstance(multiplier, bool) or not isinstance(multiplier, int | float):
        raise PricingError("multiplier must be a number")
    pct = Fraction(str(multiplier)) * 100
    if pct.denominator != 1 or not 10 <= pct <= 1000:
        raise PricingError("multiplier must be between 0.1 and 10 with at most two decimals")
    return int(pct)


def update_pricing(changes: dict[str, Any], *, admin_id: str | None = None) -> dict[str, Any]:
    """Apply a partial ``public_pricing()``-shaped document (``PUT /api/admin/pricing``).

    ``videos.models`` values may be a number of credits or ``{credits, unit,
    resolution_scaled}``. Everything is validated before anything is written,
    in one transaction, so a bad field changes nothing.
    """
    if not isinstance(changes, dict):
        raise PricingError("expected an object")
    unknown = set(changes) - {"images", "videos", "extras"}
    if unknown:
        raise PricingError(f"unknown sections {sorted(unknown)}")
    with write_session() as s:
        for name, credits in (changes.get("images") or {}).items():
            _upsert_rule(s, "image", name, credits, unit="image", resolution_scaled=None, admin_id=admin_id)
        for name, credits in (changes.get("extras") or {}).items():
            _upsert_rule(s, "extra", name, credits, unit="use", resolution_scaled=None, admin_id=admin_id)
        videos = changes.get("videos") or {}
        if set(videos) - {"models", "resolution_multipliers", "per_second"}:
            raise PricingError("videos accepts models, per_second and resolution_multipliers")
        for name, credits in (videos.get("per_second") or {}).items():
            _upsert_rule(s, "video", name, credits, unit="second", resolution_scaled=None, admin_id=admin_id)
        for name, spec in (videos.get("models") or {}).items():
            if isinstance(spec, dict):
                if "credits" not in spec:
                    raise PricingError(f"videos.models.{name} needs credits")
                _upsert_rule(
                    s,
                    "video",
                    name,
                    spec["credits"],
                    unit=spec.get("unit"),
                    resolution_scaled=spec.get("resolution_scaled"),
                    admin_id=admin_id,
                )
            else:
                _upsert_rule(s, "video", name, spec, unit=None, resolution_scaled=None, admin_id=admin_id)
        for res, mult in (videos.get("resolution_multipliers") or {}).items():
            if not re.match(r"^\d{3,4}p$", str(res)):
                raise PricingError(f"invalid resolution {res!r}")
            row = s.get(ResolutionMultiplier, res) or ResolutionMultiplier(resolution=res, percent=100)
            row.percent, row.updated_at = _percent(mult), utcnow()
            s.add(row)
    return public_pricing()
