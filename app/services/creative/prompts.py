"""Prompt enhancement: turn a short product prompt into a complete brief for a model.

The local enhancer (offline, deterministic) adds lighting, composition,
camera and lens, materials and mood suited to the style and content type
(video also gets camera motion and pacing) and folds in the brand's tone,
palette and the selling points. The user's subject is never rewritten: the
original prompt appears verbatim at the start of the enhanced one. When
DeepSeek is configured it writes the additions instead; an answer that drops
or changes the original text, or any vendor error, falls back to the local
enhancer with a note saying so.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.providers import registry
from app.providers.base import ChatModel
from app.providers.errors import ProviderError
from app.services import brand as brand_service
from app.services.brand import BrandContext
from app.services.platform import InvalidInput
from app.settings import get_settings

log = logging.getLogger(__name__)

MAX_PROMPT = 4000
CONTENT_TYPES = ("image", "video")
Engine = Literal["local", "deepseek"]


@dataclass
class EnhancedPrompt:
    original: str
    enhanced: str
    notes: list[str] = field(default_factory=list)
    engine: Engine = "local"

    def to_api(self) -> dict[str, Any]:
        return {"original": self.original, "enhanced": self.enhanced, "notes": list(self.notes)}


# --- The local enhancer's vocabulary ---------------------------------------------------
# Each aspect has options per style; a hash of the prompt picks one, so the same
# prompt always gets the same words and different prompts get some variety. The
# words are data: prompt_vocabulary.toml beside this file.

with Path(__file__).with_name("prompt_vocabulary.toml").open("rb") as _file:
    _VOCABULARY = tomllib.load(_file)


def _options(aspect: str) -> dict[str, tuple[str, ...]]:
    return {style: tuple(options) for style, options in _VOCABULARY[aspect].items()}


LIGHTING = _options("lighting")
COMPOSITION = _options("composition")
CAMERA = _options("camera")
MOOD = _options("mood")
MOTION = _options("motion")
PACING = _options("pacing")
# First match wins: a material the user names beats what the product category suggests.
MATERIALS: list[tuple[tuple[str, ...], str]] = [
    (tuple(entry["words"]), entry["phrase"]) for entry in _VOCABULARY["materials"]
]
DEFAULT_MATERIAL: str = _VOCABULARY["default_material"]

# If the user already said it, we keep theirs rather than pile on a second answer.
ALREADY: dict[str, re.Pattern[str]] = {
    "Lighting": re.compile(r"\b(light(ing|s)?|lit|sunlight|backlit|golden hour|neon|glow)\b", re.I),
    "Composition": re.compile(
        r"\b(composition|centered|centred|rule of thirds|flat ?lay|close-?up|wide shot|overhead"
        r"|symmetr\w*)\b",
        re.I,
    ),
    "Camera": re.compile(r"\b(lens|\d{2,3} ?mm|aperture|f/\d|bokeh|depth of field|macro|shot on)\b", re.I),
    "Materials": re.compile(r"\b(texture[sd]?|material|matte|glossy|metallic|grain)\b", re.I),
    "Mood": re.compile(r"\b(mood|vibe|atmosphere|feel(ing)?)\b", re.I),
    "Camera motion": re.compile(
        r"\b(pan(s|ning)?|zoom(s|ing)?|dolly|orbit(ing)?|tracking|tilt|crane)\b", re.I
    ),
    "Pacing": re.compile(r"\b(pace|pacing|fast cuts|slow motion|slow-mo|quick cuts|tempo)\b", re.I),
}


def _pick(table: dict[str, tuple[str, ...]], style: str, seed: int) -> str:
    options = table.get(style) or table["default"]
    return options[seed % len(options)]


def _material(text: str) -> str:
    lowered = text.lower()
    for words, phrase in MATERIALS:
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            return phrase
    return DEFAULT_MATERIAL


def _clean_points(points: list[str] | None) -> list[str]:
    out: list[str] = []
    for p in points or []:
        p = " ".join(str(p).split()).strip(" .;,")
        if p and p.lower() not in (x.lower() for x in out):
            out.append(p[:120])
    return out[:6]


def _check(prompt: str, content_type: str) -> str:
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInput("Write a prompt first.")
    if len(prompt) > MAX_PROMPT:
        raise InvalidInput(f"The prompt is too long (at most {MAX_PROMPT} characters).")
    if content_type not in CONTENT_TYPES:
        raise InvalidInput("content_type must be image or video.")
    return prompt.strip()


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def local_enhance(
    prompt: str,
    content_type: str,
    *,
    style: str | None = None,
    selling_points: list[str] | None = None,
    product_name: str = "",
    brand: BrandContext | None = None,
) -> EnhancedPrompt:
    """Rules and templates; works offline and always returns the same answer for the same input."""
    original = _check(prompt, content_type)
    key = (style or "").strip().lower() or "default"
    seed = _seed(f"{original}|{key}|{content_type}")
    context = " ".join([original, product_name, *(selling_points or [])])
    # (label, phrase) in the order they are written into the prompt.
    parts: list[tuple[str, str]] = [
        ("Lighting", _pick(LIGHTING, key, seed)),
        ("Composition", _pick(COMPOSITION, key, seed >> 3)),
        ("Camera", _pick(CAMERA, key, seed >> 5)),
        ("Materials", _material(context)),
        ("Mood", _pick(MOOD, key, seed >> 7)),
    ]
    if content_type == "video":
        parts.append(("Camera motion", _pick(MOTION, key, seed >> 9)))
        parts.append(("Pacing", _pick(PACING, key, seed >> 11)))
    notes: list[str] = []
    additions: list[str] = []
    for label, phrase in parts:
        if ALREADY[label].search(original):
            notes.append(f"{label}: kept yours")
            continue
        additions.append(phrase)
        notes.append(f"{label}: {phrase}")

    name = " ".join(product_name.split())
    if name and name.lower() not in original.lower():
        additions.append(f"the product is {name}")
        notes.append(f"Product: {name}")
    points = _clean_points(selling_points)
    if brand is not None:
        points += [
            p for p in _clean_points(brand.product_features) if p.lower() not in map(str.lower, points)
        ]
    points = points[:5]
    if points:
        additions.append("highlight " + "; ".join(points))
        notes.append("Selling points: " + "; ".join(points))
    if brand is not None:
        tone = [t for t in (" ".join(x.split()) for x in brand.tone_keywords) if t][:4]
        if tone:
            additions.append(f"{', '.join(tone)} brand tone")
            notes.append(f"Brand tone: {', '.join(tone)}")
        style_words = [t for t in (" ".join(x.split()) for x in brand.style_keywords) if t][:4]
        if style_words:
            additions.append(f"{', '.join(style_words)} visual style")
            notes.append(f"Brand style: {', '.join(style_words)}")
        palette = [c.upper() for c in brand.color_palette if re.fullmatch(r"#[0-9a-fA-F]{6}", c or "")][:4]
        if palette:
            additions.append(f"brand colour palette {', '.join(palette)} in props and background")
            notes.append(f"Palette: {', '.join(palette)}")
        if brand.target_audience.strip():
            aud = " ".join(brand.target_audience.split())[:100]
            additions.append(f"appealing to {aud}")
            notes.append(f"Audience: {aud}")

    enhanced = _join(original, additions)
    while len(enhanced) > MAX_PROMPT and additions:
        additions.pop()
        enhanced = _join(original, additions)
    if not additions:
        notes.append("Your prompt already covers everything; nothing was added.")
    return EnhancedPrompt(original=original, enhanced=enhanced, notes=notes, engine="local")


def _join(original: str, additions: list[str]) -> str:
    if not additions:
        return original
    sep = "" if original.rstrip()[-1:] in ".!?" else "."
    text = ". ".join(a[0].upper() + a[1:] for a in additions)
    return f"{original}{sep} {text}."


# --- DeepSeek -----------------------------------------------------------------------

DEEPSEEK_SYSTEM = (
    "You improve prompts for an e-commerce {content_type} generator. Keep the user's prompt text "
    "exactly as written, character for character, at the start of your answer, then append concise "
    "descriptive phrases for lighting, composition, camera and lens, materials and mood{video}. "
    "Fold in the brand tone, colour palette and selling points when given. Never change the product "
    "or the subject. Answer in JSON: "
    '{{"enhanced": "<the user\'s prompt verbatim followed by your additions>", '
    '"notes": ["Lighting: ...", "Composition: ...", ...]}}.'
)


def chat_model() -> ChatModel | None:
    """The configured vendor LLM (DeepSeek), or None for the local rules."""
    if not get_settings().deepseek_api_key:
        return None
    try:
        model = registry.get_chat_model()
    except ProviderError:
        return None
    return None if getattr(model, "model_id", "") == registry.LOCAL_CHAT_ID else model


def _deepseek_enhance(
    model: ChatModel,
    original: str,
    content_type: str,
    style: str | None,
    points: list[str],
    product_name: str,
    brand: BrandContext | None,
) -> EnhancedPrompt:
    video = "; as it is a video, also camera motion and pacing" if content_type == "video" else ""
    system = DEEPSEEK_SYSTEM.format(content_type=content_type, video=video)
    lines = [f"Prompt: {original}", f"Content type: {content_type}"]
    if style:
        lines.append(f"Style: {style}")
    if product_name:
        lines.append(f"Product name: {product_name}")
    if points:
        lines.append("Selling points: " + "; ".join(points))
    if brand is not None:
        if brand.tone_keywords:
            lines.append("Brand tone: " + ", ".join(brand.tone_keywords[:6]))
        if brand.color_palette:
            lines.append("Brand palette: " + ", ".join(brand.color_palette[:6]))
        if brand.target_audience:
            lines.append("Audience: " + brand.target_audience[:200])
    data = model.complete_json(system, "\n".join(lines), temperature=0.6)
    enhanced = data.get("enhanced")
    notes = data.get("notes")
    if not isinstance(enhanced, str) or original not in enhanced:
        raise ValueError("the answer does not keep the original prompt verbatim")
    if len(enhanced) > MAX_PROMPT or len(enhanced.strip()) <= len(original):
        raise ValueError("the answer is too long or adds nothing")
    if not isinstance(notes, list) or not all(isinstance(n, str) and n.strip() for n in notes) or not notes:
        raise ValueError("the answer has no notes")
    return EnhancedPrompt(
        original=original,
        enhanced=enhanced.strip(),
        notes=[" ".join(n.split())[:300] for n in notes[:12]],
        engine="deepseek",
    )


def enhance(
    prompt: str,
    content_type: str,
    *,
    style: str | None = None,
    selling_points: list[str] | None = None,
    product_name: str = "",
    brand: BrandContext | None = None,
) -> EnhancedPrompt:
    """Enhance with DeepSeek when configured, else (or when it fails) with the local rules."""
    original = _check(prompt, content_type)
    points = _clean_points(selling_points)
    product_name = " ".join((product_name or "").split())[:200]
    model = chat_model()
    fallback_note = ""
    if model is not None:
        try:
            return _deepseek_enhance(model, original, content_type, style, points, product_name, brand)
        except ProviderError as exc:
            log.warning("DeepSeek enhancement failed (%s); using local rules", exc.code)
            fallback_note = "DeepSeek was unavailable, so the offline enhancer wrote these additions."
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("DeepSeek enhancement rejected: %s", exc)
            fallback_note = "DeepSeek's rewrite changed your prompt, so the offline enhancer was used."
    result = local_enhance(
        original,
        content_type,
        style=style,
        selling_points=points,
        product_name=product_name,
        brand=brand,
    )
    if fallback_note:
        result.notes.append(fallback_note)
    return result


def brand_for_user(user_id: str) -> BrandContext | None:
    """The user's brand profile as a BrandContext, or None (no profile, or switched off)."""
    try:
        result = brand_service.prompt_context(user_id)
    except Exception:  # the brand is seasoning; a broken profile must not block generation
        log.warning("could not load the brand profile of %s", user_id, exc_info=True)
        return None
    return result if isinstance(result, BrandContext) else None


def enhance_for_user(
    user_id: str,
    prompt: str,
    content_type: str,
    *,
    style: str | None = None,
    selling_points: list[str] | None = None,
    product_name: str = "",
    use_brand_profile: bool = True,
) -> EnhancedPrompt:
    brand = brand_for_user(user_id) if use_brand_profile else None
    return enhance(
        prompt,
        content_type,
        style=style,
        selling_points=selling_points,
        product_name=product_name,
        brand=brand,
    )
