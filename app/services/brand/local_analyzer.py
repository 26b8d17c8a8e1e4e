"""The offline brand analyzer: deterministic rules over the crawled pages.

A lexicon of brand attributes scores the site's words (titles and headings count more than body
text), feature phrases come from list items, headings and sentences with product cues, the
audience from "for <people>" phrases and an audience lexicon, the name from the home page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from app.services.brand.analysis import (
    MAX_AUDIENCE,
    MAX_FEATURE_LEN,
    MAX_FEATURES,
    MAX_STYLE,
    MAX_TONE,
    BrandAnalysis,
    clean_analysis,
)
from app.services.brand.crawler import CrawlResult
from app.services.brand.lexicons import (
    AUDIENCE_LEXICON,
    AUDIENCE_QUALIFIER,
    BOILERPLATE,
    FEATURE_CUES,
    STOPWORDS,
    STYLE_LEXICON,
    TONE_LEXICON,
)
from app.services.brand.pages import PageData
from app.services.brand.palette import palette_for, palette_style


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
    qualifier = next((AUDIENCE_QUALIFIER[t] for t in tones if t in AUDIENCE_QUALIFIER), "")
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
