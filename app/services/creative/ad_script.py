"""An ad script: its scenes and their limits, checked; and scenes as the render engines' briefs.

A script comes from the planner, from DeepSeek or from a user's edit; all of them pass the same
pydantic schema (``Scene``, ``Script``) and ``validate_scenes``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.providers.base import SceneBrief
from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_recipes import shots_for, style_recipe
from app.services.platform import InvalidInput

MIN_DURATION = 4.0
MAX_DURATION = 30.0
MAX_SCENES = 8
MIN_SCENE_SECONDS = 0.8
CAPTION_CHARS = 42

FRAMEWORK_CHOICES = (*R.AD_FRAMEWORKS, "auto")


def clean_text(value: Any) -> str:
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
        return clean_text(v)

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
        return clean_text(v)

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


def trim_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words, out = text.split(), ""
    for w in words:
        nxt = f"{out} {w}".strip()
        if len(nxt) > limit:
            break
        out = nxt
    return out or text[:limit]


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
    rec = style_recipe(style or "voiceover")
    by_kind = {s.kind: s for s in rec.shots}
    order = shots_for(rec.style, framework) if framework in R.AD_FRAMEWORKS else list(rec.shots)
    if len(order) != len(scenes):
        order = [rec.shots[i % len(rec.shots)] for i in range(len(scenes))]
    out = []
    for i, raw in enumerate(scenes):
        scene = Scene.model_validate({**raw, "scene_number": i + 1})
        out.append(scene.brief(by_kind.get(scene.shot) or order[i]))
    return out
