"""The library: every image and video the user generated, filtered, shared, zipped and deleted."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, section
from app.components.pager import pager
from app.state.library import ALL, AssetCard, LibraryState, ShareRow

S = LibraryState


# --- Filter bar ----------------------------------------------------------------------


def _menu(label: str, value, options, on_change, id: str, *, all_label: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED, weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%"),
            rx.select.content(
                rx.select.item(all_label, value=ALL),
                rx.foreach(options, lambda o: rx.select.item(o, value=o)),
            ),
            value=value,
            on_change=on_change,
            size="2",
        ),
        spacing="1",
        min_width="140px",
        flex="1",
        id=id,
    )


def _status_menu() -> rx.Component:
    return rx.vstack(
        rx.text("Status", size="1", color=theme.MUTED, weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%"),
            rx.select.content(
                rx.select.item("Any status", value=ALL),
                rx.select.item("Expiring within 2 days", value="expiring"),
                rx.select.item("Shared by link", value="shared"),
            ),
            value=S.status,
            on_change=S.set_status,
            size="2",
        ),
        spacing="1",
        min_width="160px",
        flex="1",
        id="library-status",
    )


def _date(label: str, value, on_change, id: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=theme.MUTED, weight="medium"),
        rx.input(type="date", value=value, on_change=on_change, size="2", width="100%", id=id),
        spacing="1",
        min_width="140px",
        flex="1",
    )


def filter_bar() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.segmented_control.root(
                rx.segmented_control.item("All", value="all"),
                rx.segmented_control.item("Images", value="image"),
                rx.segmented_control.item("Videos", value="video"),
                value=S.kind,
                on_change=S.set_kind,
                size="2",
                id="library-kind",
            ),
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                value=S.query,
                on_change=S.set_query,  # a controlled input: Reflex debounces it (300 ms)
                placeholder="Search prompts…",
                size="2",
                max_length=200,
                width=rx.breakpoints(initial="100%", md="340px"),
                id="library-search",
            ),
            justify="between",
            align=rx.breakpoints(initial="stretch", md="center"),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="12px",
            width="100%",
        ),
        rx.flex(
            _status_menu(),
            _menu("Style", S.style, S.styles, S.set_style, "library-style", all_label="Any style"),
            _menu("Model", S.model, S.models, S.set_model, "library-model", all_label="Any model"),
            _menu("Batch", S.batch, S.batches, S.set_batch, "library-batch", all_label="Any batch"),
            _date("From", S.date_from, S.set_date_from, "library-date-from"),
            _date("To", S.date_to, S.set_date_to, "library-date-to"),
            rx.cond(
                S.filtered,
                rx.button(
                    rx.icon("x", size=14),
                    "Clear filters",
                    variant="ghost",
                    size="2",
                    cursor="pointer",
                    on_click=S.clear_filters,
                    align_self="end",
                    id="library-clear-filters",
                ),
            ),
            wrap="wrap",
            gap="12px",
            width="100%",
            align="end",
        ),
        rx.cond(
            S.filter_error != "",
            rx.callout(S.filter_error, icon="triangle_alert", color_scheme="red", size="1", width="100%"),
        ),
        spacing="3",
        width="100%",
        style=theme.card,
        padding="16px",
    )


# --- Cards ----------------------------------------------------------------------------


def _preview(card: AssetCard) -> rx.Component:
    still = rx.cond(
        card.thumb != "",
        rx.image(
            src=card.thumb,
            alt=card.title,
            loading="lazy",
            width="100%",
            height="100%",
            object_fit="cover",
            display="block",
        ),
        rx.center(rx.icon("film", size=32, color=theme.MUTED), width="100%", height="100%"),
    )
    playing = rx.el.video(
        src=card.url,
        poster=card.thumb,
        auto_play=True,
        muted=True,
        loop=True,
        plays_inline=True,
        preload="none",
        width="100%",
        height="100%",
        style={"object_fit": "cover", "display": "block"},
    )
    return rx.box(
        rx.cond((card.kind == "video") & (S.hovered == card.id), playing, still),
        rx.cond(
            card.kind == "video",
            rx.hstack(
                rx.icon("play", size=12),
                rx.text(card.duration, size="1", weight="medium"),
                spacing="1",
                align="center",
                position="absolute",
                bottom="8px",
                right="8px",
                padding="2px 8px",
                border_radius="999px",
                background_color="rgba(15, 23, 42, 0.72)",
                color="white",
                class_name="asset-duration",
            ),
        ),
        rx.badge(
            rx.cond(card.kind == "video", "Video", "Image"),
            color_scheme=rx.cond(card.kind == "video", "purple", "blue"),
            variant="solid",
            position="absolute",
            top="8px",
            right="8px",
        ),
        rx.cond(
            card.shared,
            rx.tooltip(
                rx.badge(rx.icon("link", size=12), variant="solid", color_scheme="gray"),
                content="Shared by link",
            ),
        ),
        position="relative",
        width="100%",
        aspect_ratio="1 / 1",
        overflow="hidden",
        background_color=theme.SURFACE,
        cursor="pointer",
        on_click=S.open_detail(card.id),
        on_mouse_enter=rx.cond(card.kind == "video", S.hover(card.id), S.unhover()),
        on_mouse_leave=S.unhover,
    )


def asset_card(card: AssetCard) -> rx.Component:
    checked = S.selected.contains(card.id)
    return rx.box(
        _preview(card),
        rx.box(
            rx.checkbox(
                checked=checked,
                on_change=lambda _: S.toggle_select(card.id),
                size="3",
                aria_label="Select for ZIP download",
                class_name="asset-select",
                cursor="pointer",
            ),
            position="absolute",
            top="8px",
            left="8px",
            padding="4px",
            border_radius="6px",
            background_color="rgba(255, 255, 255, 0.9)",
            line_height="0",
        ),
        rx.vstack(
            rx.text(
                card.title,
                size="2",
                weight="medium",
                style={
                    "display": "-webkit-box",
                    "-webkit-line-clamp": "2",
                    "-webkit-box-orient": "vertical",
                    "overflow": "hidden",
                },
                min_height="2.6em",
                class_name="asset-title",
            ),
            rx.text(
                rx.cond(card.style != "", card.style + " · ", ""),
                card.model,
                size="1",
                color=theme.MUTED,
                white_space="nowrap",
                overflow="hidden",
                text_overflow="ellipsis",
                width="100%",
            ),
            rx.hstack(
                rx.text(card.created, size="1", color=theme.MUTED),
                rx.hstack(
                    rx.icon("clock", size=12),
                    rx.text(card.expires_in, size="1", class_name="asset-expiry"),
                    spacing="1",
                    align="center",
                    color=rx.cond(card.expiring, "var(--amber-11)", theme.MUTED),
                ),
                justify="between",
                width="100%",
            ),
            spacing="1",
            padding="12px",
            width="100%",
        ),
        position="relative",
        border=rx.cond(checked, f"2px solid {theme.PRIMARY}", f"1px solid {theme.BORDER}"),
        border_radius="12px",
        overflow="hidden",
        background_color="white",
        box_shadow="0 1px 2px rgba(15, 23, 42, 0.04)",
        _hover={"box_shadow": "0 6px 18px rgba(15, 23, 42, 0.10)"},
        transition="box-shadow 0.15s ease",
        class_name="asset-card",
        data_asset_id=card.id,
        data_kind=card.kind,
    )


def _grid() -> rx.Component:
    return rx.grid(
        rx.foreach(S.cards, asset_card),
        columns=rx.breakpoints(initial="1", xs="2", md="3", lg="4"),
        gap="16px",
        width="100%",
        id="library-grid",
    )


def _pager() -> rx.Component:
    return pager(
        page=S.page,
        page_count=S.page_count,
        on_turn=S.turn_page,
        label=S.range_label,
        id_prefix="library",
    )


def _empty() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon(rx.cond(S.filtered, "search-x", "images"), size=28, color=theme.PRIMARY),
                width="64px",
                height="64px",
                border_radius="16px",
                background_color="var(--blue-3)",
            ),
            rx.cond(
                S.filtered,
                rx.vstack(
                    rx.heading("Nothing matches these filters", size="5"),
                    rx.text("Try another word or widen the dates.", color=theme.MUTED),
                    rx.button("Clear filters", on_click=S.clear_filters, variant="soft", cursor="pointer"),
                    align="center",
                    spacing="2",
                ),
                rx.vstack(
                    rx.heading("Your library is empty", size="5"),
                    rx.text(
                        "Every image and video you generate lands here, ready to download or share.",
                        color=theme.MUTED,
                        text_align="center",
                        max_width="420px",
                    ),
                    rx.hstack(
                        rx.link(
                            rx.button(rx.icon("image", size=16), "Create images", style=theme.primary_button),
                            href="/studio/image",
                        ),
                        rx.link(
                            rx.button(rx.icon("clapperboard", size=16), "Make a video ad", variant="outline"),
                            href="/studio/video",
                        ),
                        spacing="3",
                        margin_top="8px",
                        wrap="wrap",
                        justify="center",
                    ),
                    align="center",
                    spacing="2",
                ),
            ),
            align="center",
            spacing="3",
        ),
        padding_y="64px",
        width="100%",
        border=f"1px dashed {theme.BORDER}",
        border_radius="14px",
        id="library-empty",
    )


# --- Detail dialog --------------------------------------------------------------------


def _fact(label: str, value, id: str | None = None) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="2", color=theme.MUTED, min_width="96px"),
        rx.text(value, size="2", weight="medium", id=id),
        align="start",
        spacing="3",
        width="100%",
    )


def _share_row(link: ShareRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text("Until ", link.expires, size="1"),
            rx.text(link.views, size="1", color=theme.MUTED),
            spacing="0",
        ),
        rx.hstack(
            rx.icon_button(
                rx.icon("copy", size=14),
                size="1",
                variant="soft",
                on_click=S.copy_existing_link(link.url),
                aria_label="Copy this link",
                cursor="pointer",
            ),
            rx.button(
                "Revoke",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.revoke_share(link.id),
                cursor="pointer",
                class_name="revoke-share",
            ),
            spacing="2",
        ),
        justify="between",
        align="center",
        width="100%",
        padding="8px 10px",
        border=f"1px solid {theme.BORDER}",
        border_radius="8px",
    )


def _detail_preview() -> rx.Component:
    d = S.detail
    return rx.center(
        rx.cond(
            d.kind == "video",
            rx.el.video(
                src=d.url,
                poster=d.thumb,
                controls=True,
                plays_inline=True,
                preload="metadata",
                style={"max_width": "100%", "max_height": "62vh", "display": "block"},
                id="detail-video",
            ),
            rx.image(
                src=d.url,
                alt=d.prompt,
                max_width="100%",
                max_height="62vh",
                object_fit="contain",
                id="detail-image",
            ),
        ),
        background_color=theme.SURFACE,
        border_radius="10px",
        overflow="hidden",
        width="100%",
        min_height="240px",
    )


def _delete_confirm() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this asset?"),
            rx.alert_dialog.description(
                "The file is removed from storage and its share links stop working. This cannot be undone."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Keep it", variant="soft", color_scheme="gray", on_click=S.cancel_delete)
                ),
                rx.button(
                    "Delete for good",
                    color_scheme="red",
                    loading=S.busy,
                    on_click=S.confirm_delete_asset,
                    id="confirm-delete",
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=S.confirm_delete,
    )


def detail_dialog() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title(rx.cond(d.kind == "video", "Video", "Image"), margin="0"),
                rx.dialog.close(
                    rx.icon_button(
                        rx.icon("x", size=16), variant="ghost", color_scheme="gray", aria_label="Close"
                    )
                ),
                justify="between",
                align="center",
                width="100%",
                margin_bottom="12px",
            ),
            rx.grid(
                _detail_preview(),
                rx.vstack(
                    rx.vstack(
                        rx.text("Prompt", size="1", color=theme.MUTED, weight="medium"),
                        rx.text(d.prompt, size="2", id="detail-prompt"),
                        spacing="1",
                        width="100%",
                    ),
                    rx.cond(
                        d.enhanced_prompt != "",
                        rx.vstack(
                            rx.text("Enhanced prompt", size="1", color=theme.MUTED, weight="medium"),
                            rx.text(d.enhanced_prompt, size="2", id="detail-enhanced"),
                            spacing="1",
                            width="100%",
                        ),
                    ),
                    rx.divider(),
                    _fact("Style", d.style),
                    _fact("Model", d.model),
                    _fact("Credits", d.credits, id="detail-credits"),
                    _fact("Dimensions", d.dimensions),
                    rx.cond(d.duration != "", _fact("Duration", d.duration)),
                    rx.cond(d.batch != "", _fact("Batch", d.batch)),
                    _fact("Created", d.created),
                    _fact("Expires", d.expires),
                    rx.cond(
                        d.expires_in != "",
                        rx.text(d.expires_in, size="1", color="var(--amber-11)", id="detail-expires-in"),
                    ),
                    rx.divider(),
                    rx.flex(
                        rx.button(
                            rx.icon("download", size=16),
                            "Download",
                            on_click=S.download,
                            style=theme.primary_button,
                            id="detail-download",
                        ),
                        rx.button(
                            rx.icon("link", size=16),
                            "Copy share link",
                            variant="outline",
                            on_click=S.copy_share_link,
                            cursor="pointer",
                            id="detail-share",
                        ),
                        rx.button(
                            rx.icon("trash-2", size=16),
                            "Delete",
                            variant="soft",
                            color_scheme="red",
                            on_click=S.ask_delete,
                            cursor="pointer",
                            id="detail-delete",
                        ),
                        wrap="wrap",
                        gap="8px",
                    ),
                    rx.cond(
                        S.shares.length() > 0,
                        rx.vstack(
                            rx.text("Working share links", size="1", color=theme.MUTED, weight="medium"),
                            rx.foreach(S.shares, _share_row),
                            spacing="2",
                            width="100%",
                            id="detail-shares",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                gap="24px",
                width="100%",
            ),
            max_width="980px",
            width="94vw",
            id="asset-detail",
        ),
        open=S.detail_open,
        on_open_change=S.set_detail_open,
    )


# --- Page -------------------------------------------------------------------------------


def _header() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.heading("Library", as_="h1", size="8"),
            rx.text(
                "Every image and video you generated. ",
                S.retention_note,
                color=theme.MUTED,
                id="library-note",
            ),
            spacing="1",
        ),
        rx.hstack(
            rx.cond(
                S.selected_count > 0,
                rx.button(
                    "Clear selection",
                    variant="ghost",
                    color_scheme="gray",
                    on_click=S.clear_selection,
                    cursor="pointer",
                ),
                rx.cond(
                    S.cards.length() > 0,
                    rx.button(
                        rx.icon("square-check", size=16),
                        "Select page",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.select_page,
                        cursor="pointer",
                        id="library-select-page",
                    ),
                ),
            ),
            rx.button(
                rx.icon("file-archive", size=16),
                S.zip_label,
                disabled=S.selected_count == 0,
                on_click=S.download_zip,
                style=rx.cond(S.selected_count > 0, theme.primary_button, {}),
                id="library-zip",
            ),
            spacing="2",
            align="center",
        ),
        justify="between",
        align=rx.breakpoints(initial="start", md="end"),
        direction=rx.breakpoints(initial="column", md="row"),
        gap="16px",
        width="100%",
    )


def library_page() -> rx.Component:
    return page_frame(
        section(
            rx.vstack(
                _header(),
                filter_bar(),
                rx.cond(
                    S.loaded,
                    rx.cond(
                        S.cards.length() > 0,
                        rx.vstack(_grid(), _pager(), spacing="4", width="100%"),
                        _empty(),
                    ),
                    rx.center(rx.spinner(size="3"), padding_y="64px", width="100%"),
                ),
                detail_dialog(),
                _delete_confirm(),
                spacing="5",
                width="100%",
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(library_page, route="/library", title="Library · Content Studio", on_load=S.load)
