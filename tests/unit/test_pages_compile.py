"""Every page's component tree builds: a wrong prop fails here in seconds, not when `make run` compiles."""

from __future__ import annotations

import pytest


def _pages() -> dict:
    import app.app as module

    return module.app._unevaluated_pages


@pytest.mark.parametrize("route", sorted(_pages()))
def test_page_builds(route: str) -> None:
    page = _pages()[route]
    component = page.component() if callable(page.component) else page.component
    rendered = str(component)
    assert rendered.startswith("jsx("), rendered[:200]
