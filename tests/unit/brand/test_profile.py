"""Brand profile storage, edits, prompt context and starting analyses."""

from __future__ import annotations

import json

import pytest

from app.db import session_scope
from app.models.brand import BrandProfile
from app.models.jobs import Job
from app.services import brand
from app.services.brand import analysis_job as brand_analysis_job
from app.services.platform import InvalidInput, RateLimited, UnsafeUrl


def test_no_profile_yet_is_the_empty_shape(make_user) -> None:
    user = make_user(website_url="https://shop.example.com")
    view = brand.get_profile(user.id)
    assert not view.exists
    assert view.to_api() == {
        "website_url": "https://shop.example.com",
        "tone_keywords": [],
        "product_features": [],
        "target_audience": "",
        "color_palette": [],
        "style_keywords": [],
        "enabled": False,
        "updated_at": None,
        "name": "",
        "source": None,
        "pages_analyzed": 0,
        "analyzed_at": None,
    }
    assert brand.prompt_context(user.id) is None


def test_edits_are_validated_saved_and_partial(make_user) -> None:
    user = make_user()
    view = brand.update_profile(
        user.id,
        {
            "tone_keywords": [" Luxury ", "luxury", "Playful"],
            "color_palette": ["#aabbcc", "#AABBCC", "#112233"],
            "target_audience": "  Busy   parents ",
            "enabled": True,
        },
    )
    assert view.tone_keywords == ["luxury", "playful"]
    assert view.color_palette == ["#AABBCC", "#112233"]
    assert view.target_audience == "Busy parents"
    assert view.enabled and view.source == "manual" and view.updated_at is not None

    view = brand.update_profile(user.id, {"style_keywords": ["minimalist"]})
    assert view.tone_keywords == ["luxury", "playful"]  # untouched
    assert view.style_keywords == ["minimalist"]
    with session_scope() as s:
        assert len(s.exec(BrandProfile.__table__.select()).all()) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"color_palette": ["#12345"]}, "#RRGGBB"),
        ({"color_palette": ["red"]}, "#RRGGBB"),
        ({"color_palette": ["#123456"] * 1 + [f"#0000{i:02d}" for i in range(10)]}, "at most 8"),
        ({"tone_keywords": [f"t{i}" for i in range(13)]}, "at most 12"),
        ({"tone_keywords": ["x" * 41]}, "at most 40 characters"),
        ({"tone_keywords": "luxury"}, "list of texts"),
        ({"product_features": [1, 2]}, "list of texts"),
        ({"target_audience": "a" * 301}, "at most 300"),
        ({"enabled": "yes"}, "true or false"),
        ({"website_url": "ftp://shop.example.com"}, "full address"),
        ({"colour_palette": []}, "Unknown field"),
    ],
)
def test_bad_edits_are_refused_and_nothing_changes(make_user, changes: dict, message: str) -> None:
    user = make_user()
    brand.update_profile(user.id, {"tone_keywords": ["calm"]})
    with pytest.raises(InvalidInput, match=message):
        brand.update_profile(user.id, changes)
    assert brand.get_profile(user.id).tone_keywords == ["calm"]


def test_an_unsafe_website_is_refused_on_edit(make_user) -> None:
    user = make_user()
    with pytest.raises(UnsafeUrl):
        brand.update_profile(user.id, {"website_url": "http://169.254.169.254/"})


def test_prompt_context_only_while_enabled_and_not_empty(make_user) -> None:
    user = make_user()
    brand.update_profile(user.id, {"enabled": True})
    assert brand.prompt_context(user.id) is None  # nothing in it yet
    brand.update_profile(
        user.id,
        {
            "name": "Verdant",
            "tone_keywords": ["sustainable"],
            "color_palette": ["#2E7D32"],
            "product_features": ["Organic cotton"],
            "target_audience": "Eco-minded shoppers",
            "style_keywords": ["earthy"],
        },
    )
    context = brand.prompt_context(user.id)
    assert context is not None
    assert context.name == "Verdant"
    assert context.tone_keywords == ["sustainable"]
    assert context.to_hints().color_palette == ["#2E7D32"]
    assert context.target_audience == "Eco-minded shoppers"
    brand.update_profile(user.id, {"enabled": False})
    assert brand.prompt_context(user.id) is None


def test_start_analysis_writes_a_free_brand_job_and_enqueues_it(make_user, enqueued) -> None:
    user = make_user()
    job_id = brand.start_analysis(user.id, "shop.example.com")
    with session_scope() as s:
        job = s.get(Job, job_id)
    assert job is not None
    assert (job.kind, job.status, job.cost, job.held_credits, job.hold_key) == (
        "brand",
        "pending",
        0,
        0,
        None,
    )
    assert json.loads(job.params_json) == {"website_url": "https://shop.example.com"}
    assert enqueued[0][0] == "workers.brand.run_analysis"
    assert enqueued[0][1] == (job_id,)
    assert enqueued[0][3] == 120
    # A second click while it runs returns the same job.
    assert brand.start_analysis(user.id, "https://shop.example.com") == job_id
    assert len(enqueued) == 1
    latest = brand.latest_analysis(user.id)
    assert latest is not None and latest.job_id == job_id and latest.is_active


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://[::1]/", "http://2130706433/", "http://10.0.0.8/admin", "javascript:x"],
)
def test_start_analysis_refuses_unsafe_addresses_at_once(make_user, enqueued, url: str) -> None:
    user = make_user()
    with pytest.raises((UnsafeUrl, InvalidInput)):
        brand.start_analysis(user.id, url)
    assert enqueued == []


def test_start_analysis_is_rate_limited(make_user, monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user()
    monkeypatch.setattr(brand_analysis_job, "MAX_ANALYSES_PER_HOUR", 2)
    for _ in range(2):
        job_id = brand.start_analysis(user.id, "https://shop.example.com")
        brand.cancel_analysis(user.id)
        with session_scope() as s:
            assert s.get(Job, job_id).status == "cancelled"
    with pytest.raises(RateLimited):
        brand.start_analysis(user.id, "https://shop.example.com")


def test_a_saved_analysis_switches_a_new_profile_on_but_keeps_a_users_choice(make_user) -> None:
    from app.db import write_session

    user = make_user()
    analysis = brand.BrandAnalysis(name="A", tone_keywords=["bold"], color_palette=["#FF0000"])
    with write_session() as s:
        brand_analysis_job._save_analysis(s, user.id, "https://a.example.com", analysis, 3)
    view = brand.get_profile(user.id)
    assert view.enabled and view.source == "local" and view.pages_analyzed == 3 and view.analyzed_at
    brand.update_profile(user.id, {"enabled": False})
    with write_session() as s:
        brand_analysis_job._save_analysis(s, user.id, "https://a.example.com", analysis, 4)
    assert not brand.get_profile(user.id).enabled


def test_sign_up_with_a_website_starts_the_analysis(db, enqueued) -> None:
    from app.services import accounts

    signed = accounts.register("ann@example.com", "password-1", website_url="ann-shop.example.com")
    latest = brand.latest_analysis(signed.user.id)
    assert latest is not None and latest.website_url == "https://ann-shop.example.com"
    assert [c[0] for c in enqueued] == ["workers.brand.run_analysis"]

    signed = accounts.register("bob@example.com", "password-1")
    assert brand.latest_analysis(signed.user.id) is None


def test_sign_up_survives_a_failing_analysis_start(db, enqueued, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import accounts

    def boom(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(brand, "start_analysis", boom)
    signed = accounts.register("cy@example.com", "password-1", website_url="https://cy.example.com")
    assert signed.user.website_url == "https://cy.example.com"
