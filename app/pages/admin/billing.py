"""/admin/billing: credit adjustments, prices, plans and quotas, and the system switches."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.admin_nav import admin_nav
from app.components.layout import page_frame, section
from app.pages.admin.widgets import adjust_credits, labelled, system_switches
from app.state.admin.billing import AdminBillingState as S


def _price_row(row: rx.Var) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.badge(row["kind"], variant="soft", width="60px"),
            rx.text(row["name"], weight="medium", flex="1"),
            rx.text("per ", row["unit"], size="1", color=theme.MUTED, width="90px"),
            rx.input(type="hidden", name="kind", value=row["kind"]),
            rx.input(type="hidden", name="name", value=row["name"]),
            rx.input(name="credits", default_value=row["credits"], type="number", min=0, width="90px"),
            rx.button("Save", type="submit", variant="soft", size="2"),
            align="center",
            width="100%",
            padding_y="6px",
            border_bottom=f"1px solid {theme.BORDER}",
        ),
        on_submit=S.save_price,
        reset_on_submit=False,
        key=row["kind"] + row["name"] + row["credits"],
    )


def _prices() -> rx.Component:
    return rx.box(
        rx.text("Credits per image, per clip or per second. Changes apply to new jobs.", color=theme.MUTED),
        rx.vstack(rx.foreach(S.price_rows, _price_row), spacing="0", width="100%", margin_top="12px"),
        style=theme.card,
    )


def _plans() -> rx.Component:
    f = S.plan_form
    return rx.box(
        rx.hstack(
            rx.text("Plan", weight="medium"),
            rx.select(
                S.plan_ids,
                value=S.plan_id,
                on_change=S.select_plan,
                id="admin-plan-select",
                custom_attrs={"aria-label": "Plan"},
            ),
            align="center",
            spacing="3",
            margin_bottom="16px",
        ),
        rx.form(
            rx.grid(
                labelled("Name", rx.input(name="name", default_value=f["name"])),
                labelled("Price (major units)", rx.input(name="price", default_value=f["price"])),
                labelled("Currency", rx.input(name="currency", default_value=f["currency"], max_length=3)),
                labelled(
                    "Monthly credits", rx.input(name="credits", default_value=f["credits"], type="number")
                ),
                labelled(
                    "Sign-up credits (free)",
                    rx.input(name="signup_credits", default_value=f["signup_credits"], type="number"),
                ),
                labelled(
                    "Creem product id", rx.input(name="creem_product_id", default_value=f["creem_product_id"])
                ),
                labelled(
                    "Hour pass images",
                    rx.input(name="hour_images", default_value=f["hour_images"], type="number"),
                ),
                labelled(
                    "Hour pass videos",
                    rx.input(name="hour_videos", default_value=f["hour_videos"], type="number"),
                ),
                columns=rx.breakpoints(initial="1", md="2", lg="4"),
                gap="12px",
                width="100%",
            ),
            rx.heading("Quotas", size="3", margin_top="20px"),
            rx.text("Leave empty for unlimited; 0 means not included.", size="1", color=theme.MUTED),
            rx.grid(
                rx.foreach(
                    S.plan_quota_rows,
                    lambda q: labelled(
                        q["label"],
                        rx.input(name="quota:" + q["key"], default_value=q["value"], type="number"),
                    ),
                ),
                columns=rx.breakpoints(initial="1", md="2", lg="3"),
                gap="12px",
                margin_top="8px",
            ),
            labelled(
                "Features (one per line)",
                rx.text_area(name="features", default_value=f["features"], rows="4"),
            ),
            rx.button("Save plan", type="submit", size="3", style=theme.primary_button, margin_top="16px"),
            on_submit=S.save_plan,
            reset_on_submit=False,
            key=S.plan_id + f["name"] + f["price"] + f["credits"],
        ),
        style=theme.card,
    )


def _match(u: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(u["email"], flex="1", size="2"),
        rx.badge(u["plan"]),
        rx.text(u["balance"], " cr", size="2", color=theme.MUTED),
        rx.button("Pick", size="1", variant="soft", on_click=S.pick_user(u["id"])),
        width="100%",
        align="center",
        padding_y="4px",
    )


def _credits() -> rx.Component:
    adjust_form, adjust_dialog = adjust_credits(
        S, S.target_label, amount_id="adjust-amount", confirm_id="confirm-adjust"
    )
    return rx.box(
        rx.form(
            rx.hstack(
                rx.input(
                    name="q", placeholder="Find a user by email or name", flex="1", id="admin-user-search"
                ),
                rx.button("Search", type="submit", variant="outline"),
                width="100%",
            ),
            on_submit=S.search_users,
            reset_on_submit=False,
        ),
        rx.vstack(rx.foreach(S.user_matches, _match), spacing="0", width="100%", margin_top="8px"),
        rx.cond(
            S.target_id != "",
            rx.box(
                rx.text(
                    "Adjusting ", rx.text.strong(S.target_label), " · balance ", S.target_balance, " credits"
                ),
                adjust_form,
                margin_top="16px",
                padding_top="16px",
                border_top=f"1px solid {theme.BORDER}",
            ),
            rx.text(
                "Search and pick a user to adjust their credits.",
                color=theme.MUTED,
                size="2",
                margin_top="12px",
            ),
        ),
        adjust_dialog,
        style=theme.card,
    )


def admin_billing() -> rx.Component:
    return page_frame(
        section(
            admin_nav("billing"),
            rx.hstack(
                rx.heading("Billing admin", as_="h1", size="8"),
                rx.link("All users", href="/admin/users"),
                justify="between",
                align="center",
                margin_bottom="24px",
            ),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger("Credits", value="credits"),
                    rx.tabs.trigger("Prices", value="prices"),
                    rx.tabs.trigger("Plans and quotas", value="plans"),
                    rx.tabs.trigger("Switches", value="config"),
                ),
                rx.tabs.content(_credits(), value="credits", padding_top="16px"),
                rx.tabs.content(_prices(), value="prices", padding_top="16px"),
                rx.tabs.content(_plans(), value="plans", padding_top="16px"),
                rx.tabs.content(system_switches(S, "switch"), value="config", padding_top="16px"),
                default_value="credits",
            ),
        )
    )
