"""Brand colours and shared style values (one place, so pages stay consistent)."""

PRIMARY = "#2563EB"
PRIMARY_DARK = "#1D4ED8"
SUCCESS = "#10B981"
# Green text on white: SUCCESS itself reaches only 2.5:1 (fine for icons and bars, not for words).
SUCCESS_TEXT = "#047857"
WARNING = "#F59E0B"
ERROR = "#EF4444"
INK = "#0F172A"
MUTED = "#475569"
SURFACE = "#F8FAFC"
BORDER = "#E2E8F0"
PRIMARY_SOFT = "#EFF6FF"  # behind primary icons and selected cards

FONT_STACK = (
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Noto Sans', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'"
)

MAX_WIDTH = "1200px"

primary_button = {
    "background_color": PRIMARY,
    "color": "white",
    "_hover": {"background_color": PRIMARY_DARK},
    "cursor": "pointer",
}

# A tinted area inside a card: summaries, hints and side panels.
inset = {
    "background_color": SURFACE,
    "border": f"1px solid {BORDER}",
    "border_radius": "12px",
}

# Text cut to one line with an ellipsis (titles and prompts in narrow rows).
one_line = {"overflow": "hidden", "text_overflow": "ellipsis", "white_space": "nowrap"}

card = {
    "background_color": "white",
    "border": f"1px solid {BORDER}",
    "border_radius": "14px",
    "padding": "24px",
    "box_shadow": "0 1px 2px rgba(15, 23, 42, 0.04)",
}

global_style = {
    "font_family": FONT_STACK,
    "color": INK,
    "background_color": "white",
}
