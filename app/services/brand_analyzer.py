"""Turn crawled pages into a brand profile: tone, features, audience, palette, style.

Two analyzers share one output shape (``BrandAnalysis``) and one cleaner
(``clean_analysis``), so a profile looks the same whoever wrote it:

- ``analyze_local``: deterministic, offline. A lexicon of brand attributes
  scores the site's words (titles and headings count more than body text),
  feature phrases come from list items, headings and sentences with product
  cues, the audience from "for <people>" phrases and an audience lexicon, the
  palette from CSS colours, theme-color and the dominant colours of a few
  images (Pillow quantize), style words from a visual lexicon plus what the
  palette looks like.
- ``analyze_with_chat``: a vendor LLM (DeepSeek, JSON mode) reads a digest of
  the same pages and the local palette candidates. Its answer is validated;
  anything missing is filled from the local analysis, and any vendor error
  falls back to the local analysis entirely.
"""

from __future__ import annotations

import colorsys
import io
import itertools
import logging
import re
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image

from app.providers.base import ChatModel
from app.providers.errors import ProviderError
from app.services.brand_crawler import CrawlResult, PageData

log = logging.getLogger(__name__)

MAX_TONE = 6
MAX_FEATURES = 8
MAX_STYLE = 6
MAX_PALETTE = 6
MAX_AUDIENCE = 300
MAX_KEYWORD_LEN = 40
MAX_FEATURE_LEN = 120
HEX_RE = re.compile(r"^#[0-9A-F]{6}$")


@dataclass
class BrandAnalysis:
    name: str = ""
    tone_keywords: list[str] = field(default_factory=list)
    product_features: list[str] = field(default_factory=list)
    target_audience: str = ""
    color_palette: list[str] = field(default_factory=list)
    style_keywords: list[str] = field(default_factory=list)
    source: str = "local"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- Cleaning (shared by both analyzers and by manual edits) ------------------------------------


def clean_list(values: Any, *, limit: int, max_len: int, lower: bool = False) -> list[str]:
    """Strings only, trimmed, single-spaced, de-duplicated (case-insensitive), capped."""
    if isinstance(values, str):
        values = re.split(r"[,\n;]", values)
    if not isinstance(values, list | tuple):
        return []
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        text = " ".join(value.split()).strip(" -•·*.,;:")
        if lower:
            text = text.lower()
        if not text or len(text) > max_len:
            continue
        key = text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(text)
        if len(out) >= limit:
            break
    return out


