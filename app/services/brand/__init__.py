"""The brand tone profile: reading a company's website (safely) into tone, features, audience and
palette, the user's edits, and the context prompts and ad plans take from it.

The public module of the brand package: pages, state, the REST API, workers and the other domain
packages import these names from ``app.services.brand`` only.
"""

from app.services.brand.analysis import BrandAnalysis, normalize_hex
from app.services.brand.analysis_job import (
    AnalysisView,
    analyze,
    cancel_analysis,
    latest_analysis,
    run_analysis_job,
    start_analysis,
)
from app.services.brand.context import BrandContext
from app.services.brand.crawler import CrawlError, CrawlResult, crawl
from app.services.brand.pages import PageData, parse_page
from app.services.brand.profile import ProfileView, get_profile, prompt_context, update_profile
from app.services.brand.profile_fields import (
    EDITABLE_FIELDS,
    MAX_AUDIENCE_CHARS,
    MAX_FEATURE_CHARS,
    MAX_FEATURE_ITEMS,
    MAX_KEYWORD_CHARS,
    MAX_NAME_CHARS,
    MAX_PALETTE_ITEMS,
    MAX_STYLE_ITEMS,
    MAX_TONE_ITEMS,
    check_website,
    validate_changes,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_AUDIENCE_CHARS",
    "MAX_FEATURE_CHARS",
    "MAX_FEATURE_ITEMS",
    "MAX_KEYWORD_CHARS",
    "MAX_NAME_CHARS",
    "MAX_PALETTE_ITEMS",
    "MAX_STYLE_ITEMS",
    "MAX_TONE_ITEMS",
    "AnalysisView",
    "BrandAnalysis",
    "BrandContext",
    "CrawlError",
    "CrawlResult",
    "PageData",
    "ProfileView",
    "analyze",
    "cancel_analysis",
    "check_website",
    "crawl",
    "get_profile",
    "latest_analysis",
    "normalize_hex",
    "parse_page",
    "prompt_context",
    "run_analysis_job",
    "start_analysis",
    "update_profile",
    "validate_changes",
]
