"""The signed-in home page."""

from __future__ import annotations

import reflex as rx

from app.components import theme
from app.components.layout import page_frame, page_title, section
from app.components.progress import progress_bar, status_badge
from app.components.upgrade import upgrade_dialog, upgrade_prompt
from app.state.auth import AuthState
from app.state.dashboard import DashboardState


def _stat(label: str, value, hint, id: str, extra: rx.Component | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", color=theme.MUTED, weight="medium"),
        rx.text(value, size="8", weight="bold", id=id),
        rx.hstack(rx.text(hint, size="1", color=theme.MUTED), extra or rx.fragment(), spacing="2"),
        spacing="1",
        style=theme.card,
    )


def _quota_bar(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row["label"], size="2", weight="medium"),
            rx.text(row["text"], size="1", color=theme.MUTED),
            justify="between",
            width="100%",
        ),
        rx.cond(
            row["limited"] == "yes",
            # A plain bar: Radix's progress reads a string value as "indeterminate" (a full bar).
            rx.box(
                rx.box(
                    height="100%",
                    width=f"{row['percent']}%",
                    border_radius="999px",
                    background_color=f"var(--{row['color']}-9)",
                ),
                width="100%",
                height="8px",
                border_radius="999px",
                background_color=theme.BORDER,
                role="progressbar",
                aria_label=row["label"],
                aria_valuenow=row["percent"],
                aria_valuemin="0",
                aria_valuemax="100",
            ),
        ),
        spacing="1",
        width="100%",
    )


def credit_widgets() -> rx.Component:
    """Balance, held credits, plan, quotas and 30 days of spending."""
    return rx.vstack(
        rx.cond(
            DashboardState.upgrade_message != "",
            upgrade_prompt(DashboardState.upgrade_message, DashboardState.upgrade_plan, id="upgrade-prompt"),
        ),
        rx.grid(
            _stat("Credits", DashboardState.balance, "available to spend", "credit-balance"),
            _stat("Held", DashboardState.frozen, "reserved by running jobs", "credit-frozen"),
            _stat(
                "Plan",
                DashboardState.plan_name,
                "",
                "credit-plan",
                rx.link("Change plan", href="/pricing", size="2", id="change-plan-link"),
            ),
            _stat(
                "Spent (30 days)",
                DashboardState.spent_30d,
                "",
                "credit-spent",
                rx.link("Usage history", href="/billing/usage", size="2", id="usage-link"),
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            gap="16px",
            width="100%",
        ),
        rx.grid(
            rx.vstack(
                rx.heading("Credits spent per day", size="4"),
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    rx.recharts.bar(data_key="credits", fill=theme.PRIMARY, radius=[4, 4, 0, 0]),
                    rx.recharts.x_axis(data_key="day", interval=4, font_size=12),
                    rx.recharts.y_axis(allow_decimals=False, width=36, font_size=12),
                    rx.recharts.graphing_tooltip(),
                    data=DashboardState.spent_chart,
                    width="100%",
                    height=240,
                ),
                style=theme.card,
                width="100%",
                id="spend-chart",
            ),
            rx.vstack(
                rx.heading("Quotas", size="4"),
                rx.foreach(DashboardState.quota_rows, _quota_bar),
                spacing="3",
                style=theme.card,
                width="100%",
                id="quota-bars",
            ),
            columns=rx.breakpoints(initial="1", lg="2"),
            gap="16px",
            width="100%",
        ),
        upgrade_dialog(),
        spacing="4",
        width="100%",
        margin_top="24px",
    )


def _panel(title: str, *children, action: rx.Component | None = None, **props) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(title, size="4"),
            action or rx.fragment(),
            justify="between",
            align="center",
            width="100%",
        ),
        *children,
        spacing="3",
        style=theme.card,
        width="100%",
        **props,
    )


def _muted(text: str, icon: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, color="#94A3B8"),
        rx.text(text, size="2", color=theme.MUTED),
        spacing="2",
        align="center",
        padding_y="12px",
    )


