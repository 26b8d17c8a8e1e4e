"""Admin views over every account: users with their statistics, consumption per user, overview charts.

The public module of the admin package (the admin pages and ``/api/admin`` import from here).
Credit adjustments, prices and quotas are ``billing``'s; queues and workers are ``ops``'.
"""

from app.services.admin.consumption import (
    KINDS,
    STATUS_FILTERS,
    list_users,
    list_users_with_stats,
    made_per_day,
    overview,
    user_consumption,
    user_detail,
    user_row,
    user_stats,
)

__all__ = [
    "KINDS",
    "STATUS_FILTERS",
    "list_users",
    "list_users_with_stats",
    "made_per_day",
    "overview",
    "user_consumption",
    "user_detail",
    "user_row",
    "user_stats",
]
