"""Pure operations on the text and audio tracks and the timeline's look (grade, fades).

Text overlays sit at timeline seconds on their own track; editing one never
moves a clip. The music bed is the first ``music`` track: ``set_music``
swaps its source (keeping volume and fades) or adds one.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.media.editing.checks import EditError, checked_spec, reason_of, t6
from app.media.timeline import AudioTrack, GradePreset, TextOverlay, TimelineSpec, new_element_id

# What a text or audio edit may change; ids and kinds are the editor's, not the user's.
TEXT_FIELDS = frozenset(TextOverlay.model_fields) - {"id"}
AUDIO_FIELDS = frozenset({"volume", "fade_in", "fade_out", "start", "in_point", "duration", "loop", "linked"})
DEFAULT_MUSIC_VOLUME = 0.6


def _text_index(spec: TimelineSpec, text_id: str) -> int:
    for i, text in enumerate(spec.texts):
        if text.id == text_id:
            return i
    raise EditError(f"there is no text overlay {text_id!r} in this timeline", code="NOT_FOUND")


def _audio_index(spec: TimelineSpec, track_id: str) -> int:
    for i, track in enumerate(spec.audio):
        if track.id == track_id:
            return i
    raise EditError(f"there is no audio track {track_id!r} in this timeline", code="NOT_FOUND")


def _validated(model: type, data: dict[str, Any]):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise EditError(reason_of(exc)) from exc


def add_text(
    spec: TimelineSpec, text: str, start: float, end: float, *, text_id: str | None = None, **style: Any
) -> TimelineSpec:
    """A new text overlay from ``start`` to ``end`` (style: position, animation, size, colours...)."""
    unknown = set(style) - TEXT_FIELDS
    if unknown:
        raise EditError(f"unknown text setting(s): {', '.join(sorted(unknown))}")
    overlay = _validated(
        TextOverlay,
        {**style, "id": text_id or new_element_id("t"), "text": text, "start": t6(start), "end": t6(end)},
    )
    return checked_spec(spec, texts=[*spec.texts, overlay])


def update_text(spec: TimelineSpec, text_id: str, **changes: Any) -> TimelineSpec:
    """Change a text overlay's words, timing, position, animation or style."""
    unknown = set(changes) - TEXT_FIELDS
    if unknown:
        raise EditError(f"unknown text setting(s): {', '.join(sorted(unknown))}")
    i = _text_index(spec, text_id)
    for key in ("start", "end"):
        if key in changes:
            changes[key] = t6(changes[key])
    overlay = _validated(TextOverlay, {**spec.texts[i].model_dump(), **changes})
    return checked_spec(spec, texts=[*spec.texts[:i], overlay, *spec.texts[i + 1 :]])


def retime_text(spec: TimelineSpec, text_id: str, start: float, end: float) -> TimelineSpec:
    return update_text(spec, text_id, start=start, end=end)


def delete_text(spec: TimelineSpec, text_id: str) -> TimelineSpec:
    i = _text_index(spec, text_id)
    return checked_spec(spec, texts=[*spec.texts[:i], *spec.texts[i + 1 :]])


def update_audio(spec: TimelineSpec, track_id: str, **changes: Any) -> TimelineSpec:
    """Change an audio track's volume, fades, placement or looping."""
    unknown = set(changes) - AUDIO_FIELDS
    if unknown:
        raise EditError(f"unknown audio setting(s): {', '.join(sorted(unknown))}")
    i = _audio_index(spec, track_id)
    track = _validated(AudioTrack, {**spec.audio[i].model_dump(), **changes})
    return checked_spec(spec, audio=[*spec.audio[:i], track, *spec.audio[i + 1 :]])


def set_audio_volume(spec: TimelineSpec, track_id: str, volume: float) -> TimelineSpec:
    return update_audio(spec, track_id, volume=volume)


def music_track(spec: TimelineSpec) -> AudioTrack | None:
    return next((t for t in spec.audio if t.kind == "music"), None)


def set_music(
    spec: TimelineSpec,
    source: str,
    *,
    volume: float | None = None,
    source_duration: float | None = None,
    track_id: str | None = None,
) -> TimelineSpec:
    """Use ``source`` as the music bed: it replaces the current one (same volume and fades) or is added."""
    current = music_track(spec)
    if current is None:
        track = _validated(
            AudioTrack,
            {
                "id": track_id or new_element_id("a"),
                "kind": "music",
                "source": source,
                "volume": DEFAULT_MUSIC_VOLUME if volume is None else volume,
                "fade_in": 0.4,
                "fade_out": min(1.5, spec.duration / 4),
                "source_duration": source_duration,
            },
        )
        return checked_spec(spec, audio=[*spec.audio, track])
    changes: dict[str, Any] = {"source": source, "in_point": 0.0, "source_duration": source_duration}
    if volume is not None:
        changes["volume"] = volume
    i = spec.audio.index(current)
    track = _validated(AudioTrack, {**current.model_dump(), **changes})
    return checked_spec(spec, audio=[*spec.audio[:i], track, *spec.audio[i + 1 :]])


def remove_music(spec: TimelineSpec) -> TimelineSpec:
    return checked_spec(spec, audio=[t for t in spec.audio if t.kind != "music"])


def set_grade(spec: TimelineSpec, grade: GradePreset) -> TimelineSpec:
    return checked_spec(spec, grade=grade)


def set_fades(
    spec: TimelineSpec, *, fade_in: float | None = None, fade_out: float | None = None
) -> TimelineSpec:
    """The fade from black at the start and to black at the end of the whole video."""
    return checked_spec(
        spec,
        fade_in=spec.fade_in if fade_in is None else fade_in,
        fade_out=spec.fade_out if fade_out is None else fade_out,
    )
