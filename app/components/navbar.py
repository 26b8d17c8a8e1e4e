"""Top navigation shared by every page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.command_bar import command_button
from app.state.auth import AuthState

NAV_LINKS = (
    ("Images", "/#images"),
    ("Videos", "/#videos"),
    ("Batch", "/#batch"),
    ("Showcase", "/#showcase"),
    ("Pricing", "/#pricing"),
)
# What a signed-in marketer works with.
APP_LINKS = (
    ("Images", "/studio/image"),
    ("Videos", "/studio/video"),
    ("Pro", "/studio/hero"),
    ("Batch", "/batches"),
    ("Templates", "/templates"),
    ("Variants", "/variants"),
    ("Library", "/library"),
    ("Jobs", "/jobs"),
)


def logo() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.center(
                rx.icon("sparkles", size=18, color="white"),
                width="32px",
                height="32px",
                border_radius="9px",
                background_color=theme.PRIMARY,
            ),
            rx.text("Content Studio", weight="bold", size="4", color=theme.INK, white_space="nowrap"),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        aria_label="Content Studio home",
    )


def _nav_link(label: str, href: str) -> rx.Component:
    return rx.link(
        label,
        href=href,
        color=theme.MUTED,
        weight="medium",
        size="3",
        underline="none",
        _hover={"color": theme.PRIMARY},
    )


def auth_links() -> rx.Component:
    signed_out = rx.hstack(
        rx.link(
            rx.button("Sign in", variant="ghost", size="2", cursor="pointer"), href="/login", id="nav-sign-in"
        ),
        rx.link(
            rx.button("Start free", size="2", style=theme.primary_button), href="/signup", id="nav-sign-up"
        ),
        spacing="3",
        align="center",
    )
    signed_in = rx.hstack(
        command_button(),
        rx.link(
            rx.button("Dashboard", variant="ghost", size="2", cursor="pointer"),
            href="/dashboard",
            display=rx.breakpoints(initial="none", sm="block"),
        ),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle_user", size=16),
                    # Phones get the icon only: the name pushed the menu off a 390 px screen.
                    rx.text(
                        AuthState.display_name,
                        display=rx.breakpoints(initial="none", sm="inline"),
                        max_width="160px",
                        **theme.one_line,
                    ),
                    variant="soft",
                    size="2",
                    cursor="pointer",
                    id="user-menu",
                ),
            ),
            rx.menu.content(
                rx.menu.item("Profile and API keys", on_click=rx.redirect("/profile")),
                rx.menu.item("Brand profile", on_click=rx.redirect("/settings/brand")),
                rx.menu.item("Usage and billing", on_click=rx.redirect("/billing/usage")),
                rx.cond(AuthState.is_admin, rx.menu.item("Admin", on_click=rx.redirect("/admin/users"))),
                rx.menu.separator(),
                rx.menu.item("Sign out", color="red", on_click=AuthState.sign_out, id="sign-out"),
            ),
        ),
        spacing="3",
        align="center",
    )
    return rx.cond(AuthState.is_authenticated, signed_in, signed_out)


def navbar() -> rx.Component:
    return rx.box(
        rx.hstack(
            logo(),
            rx.hstack(
                rx.cond(
                    AuthState.is_authenticated,
                    rx.hstack(
                        *[_nav_link(label, href) for label, href in APP_LINKS],
                        spacing=rx.breakpoints(initial="4", lg="6"),
                    ),
                    rx.hstack(*[_nav_link(label, href) for label, href in NAV_LINKS], spacing="6"),
                ),
                display=rx.breakpoints(initial="none", md="flex"),
            ),
            rx.hstack(
                auth_links(),
                rx.box(
                    rx.menu.root(
                        rx.menu.trigger(
                            rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Open menu"),
                        ),
                        rx.menu.content(
                            rx.cond(
                                AuthState.is_authenticated,
                                rx.fragment(
                                    *[
                                        rx.menu.item(rx.link(label, href=href, underline="none"))
                                        for label, href in APP_LINKS
                                    ]
                                ),
                                rx.fragment(
                                    *[
                                        rx.menu.item(rx.link(label, href=href, underline="none"))
                                        for label, href in NAV_LINKS
                                    ]
                                ),
                            ),
                        ),
                    ),
                    display=rx.breakpoints(initial="block", md="none"),
                ),
                spacing="2",
                align="center",
            ),
            justify="between",
            align="center",
            max_width=theme.MAX_WIDTH,
            margin_x="auto",
            padding_x=["16px", "24px"],
            height="64px",
        ),
        as_="nav",
        position="sticky",
        top="0",
        z_index="50",
        background_color="rgba(255,255,255,0.9)",
        backdrop_filter="blur(8px)",
        border_bottom=f"1px solid {theme.BORDER}",
        width="100%",
    )
