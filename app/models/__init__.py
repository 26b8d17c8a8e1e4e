"""All tables. Importing this package registers every table on SQLModel.metadata
(Alembic's autogenerate and the tests rely on that)."""

from app.models.accounts import User
from app.models.ops import QueueProbe

__all__ = ["QueueProbe", "User"]
