"""The cinematographer's enhancement of a hero-frame prompt: each added choice with its why.

A hero frame is a photograph to animate, so the enhancement speaks a director of
photography's language in five aspects: camera and lens, lighting, composition, film stock
and mood. An aspect the user already wrote is left alone; a missing one gets one choice
(picked by a hash of the prompt, so the same prompt gets the same words) and a note saying
why. The words are the ones the local hero engine (``app.media.hero.still``) draws, so the
enhancement is visible offline. DeepSeek writes the additions when a key is configured;
its answer must keep the user's prompt verbatim and name the aspects, or the rules are used.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from app.providers.errors import ProviderError
from app.services.creative.prompts import MAX_PROMPT, chat_model
from app.services.platform import InvalidInput

log = logging.getLogger(__name__)

HERO_ASPECTS = ("camera_lens", "lighting", "composition", "film_stock", "mood")
ASPECT_LABELS = {
    "camera_lens": "Camera and lens",
    "lighting": "Lighting",
    "composition": "Composition",
    "film_stock": "Film stock",
    "mood": "Mood",
}

# What the prompt already says about an aspect (then the enhancement leaves it alone).
_PRESENT = {
    "camera_lens": r"\b\d{2,3} ?mm\b|\blens\b|f/?\d|\bmacro\b|\bbokeh\b|depth of field|\bwide[- ]angle\b|"
    r"\barri\b|\bred komodo\b|\bcamera\b|\bclose[- ]up\b",
    "lighting": r"\blight(ing|s)?\b|\blit\b|golden hour|blue hour|\bsunset\b|\bsunrise\b|\bneon\b|"
    r"low[- ]key|high[- ]key|chiaroscuro|backlit|\bcandle",
    "composition": r"rule of thirds|cent(er|re)d|symmetr|low[- ]angle|hero shot|negative space|"
    r"off[- ]cent(er|re)|\bframing\b|\bframed\b|leading lines",
    "film_stock": r"\bkodak\b|\bportra\b|\bektar\b|\bfuji\b|\bcinestill\b|\bfilm (stock|grain|look)\b|"
    r"\b35 ?mm film\b|\bvision3\b",
    "mood": r"\bmood(y)?\b|\batmospher|\bserene\b|\bdramatic\b|\bluxur|\bcalm\b|\bplayful\b|\bnoir\b|"
    r"\bhaze\b|\bhazy\b|\bfog\b|\bmist",
}

# Per aspect: (phrase, why) options; the phrases use the words the local engine reads.
_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "camera_lens": (
        (
            "shot on a full-frame cinema camera with an 85mm lens at f/1.8, shallow depth of field",
            "An 85mm portrait lens wide open separates the product from the background with soft "
            "bokeh and keeps its proportions true.",
        ),
        (
            "shot on a 50mm prime at f/2.8, gentle depth of field",
            "A 50mm lens sees like the eye; at f/2.8 the product is crisp while the setting stays readable.",
        ),
        (
            "100mm macro lens, close-up, shallow depth of field",
            "A macro lens shows texture and material up close, which sells craft and quality.",
        ),
    ),
    "lighting": (
        (
            "soft key light from the left with a warm rim light behind the subject",
            "A soft side key models the shape; the rim light draws an edge that lifts the product "
            "off the background.",
        ),
        (
            "golden hour sunlight, low and warm, with gentle backlit glow",
            "Low warm sun flatters surfaces and reads as premium and inviting.",
        ),
        (
            "low-key lighting with a single hard key and deep shadows",
            "One hard light and deep shadows give contrast and drama and keep the eye on the product.",
        ),
    ),
    "composition": (
        (
            "rule of thirds composition with negative space for copy",
            "Placing the subject on a third leaves clean space for a headline or logo later.",
        ),
        (
            "centered symmetrical composition",
            "A centred, symmetrical frame feels iconic and steady, and survives any crop.",
        ),
        (
            "low-angle hero shot",
            "Looking up at the product makes it feel monumental, the classic hero framing.",
        ),
    ),
    "film_stock": (
        (
            "Kodak Portra 400 film look, fine grain",
            "Portra's gentle contrast and warm skin-friendly colour give a natural, expensive look.",
        ),
        (
            "Kodak Vision3 500T film stock, subtle grain",
            "A motion-picture stock makes the still look like a frame from a film, ready to animate.",
        ),
        (
            "Fuji Eterna film look, muted colour",
            "Eterna's low saturation and soft contrast keep the palette calm and cinematic.",
        ),
    ),
    "mood": (
        (
            "luxurious and calm mood, polished marble surface",
            "A calm, polished setting signals quality; the marble also reflects the product.",
        ),
        (
            "atmospheric haze, serene and cinematic mood",
            "A little haze adds depth between foreground and background and softens the light.",
        ),
        (
            "dramatic and bold mood",
            "A bold mood gives the ad energy and makes the frame memorable in a feed.",
        ),
    ),
}


@dataclass(frozen=True)
class EnhanceNote:
    aspect: str  # one of HERO_ASPECTS
    change: str  # the phrase added
    why: str

    def as_dict(self) -> dict[str, str]:
        return {
            "aspect": self.aspect,
            "label": ASPECT_LABELS.get(self.aspect, self.aspect),
            "change": self.change,
            "why": self.why,
        }


@dataclass
class HeroEnhancement:
    original: str
    enhanced: str
    notes: list[EnhanceNote] = field(default_factory=list)
    engine: str = "local"

    def to_api(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "enhanced": self.enhanced,
            "notes": [n.as_dict() for n in self.notes],
            "engine": self.engine,
        }


def missing_aspects(prompt: str) -> list[str]:
    """The aspects the prompt does not speak to yet, in HERO_ASPECTS order."""
    text = " ".join(prompt.lower().split())
    return [a for a in HERO_ASPECTS if re.search(_PRESENT[a], text) is None]


def _pick(prompt: str, aspect: str) -> tuple[str, str]:
    options = _CHOICES[aspect]
    digest = hashlib.sha256(f"{aspect}:{prompt.strip().lower()}".encode()).digest()
    return options[digest[0] % len(options)]


def local_enhance_hero(prompt: str) -> HeroEnhancement:
    """The rules: one choice per missing aspect, appended in a fixed order, each with its why."""
    original = _check(prompt)
    notes = [EnhanceNote(a, *_pick(original, a)) for a in missing_aspects(original)]
    if not notes:
        return HeroEnhancement(original, original, [], "local")
    enhanced = original.rstrip().rstrip(".,;") + ", " + ", ".join(n.change for n in notes)
    return HeroEnhancement(original, enhanced[:MAX_PROMPT], notes, "local")


def _check(prompt: str) -> str:
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInput("Write a prompt first.")
    if len(prompt) > MAX_PROMPT:
        raise InvalidInput(f"The prompt is too long (at most {MAX_PROMPT} characters).")
    return " ".join(prompt.split())


DEEPSEEK_HERO_SYSTEM = (
    "You are a director of photography improving a prompt for one cinematic product still (a hero "
    "frame that will later be animated). Keep the user's prompt exactly as written at the start, "
    "then add short phrases only for aspects it does not already cover: camera_lens, lighting, "
    "composition, film_stock, mood. Never change the product. Answer in JSON: "
    '{"enhanced": "<prompt verbatim, then your additions>", '
    '"notes": [{"aspect": "lighting", "change": "<phrase added>", "why": "<one sentence>"}]}.'
)


def _deepseek_hero(original: str) -> HeroEnhancement:
    model = chat_model()
    if model is None:
        raise LookupError("no LLM configured")
    data = model.complete_json(DEEPSEEK_HERO_SYSTEM, f"Prompt: {original}", temperature=0.5)
    enhanced, raw = data.get("enhanced"), data.get("notes")
    if not isinstance(enhanced, str) or not enhanced.startswith(original) or len(enhanced) > MAX_PROMPT:
        raise ValueError("the answer does not keep the prompt verbatim")
    if not isinstance(raw, list) or not raw:
        raise ValueError("the answer has no notes")
    notes = []
    for item in raw[:10]:
        if not isinstance(item, dict) or item.get("aspect") not in HERO_ASPECTS:
            raise ValueError("a note names no known aspect")
        change, why = str(item.get("change") or "").strip(), str(item.get("why") or "").strip()
        if not change or not why:
            raise ValueError("a note lacks its change or why")
        notes.append(EnhanceNote(str(item["aspect"]), change[:300], why[:300]))
    return HeroEnhancement(original, " ".join(enhanced.split()), notes, "deepseek")


def enhance_hero_frame(prompt: str) -> HeroEnhancement:
    """DeepSeek when a key is set (its answer checked), else the local rules."""
    original = _check(prompt)
    if chat_model() is not None:
        try:
            return _deepseek_hero(original)
        except (ProviderError, ValueError, TypeError, AttributeError, LookupError) as exc:
            log.warning("DeepSeek hero enhancement not used: %s", exc)
    return local_enhance_hero(original)
