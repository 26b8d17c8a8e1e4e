"""The ad planner: product data in, a scene-by-scene video ad script out.

``plan_script`` picks a framework (PAS for products that fix a problem, BAB
for aspirational ones, AIDA otherwise), lays the framework's beats over the
style's shot recipe (``ad_recipes``), scales the scene lengths to the ad's
duration and writes captions, voiceover lines and a call to action. The local
planner (templates and rules) always works offline; with ``DEEPSEEK_API_KEY``
set, DeepSeek writes the copy in JSON mode and its answer must pass the same
pydantic schema and checks, or the local script is used with a note.

``script_to_timeline`` turns a script plus the stills rendered for it into
the render engine's ``TimelineSpec``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.providers.base import ChatModel, SceneBrief
from app.providers.errors import ProviderError
from app.services import ad_recipes as R
from app.services.brand import BrandContext
from app.services.platform import InvalidInput
from app.services.prompts import LIGHTING, MOOD, brand_for_user, chat_model

log = logging.getLogger(__name__)

MIN_DURATION = 4.0
MAX_DURATION = 30.0
MAX_SCENES = 8
MIN_SCENE_SECONDS = 0.8
CAPTION_CHARS = 42
# eSpeak NG speaks about 2.7 words a second at our rate; leave breathing room.
WORDS_PER_SECOND = 2.3
FRAMEWORK_CHOICES = (*R.FRAMEWORKS, "auto")


def _clean_text(value: Any) -> str:
    text = "".join(ch for ch in str(value or "") if ch == "\n" or ch.isprintable())
    return " ".join(text.split())


class Scene(BaseModel):
    """One scene of an ad script (the ``POST /api/v1/scripts`` scene shape)."""

    model_config = ConfigDict(extra="ignore")

    scene_number: int = Field(ge=1, le=MAX_SCENES)
    scene_type: str = Field(min_length=1, max_length=40)
    visual_prompt: str = Field(min_length=1, max_length=1000)
    text_overlay: str = Field("", max_length=120)
    voiceover: str = Field("", max_length=400)
    duration: float = Field(ge=MIN_SCENE_SECONDS, le=MAX_DURATION)
    # The style recipe's shot (package, reveal, price...): how the local engine draws the scene.
    shot: str = Field("", max_length=40)

    @field_validator("scene_type", "visual_prompt", "text_overlay", "voiceover", "shot", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str:
        return _clean_text(v)

    @field_validator("duration")
    @classmethod
    def _round(cls, v: float) -> float:
        return round(float(v), 2)

    def brief(self, shot: R.Shot | None = None) -> SceneBrief:
        """The engines' view of this scene, with the recipe shot's rendering hints."""
        return SceneBrief(
            visual_prompt=self.visual_prompt,
            duration=self.duration,
            text_overlay=self.text_overlay,
            voiceover=self.voiceover,
            scene_type=self.scene_type,
            shot=self.shot or (shot.kind if shot else ""),
            motion=shot.motion if shot else "",
            backdrop=shot.backdrop if shot else "",
            product=shot.product if shot else "",
            graphic=shot.graphic if shot else "",
            position=shot.position if shot else "",
        )


class Script(BaseModel):
    model_config = ConfigDict(extra="ignore")

    framework: Literal["PAS", "BAB", "AIDA"]
    style: str = "voiceover"
    scenes: list[Scene] = Field(min_length=1, max_length=MAX_SCENES)
    cta: str = Field(min_length=1, max_length=80)
    engine: Literal["local", "deepseek"] = "local"
    notes: list[str] = Field(default_factory=list)

    @field_validator("cta", mode="before")
    @classmethod
    def _cta(cls, v: Any) -> str:
        return _clean_text(v)

    @model_validator(mode="after")
    def _numbered(self) -> Script:
        for i, scene in enumerate(self.scenes, start=1):
            if scene.scene_number != i:
                raise ValueError("scenes must be numbered 1, 2, 3... in order")
        return self

    @property
    def duration(self) -> float:
        return round(sum(s.duration for s in self.scenes), 2)

    def briefs(self) -> list[SceneBrief]:
        return briefs_for(self.style, self.framework, [s.model_dump() for s in self.scenes])


# --- Inputs --------------------------------------------------------------------------


@dataclass
class _Facts:
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


def _sentence_case(text: str) -> str:
    text = text.strip(" .;,:-")
    return text[:1].upper() + text[1:] if text else text


def _trim_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words, out = text.split(), ""
    for w in words:
        nxt = f"{out} {w}".strip()
        if len(nxt) > limit:
            break
        out = nxt
    return out or text[:limit]


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


def _benefits(points: list[str], description: str, brand: BrandContext | None) -> list[str]:
    out: list[str] = []

    def add(text: str) -> None:
        text = _sentence_case(_clean_text(text))
        if len(text) > 2 and text.lower() not in (o.lower() for o in out):
            out.append(_trim_words(text, 60))

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
    for d in R.DEFAULT_BENEFITS:
        if len(out) >= 2:
            break
        add(d)
    return out


def _facts(
    product_name: str,
    description: str,
    points: list[str],
    prompt: str,
    brand: BrandContext | None,
) -> _Facts:
    text = " ".join([product_name, description, prompt, *points]).lower()
    words = _WORD.findall(product_name.lower())
    category = words[-1] if words else "product"
    pain = ""
    for source in (description, prompt, *points):
        if m := _PAIN.search(source or ""):
            pain = m.group(1).strip().lower()
            break
    if not pain:
        pain = f"ordinary {_plural(category)}" if category != "product" else R.DEFAULT_PAIN
    offer = ""
    for source in (*points, description, prompt):
        if m := _OFFER.search(source or ""):
            offer = m.group(1).strip()
            break
    audience = _clean_text(brand.target_audience) if brand and brand.target_audience else ""
    setting = R.DEFAULT_SETTING
    for word, place in R.SETTINGS_BY_WORD.items():
        if re.search(rf"\b{word}", text):
            setting = place
            break
    product = _trim_words(_clean_text(product_name), 40)
    return _Facts(
        product=product,
        category=category,
        benefits=_benefits(points, description, brand),
        pain=_trim_words(pain, 32),
        audience=_trim_words(audience.lower(), 40) if audience else R.DEFAULT_AUDIENCE,
        offer=offer or R.DEFAULT_OFFER,
        brand=_clean_text(brand.name) if brand and brand.name else product,
        setting=setting,
        text=text,
    )


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


# --- The local planner ---------------------------------------------------------------


class _Filler:
    """Fills templates, rotating through the benefits so scenes do not repeat themselves."""

    def __init__(self, facts: _Facts) -> None:
        self.f = facts
        self.next_benefit = 0

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
            if m.group(1) in ("benefit", "benefit2", "pain", "offer", "audience"):
                value = _sentence_case(value) if at_start else _soft_lower(value)
            out.append(value)
            last = m.end()
        out.append(template[last:])
        return _clean_text("".join(out))

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


def _word_budget(seconds: float) -> int:
    return max(3, int(WORDS_PER_SECOND * max(0.5, seconds - 0.4)))


def _fit_words(text: str, budget: int) -> str:
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


def _cta(rec: R.StyleRecipe, filler: _Filler) -> str:
    _, text = _choose(filler, rec.cta, lambda t: len(t) <= 30)
    return _trim_words(text, 40)


def _local_script(
    facts: _Facts, style: str, framework: str, durations: list[float], brand: BrandContext | None
) -> Script:
    rec = R.recipe(style)
    shots = R.shots_for(style, framework)
    beats = R.FRAMEWORK_BEATS[framework]
    filler = _Filler(facts)
    scenes: list[Scene] = []
    for i, ((beat, _), shot, seconds) in enumerate(zip(beats, shots, durations, strict=True), start=1):
        # A shot with its own copy (price, countdown, verdict...) speaks for itself.
        captions = shot.caption or R.BEAT_CAPTIONS[beat]
        lines = shot.line or R.BEAT_LINES[beat]
        if beat in ("action", "resolution") and not shot.caption and style == "limited_offer":
            captions = ("Last chance: {offer}", "Last chance")
            lines = ("Last chance to get {offer}.", "Last chance.")
        cap_t, caption = _choose(filler, captions, lambda t: len(t) <= CAPTION_CHARS)
        budget = _word_budget(seconds)
        line_t, line = _choose(filler, lines, lambda t, b=budget: len(t.split()) <= b)
        visual = _visual(shot, rec, filler, style, brand)
        filler.used(cap_t, line_t)
        scenes.append(
            Scene(
                scene_number=i,
                scene_type=beat,
                visual_prompt=visual,
                text_overlay=_trim_words(_sentence_case(caption), CAPTION_CHARS) or facts.product,
                voiceover=_fit_words(line, budget),
                duration=seconds,
                shot=shot.kind,
            )
        )
    return Script(framework=framework, style=style, scenes=scenes, cta=_cta(rec, filler), engine="local")


# --- The DeepSeek planner -----------------------------------------------------------------

DEEPSEEK_SYSTEM = (
    "You write short e-commerce video ad scripts. Follow the given framework and style exactly: "
    "one scene per beat, in the given order, with the given scene_type and duration. For each scene "
    "write visual_prompt (what the camera shows, one or two sentences, following the style's shot "
    "idea), text_overlay (on-screen caption, at most 42 characters), voiceover (one spoken line that "
    "fits the scene's duration: at most the given word count). Also write cta (call to action, at most "
    "30 characters). Keep product facts true to the input; never invent prices or claims. Answer in "
    'JSON: {"scenes": [{"scene_number": 1, "scene_type": "...", "visual_prompt": "...", '
    '"text_overlay": "...", "voiceover": "...", "duration": 4.0}], "cta": "..."}.'
)


def _deepseek_script(
    model: ChatModel,
    *,
    product_name: str,
    description: str,
    points: list[str],
    prompt: str,
    style: str,
    framework: str,
    durations: list[float],
    brand: BrandContext | None,
) -> Script:
    rec = R.recipe(style)
    shots = R.shots_for(style, framework)
    beats = R.FRAMEWORK_BEATS[framework]
    brief = {
        "product_name": product_name,
        "description": description,
        "selling_points": points,
        "user_prompt": prompt,
        "style": f"{style} ({rec.label}): {rec.look}",
        "framework": f"{framework} ({R.FRAMEWORK_NAMES[framework]})",
        "scenes": [
            {
                "scene_number": i,
                "scene_type": beat,
                "shot_idea": shot.visual.replace("{", "").replace("}", ""),
                "duration": seconds,
                "max_voiceover_words": _word_budget(seconds),
            }
            for i, ((beat, _), shot, seconds) in enumerate(zip(beats, shots, durations, strict=True), 1)
        ],
    }
    if brand is not None:
        brief["brand"] = {
            "name": brand.name,
            "tone": brand.tone_keywords[:6],
            "audience": brand.target_audience[:200],
            "palette": brand.color_palette[:4],
        }
    data = model.complete_json(DEEPSEEK_SYSTEM, json.dumps(brief, ensure_ascii=False), temperature=0.7)
    raw = data.get("scenes")
    if not isinstance(raw, list) or len(raw) != len(beats):
        raise ValueError(f"expected {len(beats)} scenes, got {len(raw) if isinstance(raw, list) else 'none'}")
    scenes = []
    for i, ((beat, _), shot, seconds, item) in enumerate(zip(beats, shots, durations, raw, strict=True), 1):
        if not isinstance(item, dict):
            raise ValueError("a scene is not an object")
        # Our beats, order and lengths are the contract; the model writes the words.
        scene = Scene.model_validate(
            {**item, "scene_number": i, "scene_type": beat, "duration": seconds, "shot": shot.kind}
        )
        if not (scene.text_overlay and scene.voiceover and scene.visual_prompt):
            raise ValueError(f"scene {i} has empty text")
        scenes.append(scene)
    return Script(
        framework=framework,
        style=style,
        scenes=scenes,
        cta=data.get("cta") or "",
        engine="deepseek",
    )


# --- Public API ------------------------------------------------------------------------------


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
    name = _clean_text(product_name)[:200] or name_from_prompt(prompt)
    if not name:
        raise InvalidInput("Give the product a name first.")
    style = (style or "voiceover").strip().lower()
    if style not in R.STYLES:
        raise InvalidInput(f"style must be one of: {', '.join(R.STYLES)}.")
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
) -> Script:
    """A validated script: DeepSeek's when configured and sound, else the local planner's."""
    description = _clean_text(description)[:2000]
    prompt = _clean_text(prompt)[:4000]
    name, style, framework, duration = _check_inputs(product_name, prompt, style, framework, duration)
    points = [p for p in (_clean_text(x)[:200] for x in (selling_points or [])) if p][:10]
    notes: list[str] = []
    if framework == "auto":
        framework, why = choose_framework(name, description, points, style, prompt)
        notes.append(f"Framework: {framework} ({R.FRAMEWORK_NAMES[framework]}), because {why}.")
    durations = scale_durations([b for _, b in R.FRAMEWORK_BEATS[framework]], duration)
    model = chat_model() if use_vendor else None
    if model is not None:
        try:
            script = _deepseek_script(
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
    facts = _facts(name, description, points, prompt, brand)
    script = _local_script(facts, style, framework, durations, brand)
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
    )


def validate_scenes(raw: Any, duration: float | None) -> tuple[list[dict[str, Any]], float]:
    """User-edited scenes for a video job: checked, renumbered, and their total length.

    With ``duration`` given the scenes must add up to it (within 0.1 s);
    without, the scenes' total becomes the video's length.
    """
    if not isinstance(raw, list) or not raw:
        raise InvalidInput("scenes must be a list of at least one scene.")
    if len(raw) > MAX_SCENES:
        raise InvalidInput(f"An ad can have at most {MAX_SCENES} scenes.")
    scenes: list[Scene] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"Scene {i} must be an object.")
        try:
            scenes.append(Scene.model_validate({**item, "scene_number": i}))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err.get("loc", ()))
            raise InvalidInput(
                f"Scene {i}: {field} {err.get('msg', 'is invalid')}.".replace("..", ".")
            ) from exc
        if not scenes[-1].scene_type:
            raise InvalidInput(f"Scene {i} needs a scene_type.")
    total = round(sum(s.duration for s in scenes), 2)
    if duration is None:
        if not MIN_DURATION <= total <= MAX_DURATION:
            raise InvalidInput(
                f"The scenes add up to {total:g} s; an ad is {MIN_DURATION:g}-{MAX_DURATION:g} s long."
            )
        duration = total
    elif abs(total - duration) > 0.1:
        raise InvalidInput(
            f"The scenes add up to {total:g} s but the video is {duration:g} s long. "
            "Adjust the scene durations."
        )
    return [s.model_dump() for s in scenes], float(duration)


def briefs_for(style: str | None, framework: str | None, scenes: list[dict[str, Any]]) -> list[SceneBrief]:
    """Scene dicts (a script or a user's edit) as SceneBriefs with the style recipe's hints.

    A scene keeps its recipe shot by name; an edited scene without one gets
    the shot at its position in the recipe.
    """
    rec = R.recipe(style or "voiceover")
    by_kind = {s.kind: s for s in rec.shots}
    order = R.shots_for(rec.style, framework) if framework in R.FRAMEWORKS else list(rec.shots)
    if len(order) != len(scenes):
        order = [rec.shots[i % len(rec.shots)] for i in range(len(scenes))]
    out = []
    for i, raw in enumerate(scenes):
        scene = Scene.model_validate({**raw, "scene_number": i + 1})
        out.append(scene.brief(by_kind.get(scene.shot) or order[i]))
    return out


def default_cta(style: str | None, product_name: str = "") -> str:
    """The style's call to action for scripts that came without one."""
    rec = R.recipe(style or "voiceover")
    product = _trim_words(_clean_text(product_name), 24)
    for template in rec.cta:
        if "{product}" in template and not product:
            continue
        if "{brand}" in template:
            continue
        return template.format(product=product)
    return "Shop now"


def ad_look(style: str | None) -> dict[str, str]:
    """The whole ad's transition, music mood and colour grade for a style."""
    rec = R.recipe(style or "voiceover")
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


def script_to_timeline(
    script: Script,
    stills: list[str | Path],
    *,
    aspect: str = "9:16",
    resolution: str = "1080p",
    end_card: str | Path | None = None,
    music: str | Path | None = None,
    voice: str | Path | None = None,
    watermark: str | None = None,
):
    """The render engine's TimelineSpec for ``script`` with one still per scene."""
    from app.media.ad_timeline import AdShot, build_ad_timeline

    if len(stills) != len(script.scenes):
        raise InvalidInput("Give one still per scene.")
    rec = R.recipe(script.style)
    shots = [
        AdShot(
            image=str(path),
            duration=scene.duration,
            motion=_motion_for(script.style, scene.shot, i),
            caption=scene.text_overlay,
            position=_position_for(script.style, scene.shot),
        )
        for i, (scene, path) in enumerate(zip(script.scenes, stills, strict=True))
    ]
    return build_ad_timeline(
        shots,
        aspect=aspect,
        resolution=resolution,
        transition=rec.transition,
        grade=rec.grade,
        end_card=str(end_card) if end_card else None,
        music=str(music) if music else None,
        voice=str(voice) if voice else None,
        watermark=watermark,
    )


def _shot(style: str, kind: str) -> R.Shot | None:
    return next((s for s in R.recipe(style).shots if s.kind == kind), None)


def _motion_for(style: str, kind: str, index: int) -> str:
    shot = _shot(style, kind)
    from app.media.motion import CAMERA_MOVES

    return shot.motion if shot else CAMERA_MOVES[index % len(CAMERA_MOVES)]


def _position_for(style: str, kind: str) -> str:
    shot = _shot(style, kind)
    return shot.position if shot else "lower_third"
