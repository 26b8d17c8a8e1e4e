"""The ad planner: product data in, a scene-by-scene video ad script out.

``plan_script`` picks a framework (PAS for products that fix a problem, BAB
for aspirational ones, AIDA otherwise), lays the framework's beats over the
style's shot recipe (``ad_recipes``), scales the scene lengths to the ad's
duration and writes captions, voiceover lines and a call to action. The local
planner (templates and rules) always works offline; with ``DEEPSEEK_API_KEY``
set, DeepSeek writes the copy in JSON mode and its answer must pass the same
pydantic schema and checks, or the local script is used with a note.

``script_timeline`` turns a script plus the stills rendered for it into the
render engine's ``TimelineSpec``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from pydantic import ValidationError

from app.providers.errors import ProviderError
from app.services.brand import BrandContext
from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_recipes import style_recipe
from app.services.creative.ad_script import (
    FRAMEWORK_CHOICES,
    MAX_DURATION,
    MIN_DURATION,
    Script,
    clean_text,
    trim_words,
)
from app.services.creative.deepseek_planner import deepseek_script
from app.services.creative.languages import copy_for, normalize_language
from app.services.creative.local_planner import local_script, product_facts
from app.services.creative.prompts import brand_for_user, chat_model
from app.services.platform import InvalidInput

log = logging.getLogger(__name__)


def choose_framework(
    product_name: str,
    description: str = "",
    selling_points: list[str] | None = None,
    style: str = "voiceover",
    prompt: str = "",
) -> tuple[str, str]:
    """PAS for problem-solving products, BAB for aspirational ones, otherwise AIDA; with the reason."""
    text = " ".join([product_name, description, prompt, *(selling_points or [])]).lower()

    def score(words: tuple[str, ...]) -> int:
        return sum(1 for w in words if re.search(rf"\b{re.escape(w)}", text))

    problem, aspiration = score(R.PROBLEM_WORDS), score(R.ASPIRATION_WORDS)
    bias = R.STYLE_FRAMEWORK_BIAS.get(style)
    if bias == "PAS":
        problem += 1
    elif bias == "BAB":
        aspiration += 1
    if problem > aspiration and problem > 0:
        return "PAS", "the product solves a problem"
    if aspiration > problem and aspiration > 0:
        return "BAB", "the product is aspirational"
    if problem and problem == aspiration:
        return (
            ("PAS", "the product solves a problem") if bias != "BAB" else ("BAB", "the style tells a story")
        )
    return "AIDA", "no clear problem or aspiration angle, so the classic funnel"


def scale_durations(base: list[float], total: float) -> list[float]:
    """Scale the beats' lengths to ``total`` seconds in hundredths, summing exactly."""
    hundredths = round(total * 100)
    raw = [b * hundredths / sum(base) for b in base]
    parts = [int(x) for x in raw]
    # Largest remainder keeps the sum exact without drifting any scene by more than 0.01 s.
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: hundredths - sum(parts)]:
        parts[i] += 1
    return [p / 100 for p in parts]


_FILLER = re.compile(
    r"^(a|an|the|our|my|new|photo of|image of|picture of|create|generate|make|design|show|"
    r"(?:(?:video|short|product|social)\s+)?(?:ad|advert|video|clip|spot|commercial|poster|banner|"
    r"visual|image)s?\s+(?:for|of|about|showing))\s+",
    re.I,
)


def name_from_prompt(prompt: str, max_words: int = 5) -> str:
    """A product name guessed from a prompt's first phrase ("An ad for a steel bottle" -> "Steel bottle")."""
    text = re.split(r"[.!?;,\n]", (prompt or "").strip())[0]
    for _ in range(6):
        text = _FILLER.sub("", text.strip())
    words = text.split()[:max_words]
    if not words:
        return ""
    head = " ".join(words)
    return head[0].upper() + head[1:]


def _check_inputs(
    product_name: str, prompt: str, style: str, framework: str, duration: float
) -> tuple[str, str, str, float]:
    name = clean_text(product_name)[:200] or name_from_prompt(prompt)
    if not name:
        raise InvalidInput("Give the product a name first.")
    style = (style or "voiceover").strip().lower()
    if style not in R.AD_STYLES:
        raise InvalidInput(f"style must be one of: {', '.join(R.AD_STYLES)}.")
    framework = (framework or "auto").strip()
    framework = framework.upper() if framework.lower() != "auto" else "auto"
    if framework not in FRAMEWORK_CHOICES:
        raise InvalidInput("framework must be one of: PAS, BAB, AIDA, auto.")
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise InvalidInput(f"duration must be {MIN_DURATION:.0f}-{MAX_DURATION:.0f} seconds.")
    if not MIN_DURATION <= float(duration) <= MAX_DURATION:
        raise InvalidInput(f"duration must be {MIN_DURATION:.0f}-{MAX_DURATION:.0f} seconds.")
    return name, style, framework, round(float(duration), 2)


