"""What the generated media says and shows: prompt enhancement, ad scripts, the style recipes.

The public module of the creative package: pages, state, the REST API and the other domain
packages import these names from ``app.services.creative`` only. Everything here works offline
(rules and templates) and uses DeepSeek when it is configured, falling back with a note.
"""

from app.services.creative.ad_recipe_tables import (
    AD_FRAMEWORKS,
    AD_STYLES,
    FRAMEWORK_BEATS,
    FRAMEWORK_NAMES,
    Shot,
    StyleRecipe,
)
from app.services.creative.ad_recipes import shots_for, style_recipe
from app.services.creative.ad_script import (
    CAPTION_CHARS,
    FRAMEWORK_CHOICES,
    MAX_DURATION,
    MAX_SCENES,
    MIN_DURATION,
    MIN_SCENE_SECONDS,
    Scene,
    Script,
    briefs_for,
    validate_scenes,
)
from app.services.creative.alternatives import cta_alternatives, hook_alternatives, with_hook
from app.services.creative.hero_prompts import (
    HERO_ASPECTS,
    EnhanceNote,
    HeroEnhancement,
    enhance_hero_frame,
    local_enhance_hero,
)
from app.services.creative.languages import LANGUAGE_NAMES, LANGUAGES
from app.services.creative.planner import (
    ad_look,
    choose_framework,
    default_cta,
    name_from_prompt,
    plan_for_user,
    plan_script,
    plan_seed,
    scale_durations,
    vendor_prompt,
)
from app.services.creative.prompts import (
    CONTENT_TYPES,
    MAX_PROMPT,
    EnhancedPrompt,
    brand_for_user,
    chat_model,
    enhance,
    enhance_for_user,
    local_enhance,
)
from app.services.creative.script_timeline import script_to_timeline
from app.services.creative.selling_points import (
    MAX_POINT_CHARS,
    MAX_POINTS,
    parse_selling_points,
    selling_points_as_list,
    split_selling_points,
)

__all__ = [
    "AD_FRAMEWORKS",
    "AD_STYLES",
    "CAPTION_CHARS",
    "CONTENT_TYPES",
    "FRAMEWORK_BEATS",
    "FRAMEWORK_CHOICES",
    "FRAMEWORK_NAMES",
    "HERO_ASPECTS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MAX_DURATION",
    "MAX_POINTS",
    "MAX_POINT_CHARS",
    "MAX_PROMPT",
    "MAX_SCENES",
    "MIN_DURATION",
    "MIN_SCENE_SECONDS",
    "EnhanceNote",
    "EnhancedPrompt",
    "HeroEnhancement",
    "Scene",
    "Script",
    "Shot",
    "StyleRecipe",
    "ad_look",
    "brand_for_user",
    "briefs_for",
    "chat_model",
    "choose_framework",
    "cta_alternatives",
    "default_cta",
    "enhance",
    "enhance_for_user",
    "enhance_hero_frame",
    "hook_alternatives",
    "local_enhance",
    "local_enhance_hero",
    "name_from_prompt",
    "parse_selling_points",
    "plan_for_user",
    "plan_script",
    "plan_seed",
    "scale_durations",
    "script_to_timeline",
    "selling_points_as_list",
    "shots_for",
    "split_selling_points",
    "style_recipe",
    "validate_scenes",
    "vendor_prompt",
    "with_hook",
]
