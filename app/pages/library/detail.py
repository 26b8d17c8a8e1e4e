"""One asset in the library: its preview and details, download, share links and delete."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.dialogs import confirm_dialog
from app.state.library import LibraryState, ShareRow

S = LibraryState


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


def delete_confirm() -> rx.Component:
    return confirm_dialog(
        title="Delete this asset?",
        description="The file is removed from storage and its share links stop working. "
        "This cannot be undone.",
        # Not closing on click: the button shows its progress until the file is gone.
        confirm=rx.button(
            "Delete for good",
            color_scheme="red",
            loading=S.busy,
            on_click=S.confirm_delete_asset,
            id="confirm-delete",
        ),
        open_=S.confirm_delete,
        cancel_label="Keep it",
        on_cancel=S.cancel_delete,
        close_on_confirm=False,
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
                        rx.cond(
                            d.kind == "video",
                            rx.link(
                                rx.button(
                                    rx.icon("scissors", size=16),
                                    "Edit",
                                    variant="outline",
                                    cursor="pointer",
                                ),
                                href="/editor/open/" + d.id,
                                underline="none",
                                id="detail-edit",
                            ),
                        ),
                        rx.cond(
                            d.srt != "",
                            rx.hstack(
                                rx.link(
                                    rx.button(
                                        rx.icon("captions", size=16),
                                        "Captions .srt",
                                        variant="soft",
                                        cursor="pointer",
                                    ),
                                    href=d.srt,
                                    underline="none",
                                    id="detail-srt",
                                ),
                                rx.link(
                                    rx.button(".vtt", variant="soft", cursor="pointer"),
                                    href=d.vtt,
                                    underline="none",
                                    id="detail-vtt",
                                ),
                                align="center",
                                gap="8px",
                            ),
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