def normalize_hex(value: Any) -> str | None:
    """``#RRGGBB`` upper case from ``#rgb``/``#rrggbb`` (with or without #), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if not text.startswith("#"):
        text = "#" + text
    if re.fullmatch(r"#[0-9A-F]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    return text if HEX_RE.match(text) else None


def clean_palette(values: Any, *, limit: int = MAX_PALETTE) -> list[str]:
    if not isinstance(values, list | tuple):
        return []
    out: list[str] = []
    for value in values:
        hexed = normalize_hex(value)
        if hexed and hexed not in out:
            out.append(hexed)
        if len(out) >= limit:
            break
    return out


def clean_analysis(raw: dict[str, Any], *, source: str) -> BrandAnalysis:
    audience = raw.get("target_audience")
    name = raw.get("name")
    return BrandAnalysis(
        name=" ".join(name.split())[:80] if isinstance(name, str) else "",
        tone_keywords=clean_list(
            raw.get("tone_keywords"), limit=MAX_TONE, max_len=MAX_KEYWORD_LEN, lower=True
        ),
        product_features=clean_list(raw.get("product_features"), limit=MAX_FEATURES, max_len=MAX_FEATURE_LEN),
        target_audience=" ".join(audience.split())[:MAX_AUDIENCE] if isinstance(audience, str) else "",
        color_palette=clean_palette(raw.get("color_palette")),
        style_keywords=clean_list(
            raw.get("style_keywords"), limit=MAX_STYLE, max_len=MAX_KEYWORD_LEN, lower=True
        ),
        source=source,
    )


# --- Lexicons ---------------------------------------------------------------------------------

# Brand attribute -> word stems/phrases that signal it (matched at word starts).
TONE_LEXICON: dict[str, tuple[str, ...]] = {
    "luxury": (
        "luxur",
        "premium",
        "exclusive",
        "exquisite",
        "opulen",
        "prestig",
        "haute",
        "finest",
        "bespoke",
        "couture",
        "indulg",
        "high-end",
    ),
    "elegant": ("elegan", "refined", "sophisticat", "graceful", "timeless", "classy", "polished"),
    "sustainable": (
        "sustainab",
        "eco-friendly",
        "eco friendly",
        "organic",
        "recycl",
        "biodegrad",
        "compost",
        "carbon",
        "planet",
        "ethical",
        "fair trade",
        "renewable",
        "zero waste",
        "zero-waste",
        "plastic-free",
        "plastic free",
        "responsibly",
        "upcycl",
    ),
    "natural": ("natural", "plant-based", "plant based", "botanical", "non-toxic", "vegan", "earth"),
    "playful": (
        "fun",
        "playful",
        "joy",
        "delight",
        "quirky",
        "colorful",
        "colourful",
        "cheerful",
        "whimsical",
    ),
    "technical": (
        "engineer",
        "technolog",
        "precision",
        "specification",
        "specs",
        "performance",
        "patent",
        "lab-tested",
        "lab tested",
        "scientific",
        "advanced",
        "firmware",
        "sensor",
    ),
    "innovative": (
        "innovat",
        "cutting-edge",
        "cutting edge",
        "next-gen",
        "breakthrough",
        "pioneer",
        "reimagin",
    ),
    "minimalist": ("minimal", "simplicity", "essentials", "clean lines", "clutter-free", "understated"),
    "bold": ("bold", "daring", "fearless", "unapologetic", "statement", "stand out"),
    "friendly": ("friendly", "welcom", "community", "together", "we're here", "say hello", "love"),
    "trustworthy": (
        "trusted",
        "guarantee",
        "warranty",
        "certified",
        "reliable",
        "proven",
        "money-back",
        "money back",
    ),
    "handcrafted": (
        "handmade",
        "hand-made",
        "handcraft",
        "hand-craft",
        "artisan",
        "small batch",
        "small-batch",
        "craftsmanship",
    ),
    "adventurous": ("adventur", "outdoor", "explore", "wilderness", "trail", "expedition", "rugged"),
    "calm": ("calm", "relax", "mindful", "wellness", "wellbeing", "well-being", "serene", "soothing"),
    "energetic": ("energ", "dynamic", "athlet", "workout", "fitness", "sport", "high-intensity"),
    "professional": ("professional", "enterprise", "b2b", "industry-leading", "expert"),
    "affordable": ("affordable", "budget", "great value", "best value", "low price", "discount", "bargain"),
    "modern": ("modern", "contemporary", "sleek"),
    "classic": ("classic", "heritage", "tradition", "vintage", "iconic", "legacy", "since 1", "est. 1"),
    "caring": ("gentle", "sensitive skin", "nurtur", "safe for kids", "safe for babies", "caring"),
}

# Visual style -> signals in the text.
STYLE_LEXICON: dict[str, tuple[str, ...]] = {
    "minimalist": ("minimal", "clean", "simple", "simplicity", "understated"),
    "vibrant": ("vibrant", "colorful", "colourful", "bright", "neon", "pop of colo"),
    "earthy": ("earthy", "wood", "linen", "stone", "terracotta", "clay", "natural materials"),
    "elegant": ("elegan", "refined", "luxur", "sophisticat"),
    "modern": ("modern", "sleek", "contemporary"),
    "vintage": ("vintage", "retro", "heritage", "nostalg"),
    "lifestyle photography": ("lifestyle", "everyday", "real people", "at home", "in real life"),
    "outdoor scenes": ("outdoor", "trail", "mountain", "beach", "forest", "camping"),
    "soft pastel": ("pastel", "soft", "dreamy", "blush"),
    "dark and moody": ("moody", "noir", "midnight", "after dark"),
    "industrial": ("industrial", "steel", "concrete", "raw material"),
    "playful illustration": ("illustrat", "cartoon", "doodle", "sticker"),
    "technical detail shots": ("specification", "engineer", "precision", "close-up", "close up"),
}

AUDIENCE_LEXICON: dict[str, tuple[str, ...]] = {
    "women": ("for women", "women's", "womens", "ladies", "for her"),
    "men": ("for men", "men's", "mens ", "gentlemen", "for him"),
    "parents": ("parents", "moms", "mums", "dads", "new mom", "families", "family"),
    "kids": ("kids", "children", "toddler", "baby", "babies"),
    "athletes": ("athlete", "runners", "cyclists", "gym", "fitness enthusiasts"),
    "outdoor enthusiasts": ("hikers", "campers", "outdoor enthusiasts", "adventurers", "climbers"),
    "businesses": ("small business", "businesses", "teams", "entrepreneurs", "enterprise", "companies"),
    "professionals": (
        "professionals",
        "contractors",
        "tradespeople",
        "electricians",
        "technicians",
        "plumbers",
    ),
    "developers": ("developers", "engineers", "programmers"),
    "creators": ("creators", "artists", "designers", "photographers", "makers"),
    "home cooks": ("home cooks", "chefs", "foodies", "home cook"),
    "pet owners": ("pet owners", "dog owners", "cat owners", "your dog", "your cat", "your pet"),
    "travelers": ("travelers", "travellers", "globetrotters", "frequent flyers"),
    "students": ("students", "campus", "back to school"),
    "gamers": ("gamers", "gaming"),
    "beauty lovers": ("skincare", "skin care", "makeup", "beauty routine"),
    "gardeners": ("gardeners", "gardening", "green thumb"),
}

_AUDIENCE_QUALIFIER = {
    "sustainable": "who care about sustainability",
    "luxury": "who seek premium quality",
    "affordable": "looking for good value",
    "technical": "who value performance and detail",
    "handcrafted": "who appreciate craftsmanship",
    "natural": "who prefer natural products",
    "adventurous": "with an active, outdoor lifestyle",
    "calm": "looking for calm and wellbeing",
}

FEATURE_CUES = re.compile(
    r"\b(made (?:from|with|in|of)|crafted|designed|built|features?|includes?|waterproof|water-resistant|"
    r"lightweight|durable|warranty|guarantee|free (?:shipping|delivery|returns)|certified|organic|recycled|"
    r"handmade|battery|hours?|minutes?|charg|wireless|adjustable|machine washable|dishwasher|vegan|"
    r"cruelty-free|gluten-free|non-toxic|refill|compostable|stainless|leather|cotton|wool|bamboo|"
    r"\d+\s?%|\d+\s?(?:mm|cm|kg|g|ml|l|oz|lb|mah|w|hz))",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"cookie|privacy|terms|newsletter|subscribe|sign ?in|log ?in|sign ?up|cart|checkout|account|"
    r"copyright|©|all rights reserved|javascript|menu|skip to|contact us|follow us|instagram|facebook|"
    r"twitter|tiktok|youtube|pinterest|linkedin|read more|learn more|shop now|buy now|add to|view all|"
    r"see all|loading|search",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each every few for from further get
    got had has have having he her here hers herself him himself his how i if in into is it its itself
    just let me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves new one two get make made use using per
    like need want way well even much many may might must us via yet still back home page site shop
    buy now free shipping cart account login sign menu search view all more read learn click here""".split()  # noqa: SIM905
)


