"""The admin sub-navigation: one row of tabs across the admin pages."""

from __future__ import annotations

import reflex as rx

from app.components import theme

ADMIN_PAGES = (
    ("users", "Users", "users", "/admin/users"),
    ("overview", "Overview", "chart-column", "/admin/overview"),
    ("ops", "Operations", "server", "/admin/ops"),
    ("billing", "Billing", "coins", "/admin/billing"),
    ("showcase", "Showcase", "sparkles", "/admin/showcase"),
)


def _tab(key: str, label: str, icon: str, href: str, active: str) -> rx.Component:
    is_active = key == active
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=15), rx.text(label, size="2", weight="medium"), spacing="2", align="center"
        ),
        href=href,
        underline="none",
        color=theme.PRIMARY if is_active else theme.MUTED,
        padding_x="12px",
        padding_y="8px",
        border_bottom=f"2px solid {theme.PRIMARY if is_active else 'transparent'}",
        _hover={"color": theme.PRIMARY},
        id=f"admin-nav-{key}",
        white_space="nowrap",
    )


def admin_nav(active: str) -> rx.Component:
    """Tabs for the admin pages; ``active`` is one of users, overview, ops, billing, showcase."""
    return rx.box(
        rx.hstack(
            rx.badge("Admin", color_scheme="red", variant="soft", margin_right="8px"),
            *[_tab(key, label, icon, href, active) for key, label, icon, href in ADMIN_PAGES],
            spacing="1",
            align="center",
        ),
        border_bottom=f"1px solid {theme.BORDER}",
        margin_bottom="24px",
        overflow_x="auto",
        width="100%",
        as_="nav",
        aria_label="Admin pages",
    )
