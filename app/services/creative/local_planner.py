"""The offline ad planner: product facts pulled out of the input, copy templates filled from them.

Works without any vendor and always gives the same script for the same input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.brand import BrandContext
from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_recipes import shots_for, style_recipe
from app.services.creative.ad_script import CAPTION_CHARS, Scene, Script, clean_text, trim_words
from app.services.creative.languages import KEEP_CASE, UNSPACED, copy_for, normalize_language
from app.services.creative.prompts import LIGHTING, MOOD

# eSpeak NG speaks about 2.7 words a second at our rate; leave breathing room.
WORDS_PER_SECOND = 2.3


@dataclass
class ProductFacts:
    """What the copy templates can say, pulled out of the product data."""

    product: str
    category: str
    benefits: list[str]
    pain: str
    audience: str
    offer: str
    brand: str
    setting: str
    text: str  # everything the user told us, lowercased, for rules


_PAIN = re.compile(
    r"\b(?:no more|tired of|say goodbye to|goodbye to|without|never again|free from|stops?|"
    r"prevents?|eliminates?|removes?|fights?|reduces?)\s+([a-z][a-z0-9' -]{2,40}?)"
    r"(?=[.,;:!?)]|$|\s+and\s|\s+with\s|\s+for\s)",
    re.I,
)
_OFFER = re.compile(
    r"(\d{1,2}\s?%\s?off|save\s+\d{1,2}\s?%|[$€£]\s?\d+(?:[.,]\d{2})?|\d+(?:[.,]\d{2})?\s?(?:usd|eur|gbp)|"
    r"buy one,? get one(?: free)?|bogo|2 for 1|two for one|free shipping)",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'-]+")


def sentence_case(text: str) -> str:
    text = text.strip(" .;,:-")
    return text[:1].upper() + text[1:] if text else text


def _plural(word: str) -> str:
    if not word or word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("f") and not word.endswith("ff"):
        return word[:-1] + "ves"
    if word.endswith(("ch", "sh", "x")):
        return word + "es"
    return word + "s"


def _benefits(
    points: list[str], description: str, brand: BrandContext | None, defaults: tuple[str, ...]
) -> list[str]:
    out: list[str] = []

    def add(text: str) -> None:
        text = sentence_case(clean_text(text))
        if len(text) > 2 and text.lower() not in (o.lower() for o in out):
            out.append(trim_words(text, 60))

    for p in points:
        add(p)
    if len(out) < 2 and description:
        for part in re.split(r"[.;!?\n]|,\s|\s-\s", description):
            words = part.split()
            if 2 <= len(words) <= 9:
                add(part)
            if len(out) >= 3:
                break
    if brand is not None:
        for f in brand.product_features[:3]:
            if len(out) >= 4:
                break
            add(f)
    for d in defaults:
        if len(out) >= 2:
            break
        add(d)
    return out


def product_facts(
    product_name: str,
    description: str,
    points: list[str],
    prompt: str,
    brand: BrandContext | None,
    language: str = "en",
) -> ProductFacts:
    """The facts the templates insert; in another language the fallbacks are that language's."""
    copy = copy_for(language)
    text = " ".join([product_name, description, prompt, *points]).lower()
    words = _WORD.findall(product_name.lower())
    category = words[-1] if words else "product"
    pain = ""
    for source in (description, prompt, *points):
        if m := _PAIN.search(source or ""):
            pain = m.group(1).strip().lower()
            break
    if copy is not None:
        pain = copy.pain  # the English pain patterns say nothing about other languages' text
    if not pain:
        pain = f"ordinary {_plural(category)}" if category != "product" else R.DEFAULT_PAIN
    offer = ""
    for source in (*points, description, prompt):
        if m := _OFFER.search(source or ""):
            offer = m.group(1).strip()
            break
    audience = clean_text(brand.target_audience) if brand and brand.target_audience else ""
    setting = R.DEFAULT_SETTING
    for word, place in R.SETTINGS_BY_WORD.items():
        if re.search(rf"\b{word}", text):
            setting = place
            break
    product = trim_words(clean_text(product_name), 40)
    benefits = _benefits(points, description, brand, copy.benefits if copy else R.DEFAULT_BENEFITS)
    if copy is not None:
        audience = audience or copy.audience
    return ProductFacts(
        product=product,
        category=category,
        benefits=benefits,
        pain=trim_words(pain, 32),
        audience=trim_words(audience if copy else audience.lower(), 40) if audience else R.DEFAULT_AUDIENCE,
        offer=offer or (copy.offer if copy else R.DEFAULT_OFFER),
        brand=clean_text(brand.name) if brand and brand.name else product,
        setting=setting,
        text=text,
    )