def _word_hits(text: str, stems: tuple[str, ...]) -> int:
    total = 0
    for stem in stems:
        total += len(re.findall(r"(?<![a-z])" + re.escape(stem), text))
    return total


# --- Text digest ------------------------------------------------------------------------------


@dataclass
class _Digest:
    weighted: list[tuple[str, int]]  # (lower-case text, weight)
    words: int


def _digest(pages: list[PageData]) -> _Digest:
    weighted: list[tuple[str, int]] = []
    words = 0
    seen: set[str] = set()  # text repeated on every page (templates) counts once
    for page in pages:
        parts: list[tuple[str, int]] = [
            (page.title, 3),
            (page.meta.get("description", ""), 3),
            (page.meta.get("og:description", ""), 2),
            (page.meta.get("keywords", ""), 2),
        ]
        parts += [(h, 3 if level == 1 else 2) for level, h in page.headings]
        parts += [(p, 1) for p in page.paragraphs]
        parts += [(li, 1) for li in page.list_items]
        for text, weight in parts:
            key = text.lower().strip()
            if key and key not in seen:
                seen.add(key)
                weighted.append((key, weight))
                words += len(text.split())
    return _Digest(weighted, max(words, 1))


def _score(digest: _Digest, lexicon: dict[str, tuple[str, ...]]) -> Counter[str]:
    scores: Counter[str] = Counter()
    for label, stems in lexicon.items():
        for text, weight in digest.weighted:
            hits = _word_hits(text, stems)
            if hits:
                scores[label] += hits * weight
    return scores


