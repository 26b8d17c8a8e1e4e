"""Hero groups on the real offline engine: candidates, primary, favorites, regenerate, seeds."""

from __future__ import annotations

import pytest

from app.services import billing, iteration
from app.services.platform import InvalidInput, NotFound, get_storage
from tests.integration.pro.conftest import run_pending

PROMPT = "a black ceramic mug on oak, soft window light"


def test_create_primary_favorites_regenerate_and_ownership(signup) -> None:
    user, _ = signup("hero@example.com", credits_=100)
    other, _ = signup("other@example.com")
    before = billing.balance(user.id)["balance"]
    sub = iteration.create_hero_group(user, PROMPT, n=4, aspect_ratio="16:9", seed=1234, idempotency_key="k1")
    assert iteration.create_hero_group(user, PROMPT, n=4, seed=1234, idempotency_key="k1") == sub
    assert run_pending() == {sub.job_id: "completed"}
    view = iteration.get_hero_group(user.id, sub.group_id)
    assert len(view.candidates) == 4 and not view.busy
    seeds = [c.seed for c in view.candidates]
    assert len(set(seeds)) == 4 and view.iterations[0].seeds == seeds
    for c in view.candidates:  # every candidate keeps what made it
        assert c.prompt == PROMPT and c.model == "local-image" and c.aspect_ratio == "16:9"
        assert (c.width, c.height) == (1920, 1080) and c.url
    assert billing.balance(user.id)["balance"] == before - iteration.candidate_price("local-image", 4)

    first, second = view.candidates[0].asset_id, view.candidates[1].asset_id
    view = iteration.set_primary(user.id, sub.group_id, second)
    assert view.primary_asset_id == second and [c.is_primary for c in view.candidates] == [
        False,
        True,
        False,
        False,
    ]
    view = iteration.add_favorite(user.id, sub.group_id, first)
    view = iteration.add_favorite(user.id, sub.group_id, first)  # twice: still once
    view = iteration.add_favorite(user.id, sub.group_id, second)
    assert view.favorite_asset_ids == [first, second]
    view = iteration.remove_favorite(user.id, sub.group_id, first)
    assert view.favorite_asset_ids == [second]

    # Someone else's group, or an image that is not a candidate, is not found.
    with pytest.raises(NotFound):
        iteration.get_hero_group(other.id, sub.group_id)
    with pytest.raises(NotFound):
        iteration.set_primary(other.id, sub.group_id, first)
    with pytest.raises(NotFound):
        iteration.add_favorite(other.id, sub.group_id, first)
    with pytest.raises(NotFound):
        iteration.regenerate_hero(other, sub.group_id)
    other_sub = iteration.create_hero_group(other, "a tin can", n=4)
    run_pending()
    foreign = iteration.get_hero_group(other.id, other_sub.group_id).candidates[0].asset_id
    with pytest.raises(NotFound):
        iteration.set_primary(user.id, sub.group_id, foreign)

    # Regenerate: the same prompt with new seeds, then a lighting mutation.
    again = iteration.regenerate_hero(user, sub.group_id)
    mutated = iteration.regenerate_hero(user, sub.group_id, mutation="lighting")
    assert run_pending() == {again.job_id: "completed", mutated.job_id: "completed"}
    view = iteration.get_hero_group(user.id, sub.group_id)
    assert [r.n for r in view.iterations] == [1, 2, 3] and len(view.candidates) == 12
    assert view.iterations[1].prompt == PROMPT and set(view.iterations[1].seeds).isdisjoint(seeds)
    assert view.iterations[2].mutation == "lighting" and view.iterations[2].prompt.startswith(PROMPT + ", ")
    assert view.primary_asset_id == second  # earlier choices survive new rounds
    with pytest.raises(InvalidInput):
        iteration.regenerate_hero(user, sub.group_id, mutation="colour")

    page = iteration.list_hero_groups(user.id, limit=1, offset=0)
    assert page.total == 1 and page.items[0].group_id == sub.group_id and page.items[0].iterations == 3
    assert page.items[0].thumbnail_url
    assert iteration.list_hero_groups(other.id).total == 1


def test_same_prompt_and_seed_give_the_same_pixels(signup) -> None:
    user, _ = signup("seed@example.com")
    a = iteration.create_hero_group(user, PROMPT, n=4, seed=77)
    b = iteration.create_hero_group(user, PROMPT, n=4, seed=77)
    c = iteration.create_hero_group(user, PROMPT, n=4, seed=78)
    run_pending()
    storage = get_storage()

    def files(group_id: str) -> list[bytes]:
        view = iteration.get_hero_group(user.id, group_id)
        return [storage.get(k) for k in _keys(view)]

    assert files(a.group_id) == files(b.group_id)
    assert files(a.group_id) != files(c.group_id)


def _keys(view) -> list[str]:
    from app.db import session_scope
    from app.models.assets import Asset

    with session_scope() as s:
        return [s.get(Asset, c.asset_id).storage_key for c in view.candidates]


@pytest.mark.parametrize("n", [3, 9, "4", True])
def test_candidate_count_is_4_to_8(signup, n) -> None:
    user, _ = signup("count@example.com")
    with pytest.raises(InvalidInput):
        iteration.create_hero_group(user, PROMPT, n=n)
    assert iteration.list_hero_groups(user.id).total == 0


def test_enhanced_prompt_is_what_the_model_draws(signup) -> None:
    user, _ = signup("enhance@example.com")
    sub = iteration.create_hero_group(user, "a red perfume bottle", n=4, enhance=True)
    run_pending()
    view = iteration.get_hero_group(user.id, sub.group_id)
    assert view.prompt == "a red perfume bottle"
    enhanced = view.iterations[0].prompt
    assert enhanced.startswith("a red perfume bottle, ") and "lens" in enhanced
    assert all(c.prompt == enhanced for c in view.candidates)  # metadata reproduces the pixels
