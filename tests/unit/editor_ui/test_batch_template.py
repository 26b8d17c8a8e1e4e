"""A batch "from a template": which sheet column fills which template parameter."""

from __future__ import annotations

from app.state.batches.views import template_mapping

PARAMS = [
    {"key": "text_1", "type": "text", "label": "Text 1: “Cold for 24 hours”"},
    {"key": "text_2", "type": "text", "label": "Text 2: “Leak-proof lid”"},
    {"key": "image_1", "type": "image", "label": "Image 1"},
    {"key": "color_1", "type": "color", "label": "Accent colour"},
]


def test_ordinary_fields_fill_the_first_texts_and_image() -> None:
    mapping = {"product_name": "Product name", "description": "Description", "base_image_url": "Photo"}
    columns = ["Product name", "Description", "Photo"]
    assert template_mapping(mapping, columns, PARAMS) == {
        "text_1": "Product name",
        "text_2": "Description",
        "image_1": "Photo",
        "product_name": "Product name",
    }


def test_a_column_named_like_a_parameter_wins() -> None:
    mapping = {"product_name": "Product name", "description": "Description"}
    columns = ["Product name", "Description", "TEXT_1", "accent colour"]
    assert template_mapping(mapping, columns, PARAMS) == {
        "text_1": "TEXT_1",
        "color_1": "accent colour",
        "text_2": "Product name",  # the next free text takes the product name
        "product_name": "Product name",
    }


def test_nothing_mapped_nothing_filled() -> None:
    assert template_mapping({}, ["A"], PARAMS) == {}
    assert template_mapping({"product_name": "A"}, ["A"], []) == {"product_name": "A"}
