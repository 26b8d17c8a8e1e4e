"""Pro mode's model pickers: the local engines offline, the vendors' models once their key is set."""

from __future__ import annotations

import pytest

from app.services import generation, iteration
from app.settings import get_settings


def test_offline_only_the_local_engines_are_offered_with_their_prices(client) -> None:
    heroes, attempts = iteration.hero_models(), iteration.attempt_models()
    assert [m.is_local for m in heroes] == [True] and [m.is_local for m in attempts] == [True]
    assert heroes[0].credits == iteration.candidate_price(heroes[0].id)
    assert attempts[0].credits == iteration.attempt_price(attempts[0].id)


def test_a_vendor_key_adds_the_vendors_image_to_video_models(client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIE_API_KEY", "kie-test-key")
    get_settings.cache_clear()
    attempts = iteration.attempt_models(duration=8)
    vendor = [m for m in attempts if not m.is_local]
    assert vendor, attempts  # e.g. sora-2 / Veo image-to-video on kie.ai
    for m in vendor:
        assert m.vendor and m.credits == iteration.attempt_price(m.id, 8)
    # Whatever is offered can be submitted: each resolves as an image-to-video model.
    for m in attempts:
        assert generation.resolve_model("video", m.id, "i2v") == m.id
    assert any(not m.is_local for m in iteration.hero_models())