def _top(scores: Counter[str], *, limit: int, minimum: int) -> list[str]:
    return [label for label, score in scores.most_common() if score >= minimum][:limit]


# --- Features, audience, keywords, name -------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _feature_candidates(pages: list[PageData]) -> Counter[str]:
    scores: Counter[str] = Counter()
    display: dict[str, str] = {}

    def add(text: str, base: int) -> None:
        text = " ".join(text.split()).strip(" -•·*:;,")
        n_words = len(text.split())
        if not (2 <= n_words <= 16) or not (6 <= len(text) <= MAX_FEATURE_LEN) or BOILERPLATE.search(text):
            return
        if text.endswith("?") or "@" in text or "http" in text.lower():
            return
        cue = 3 if FEATURE_CUES.search(text) else 0
        if base + cue < 2:
            return
        key = re.sub(r"[^a-z0-9 ]", "", text.lower())
        display.setdefault(key, text.rstrip("."))
        scores[key] += base + cue

    for page in pages:
        for item in page.list_items:
            add(item, 2)
        for level, heading in page.headings:
            if level >= 2:
                add(heading, 1)
        for paragraph in page.paragraphs:
            for sentence in _sentences(paragraph):
                if FEATURE_CUES.search(sentence) and len(sentence) <= MAX_FEATURE_LEN:
                    add(sentence, 1)
    return Counter({display[k]: v for k, v in scores.items()})


def _dedupe_similar(items: list[str], limit: int) -> list[str]:
    out: list[str] = []
    token_sets: list[set[str]] = []
    for item in items:
        tokens = {w for w in re.findall(r"[a-z0-9]+", item.lower()) if w not in STOPWORDS}
        if any(tokens and len(tokens & other) / max(1, len(tokens | other)) > 0.6 for other in token_sets):
            continue
        out.append(item)
        token_sets.append(tokens)
        if len(out) >= limit:
            break
    return out


def keywords(pages: list[PageData], limit: int = 15) -> list[str]:
    """Frequent content words and two-word phrases (stopwords and boilerplate out)."""
    counts: Counter[str] = Counter()
    for text, weight in _digest(pages).weighted:
        tokens = [t for t in re.findall(r"[a-z][a-z'-]{2,}", text) if t not in STOPWORDS]
        for token in tokens:
            counts[token] += weight
        for a, b in itertools.pairwise(tokens):
            counts[f"{a} {b}"] += weight * 2
    out = [k for k, v in counts.most_common(limit * 3) if v >= 3 and not BOILERPLATE.search(k)]
    return out[:limit]


_FOR_PEOPLE = re.compile(
    r"\b(?:designed|made|built|perfect|ideal|created|crafted|tailored) for ([a-z][a-z' -]{2,50}?)"
    r"(?: (?:who|that) ([a-z][a-z' -]{3,80}?))?(?=[.,;!?)]|$)",
    re.IGNORECASE,
)
_PEOPLE_WORD = re.compile(
    r"(ers|ors|ists|ians|ents|ants|ees|people|folks|men|women|children|kids|families|teams|owners|lovers|"
    r"enthusiasts|professionals|beginners|athletes|pros|experts|everyone)$"
)
_NOT_PEOPLE = re.compile(r"^(the|a|an|your|you|every|all|any|this|that|it|everyday use|use|life)\b")


def _looks_like_people(phrase: str) -> bool:
    last = phrase.split()[-1] if phrase.split() else ""
    return bool(_PEOPLE_WORD.search(last)) or bool(_score(_Digest([(phrase, 1)], 1), AUDIENCE_LEXICON))


def _audience(digest: _Digest, tones: list[str]) -> str:
    """Who the brand sells to: a "for <people> who ..." phrase when the site says it, else lexicon groups."""
    qualifier = next((_AUDIENCE_QUALIFIER[t] for t in tones if t in _AUDIENCE_QUALIFIER), "")
    captured: Counter[str] = Counter()
    for text, weight in digest.weighted:
        for match in _FOR_PEOPLE.finditer(text):
            people, clause = match.group(1).strip(), (match.group(2) or "").strip()
            if _NOT_PEOPLE.match(people) or len(people.split()) > 6 or BOILERPLATE.search(people):
                continue
            if not clause and not _looks_like_people(people):
                continue  # "made for everyday adventures" names no people
            captured[f"{people} who {clause}" if clause else people] += weight
    if captured:
        best = max(captured.items(), key=lambda kv: (kv[1], " who " in kv[0], len(kv[0])))[0]
        sentence = best if " who " in best or not qualifier else f"{best} {qualifier}"
    else:
        groups = _top(_score(digest, AUDIENCE_LEXICON), limit=3, minimum=2)
        if not groups and not qualifier:
            return ""
        groups = groups or ["shoppers"]
        joined = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]
        sentence = f"{joined} {qualifier}".strip()
    return (sentence[0].upper() + sentence[1:])[:MAX_AUDIENCE]


