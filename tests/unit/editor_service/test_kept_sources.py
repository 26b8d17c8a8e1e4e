"""The generation runner stores what an engine kept for editing beside the asset."""

from __future__ import annotations

import json

import pytest

from app.providers.errors import ProviderError
from app.services.generation.runner import _store_sources
from app.services.platform import get_storage


def _extra(names: dict[str, bytes]) -> dict:
    return {
        "timeline": {
            "clips": [{"source": "scene_0.png", "duration": 2.0, "origin": {"kind": "generated", "seed": 3}}],
            "audio": [{"kind": "music", "source": "music.wav"}],
        },
        "sources": names,
    }


def test_sources_and_timeline_are_stored_under_the_asset_and_renamed_to_their_keys() -> None:
    keys: list[str] = []
    key = _store_sources("u1", "a1", _extra({"scene_0.png": b"png", "music.wav": b"wav"}), keys)
    assert key == "users/u1/sources/a1/timeline.json"
    storage = get_storage()
    timeline = json.loads(storage.get(key))
    assert timeline["clips"][0]["source"] == "users/u1/sources/a1/scene_0.png"
    assert timeline["clips"][0]["origin"]["asset_id"] == "a1"
    assert timeline["audio"][0]["source"] == "users/u1/sources/a1/music.wav"
    assert storage.get("users/u1/sources/a1/music.wav") == b"wav"
    assert set(keys) == {
        "users/u1/sources/a1/scene_0.png",
        "users/u1/sources/a1/music.wav",
        "users/u1/sources/a1/timeline.json",
    }


def test_nothing_is_kept_without_a_timeline_and_bad_names_are_refused() -> None:
    assert _store_sources("u1", "a2", {"seed": 1}, []) is None
    with pytest.raises(ProviderError):
        _store_sources("u1", "a3", _extra({"../escape.png": b"x"}), [])