def _thumb(item: rx.Var, size: str = "48px") -> rx.Component:
    return rx.cond(
        item["thumb"] != "",
        rx.image(
            src=item["thumb"],
            width=size,
            height=size,
            object_fit="cover",
            border_radius="8px",
            alt=item["prompt"],
        ),
        rx.center(
            rx.icon(rx.cond(item["kind"] == "video", "film", "image"), size=18, color="#94A3B8"),
            width=size,
            height=size,
            min_width=size,
            border_radius="8px",
            background_color=theme.SURFACE,
        ),
    )


def _running_job(job: rx.Var) -> rx.Component:
    return rx.link(
        rx.vstack(
            rx.hstack(
                rx.icon(
                    rx.cond(job["kind"] == "video", "clapperboard", "image"), size=16, color=theme.PRIMARY
                ),
                rx.text(
                    job["prompt"],
                    size="2",
                    weight="medium",
                    flex="1",
                    **theme.one_line,
                ),
                status_badge(job["status"]),
                spacing="2",
                align="center",
                width="100%",
            ),
            progress_bar(job["progress"], height="6px"),
            rx.text(job["step"], " · ", job["progress"], "%", size="1", color=theme.MUTED),
            spacing="1",
            width="100%",
        ),
        href=job["href"],
        underline="none",
        color=theme.INK,
        width="100%",
    )


def _running_batch(b: rx.Var) -> rx.Component:
    return rx.link(
        rx.vstack(
            rx.hstack(
                rx.icon("table", size=16, color=theme.PRIMARY),
                rx.text(b["filename"], size="2", weight="medium", flex="1"),
                rx.text(b["progress"], "%", size="2", weight="bold"),
                spacing="2",
                align="center",
                width="100%",
            ),
            progress_bar(b["progress"], height="6px", color=theme.SUCCESS),
            rx.text(b["counts"], size="1", color=theme.MUTED),
            spacing="1",
            width="100%",
        ),
        href=b["href"],
        underline="none",
        color=theme.INK,
        width="100%",
    )


def _expiring(a: rx.Var) -> rx.Component:
    return rx.hstack(
        _thumb(a, "40px"),
        rx.vstack(
            rx.text(
                a["prompt"],
                size="2",
                **theme.one_line,
                max_width="220px",
            ),
            rx.text(a["expires_in"], size="1", color=theme.WARNING, weight="medium"),
            spacing="0",
            flex="1",
        ),
        rx.link(
            rx.icon_button(rx.icon("download", size=15), size="1", variant="soft", aria_label="Download"),
            href="/library",
        ),
        spacing="3",
        align="center",
        width="100%",
    )


def _recent(a: rx.Var) -> rx.Component:
    return rx.link(
        rx.box(
            rx.cond(
                a["thumb"] != "",
                rx.image(
                    src=a["thumb"],
                    width="100%",
                    height="100%",
                    object_fit="cover",
                    alt=a["prompt"],
                    loading="lazy",
                ),
                rx.center(rx.icon("film", size=22, color="#94A3B8"), width="100%", height="100%"),
            ),
            rx.cond(
                a["kind"] == "video",
                rx.center(
                    rx.icon("play", size=14, color="white", fill="white"),
                    position="absolute",
                    bottom="6px",
                    left="6px",
                    width="24px",
                    height="24px",
                    border_radius="999px",
                    background_color="rgba(15,23,42,.7)",
                ),
            ),
            position="relative",
            aspect_ratio="1",
            border_radius="10px",
            overflow="hidden",
            background_color=theme.SURFACE,
            border=f"1px solid {theme.BORDER}",
            title=a["prompt"],
        ),
        href="/library",
    )


