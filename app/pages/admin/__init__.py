"""The admin pages (role admin only): users, one user's detail, overview, operations, billing, showcase.

Each page's on_load turns away everyone but admins, and every admin handler
checks again (app/state/admin/base.py).
"""

from __future__ import annotations

import reflex as rx

from app.pages.admin.billing import admin_billing
from app.pages.admin.ops import ops_page
from app.pages.admin.overview import overview_page
from app.pages.admin.showcase import showcase_page
from app.pages.admin.user_detail import user_detail
from app.pages.admin.users import admin_users
from app.pages.admin.widgets import title
from app.state.admin.billing import AdminBillingState
from app.state.admin.ops import AdminOpsState
from app.state.admin.overview import AdminOverviewState
from app.state.admin.showcase import AdminShowcaseState
from app.state.admin.user_detail import AdminUserDetailState
from app.state.admin.users import AdminUsersState


def register(app: rx.App) -> None:
    app.add_page(admin_users, route="/admin/users", title=title("Users"), on_load=AdminUsersState.load)
    app.add_page(
        user_detail, route="/admin/users/[user_id]", title=title("User"), on_load=AdminUserDetailState.load
    )
    app.add_page(ops_page, route="/admin/ops", title=title("Operations"), on_load=AdminOpsState.load)
    app.add_page(
        overview_page, route="/admin/overview", title=title("Overview"), on_load=AdminOverviewState.load
    )
    app.add_page(
        admin_billing, route="/admin/billing", title=title("Billing"), on_load=AdminBillingState.load
    )
    app.add_page(
        showcase_page, route="/admin/showcase", title=title("Showcase"), on_load=AdminShowcaseState.load
    )
