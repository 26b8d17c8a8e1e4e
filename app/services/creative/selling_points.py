"""Selling points as people type them: a list, or one text split on ``;``, ``|``, bullets or new lines.

The REST routes, the job validator and the spreadsheet mapping all read them through here, so
``"Hot for 6 h; Dishwasher safe"`` from curl and the same text from a sheet cell mean the same.
"""

from __future__ import annotations

import re
from typing import Any

from app.services.platform import InvalidInput

MAX_POINTS = 10
MAX_POINT_CHARS = 200
_SEPARATORS = re.compile(r"[\n\r;|•]+")


def split_selling_points(text: str) -> list[str]:
    """The points of one text, trimmed of list markers, empty parts dropped."""
    points = (p.strip(" -*\t") for p in _SEPARATORS.split(text))
    return [p for p in points if p]


def selling_points_as_list(value: Any) -> Any:
    """A string becomes its points; anything else is returned as it came, for validation to judge."""
    return split_selling_points(value) if isinstance(value, str) else value


def parse_selling_points(value: Any) -> list[str]:
    """Checked points from a list or one text; at most ten of at most 200 characters each."""
    value = selling_points_as_list(value) or []
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise InvalidInput("selling_points must be a list of short texts or one text separated by ; or |.")
    points = [p.strip()[:MAX_POINT_CHARS] for p in value if p.strip()]
    if len(points) > MAX_POINTS:
        raise InvalidInput(f"Give at most {MAX_POINTS} selling points.")
    return points