def _name(pages: list[PageData], site_url: str) -> str:
    if not pages:
        return ""
    home = pages[0]
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title"):
        value = home.meta.get(key, "").strip()
        if value and len(value) <= 60:
            return value
    parts: Counter[str] = Counter()
    for page in pages:
        for part in re.split(r"\s+[|–—:·•-]\s+", page.title):
            part = part.strip()
            if 1 < len(part) <= 40:
                parts[part] += 1
    if parts:
        best, count = parts.most_common(1)[0]
        if count > 1 or len(pages) == 1:
            return best
    host = re.sub(r"^www\.", "", re.sub(r"^https?://", "", site_url)).split(":")[0]
    return host.split(".")[0].capitalize() if host else ""


# --- Colours ----------------------------------------------------------------------------------

_HEX = re.compile(r"#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{4}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(
    r"rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})(?:\s*[,/]\s*([\d.]+%?))?\s*\)", re.IGNORECASE
)
_HSL = re.compile(
    r"hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:\s*[,/]\s*([\d.]+%?))?\s*\)", re.IGNORECASE
)
_DECL = re.compile(r"([-\w]+)\s*:\s*([^;{}]+)")
_BRAND_VAR = re.compile(r"primary|brand|accent|main|secondary|highlight|theme", re.IGNORECASE)

RGB = tuple[int, int, int]


def _alpha(raw: str | None) -> float:
    if not raw:
        return 1.0
    try:
        return float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        return 1.0


def parse_colors(value: str) -> list[RGB]:
    """Every opaque colour written in a CSS value (hex, rgb(), hsl())."""
    out: list[RGB] = []
    for match in _HEX.finditer(value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            if len(digits) == 4 and int(digits[3], 16) < 8:
                continue
            digits = "".join(c * 2 for c in digits[:3])
        elif len(digits) == 8:
            if int(digits[6:], 16) < 128:
                continue
            digits = digits[:6]
        out.append((int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)))
    for match in _RGB.finditer(value):
        if _alpha(match.group(4)) < 0.5:
            continue
        r, g, b = (min(255, int(match.group(i))) for i in (1, 2, 3))
        out.append((r, g, b))
    for match in _HSL.finditer(value):
        if _alpha(match.group(4)) < 0.5:
            continue
        h = float(match.group(1)) % 360 / 360
        s, lum = float(match.group(2)) / 100, float(match.group(3)) / 100
        r, g, b = colorsys.hls_to_rgb(h, min(1.0, lum), min(1.0, s))
        out.append((round(r * 255), round(g * 255), round(b * 255)))
    return out


def css_color_weights(css_texts: list[str]) -> Counter[RGB]:
    weights: Counter[RGB] = Counter()
    for css in css_texts:
        for prop, value in _DECL.findall(css[:500_000]):
            prop = prop.lower()
            if prop.startswith("--"):
                weight = 4 if _BRAND_VAR.search(prop) else 1
            elif prop in ("background", "background-color", "fill", "border-color", "accent-color"):
                weight = 2
            elif prop in ("color", "stroke", "outline-color", "border", "border-top", "border-bottom"):
                weight = 1
            else:
                continue
            for rgb in parse_colors(value):
                weights[rgb] += weight
    return weights


