"""What a user may write into the brand profile: the website and the edited fields, checked.

Manual edits may hold a little more than an analysis writes; unknown fields are refused so a
typo is not silently lost.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from app.services import platform
from app.services.brand.analysis import HEX_RE
from app.services.platform import (
    InvalidInput,
)

MAX_URL = 2048

# Manual edits may hold a little more than an analysis writes.
MAX_TONE_ITEMS = 12
MAX_FEATURE_ITEMS = 12
MAX_STYLE_ITEMS = 12
MAX_PALETTE_ITEMS = 8
MAX_KEYWORD_CHARS = 40
MAX_FEATURE_CHARS = 160
MAX_AUDIENCE_CHARS = 300
MAX_NAME_CHARS = 80

EDITABLE_FIELDS = (
    "website_url",
    "name",
    "tone_keywords",
    "product_features",
    "target_audience",
    "color_palette",
    "style_keywords",
    "enabled",
)


# The list fields, in the order they are checked: (most items, most characters each, lower-cased).
_LIST_FIELDS = {
    "tone_keywords": (MAX_TONE_ITEMS, MAX_KEYWORD_CHARS, True),
    "product_features": (MAX_FEATURE_ITEMS, MAX_FEATURE_CHARS, False),
    "style_keywords": (MAX_STYLE_ITEMS, MAX_KEYWORD_CHARS, True),
}


def check_website(url: str | None) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > MAX_URL:
        raise InvalidInput("That website address is too long.")
    if "://" not in url:
        url = f"https://{url}"
    try:  # urlparse raises on a malformed address such as "http://[" (schemathesis found a 500)
        parsed = urlparse(url)
        hostname = parsed.hostname
    except ValueError:
        hostname = None
    if not hostname or parsed.scheme not in ("http", "https") or "." not in hostname:
        raise InvalidInput("Enter the website as a full address, like https://example.com.")
    return url


def _strict_list(name: str, value: Any, *, limit: int, max_chars: int, lower: bool = False) -> list[str]:
    label = name.replace("_", " ")
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{label} must be a list of texts.")
    out: list[str] = []
    for item in value:
        text = " ".join(item.split())
        if lower:
            text = text.lower()
        if not text:
            continue
        if len(text) > max_chars:
            raise InvalidInput(f"Each of the {label} may have at most {max_chars} characters: {text[:40]}...")
        if text.lower() not in (o.lower() for o in out):
            out.append(text)
    if len(out) > limit:
        raise InvalidInput(f"Keep the {label} to at most {limit} items.")
    return out


def _strict_palette(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput('color_palette must be a list of colours like "#1A2B3C".')
    out: list[str] = []
    for item in value:
        if not item.strip():
            continue
        hexed = item.strip().upper()
        if not HEX_RE.match(hexed):
            raise InvalidInput(f'"{item[:20]}" is not a colour: use the form #RRGGBB, like #1A2B3C.')
        if hexed not in out:
            out.append(hexed)
    if len(out) > MAX_PALETTE_ITEMS:
        raise InvalidInput(f"Keep the palette to at most {MAX_PALETTE_ITEMS} colours.")
    return out


def _text(name: str, value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name.replace('_', ' ')} must be text.")
    text = " ".join(value.split())
    if len(text) > limit:
        raise InvalidInput(f"{name.replace('_', ' ').capitalize()} may have at most {limit} characters.")
    return text


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check every edited field; unknown fields are refused so typos are not silently lost."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown field: {sorted(unknown)[0]}.")
    clean: dict[str, Any] = {}
    if "website_url" in changes:
        url = check_website(_text("website_url", changes["website_url"], 2048))
        clean["website_url"] = platform.precheck_url(url) if url else ""
    if "name" in changes:
        clean["name"] = _text("name", changes["name"], MAX_NAME_CHARS)
    for name, (limit, max_chars, lower) in _LIST_FIELDS.items():
        if name in changes:
            clean[name] = _strict_list(name, changes[name], limit=limit, max_chars=max_chars, lower=lower)
    if "target_audience" in changes:
        clean["target_audience"] = _text("target_audience", changes["target_audience"], MAX_AUDIENCE_CHARS)
    if "color_palette" in changes:
        clean["color_palette"] = _strict_palette(changes["color_palette"])
    if "enabled" in changes:
        if not isinstance(changes["enabled"], bool):
            raise InvalidInput("enabled must be true or false.")
        clean["enabled"] = changes["enabled"]
    return clean
