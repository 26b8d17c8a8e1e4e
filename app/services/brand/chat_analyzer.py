"""The vendor brand analyzer: an LLM (DeepSeek, JSON mode) reads a digest of the crawled pages.

Its answer is validated; anything missing is filled from the local analysis, and any vendor
error falls back to the local analysis entirely.
"""

from __future__ import annotations

import logging

from app.providers.base import ChatModel
from app.providers.errors import ProviderError
from app.services.brand.analysis import BrandAnalysis, clean_analysis
from app.services.brand.crawler import CrawlResult
from app.services.brand.local_analyzer import analyze_local

log = logging.getLogger(__name__)


SYSTEM_PROMPT = """You are a brand strategist for an e-commerce content studio.
From excerpts of a company's website, describe the brand so that product images and video ads
can match it. Answer with one JSON object with exactly these keys:
- "name": the brand's name (string).
- "tone_keywords": 3 to 6 single lower-case adjectives for the brand's tone of voice,
  e.g. luxury, sustainable, playful, technical, minimalist, friendly.
- "product_features": 3 to 8 short phrases (at most 12 words each) naming concrete product
  features or selling points found on the site.
- "target_audience": one sentence (at most 200 characters) describing who the brand sells to.
- "style_keywords": 3 to 6 lower-case visual style words for imagery, e.g. minimalist,
  earthy tones, lifestyle photography, vibrant colors.
- "color_palette": up to 6 colours as "#RRGGBB", chosen from the candidate colours listed
  (most characteristic first); an empty list when none are given.
Only use what the excerpts support; never invent facts."""


def site_digest(crawl: CrawlResult, *, limit: int = 9000) -> str:
    """A compact text of the crawled pages for the LLM, most telling parts first."""
    lines = [f"Website: {crawl.site_url}"]
    for page in crawl.pages:
        lines.append(f"\n## Page {page.url}")
        if page.title:
            lines.append(f"Title: {page.title}")
        for key in ("description", "og:description", "keywords"):
            if page.meta.get(key):
                lines.append(f"{key}: {page.meta[key]}")
        lines += [f"{'#' * (level + 1)} {h}" for level, h in page.headings[:12]]
        lines += [f"- {li}" for li in page.list_items[:15]]
        lines += page.paragraphs[:10]
    text = "\n".join(lines)
    return text[:limit]


def analyze_with_chat(crawl: CrawlResult, model: ChatModel, *, source: str = "deepseek") -> BrandAnalysis:
    """Ask a vendor LLM; fill gaps from the local analysis; fall back to it on any error."""
    local = analyze_local(crawl)
    user = (
        site_digest(crawl)
        + "\n\nCandidate colours (from CSS, theme-color and images, most used first): "
        + (", ".join(local.color_palette) or "none")
        + "\n\nReturn the JSON object now."
    )
    try:
        raw = model.complete_json(SYSTEM_PROMPT, user, temperature=0.3)
    except ProviderError as exc:
        log.warning("brand analysis: %s failed (%s); using the local analyzer", source, exc)
        return local
    except Exception:
        log.exception("brand analysis: %s failed unexpectedly; using the local analyzer", source)
        return local
    result = clean_analysis(raw if isinstance(raw, dict) else {}, source=source)
    if not result.tone_keywords and not result.product_features:
        log.warning("brand analysis: %s answered without tone or features; using the local analyzer", source)
        return local
    # Colours the model cannot see: keep only candidates it picked, else ours.
    picked = [c for c in result.color_palette if c in local.color_palette]
    result.color_palette = picked or local.color_palette
    result.name = result.name or local.name
    result.target_audience = result.target_audience or local.target_audience
    result.style_keywords = result.style_keywords or local.style_keywords
    result.product_features = result.product_features or local.product_features
    result.tone_keywords = result.tone_keywords or local.tone_keywords
    return result