def plan_script(
    product_name: str,
    *,
    description: str = "",
    selling_points: list[str] | None = None,
    style: str = "voiceover",
    framework: str = "auto",
    duration: float = 15.0,
    prompt: str = "",
    brand: BrandContext | None = None,
    use_vendor: bool = True,
    language: str = "en",
) -> Script:
    """A validated script: DeepSeek's when configured and sound, else the local planner's.

    The local planner writes in ``language`` from its copy book; DeepSeek is only asked for
    English scripts (its prompt is English), so another language always gets the local script.
    """
    language = normalize_language(language)
    description = clean_text(description)[:2000]
    prompt = clean_text(prompt)[:4000]
    name, style, framework, duration = _check_inputs(product_name, prompt, style, framework, duration)
    points = [p for p in (clean_text(x)[:200] for x in (selling_points or [])) if p][:10]
    notes: list[str] = []
    if framework == "auto":
        framework, why = choose_framework(name, description, points, style, prompt)
        notes.append(f"Framework: {framework} ({R.FRAMEWORK_NAMES[framework]}), because {why}.")
    durations = scale_durations([b for _, b in R.FRAMEWORK_BEATS[framework]], duration)
    model = chat_model() if use_vendor and language == "en" else None
    if model is not None:
        try:
            script = deepseek_script(
                model,
                product_name=name,
                description=description,
                points=points,
                prompt=prompt,
                style=style,
                framework=framework,
                durations=durations,
                brand=brand,
            )
            script.notes = [*notes, "Script written by DeepSeek."]
            return script
        except ProviderError as exc:
            log.warning("DeepSeek planner failed (%s); using the local planner", exc.code)
            notes.append("DeepSeek was unavailable, so the offline planner wrote this script.")
        except (ValueError, ValidationError, TypeError, AttributeError) as exc:
            log.warning("DeepSeek script rejected: %s", exc)
            notes.append("DeepSeek's script did not pass our checks, so the offline planner wrote this one.")
    facts = product_facts(name, description, points, prompt, brand, language)
    script = local_script(facts, style, framework, durations, brand, language)
    script.notes = notes
    return script


def plan_for_user(
    user_id: str,
    product_name: str,
    *,
    description: str = "",
    selling_points: list[str] | None = None,
    style: str = "voiceover",
    framework: str = "auto",
    duration: float = 15.0,
    prompt: str = "",
    use_brand_profile: bool = True,
    language: str = "en",
) -> Script:
    brand = brand_for_user(user_id) if use_brand_profile else None
    return plan_script(
        product_name,
        description=description,
        selling_points=selling_points,
        style=style,
        framework=framework,
        duration=duration,
        prompt=prompt,
        brand=brand,
        language=language,
    )


def default_cta(style: str | None, product_name: str = "", language: str = "en") -> str:
    """The style's call to action for scripts that came without one (in ``language``)."""
    rec = style_recipe(style or "voiceover")
    product = trim_words(clean_text(product_name), 24)
    copy = copy_for(language)
    for template in copy.cta if copy else rec.cta:
        if "{product}" in template and not product:
            continue
        if "{brand}" in template:
            continue
        return template.format(product=product)
    return copy.cta[-1] if copy else "Shop now"


def ad_look(style: str | None) -> dict[str, str]:
    """The whole ad's transition, music mood and colour grade for a style."""
    rec = style_recipe(style or "voiceover")
    return {"transition": rec.transition, "music_mood": rec.mood, "grade": rec.grade}


def vendor_prompt(prompt: str, scenes: list[dict[str, Any]], cta: str = "", limit: int = 3000) -> str:
    """A text-to-video prompt enriched with the planned scenes, for vendor models."""
    lines = [prompt.strip()]
    for s in scenes:
        line = f"Scene {s['scene_number']} ({s['duration']:g}s, {s['scene_type']}): {s['visual_prompt']}"
        if s.get("text_overlay"):
            line += f' On-screen text: "{s["text_overlay"]}".'
        lines.append(line)
    if cta:
        lines.append(f'End card: "{cta}".')
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit].rsplit("\n", 1)[0]


def plan_seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4], "big")