def image_colors(data: bytes, *, count: int = 5) -> list[tuple[RGB, float]]:
    """Dominant colours of an image with their share of its pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"]) as img:
                img.draft("RGB", (128, 128))
                small = img.convert("RGBA")
                small.thumbnail((96, 96))
    except Exception:
        return []
    background = Image.new("RGBA", small.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(background, small).convert("RGB")
    quantized = flat.quantize(colors=count, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    total = flat.width * flat.height
    out = []
    for n, index in sorted(quantized.getcolors() or [], reverse=True):
        rgb = (palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2])
        out.append((rgb, n / total))
    return out


def _hls(rgb: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))


def _is_neutral(rgb: RGB) -> bool:
    _, light, sat = _hls(rgb)
    return sat < 0.15 or light < 0.08 or light > 0.95


def _distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def _to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def build_palette(weights: Counter[RGB], *, limit: int = MAX_PALETTE) -> list[str]:
    """Merge near-identical colours, then favour brand (chromatic) colours over neutrals."""
    merged: list[list[Any]] = []  # [rgb, weight]
    for rgb, weight in weights.most_common():
        for entry in merged:
            if _distance(entry[0], rgb) < 32:
                entry[1] += weight
                break
        else:
            merged.append([rgb, weight])
    merged.sort(key=lambda e: -e[1])
    chromatic = [e for e in merged if not _is_neutral(e[0])]
    neutral = [e for e in merged if _is_neutral(e[0])]
    picked = chromatic[: limit - 1] if neutral else chromatic[:limit]
    # One neutral (text or background) beside real brand colours; a few when there are none.
    picked += neutral[: 1 if len(picked) >= 2 else min(3, limit - len(picked))]
    return [_to_hex(e[0]) for e in picked[:limit]]


def palette_for(crawl: CrawlResult) -> list[str]:
    weights: Counter[RGB] = Counter()
    css = list(crawl.stylesheets)
    for page in crawl.pages:
        css += page.inline_css
        for value in page.theme_colors:
            for rgb in parse_colors(value) or []:
                weights[rgb] += 12  # the site's own statement of its main colour
    weights.update(css_color_weights(css))
    for data in crawl.images:
        for rgb, share in image_colors(data):
            weights[rgb] += max(1, round(share * 10))
    return build_palette(weights)


def palette_style(palette: list[str]) -> list[str]:
    """What a palette looks like, in style words."""
    rgbs = [tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in palette]
    if not rgbs:
        return []
    hls = [_hls(rgb) for rgb in rgbs]  # type: ignore[arg-type]
    chromatic = [(h, light, s) for h, light, s in hls if s >= 0.15 and 0.08 <= light <= 0.95]
    out: list[str] = []
    if not chromatic:
        out.append("monochrome")
    else:
        mean_sat = sum(s for _, _, s in chromatic) / len(chromatic)
        mean_light = sum(light for _, light, _ in chromatic) / len(chromatic)
        earthy = sum(1 for h, light, s in chromatic if 0.03 <= h <= 0.15 and s < 0.6 and light < 0.6)
        if mean_sat > 0.65 and 0.3 < mean_light < 0.7:
            out.append("vibrant colors")
        elif mean_light > 0.72:
            out.append("soft pastel")
        elif mean_sat < 0.35:
            out.append("muted tones")
        if earthy * 2 >= len(chromatic):
            out.append("earthy tones")
    if sum(1 for _, light, _ in hls if light < 0.2) * 2 > len(hls):
        out.append("dark and moody")
    return out


# --- Local analyzer -----------------------------------------------------------------------------


def analyze_local(crawl: CrawlResult) -> BrandAnalysis:
    digest = _digest(crawl.pages)
    # Demand more evidence on big sites: about one hit per 400 words, at least 3 (weighted).
    minimum = max(3, digest.words // 400)
    tones = _top(_score(digest, TONE_LEXICON), limit=MAX_TONE, minimum=minimum)
    if not tones:
        tones = _top(_score(digest, TONE_LEXICON), limit=3, minimum=2)
    features = _dedupe_similar([f for f, _ in _feature_candidates(crawl.pages).most_common(30)], MAX_FEATURES)
    if len(features) < 3:
        extra = [k.capitalize() for k in keywords(crawl.pages) if " " in k]
        features = _dedupe_similar(features + extra, MAX_FEATURES)
    palette = palette_for(crawl)
    style = _top(_score(digest, STYLE_LEXICON), limit=MAX_STYLE, minimum=2)
    style += [s for s in palette_style(palette) if s not in style]
    return clean_analysis(
        {
            "name": _name(crawl.pages, crawl.site_url),
            "tone_keywords": tones,
            "product_features": features,
            "target_audience": _audience(digest, tones),
            "color_palette": palette,
            "style_keywords": style,
        },
        source="local",
    )


# --- Vendor LLM analyzer --------------------------------------------------------------------------

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
