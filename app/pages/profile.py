"""Profile: who you are, your password and your API keys."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.forms import error_callout, field, success_callout
from app.components.layout import page_frame, page_title, section
from app.state.profile import ProfileState


def _facts() -> rx.Component:
    def fact(label: str, value) -> rx.Component:
        return rx.vstack(
            rx.text(label, size="1", color=theme.MUTED), rx.text(value, weight="medium"), spacing="0"
        )

    return rx.box(
        rx.heading("Account", as_="h2", size="5", margin_bottom="16px"),
        rx.grid(
            fact("Email", ProfileState.user_email),
            fact("Plan", ProfileState.user_plan),
            fact("Member since", ProfileState.member_since),
            fact("Last sign-in", ProfileState.last_login),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="16px",
            margin_bottom="20px",
        ),
        rx.form(
            rx.hstack(
                rx.box(
                    field(
                        "Name",
                        "name",
                        placeholder="Your name",
                        required=False,
                        default_value=ProfileState.user_name,
                        auto_complete="name",
                    ),
                    flex="1",
                ),
                rx.button("Save", type="submit", size="3", variant="outline", cursor="pointer"),
                align="end",
                width="100%",
            ),
            on_submit=ProfileState.save_profile,
            reset_on_submit=False,
        ),
        error_callout(ProfileState.profile_error),
        success_callout(ProfileState.profile_message),
        style=theme.card,
    )


def _password() -> rx.Component:
    return rx.box(
        rx.heading("Password", as_="h2", size="5", margin_bottom="16px"),
        rx.form(
            rx.vstack(
                field(
                    "Current password",
                    "current_password",
                    "password",
                    required=False,
                    auto_complete="current-password",
                ),
                field(
                    "New password",
                    "new_password",
                    "password",
                    "At least 8 characters",
                    auto_complete="new-password",
                    min_length=8,
                ),
                field(
                    "Repeat the new password", "confirm_password", "password", auto_complete="new-password"
                ),
                error_callout(ProfileState.password_error),
                success_callout(ProfileState.password_message),
                rx.button("Change password", type="submit", size="3", style=theme.primary_button),
                spacing="3",
                width="100%",
            ),
            on_submit=ProfileState.change_password,
            reset_on_submit=True,
        ),
        style=theme.card,
    )


def _key_row(key: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(key["name"]),
        rx.table.cell(rx.code(key["prefix"])),
        rx.table.cell(key["created"]),
        rx.table.cell(key["last_used"]),
        rx.table.cell(
            rx.button(
                "Revoke",
                size="1",
                color_scheme="red",
                variant="soft",
                cursor="pointer",
                on_click=ProfileState.ask_revoke(key["id"]),
            )
        ),
    )


def _revoke_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Revoke this API key?"),
            rx.alert_dialog.description(
                rx.text(
                    "Scripts using ",
                    rx.text.strong(ProfileState.key_to_revoke_name),
                    " stop working at once. This cannot be undone.",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Keep it", variant="soft", color_scheme="gray", on_click=ProfileState.cancel_revoke
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Revoke key",
                        color_scheme="red",
                        id="confirm-revoke",
                        on_click=ProfileState.confirm_revoke,
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=ProfileState.key_to_revoke != "",
    )


def _api_keys() -> rx.Component:
    return rx.box(
        rx.heading("API keys", as_="h2", size="5"),
        rx.text(
            "Keys let your shop's scripts call the REST API as you. Send one as "
            "'Authorization: Bearer <key>'.",
            color=theme.MUTED,
            size="2",
            margin_bottom="16px",
        ),
        rx.form(
            rx.hstack(
                rx.box(field("Key name", "key_name", placeholder="e.g. Shopify sync"), flex="1"),
                rx.button("Create key", type="submit", size="3", style=theme.primary_button, id="create-key"),
                align="end",
                width="100%",
            ),
            on_submit=ProfileState.create_key,
            reset_on_submit=True,
        ),
        error_callout(ProfileState.key_error),
        rx.cond(
            ProfileState.new_key_secret != "",
            rx.callout(
                rx.vstack(
                    rx.text(
                        "Copy your new key ",
                        rx.text.strong(ProfileState.new_key_name),
                        " now. It will not be shown again.",
                    ),
                    rx.hstack(
                        rx.code(
                            ProfileState.new_key_secret, id="new-key-secret", size="2", word_break="break-all"
                        ),
                        rx.icon_button(
                            rx.icon("copy", size=14),
                            size="1",
                            variant="soft",
                            on_click=rx.set_clipboard(ProfileState.new_key_secret),
                            aria_label="Copy key",
                        ),
                        align="center",
                    ),
                    rx.button("Done", size="1", variant="soft", on_click=ProfileState.dismiss_new_key),
                    spacing="2",
                ),
                icon="key_round",
                color_scheme="green",
                margin_top="12px",
            ),
        ),
        rx.cond(
            ProfileState.keys.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Name"),
                        rx.table.column_header_cell("Key"),
                        rx.table.column_header_cell("Created"),
                        rx.table.column_header_cell("Last used"),
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(ProfileState.keys, _key_row)),
                width="100%",
                margin_top="16px",
                id="api-keys-table",
            ),
            rx.text("No API keys yet.", color=theme.MUTED, size="2", margin_top="16px"),
        ),
        _revoke_dialog(),
        style=theme.card,
    )


def profile() -> rx.Component:
    return page_frame(
        section(
            rx.heading("Your profile", as_="h1", size="8", margin_bottom="24px"),
            rx.vstack(_facts(), _password(), _api_keys(), spacing="5", width="100%"),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(profile, route="/profile", title=page_title("Profile"), on_load=ProfileState.load)
