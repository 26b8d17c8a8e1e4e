"""The templates package's limits, job kinds and price (the price lives in billing's table)."""

from __future__ import annotations

from app.services import billing

RENDER_KIND = "template_render"  # one video from a template and a set of values (paid)
PREVIEW_KIND = "template_preview"  # the gallery's preview of a template with its defaults (free)
# Credits per rendered video: an "extra" in the pricing table, admin-editable.
RENDER_PRICE = "template_render"
DEFAULT_RENDER_CREDITS = 2
MAX_NAME = 120
MAX_TEMPLATES = 200  # per account
MAX_CHAIN = 6  # root, child, grandchild ...
MAX_ACTIVE_RENDERS = 4  # a user's renders at once (a batch's rows do not count)
MODEL = "template"  # the asset's and job's model column
WATERMARK = "Content Studio · Free plan"


def render_price() -> int:
    """Credits one template render costs."""
    try:
        return billing.extra_cost(RENDER_PRICE)
    except billing.PricingError:
        return DEFAULT_RENDER_CREDITS
