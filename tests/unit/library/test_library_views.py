"""How the library page words an asset: card and detail views from the service shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.state.library import card_of, detail_of


def _item(**extra) -> dict:
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat().replace("+00:00", "Z")
    base = {
        "id": "a1",
        "kind": "video",
        "url": "http://x/file.mp4",
        "thumbnail_url": "http://x/thumb.jpg",
        "prompt": "  a   red mug " + "very " * 30,
        "style": "showcase_360",
        "model": "local-video",
        "created_at": "2026-03-01T10:00:00Z",
        "expires_at": soon,
        "expires_in": "Expires in 20 hours",
        "duration": 65.4,
        "width": 720,
        "height": 1280,
        "credits": 1,
        "enhanced_prompt": None,
        "batch_id": "12345678-aaaa",
        "active_share_links": 2,
        "share_links": [
            {"share_id": "s1", "url": "http://x/s", "expires_at": "2026-03-08T10:00:00Z", "access_count": 1}
        ],
    }
    return {**base, **extra}


def test_card_words_duration_expiry_and_a_short_title() -> None:
    card = card_of(_item())
    assert card.duration == "1:05" and card.expiring and card.shared
    assert card.title.startswith("a red mug") and card.title.endswith("…") and len(card.title) == 90
    assert card.style == "showcase 360" and card.created == "Mar 01, 2026"
    later = card_of(_item(expires_at="2099-01-01T00:00:00Z", expires_in="", kind="image", duration=None))
    assert not later.expiring and later.duration == "" and later.expires_in.startswith("Expires in")


def test_detail_lists_metadata_and_share_links() -> None:
    detail, shares = detail_of(_item())
    assert detail.dimensions == "720 × 1280 px" and detail.credits == "1 credit (whole job)"
    assert detail.created == "Mar 01, 2026 · 10:00 UTC" and detail.batch == "12345678"
    assert detail.enhanced_prompt == "" and shares[0].views == "1 view"
    never, _ = detail_of(_item(expires_at=None, credits=None, width=None))
    assert never.expires == "Never" and never.credits == "—" and never.dimensions == "—"
