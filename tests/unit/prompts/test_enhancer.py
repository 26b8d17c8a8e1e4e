"""The local enhancer picks materials from what the user wrote."""

from __future__ import annotations

from app.services.creative import enhance


def test_a_named_material_beats_the_product_category() -> None:
    steel = enhance("Steel water bottle on a marble counter", "image", style="studio").enhanced.lower()
    assert "brushed metal" in steel and "glass" not in steel
    glass = enhance("Perfume bottle on a marble counter", "image", style="studio").enhanced.lower()
    assert "translucent glass" in glass
