"""The brief both studios ask for (mode and product photo, prompt, product, selling points, brand)
and the controls column that ends in the cost bar and the main action.

Each piece takes the studio's state class: both studio states share these vars
and handlers through ``StudioMixin``, so one component serves both pages.
"""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.studio.history_picker import history_picker
from app.components.studio.layout import choice_group, field_label, toggle_row
from app.components.studio.pickers import cost_bar, upload_zone
from app.components.studio.prompt import enhance_dialog, prompt_box
from app.state.studio.base import StudioMixin

Studio = type[StudioMixin]


def mode_and_photo(
    S: Studio, modes: tuple[tuple[str, str], tuple[str, str]], id: str, upload_id: str, photo_hint: str
) -> list[rx.Component]:
    """From text or from a product photo; the drop zone shows for the photo mode (the second one)."""
    return [
        choice_group(modes, S.mode, S.set_mode, id),
        rx.cond(
            S.mode == modes[1][0],
            rx.vstack(
                field_label("Product photo", photo_hint),
                upload_zone(
                    upload_id,
                    S.handle_upload,
                    preview=S.upload_preview,
                    name=S.upload_name,
                    uploading=S.uploading,
                    error=S.upload_error,
                    on_clear=S.clear_upload,
                ),
                rx.hstack(
                    rx.text("or use an image you made before", size="1", color=theme.MUTED),
                    history_picker(S),
                    align="center",
                    justify="between",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
        ),
    ]


def studio_prompt(S: Studio, placeholder: str, **props) -> rx.Component:
    return prompt_box(
        value=S.prompt,
        on_change=S.set_prompt,
        on_enhance=S.enhance,
        enhancing=S.enhancing,
        error=S.enhance_error,
        can_revert=S.prompt_before_enhance != "",
        on_revert=S.revert_prompt,
        placeholder=placeholder,
        **props,
    )


def product_name(S: Studio, hint: str) -> rx.Component:
    return rx.vstack(
        field_label("Product name", hint, "product-name"),
        rx.input(
            value=S.product_name,
            on_change=S.set_product_name,
            placeholder="e.g. AquaPeak Bottle",
            id="product-name",
            width="100%",
            max_length=200,
        ),
        spacing="1",
        width="100%",
    )


def selling_points(S: Studio, hint: str, placeholder: str) -> rx.Component:
    return rx.vstack(
        field_label("Selling points", hint, "selling-points"),
        rx.text_area(
            value=S.selling_points,
            on_change=S.set_selling_points,
            placeholder=placeholder,
            id="selling-points",
            rows="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def brand_toggle(S: Studio, hint: str) -> rx.Component:
    return toggle_row("Use my brand profile", hint, S.use_brand, S.set_use_brand, "use-brand")


def enhance_review(S: Studio) -> rx.Component:
    """The enhanced prompt beside the original, opened by the prompt's Enhance button."""
    return enhance_dialog(
        open_=S.enhance_open,
        original=S.enhance_original,
        text=S.enhance_text,
        on_text=S.set_enhance_text,
        diff=S.enhance_diff,
        summary=S.enhance_summary,
        notes=S.enhance_notes,
        engine=S.enhance_engine,
        on_accept=S.accept_enhanced,
        on_discard=S.discard_enhanced,
    )


def controls_column(
    S: Studio, *panels: rx.Component, error: rx.Var, action: rx.Component, note: str = ""
) -> rx.Component:
    """The numbered panels, then the live total, the balance and the main action."""
    return rx.vstack(
        *panels,
        cost_bar(
            total=S.total_cost_text,
            balance=S.balance,
            can_afford=S.can_afford,
            error=error,
            button=action,
            note=note,
        ),
        spacing="4",
        width="100%",
    )


def main_action(icon: str, label: rx.Var | str, on_click, loading: rx.Var, id: str) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=16),
        label,
        size="3",
        width="100%",
        on_click=on_click,
        loading=loading,
        id=id,
        style=theme.primary_button,
    )
