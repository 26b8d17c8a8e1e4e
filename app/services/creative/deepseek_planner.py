"""The DeepSeek ad planner: the vendor writes the copy (JSON mode) for our beats, order and lengths.

Its answer must pass the same schema as the local planner's, or ``planner`` falls back to the
local script with a note.
"""

from __future__ import annotations

import json

from app.providers.base import ChatModel
from app.services.brand import BrandContext
from app.services.creative import ad_recipe_tables as R
from app.services.creative.ad_recipes import shots_for, style_recipe
from app.services.creative.ad_script import Scene, Script
from app.services.creative.local_planner import word_budget

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


def deepseek_script(
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
    rec = style_recipe(style)
    shots = shots_for(style, framework)
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
                "max_voiceover_words": word_budget(seconds),
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
