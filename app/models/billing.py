"""Credits, prices, plans, quotas, runtime config and Creem billing state.

Money is an append-only ledger: ``credit_entries`` rows are never updated or
deleted. ``credit_accounts`` keeps a cached balance/frozen only so spending can
be one conditional ``UPDATE ... WHERE balance >= :amount``; every write to the
cache appends an entry in the same transaction, and tests check that the cache
always equals the sum of the entries.

Datetimes are stored timezone-aware on PostgreSQL; SQLite drops the offset, so
services normalise what they read back to UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow

_TZ = DateTime(timezone=True)


# --- Ledger -----------------------------------------------------------------


class CreditAccount(SQLModel, table=True):
    """One per user. ``balance`` is spendable credits; ``frozen`` is held by open holds."""

    __tablename__ = "credit_accounts"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="ck_credit_accounts_balance_nonneg"),
        CheckConstraint("frozen >= 0", name="ck_credit_accounts_frozen_nonneg"),
    )

    user_id: str = Field(primary_key=True, max_length=36, foreign_key="users.id", ondelete="CASCADE")
    balance: int = 0
    frozen: int = 0
    # Bumped by every ledger write; entries copy it into ``seq`` so two writers
    # can never both append "the next" entry (unique user_id+seq).
    version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class CreditEntry(SQLModel, table=True):
    """One immutable ledger line.

    ``amount`` is the signed change to the spendable balance and
    ``frozen_delta`` the signed change to the frozen balance, so
    ``balance == SUM(amount)`` and ``frozen == SUM(frozen_delta)`` per user.
    Types: earn (+), spend (-), refund (+), freeze (-amount, +frozen),
    unfreeze (+amount, -frozen), adjust (+/-).
    """

    __tablename__ = "credit_entries"
    __table_args__ = (
        UniqueConstraint("user_id", "seq", name="uq_credit_entries_user_seq"),
        Index("ix_credit_entries_user_type_created", "user_id", "type", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, foreign_key="users.id", ondelete="CASCADE")
    seq: int
    type: str = Field(max_length=16)
    amount: int
    frozen_delta: int = 0
    balance_after: int
    frozen_after: int = 0
    source: str = Field(default="", max_length=64)
    reference_id: str | None = Field(default=None, max_length=255, index=True)
    # Any retry of the same operation carries the same key; the unique index,
    # not a prior SELECT, is what stops a second effect.
    idempotency_key: str = Field(max_length=255, unique=True)
    # Set only on refunds (= reference_id): a unique column means a reference
    # can be refunded at most once even when two refunds race.
    refund_reference: str | None = Field(default=None, max_length=255, unique=True)
    hold_id: str | None = Field(default=None, max_length=36, index=True)
    actor_id: str | None = Field(default=None, max_length=36)  # admin for adjust
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ, index=True)


class CreditHold(SQLModel, table=True):
    """A reservation for one paid action: open -> captured | released."""

    __tablename__ = "credit_holds"
    __table_args__ = (
        CheckConstraint("captured + released <= amount", name="ck_credit_holds_settled_le_amount"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, foreign_key="users.id", ondelete="CASCADE", index=True)
    idempotency_key: str = Field(max_length=255, unique=True)
    amount: int
    captured: int = 0
    released: int = 0
    status: str = Field(default="open", max_length=16)  # open | captured | released
    source: str = Field(default="", max_length=64)
    reference_id: str | None = Field(default=None, max_length=255, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    settled_at: datetime | None = Field(default=None, sa_type=_TZ)


# --- Prices -----------------------------------------------------------------


class PriceRule(SQLModel, table=True):
    """Credits per unit for one model or extra; admins edit ``credits``."""

    __tablename__ = "price_rules"

    id: str = Field(primary_key=True, max_length=96)  # "<kind>:<name>"
    kind: str = Field(max_length=16)  # image | video | extra
    name: str = Field(max_length=64)  # model id or extra name
    unit: str = Field(max_length=16)  # image | clip | second | use
    credits: int
    # Per-second video prices are scaled by the resolution multiplier (Veo).
    resolution_scaled: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    updated_by: str | None = Field(default=None, max_length=36)


class ResolutionMultiplier(SQLModel, table=True):
    """Integer percent (150 = x1.5) so credit maths stays in integers."""

    __tablename__ = "price_resolution_multipliers"

    resolution: str = Field(primary_key=True, max_length=16)
    percent: int
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


# --- Plans and quotas --------------------------------------------------------


class Plan(SQLModel, table=True):
    __tablename__ = "plans"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=64)
    # Minor units (cents, paise) so prices are exact; 1490 = 14.90.
    price_minor: int = 0
    currency: str = Field(default="USD", max_length=3)
    interval: str = Field(default="none", max_length=8)  # none | month | hour
    credits: int = 0  # granted each period (month) for subscriptions
    signup_credits: int = 0  # granted once at sign-up (free plan)
    hour_images: int = 0  # hour passes: allowance per window
    hour_videos: int = 0
    features_json: str = Field(default="[]", max_length=4000)
    watermark: bool = False
    priority: bool = False
    commercial_license: bool = False
    creem_product_id: str = Field(default="", max_length=128)
    active: bool = True
    sort_order: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class PlanQuota(SQLModel, table=True):
    """A limit for one service and period; a missing row means unlimited."""

    __tablename__ = "plan_quotas"

    plan_id: str = Field(primary_key=True, max_length=32, foreign_key="plans.id", ondelete="CASCADE")
    service: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=8)  # day | month
    limit: int


class QuotaUsage(SQLModel, table=True):
    """One accepted unit of work counted against quotas; ``given_back`` undoes it."""

    __tablename__ = "quota_usage"
    __table_args__ = (
        Index("ix_quota_usage_user_service_day", "user_id", "service", "day"),
        Index("ix_quota_usage_user_service_month", "user_id", "service", "month"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, foreign_key="users.id", ondelete="CASCADE")
    service: str = Field(max_length=32)
    n: int
    idempotency_key: str = Field(max_length=255, unique=True)
    day: str = Field(max_length=10)  # "YYYY-MM-DD" UTC
    month: str = Field(max_length=7)  # "YYYY-MM" UTC
    pass_id: str | None = Field(default=None, max_length=36, index=True)
    given_back: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    given_back_at: datetime | None = Field(default=None, sa_type=_TZ)


class HourPass(SQLModel, table=True):
    """A bought hour window with an image/video allowance that does not roll over."""

    __tablename__ = "hour_passes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, foreign_key="users.id", ondelete="CASCADE", index=True)
    plan_id: str = Field(max_length=32)
    images: int
    videos: int
    starts_at: datetime = Field(sa_type=_TZ)
    ends_at: datetime = Field(sa_type=_TZ, index=True)
    # The purchase that created it (Creem checkout id or a test-mode key).
    source_key: str = Field(max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class AppConfig(SQLModel, table=True):
    """Admin-editable runtime switches, one JSON value per key."""

    __tablename__ = "app_config"

    key: str = Field(primary_key=True, max_length=64)
    value_json: str = Field(max_length=4000)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    updated_by: str | None = Field(default=None, max_length=36)


# --- Billing (Creem) ----------------------------------------------------------


class BillingCustomer(SQLModel, table=True):
    __tablename__ = "billing_customers"

    user_id: str = Field(primary_key=True, max_length=36, foreign_key="users.id", ondelete="CASCADE")
    provider: str = Field(default="creem", max_length=16)
    customer_id: str = Field(max_length=128, unique=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class Subscription(SQLModel, table=True):
    """The user's subscription; test-mode ones have provider "test"."""

    __tablename__ = "subscriptions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, foreign_key="users.id", ondelete="CASCADE", index=True)
    provider: str = Field(default="creem", max_length=16)  # creem | test
    provider_subscription_id: str = Field(max_length=128, unique=True)
    plan_id: str = Field(max_length=32)
    # Plan that takes over at period end (downgrades wait for the paid period).
    pending_plan_id: str | None = Field(default=None, max_length=32)
    status: str = Field(default="active", max_length=24)
    cancel_at_period_end: bool = False
    current_period_start: datetime | None = Field(default=None, sa_type=_TZ)
    current_period_end: datetime | None = Field(default=None, sa_type=_TZ)
    canceled_at: datetime | None = Field(default=None, sa_type=_TZ)
    created_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


class BillingEvent(SQLModel, table=True):
    """A processed webhook event; the primary key makes each event apply once."""

    __tablename__ = "billing_events"

    id: str = Field(primary_key=True, max_length=128)  # Creem "evt_..."
    provider: str = Field(default="creem", max_length=16)
    event_type: str = Field(max_length=64)
    result: str = Field(default="", max_length=255)
    received_at: datetime = Field(default_factory=utcnow, sa_type=_TZ)


__all__ = [
    "AppConfig",
    "BillingCustomer",
    "BillingEvent",
    "CreditAccount",
    "CreditEntry",
    "CreditHold",
    "HourPass",
    "Plan",
    "PlanQuota",
    "PriceRule",
    "QuotaUsage",
    "ResolutionMultiplier",
    "Subscription",
]
