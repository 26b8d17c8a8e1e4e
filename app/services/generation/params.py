"""What an image or video request may ask for, checked: styles, ratios, lengths, models, sources.

The styles and frameworks a video may name come from the ad planner's recipes (``creative``).
"""

from __future__ import annotations

from typing import Any

from app.db import session_scope
from app.media.audio import MOODS as MUSIC_MOODS
from app.models.assets import Upload
from app.providers import registry
from app.services import creative
from app.services.creative import parse_selling_points
from app.services.platform import InvalidInput

IMAGE_STYLES = ("studio", "lifestyle", "minimalist", "seasonal", "infographic")
IMAGE_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:2")
# The ad planner's recipes define the styles and frameworks a video request may name.
VIDEO_STYLES = creative.AD_STYLES
VIDEO_FRAMEWORKS = (*creative.AD_FRAMEWORKS, "auto")
VIDEO_RATIOS = ("9:16", "1:1", "16:9")
VIDEO_RESOLUTIONS = ("720p", "1080p")
MAX_PROMPT = 4000
MAX_IMAGES = 4
MAX_VIDEO_SECONDS = 30
MAX_HEADLINE = 80
MAX_HOOK = 120


CAPTION_STYLES = ("none", "word", "lower_third")


def _language(params: dict[str, Any]) -> str | None:
    """The language asked for; None for English (the default keeps older requests' shape)."""
    value = _choice(params, "language", creative.LANGUAGES, None)
    return None if value == "en" else value


def caption_style(params: dict[str, Any]) -> str:
    """A job's caption style: as asked, else "word" when the ad has a voiceover."""
    given = params.get("captions")
    if given in CAPTION_STYLES:
        return str(given)
    return "word" if params.get("voiceover") else "none"


def _choice(params: dict[str, Any], name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    value = params.get(name, default)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise InvalidInput(f"{name} must be one of: {', '.join(allowed)}.")
    return str(value)


def _text(params: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = params.get(name) or ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text.")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"Write a {name} first.")
    if len(value) > limit:
        raise InvalidInput(f"{name} is too long (at most {limit} characters).")
    return value


def _points(params: dict[str, Any]) -> list[str]:
    return parse_selling_points(params.get("selling_points"))


def _model(kind: str, params: dict[str, Any], mode: str) -> str:
    model_id = params.get("model") or (
        registry.default_image_model_id() if kind == "image" else registry.default_video_model_id()
    )
    infos = registry.image_models() if kind == "image" else registry.video_models()
    info = next((m for m in infos if m.id == model_id), None)
    if info is None:
        raise InvalidInput("This model is not available. Pick another model.")
    if mode not in info.modes:
        raise InvalidInput(f"{info.label} does not support {mode}. Pick another model or mode.")
    return str(model_id)


def resolve_model(kind: str, model_id: str | None, mode: str) -> str:
    """The model id a request may use for ``kind`` ("image"/"video") in ``mode`` (default if None)."""
    return _model(kind, {"model": model_id}, mode)


def _source_upload(user_id: str, params: dict[str, Any], mode: str, needs: str) -> str | None:
    upload_id = params.get("source_upload_id")
    if mode != needs:
        return upload_id if upload_id else None
    if not upload_id:
        raise InvalidInput("Upload a product photo first (source_upload_id).")
    with session_scope() as s:
        row = s.get(Upload, str(upload_id))
    if row is None or row.user_id != user_id or row.kind != "image":
        raise InvalidInput("The source image was not found. Upload it again.")
    return row.id


def _seed(params: dict[str, Any]) -> int | None:
    """An explicit seed: regenerate asks for a new variation of the same request."""
    seed = params.get("seed")
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InvalidInput("seed must be a whole number from 0 to 2147483647.")
    return seed


def _optional(**fields: Any) -> dict[str, Any]:
    """Copy fields only when given, so requests without them keep their shape (and hash)."""
    return {k: v for k, v in fields.items() if v}


def validate_image_params(user_id: str, params: dict[str, Any]) -> dict[str, Any]:
    mode = _choice(params, "mode", ("t2i", "i2i"), "t2i") or "t2i"
    n = params.get("n", 1) or 1
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_IMAGES:
        raise InvalidInput(f"n must be a whole number from 1 to {MAX_IMAGES}.")
    return {
        "prompt": _text(params, "prompt", MAX_PROMPT, required=True),
        "mode": mode,
        "model": _model("image", params, mode),
        "style": _choice(params, "style", IMAGE_STYLES, None),
        "aspect_ratio": _choice(params, "aspect_ratio", IMAGE_RATIOS, "1:1"),
        "source_upload_id": _source_upload(user_id, params, mode, "i2i"),
        "n": n,
        "enhance": bool(params.get("enhance", False)),
        "selling_points": _points(params),
        "product_name": _text(params, "product_name", 200),
        "use_brand_profile": bool(params.get("use_brand_profile", False)),
        "seed": _seed(params),
        # The poster's headline and call to action (A/B variants); absent: from the prompt.
        **_optional(headline=_text(params, "headline", MAX_HEADLINE), cta=_text(params, "cta", MAX_HEADLINE)),
        # The overlay copy's language (fonts for its script); absent: English.
        **_optional(language=_language(params)),
    }


def validate_video_params(user_id: str, params: dict[str, Any]) -> dict[str, Any]:

    mode = _choice(params, "mode", ("t2v", "i2v"), "t2v") or "t2v"
    given = params.get("duration")
    duration = given or 8
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not 1 <= duration <= MAX_VIDEO_SECONDS
    ):
        raise InvalidInput(f"duration must be 1-{MAX_VIDEO_SECONDS} seconds.")
    style = _choice(params, "style", VIDEO_STYLES, None)
    # An edited script: its scenes fix the length (or must match the one given).
    scenes: list[dict[str, Any]] = []
    if params.get("scenes"):
        scenes, duration = creative.validate_scenes(params["scenes"], float(given) if given else None)
    # Absent switches: music on; a voiceover for the voiceover style (and the default style).
    voiceover = params.get("voiceover")
    music = params.get("music")
    return {
        "prompt": _text(params, "prompt", MAX_PROMPT, required=True),
        "mode": mode,
        "model": _model("video", params, mode),
        "style": style,
        "framework": _choice(params, "framework", VIDEO_FRAMEWORKS, "auto"),
        "duration": float(duration),
        "aspect_ratio": _choice(params, "aspect_ratio", VIDEO_RATIOS, "9:16"),
        "resolution": _choice(params, "resolution", VIDEO_RESOLUTIONS, "1080p"),
        "source_upload_id": _source_upload(user_id, params, mode, "i2v"),
        "product_name": _text(params, "product_name", 200),
        "selling_points": _points(params),
        "voiceover": bool(voiceover) if voiceover is not None else style in (None, "voiceover"),
        "music": bool(music) if music is not None else True,
        "enhance": bool(params.get("enhance", False)),
        "use_brand_profile": bool(params.get("use_brand_profile", False)),
        "scenes": scenes,
        "cta": _text(params, "cta", 80),
        "seed": _seed(params),
        # The opening hook (first scene's caption and line) and the music mood (A/B variants).
        **_optional(
            hook=_text(params, "hook", MAX_HOOK),
            music_mood=_choice(params, "music_mood", MUSIC_MOODS, None),
        ),
        # The script's language (planner copy, voice, fonts) and the burned-in caption style;
        # absent: English, and "word" captions whenever the voiceover speaks (``caption_style``).
        **_optional(language=_language(params), captions=_choice(params, "captions", CAPTION_STYLES, None)),
    }
