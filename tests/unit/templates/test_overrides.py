"""A child template's overrides are exactly where a project differs from its parent's design."""

from __future__ import annotations

import pytest

from app.media.timeline import TimelineSpec
from app.services.platform import InvalidInput
from app.services.templates.overrides import diff_overrides


def _spec(**changes) -> TimelineSpec:
    data = {
        "output": {"aspect": "9:16", "resolution": "360p"},
        "clips": [
            {"id": "c1", "source": "users/u/a.png", "duration": 2.0},
            {"id": "c2", "source": "users/u/b.png", "duration": 2.0},
        ],
        "texts": [{"id": "t1", "text": "SALE", "start": 0, "end": 2}],
        "audio": [{"id": "a1", "kind": "music", "source": "users/u/m.wav"}],
    }
    data.update(changes)
    return TimelineSpec.model_validate(data)


def test_the_same_design_has_no_overrides() -> None:
    assert diff_overrides(_spec(), _spec()) == {}


def test_changed_fields_become_pointers_with_the_projects_values() -> None:
    parent = _spec()
    child = _spec(
        grade="vibrant",
        output={"aspect": "9:16", "resolution": "360p", "fps": 24},
        texts=[{"id": "t1", "text": "SALE", "start": 0, "end": 2, "color": "#ff0000"}],
        audio=[{"id": "a1", "kind": "music", "source": "users/u/m.wav", "volume": 0.5}],
    )
    assert diff_overrides(parent, child) == {
        "/grade": "vibrant",
        "/output/fps": 24,
        "/texts/t1/color": "#FF0000",
        "/audio/a1/volume": 0.5,
    }


@pytest.mark.parametrize(
    "clips",
    [
        [{"id": "c1", "source": "users/u/a.png", "duration": 4.0}],  # one removed
        [
            {"id": "c2", "source": "users/u/b.png", "duration": 2.0},
            {"id": "c1", "source": "users/u/a.png", "duration": 2.0},
        ],
    ],
)
def test_adding_removing_or_reordering_elements_is_refused_with_the_reason(clips) -> None:
    with pytest.raises(InvalidInput, match="not add, remove or reorder"):
        diff_overrides(_spec(), _spec(clips=clips))
