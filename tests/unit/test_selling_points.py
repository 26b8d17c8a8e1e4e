"""The one rule for selling points typed as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.creative import parse_selling_points, split_selling_points
from app.services.platform import InvalidInput


def test_split_on_semicolons_pipes_bullets_and_lines():
    assert split_selling_points("Warm; Light | Safe\n• Boxed\r\n- Gift") == [
        "Warm",
        "Light",
        "Safe",
        "Boxed",
        "Gift",
    ]
    assert split_selling_points(" ;; | ") == []


def test_parse_checks_shape_and_count():
    assert parse_selling_points(None) == [] and parse_selling_points("") == []
    assert parse_selling_points(["  a ", "", "b"]) == ["a", "b"]
    assert parse_selling_points("x" * 300) == ["x" * 200]
    with pytest.raises(InvalidInput):
        parse_selling_points([1])
    with pytest.raises(InvalidInput):
        parse_selling_points(";".join("abcdefghijk"))


point = st.text(st.characters(blacklist_characters=";|•\n\r", blacklist_categories=("Cs",)), min_size=1)


@given(st.lists(point.filter(lambda p: p.strip(" -*\t")), max_size=10))
def test_joined_text_gives_back_the_list(points):
    assert split_selling_points("; ".join(points)) == [p.strip(" -*\t") for p in points]
