"""Pieces the admin pages share: stat cards, share bars, empty notes, the switches and credit forms."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.dialogs import confirm_dialog
from app.components.layout import page_title
from app.components.pager import pager
from app.state.admin.credit_adjustment import CreditAdjustmentMixin
from app.state.admin.switches import SystemSwitchesMixin


def title(name: str) -> str:
    return page_title(f"Admin · {name}")


def stat(label: str, value, id: str, hint=None, color: str = theme.INK) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", color=theme.MUTED, weight="medium"),
        rx.text(value, size="7", weight="bold", id=id, color=color),
        rx.text(hint, size="1", color=theme.MUTED) if hint is not None else rx.fragment(),
        spacing="1",
        style={**theme.card, "padding": "16px 20px"},
        width="100%",
    )


def share_bar(percent, color: str = theme.ERROR) -> rx.Component:
    return rx.box(
        rx.box(height="100%", width=percent.to(str) + "%", background_color=color, border_radius="999px"),
        height="6px",
        width="100%",
        background_color=theme.BORDER,
        border_radius="999px",
        overflow="hidden",
    )


def failure_row(r: rx.Var) -> rx.Component:
    """An error code, its label and count over a bar of its share."""
    return rx.vstack(
        rx.hstack(
            rx.hstack(
                rx.code(r["code"], size="1"),
                rx.text(r["label"], size="2", color=theme.MUTED),
                spacing="2",
                align="center",
            ),
            rx.text(r["count"], weight="bold", size="2"),
            justify="between",
            width="100%",
        ),
        share_bar(r["percent"]),
        spacing="1",
        width="100%",
    )


def empty_note(icon: str, text: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=26, color="#94A3B8"),
            rx.text(text, color=theme.MUTED, size="2"),
            align="center",
        ),
        padding="36px",
        border=f"1px dashed {theme.BORDER}",
        border_radius="14px",
        width="100%",
    )


def list_pager(page, count, on_turn, label: str = "") -> rx.Component:
    return rx.box(pager(page=page, page_count=count, on_turn=on_turn, label=label), margin_top="12px")


def labelled(label, control: rx.Component) -> rx.Component:
    """The label wraps its control: a <label> names the input inside it for screen readers."""
    return rx.el.label(
        rx.vstack(rx.text(label, size="2", weight="medium"), control, spacing="1", width="100%"),
        width="100%",
    )


def table_of(headers: list[rx.Component], rows: rx.Component, **props) -> rx.Component:
    """A compact table that scrolls sideways on narrow screens."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*headers)),
            rx.table.body(rows),
            width="100%",
            size="1",
            **props,
        ),
        overflow_x="auto",
    )


def _switch_row(label: str, hint: str, checked, on_change, id: str) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(label, weight="medium"), rx.text(hint, size="1", color=theme.MUTED), spacing="0"),
        rx.switch(checked=checked, on_change=on_change, id=id, size="3", aria_label=label),
        justify="between",
        align="center",
        width="100%",
        padding_y="10px",
        border_bottom=f"1px solid {theme.BORDER}",
    )


def system_switches(S: type[SystemSwitchesMixin], id_prefix: str, **props) -> rx.Component:
    """Generation on/off, video on/off and the limits; the ops and billing pages both show them."""
    return rx.box(
        rx.heading("System switches", size="4"),
        rx.text("Take effect at once for new jobs.", size="2", color=theme.MUTED),
        _switch_row(
            "Generation enabled",
            "Off pauses every new image and video job.",
            S.generation_enabled,
            S.set_generation,
            f"{id_prefix}-generation",
        ),
        _switch_row(
            "Video generation enabled",
            "Off pauses new video jobs only.",
            S.video_enabled,
            S.set_video,
            f"{id_prefix}-video",
        ),
        rx.form(
            rx.grid(
                labelled(
                    "Concurrent jobs per user",
                    rx.input(name="concurrency", default_value=S.concurrency, type="number", min=1, max=100),
                ),
                rx.foreach(
                    S.retention,
                    lambda r: labelled(
                        "Keep assets (days) · " + r[2],
                        rx.input(name="retention:" + r[0], default_value=r[1], type="number", min=1),
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                gap="12px",
                margin_top="16px",
            ),
            rx.button("Save limits", type="submit", variant="soft", margin_top="12px"),
            on_submit=S.save_limits,
            reset_on_submit=False,
            key=S.concurrency,
        ),
        style=theme.card,
        **props,
    )


def adjust_credits(S: type[CreditAdjustmentMixin], who: rx.Var, *, amount_id: str, confirm_id: str):
    """The amount and reason form, and the dialog that confirms them before the ledger changes."""
    form = rx.form(
        rx.vstack(
            rx.text("Amount (negative takes credits away, never below zero)", size="2", weight="medium"),
            rx.input(name="amount", placeholder="e.g. 50 or -20", type="number", id=amount_id, width="100%"),
            rx.text("Reason (kept in the ledger)", size="2", weight="medium"),
            rx.input(name="reason", placeholder="Goodwill for a failed batch", max_length=500, width="100%"),
            rx.button("Review adjustment", type="submit", style=theme.primary_button, margin_top="8px"),
            spacing="2",
            align_items="start",
            margin_top="12px",
        ),
        on_submit=S.ask_confirm,
        reset_on_submit=True,
    )
    dialog = confirm_dialog(
        title="Apply this adjustment?",
        description=rx.text(S.adjust_amount, " credits for ", who, ". Reason: ", S.adjust_reason),
        confirm=rx.button("Apply", on_click=S.apply_adjustment, style=theme.primary_button, id=confirm_id),
        open_=S.confirm_open,
        on_cancel=S.cancel_confirm,
    )
    return form, dialog