class _Filler:
    """Fills templates, rotating through the benefits so scenes do not repeat themselves."""

    def __init__(self, facts: ProductFacts, language: str = "en") -> None:
        self.f = facts
        self.next_benefit = 0
        self.keep_case = language in KEEP_CASE

    def values(self) -> dict[str, str]:
        b = self.f.benefits
        return {
            "product": self.f.product,
            "category": self.f.category,
            "benefit": b[self.next_benefit % len(b)],
            "benefit2": b[(self.next_benefit + 1) % len(b)],
            "pain": self.f.pain,
            "audience": self.f.audience,
            "offer": self.f.offer,
            "brand": self.f.brand,
            "setting": self.f.setting,
        }

    def fill(self, template: str) -> str:
        values = self.values()
        out, last = [], 0
        for m in re.finditer(r"\{(\w+)\}", template):
            out.append(template[last : m.start()])
            value = values.get(m.group(1), "")
            before = "".join(out).rstrip()
            at_start = not before or before[-1] in ".!?"
            if m.group(1) in ("benefit", "benefit2", "pain", "offer", "audience") and not self.keep_case:
                value = sentence_case(value) if at_start else _soft_lower(value)
            out.append(value)
            last = m.end()
        out.append(template[last:])
        return clean_text("".join(out))

    def used(self, *templates: str) -> None:
        if any("{benefit" in t for t in templates):
            self.next_benefit += 1


def _soft_lower(text: str) -> str:
    """Lowercase the first letter unless the first word looks like a name or acronym."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].lower() != first[1:] or first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def _choose(filler: _Filler, templates: tuple[str, ...], fits) -> tuple[str, str]:
    """The first template whose filled text fits; else the shortest one."""
    best = None
    for t in templates:
        text = filler.fill(t)
        if fits(text):
            return t, text
        if best is None or len(text) < len(best[1]):
            best = (t, text)
    assert best is not None
    return best


def word_budget(seconds: float) -> int:
    return max(3, int(WORDS_PER_SECOND * max(0.5, seconds - 0.4)))


# Chinese is written without spaces: about this many characters take as long to say as a word.
CHARS_PER_WORD = 2.2


def count_words(text: str, language: str = "en") -> int:
    if language in UNSPACED:
        return round(len("".join(text.split())) / CHARS_PER_WORD)
    return len(text.split())


def _fit_words(text: str, budget: int, language: str = "en") -> str:
    if language in UNSPACED:
        chars = int(budget * CHARS_PER_WORD)
        squeezed = "".join(text.split())
        return text if len(squeezed) <= chars else squeezed[:chars].rstrip("，、：") + "。"
    words = text.split()
    if len(words) <= budget:
        return text
    return " ".join(words[:budget]).rstrip(",;:") + "."


def _visual(shot: R.Shot, rec: R.StyleRecipe, filler: _Filler, style: str, brand: BrandContext | None) -> str:
    parts = [filler.fill(shot.visual), rec.look, LIGHTING.get(style, LIGHTING["default"])[0]]
    parts.append(MOOD.get(style, MOOD["default"])[0])
    if brand is not None and brand.color_palette:
        parts.append("brand colours " + ", ".join(brand.color_palette[:3]))
    return "; ".join(p for p in parts if p)[:600]


def _cta(rec: R.StyleRecipe, filler: _Filler, language: str = "en") -> str:
    copy = copy_for(language)
    _, text = _choose(filler, copy.cta if copy else rec.cta, lambda t: len(t) <= 30)
    return trim_words(text, 40)


def local_script(
    facts: ProductFacts,
    style: str,
    framework: str,
    durations: list[float],
    brand: BrandContext | None,
    language: str = "en",
) -> Script:
    """The script from the rule book; captions, lines and CTA in ``language`` (English by default)."""
    language = normalize_language(language)
    copy = copy_for(language)
    rec = style_recipe(style)
    shots = shots_for(style, framework)
    beats = R.FRAMEWORK_BEATS[framework]
    filler = _Filler(facts, language)
    scenes: list[Scene] = []
    for i, ((beat, _), shot, seconds) in enumerate(zip(beats, shots, durations, strict=True), start=1):
        # A shot with its own copy (price, countdown, verdict...) speaks for itself; in another
        # language the beat's copy speaks for it.
        if copy is None:
            captions = shot.caption or R.BEAT_CAPTIONS[beat]
            lines = shot.line or R.BEAT_LINES[beat]
        else:
            captions, lines = copy.beat_captions[beat], copy.beat_lines[beat]
        if beat in ("action", "resolution") and not shot.caption and style == "limited_offer":
            captions = copy.last_chance_caption if copy else ("Last chance: {offer}", "Last chance")
            lines = copy.last_chance_line if copy else ("Last chance to get {offer}.", "Last chance.")
        cap_t, caption = _choose(filler, captions, lambda t: len(t) <= CAPTION_CHARS)
        budget = word_budget(seconds)
        line_t, line = _choose(filler, lines, lambda t, b=budget: count_words(t, language) <= b)
        visual = _visual(shot, rec, filler, style, brand)
        filler.used(cap_t, line_t)
        scenes.append(
            Scene(
                scene_number=i,
                scene_type=beat,
                visual_prompt=visual,
                text_overlay=trim_words(sentence_case(caption), CAPTION_CHARS) or facts.product,
                voiceover=_fit_words(line, budget, language),
                duration=seconds,
                shot=shot.kind,
            )
        )
    return Script(
        framework=framework, style=style, scenes=scenes, cta=_cta(rec, filler, language), engine="local"
    )
