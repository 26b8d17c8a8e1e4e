"""/admin/showcase: the homepage showcase: feature an asset, reorder, hide and show again."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.dialogs import confirm_dialog
from app.components.layout import page_frame, section
from app.pages.admin.widgets import empty_note
from app.state.admin.showcase import AdminShowcaseState

SC = AdminShowcaseState


def _showcase_card(i: rx.Var) -> rx.Component:
    return rx.box(
        rx.box(
            rx.link(
                rx.image(
                    src=i["poster"],
                    width="100%",
                    height="100%",
                    object_fit="cover",
                    loading="lazy",
                    alt=i["title"],
                ),
                rx.cond(
                    i["kind"] == "video",
                    rx.center(
                        rx.icon("play", size=18, color=theme.INK, fill=theme.INK),
                        position="absolute",
                        top="50%",
                        left="50%",
                        transform="translate(-50%, -50%)",
                        width="44px",
                        height="44px",
                        border_radius="999px",
                        background_color="rgba(255,255,255,.9)",
                    ),
                ),
                href=i["url"],
                is_external=True,
                position="relative",
                display="block",
                width="100%",
                height="100%",
            ),
            height="220px",
            background_color=theme.SURFACE,
            border_radius="10px",
            overflow="hidden",
            opacity=rx.cond(i["active"] == "yes", "1", "0.4"),
        ),
        rx.vstack(
            rx.text(i["title"], weight="medium", size="2"),
            rx.hstack(
                rx.badge(
                    i["origin"],
                    variant="soft",
                    color_scheme=rx.cond(i["builtin"] == "yes", "gray", "blue"),
                    size="1",
                ),
                rx.cond(
                    i["active"] == "yes", rx.fragment(), rx.badge("Hidden", color_scheme="orange", size="1")
                ),
                rx.hstack(
                    rx.icon("heart", size=12, color=theme.ERROR),
                    rx.text(i["likes"], size="1"),
                    spacing="1",
                    align="center",
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.icon_button(
                    rx.icon("arrow-left", size=14),
                    size="1",
                    variant="soft",
                    on_click=SC.move(i["id"], -1),
                    aria_label="Earlier",
                    disabled=i["active"] != "yes",
                ),
                rx.icon_button(
                    rx.icon("arrow-right", size=14),
                    size="1",
                    variant="soft",
                    on_click=SC.move(i["id"], 1),
                    aria_label="Later",
                    disabled=i["active"] != "yes",
                ),
                rx.spacer(),
                rx.cond(
                    i["active"] == "yes",
                    rx.button(
                        "Remove",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=SC.ask_remove(i["id"], i["title"]),
                        cursor="pointer",
                    ),
                    rx.button(
                        "Show again", size="1", variant="soft", on_click=SC.restore(i["id"]), cursor="pointer"
                    ),
                ),
                width="100%",
                align="center",
            ),
            spacing="2",
            padding_top="10px",
        ),
        style={**theme.card, "padding": "12px"},
    )


def showcase_page() -> rx.Component:
    return page_frame(
        section(
            admin_nav("showcase"),
            rx.hstack(
                rx.vstack(
                    rx.heading("Homepage showcase", as_="h1", size="8"),
                    rx.text(
                        "Featured work on the landing page. Featuring copies the file to a public area; "
                        "the user's own file stays private. The first videos play in the hero carousel.",
                        color=theme.MUTED,
                        max_width="720px",
                    ),
                    spacing="1",
                ),
                justify="between",
                width="100%",
                margin_bottom="16px",
            ),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="asset_id",
                        placeholder="Asset id to feature",
                        max_length=36,
                        width=["100%", "320px"],
                        id="feature-asset-id",
                    ),
                    rx.input(
                        name="title", placeholder="Title (optional)", max_length=200, width=["100%", "280px"]
                    ),
                    rx.button(
                        rx.icon("sparkles", size=15), "Feature", type="submit", style=theme.primary_button
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                on_submit=SC.feature,
                reset_on_submit=True,
                margin_bottom="16px",
            ),
            rx.segmented_control.root(
                rx.segmented_control.item("Videos", value="video"),
                rx.segmented_control.item("Images", value="image"),
                value=SC.kind,
                on_change=SC.set_kind,
                margin_bottom="16px",
            ),
            rx.cond(
                SC.items.length() > 0,
                rx.grid(
                    rx.foreach(SC.items, _showcase_card),
                    columns=rx.breakpoints(initial="1", sm="2", md="3", lg="4"),
                    gap="16px",
                    width="100%",
                    id="admin-showcase-grid",
                ),
                empty_note(
                    "image-off", "Nothing featured yet. Feature an asset from a user's consumption records."
                ),
            ),
            confirm_dialog(
                title="Remove from the homepage?",
                description=rx.text(
                    "“",
                    SC.confirm_title,
                    "” leaves the showcase and its public copy is deleted. "
                    "Built-in items are hidden and can be shown again.",
                ),
                confirm=rx.button("Remove", color_scheme="red", on_click=SC.remove),
                open_=SC.confirm_remove != "",
                on_cancel=SC.cancel_remove,
            ),
        )
    )
