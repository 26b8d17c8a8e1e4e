"""/variants (the list), /variants/[set_id] (side by side), /variants/new (from a batch row)."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title, section
from app.components.pager import pager_for
from app.components.progress import progress_bar, status_badge
from app.components.studio.layout import choice_group, field_label
from app.components.variants import COUNTS
from app.state.variants import RowVariantsState, VariantListState, VariantSetState

S = VariantSetState

# Videos of one set play together: any play/pause/seek is mirrored on the others.
SYNC_SCRIPT = """
(() => {
  if (window.__variantSync) return; window.__variantSync = true;
  let busy = false;
  const others = (v) => Array.from(document.querySelectorAll('video.variant-video')).filter((o) => o !== v);
  for (const type of ['play', 'pause', 'seeked']) {
    document.addEventListener(type, (e) => {
      const v = e.target;
      if (busy || !(v instanceof HTMLVideoElement) || !v.classList.contains('variant-video')) return;
      busy = true;
      for (const o of others(v)) {
        if (Math.abs(o.currentTime - v.currentTime) > 0.2) o.currentTime = v.currentTime;
        if (type === 'play') o.play().catch(() => {}); else if (type === 'pause') o.pause();
      }
      setTimeout(() => { busy = false; }, 50);
    }, true);
  }
})();
"""


def _media(tile: rx.Var) -> rx.Component:
    return rx.cond(
        tile["url"] != "",
        rx.cond(
            S.kind == "video",
            rx.el.video(
                src=tile["url"],
                controls=True,
                muted=True,
                loop=True,
                plays_inline=True,
                class_name="variant-video",
                width="100%",
                style={"border_radius": "8px", "background": "#000"},
            ),
            rx.link(
                rx.image(
                    src=tile["url"],
                    alt=tile["label"],
                    width="100%",
                    style={"border_radius": "8px", "aspect_ratio": "auto"},
                    class_name="variant-image",
                ),
                href=tile["url"],
                is_external=True,
            ),
        ),
        rx.center(
            rx.cond(
                tile["status"] == "failed",
                rx.text(tile["error"], size="2", color="#B91C1C", text_align="center"),
                rx.vstack(
                    rx.spinner(size="3"),
                    rx.text(tile["step"], size="1", color=theme.MUTED),
                    align="center",
                ),
            ),
            width="100%",
            min_height="220px",
            style={"border_radius": "8px", "background": "#F3F4F6", "padding": "12px"},
        ),
    )


def _tile(tile: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.badge("#" + tile["position"], variant="soft"),
            rx.spacer(),
            status_badge(tile["status"]),
            width="100%",
            align="center",
        ),
        _media(tile),
        rx.text(tile["label"], size="2", weight="medium", class_name="variant-label"),
        spacing="2",
        width="100%",
        style={**theme.card, "padding": "12px"},
        class_name="variant-tile",
    )


def variant_set_page() -> rx.Component:
    return page_frame(
        rx.script(SYNC_SCRIPT),
        section(
            rx.cond(
                S.not_found,
                rx.vstack(
                    rx.heading("Variant set not found", size="6"),
                    rx.link("Back to your variant sets", href="/variants"),
                    padding_y="48px",
                ),
                rx.vstack(
                    rx.hstack(
                        rx.vstack(
                            rx.link("← Variant sets", href="/variants", size="2"),
                            rx.heading(S.title, size="7", id="variant-set-title"),
                            rx.text(
                                S.dimension_label
                                + " variants · "
                                + S.tiles.length().to_string()
                                + " versions",
                                color=theme.MUTED,
                            ),
                            spacing="1",
                        ),
                        rx.spacer(),
                        rx.button(
                            rx.icon("download", size=16),
                            "Download ZIP",
                            on_click=S.download_zip,
                            disabled=S.running,
                            id="variants-zip",
                        ),
                        width="100%",
                        align="end",
                    ),
                    rx.cond(
                        S.running,
                        rx.vstack(
                            rx.text("Making your variants… " + S.progress.to_string() + "%", size="2"),
                            progress_bar(S.progress),
                            width="100%",
                            id="variants-progress",
                        ),
                    ),
                    rx.grid(
                        rx.foreach(S.tiles, _tile),
                        columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                        spacing="4",
                        width="100%",
                        id="variant-grid",
                    ),
                    spacing="5",
                    width="100%",
                    padding_y="32px",
                ),
            ),
        ),
    )


def _set_row(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.vstack(
                rx.text(item["title"], weight="medium"),
                rx.text(
                    item["kind"]
                    + " · "
                    + item["dimension"]
                    + " · "
                    + item["count"]
                    + " variants · "
                    + item["created"],
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="1",
            ),
            rx.spacer(),
            status_badge(item["status"]),
            width="100%",
            align="center",
            style={**theme.card, "padding": "14px"},
        ),
        href="/variants/" + item["id"],
        underline="none",
        color="inherit",
        width="100%",
        class_name="variant-set-row",
    )


def variant_list_page() -> rx.Component:
    L = VariantListState
    return page_frame(
        section(
            rx.vstack(
                rx.heading("A/B variant sets", size="7"),
                rx.text(
                    "Versions of one image or video that differ in one thing: the hook, the call to "
                    "action, the style, the seed or the music.",
                    color=theme.MUTED,
                ),
                rx.cond(
                    L.total == 0,
                    rx.vstack(
                        rx.icon("columns_3", size=32, color=theme.MUTED),
                        rx.text("No variant sets yet.", weight="medium"),
                        rx.text(
                            "Open the image or video studio, describe your product and press Make variants.",
                            size="2",
                            color=theme.MUTED,
                        ),
                        rx.hstack(
                            rx.link(rx.button("Image studio"), href="/studio/image"),
                            rx.link(rx.button("Video studio", variant="soft"), href="/studio/video"),
                        ),
                        align="center",
                        padding="40px",
                        width="100%",
                        style=theme.card,
                        id="variants-empty",
                    ),
                    rx.vstack(rx.foreach(L.sets, _set_row), pager_for(L), width="100%", spacing="2"),
                ),
                spacing="4",
                width="100%",
                padding_y="32px",
            )
        )
    )


def row_variants_page() -> rx.Component:
    R = RowVariantsState
    return page_frame(
        section(
            rx.vstack(
                rx.link("← Back to the batch", href="/batches/" + R.batch_id, size="2"),
                rx.heading("Variants of row " + R.row.to_string(), size="7"),
                rx.text(R.product, color=theme.MUTED, id="row-variant-product"),
                field_label("What differs"),
                rx.select.root(
                    rx.select.trigger(id="row-variant-dimension", width="100%"),
                    rx.select.content(rx.foreach(R.dimensions, lambda d: rx.select.item(d[1], value=d[0]))),
                    value=R.dimension,
                    on_change=R.set_dimension,
                ),
                field_label("Number of variants"),
                choice_group(COUNTS, R.count.to_string(), R.set_count, "row-variant-count"),
                rx.text(R.price, size="2", id="row-variant-price"),
                rx.cond(
                    R.error != "", rx.callout(R.error, icon="triangle_alert", color_scheme="red", size="1")
                ),
                rx.button("Make variants", on_click=R.submit, size="3", id="row-make-variants"),
                spacing="3",
                max_width="520px",
                padding_y="32px",
            )
        )
    )


def register(app: rx.App) -> None:
    app.add_page(
        variant_list_page, route="/variants", title=page_title("Variants"), on_load=VariantListState.load
    )
    app.add_page(
        row_variants_page,
        route="/variants/new",
        title=page_title("New variants"),
        on_load=RowVariantsState.load,
    )
    app.add_page(
        variant_set_page,
        route="/variants/[set_id]",
        title=page_title("Variants"),
        on_load=VariantSetState.load,
    )