def activity_widgets() -> rx.Component:
    """Running work, expiring files, recent assets and what was made per day."""
    running = _panel(
        "Running now",
        rx.cond(
            DashboardState.has_running,
            rx.vstack(
                rx.foreach(DashboardState.running_jobs, _running_job),
                rx.foreach(DashboardState.running_batches, _running_batch),
                spacing="4",
                width="100%",
            ),
            _muted("Nothing running. New images and videos show their progress here.", "circle-check"),
        ),
        action=rx.link("All jobs", href="/jobs", size="2"),
        id="running-panel",
    )
    expiring = _panel(
        "Expiring soon",
        rx.cond(
            DashboardState.expiring.length() > 0,
            rx.vstack(
                rx.foreach(DashboardState.expiring, _expiring),
                rx.text(
                    "Download what you want to keep, or upgrade for longer storage.",
                    size="1",
                    color=theme.MUTED,
                ),
                spacing="3",
                width="100%",
            ),
            _muted("Nothing expires in the next two days.", "calendar-check"),
        ),
        action=rx.link("Library", href="/library", size="2"),
        id="expiring-panel",
    )
    recent = _panel(
        "Recent assets",
        rx.cond(
            DashboardState.recent_assets.length() > 0,
            rx.grid(
                rx.foreach(DashboardState.recent_assets, _recent),
                columns=rx.breakpoints(initial="3", sm="6"),
                gap="10px",
                width="100%",
            ),
            rx.hstack(
                _muted("No assets yet.", "image"),
                rx.link("Create an image", href="/studio/image", size="2"),
                rx.link("Create a video", href="/studio/video", size="2"),
                spacing="4",
                align="center",
                wrap="wrap",
            ),
        ),
        action=rx.link("Open library", href="/library", size="2"),
        id="recent-assets",
    )
    chart = _panel(
        "Images and videos per day",
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
            rx.recharts.bar(data_key="Images", stack_id="m", fill="#60A5FA"),
            rx.recharts.bar(data_key="Videos", stack_id="m", fill=theme.PRIMARY, radius=[4, 4, 0, 0]),
            rx.recharts.x_axis(data_key="day", interval=4, font_size=12),
            rx.recharts.y_axis(allow_decimals=False, width=36, font_size=12),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(icon_size=10),
            data=DashboardState.made_chart,
            width="100%",
            height=240,
        ),
        action=rx.text(
            DashboardState.made_30d["images"],
            " images · ",
            DashboardState.made_30d["videos"],
            " videos in 30 days",
            size="2",
            color=theme.MUTED,
        ),
        id="made-chart",
    )
    return rx.vstack(
        rx.grid(
            running,
            rx.cond(DashboardState.has_expiry_panel, expiring, rx.fragment()),
            columns=rx.cond(DashboardState.has_expiry_panel, rx.breakpoints(initial="1", lg="2"), "1"),
            gap="16px",
            width="100%",
        ),
        recent,
        chart,
        spacing="4",
        width="100%",
        margin_top="16px",
    )


def _link_card(icon: str, title: str, text: str, href: str) -> rx.Component:
    return rx.link(
        rx.box(
            rx.hstack(rx.icon(icon), rx.heading(title, size="4")),
            rx.text(text, color=theme.MUTED, size="2"),
            style=theme.card,
        ),
        href=href,
        underline="none",
    )


def dashboard() -> rx.Component:
    return page_frame(
        section(
            rx.heading("Hello, ", AuthState.display_name, as_="h1", size="8", id="dashboard-heading"),
            rx.text("Your plan: ", rx.text.strong(DashboardState.plan_name), color=theme.MUTED),
            credit_widgets(),
            activity_widgets(),
            rx.grid(
                _link_card(
                    "user",
                    "Profile and API keys",
                    "Your details, password and keys for the REST API.",
                    "/profile",
                ),
                rx.cond(
                    AuthState.is_admin,
                    _link_card("shield", "Admin", "Every account, plan and balance.", "/admin/users"),
                ),
                rx.cond(
                    AuthState.is_admin,
                    _link_card(
                        "coins",
                        "Billing admin",
                        "Prices, plans, switches and credit adjustments.",
                        "/admin/billing",
                    ),
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                gap="20px",
                margin_top="24px",
            ),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(dashboard, route="/dashboard", title=page_title("Dashboard"), on_load=DashboardState.load)
