"""All tables. Importing this package registers every table on SQLModel.metadata
(Alembic's autogenerate and the tests rely on that)."""

# Feature modules register their tables on import (their classes stay in their modules).
from app.models import batches as _batches  # noqa: F401
from app.models import brand as _brand  # noqa: F401
from app.models import editor as _editor  # noqa: F401
from app.models import iteration as _iteration  # noqa: F401
from app.models import library as _library  # noqa: F401
from app.models import showcase as _showcase  # noqa: F401
from app.models import templates as _templates  # noqa: F401
from app.models import variants as _variants  # noqa: F401
from app.models.accounts import ApiKey, AuthSession, LoginAttempt, LoginCode, PasswordResetToken, User
from app.models.assets import Asset, Upload
from app.models.billing import (
    AppConfig,
    BillingCustomer,
    BillingEvent,
    CreditAccount,
    CreditEntry,
    CreditHold,
    HourPass,
    Plan,
    PlanQuota,
    PriceRule,
    QuotaUsage,
    ResolutionMultiplier,
    Subscription,
)
from app.models.jobs import Job
from app.models.ops import QueueProbe, UserRateLimit

__all__ = [
    "ApiKey",
    "AppConfig",
    "Asset",
    "AuthSession",
    "BillingCustomer",
    "BillingEvent",
    "CreditAccount",
    "CreditEntry",
    "CreditHold",
    "HourPass",
    "Job",
    "LoginAttempt",
    "LoginCode",
    "PasswordResetToken",
    "Plan",
    "PlanQuota",
    "PriceRule",
    "QueueProbe",
    "QuotaUsage",
    "ResolutionMultiplier",
    "Subscription",
    "Upload",
    "User",
    "UserRateLimit",
]
