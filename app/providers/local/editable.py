"""What the local video engine keeps of a render for the editor: the timeline and its media.

A render reads stills, cut-outs, music and voice from a temporary folder that is removed
afterwards. ``editable_extra`` names each of those files relative to that folder, puts their
bytes beside the timeline (``GeneratedMedia.extra["timeline"]`` and ``["sources"]``), and gives
every clip an origin (prompt, seed, model, style) so the editor can regenerate one that fits
its neighbours. The generation runner stores the files beside the asset.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.media.timeline import TimelineSpec


def _name(path: str, work: Path, names: dict[str, str]) -> str:
    if path in names:
        return names[path]
    p = Path(path)
    try:
        rel = p.resolve().relative_to(work.resolve()).as_posix()
    except ValueError:
        rel = p.name
    names[path] = rel.replace("/", "_")
    return names[path]


def editable_extra(
    spec: TimelineSpec,
    work: Path,
    *,
    prompt: str,
    seed: int,
    model: str,
    style: str | None,
    prompts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """``{"timeline": dict, "sources": {name: bytes}}`` for ``GeneratedMedia.extra``.

    ``prompts`` maps a clip's source path to its scene's own prompt (else ``prompt``).
    """
    names: dict[str, str] = {}
    data = spec.model_dump(mode="json")
    for clip in data["clips"]:
        source = clip.get("source") or ""
        if source:
            if clip.get("origin") is None:
                clip["origin"] = {
                    "kind": "generated",
                    "prompt": ((prompts or {}).get(source) or prompt)[:4000] or None,
                    "seed": seed,
                    "model": model,
                    "style": (style or None) and style[:80],
                }
            clip["source"] = _name(source, work, names)
        if clip.get("foreground"):
            clip["foreground"] = _name(clip["foreground"], work, names)
    for track in data["audio"]:
        track["source"] = _name(track["source"], work, names)
    sources = {name: Path(path).read_bytes() for path, name in names.items()}
    return {"timeline": data, "sources": sources}
