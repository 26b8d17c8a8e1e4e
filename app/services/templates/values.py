"""The values a form, an API call or a batch row gives a template, checked and turned into a timeline.

Texts, colours and lengths are checked by the template core (types, hex colours, length
range). Images and music name one of the user's own files: a library asset or upload id, a
signed link the API handed out for one, or a storage key under the user's folder; anything
else (another user's file, a stranger's URL) is refused. A value equal to the parameter's
default (the project's own media) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlmodel import Session

from app.media.editing import templates as core
from app.media.editing.checks import EditError
from app.media.timeline import TimelineSpec, is_image_path
from app.models.assets import Asset, Upload
from app.services.platform import InvalidInput, StorageError, get_storage

_AUDIO_EXT = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".flac")


def _key_of(s: Session, user_id: str, label: str, value: str) -> str:
    if value.startswith(("http://", "https://", "/api/files/")):
        path = unquote(urlsplit(value).path)
        at = path.find("/users/")
        if at < 0:
            raise InvalidInput(f"{label}: use an image or sound from your library, not an outside link.")
        key = path[at + 1 :]
    elif value.startswith("users/"):
        key = value
    else:
        row = s.get(Asset, value) or s.get(Upload, value)
        if row is None or row.user_id != user_id:
            raise InvalidInput(f"{label}: there is no file {value!r} in your library.")
        key = row.storage_key
    if not key.startswith(f"users/{user_id}/") or ".." in key.split("/"):
        raise InvalidInput(f"{label}: that file is not in your library.")
    return key


def media_key(s: Session, user_id: str, param: core.TemplateParameter, value: str) -> str:
    """The storage key of the user's file that ``value`` names, checked for the parameter's type."""
    label = f"{param.key!r}"
    key = _key_of(s, user_id, label, value.strip())
    if param.type == "image" and not is_image_path(key):
        raise InvalidInput(f"{label} must be a PNG, JPEG or WebP image.")
    if param.type == "music" and not key.lower().endswith(_AUDIO_EXT):
        raise InvalidInput(f"{label} must be an audio file.")
    try:
        present = get_storage().exists(key)
    except StorageError:
        present = False
    if not present:
        raise InvalidInput(f"{label}: that file is no longer in your library.")
    return key


def fill(s: Session, user_id: str, resolved: core.ResolvedTemplate, values: Any) -> TimelineSpec:
    """The timeline for ``values`` (unknown keys and bad values refused with the reason)."""
    if values is None:
        values = {}
    if not isinstance(values, Mapping) or not all(isinstance(k, str) for k in values):
        raise InvalidInput("values must be an object of parameter key -> value.")
    params = {p.key: p for p in resolved.parameters}
    unknown = sorted(set(values) - set(params))
    if unknown:
        raise InvalidInput(
            f"Unknown template parameter(s): {', '.join(unknown)}. "
            f"This template takes: {', '.join(params) or 'no parameters'}."
        )
    clean: dict[str, Any] = {}
    for key, value in values.items():
        param = params[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # the default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidInput(f"{key!r} must be a {param.type} value, not {type(value).__name__}.")
        if param.type == "text" and not isinstance(value, str):
            value = str(value)
        if param.type in ("image", "music"):
            if not isinstance(value, str):
                raise InvalidInput(f"{key!r} must name a file from your library.")
            if value.strip() != param.default:
                value = media_key(s, user_id, param, value)
        clean[key] = value
    try:
        return core.fill_template(resolved, clean)
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc
