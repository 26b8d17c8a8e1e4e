"""Mapping suggestions, shop exports folded to one row per product, row checks."""

from __future__ import annotations

import pytest

from app.services import batch, generation
from app.services.batch import column_mapping as batch_mapping
from tests.unit.batch.conftest import csv_bytes


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["Product Name", "Description", "Selling Points", "Base Image URL", "Style", "Prompt"],
            {
                "product_name": "Product Name",
                "description": "Description",
                "selling_points": "Selling Points",
                "base_image_url": "Base Image URL",
                "style": "Style",
                "prompt": "Prompt",
            },
        ),
        (
            ["SKU", "title", "product_description", "Features", "image_link", "Aspect Ratio", "Video length"],
            {
                "product_name": "title",
                "description": "product_description",
                "selling_points": "Features",
                "base_image_url": "image_link",
                "aspect_ratio": "Aspect Ratio",
                "duration": "Video length",
            },
        ),
        (
            ["Produktname", "Beschreibung", "Bild URL", "Merkmale"],
            {
                "product_name": "Produktname",
                "description": "Beschreibung",
                "selling_points": "Merkmale",
                "base_image_url": "Bild URL",
            },
        ),
        (["Product Name (EN)", "Main Image URL 1", "Long description EN"], None),
        (["Price", "Stock"], {}),
    ],
)
def test_suggestions_from_header_names(columns: list[str], expected: dict | None) -> None:
    got = batch_mapping.suggest_mapping(columns)
    if expected is None:
        assert got == {
            "product_name": "Product Name (EN)",
            "description": "Long description EN",
            "base_image_url": "Main Image URL 1",
        }
    else:
        assert got == expected


SHOPIFY = [
    ["Handle", "Title", "Body (HTML)", "Vendor", "Tags", "Variant SKU", "Image Src", "Image Position"],
    [
        "ceramic-mug",
        "Ceramic Mug",
        "<p>Hand-glazed <strong>stoneware</strong>.</p><ul><li>350&nbsp;ml</li><li>Dishwasher safe</li></ul>",
        "Acme",
        "mug, kitchen, gift",
        "MUG-1",
        "https://cdn.example.com/mug-1.jpg",
        "1",
    ],
    ["ceramic-mug", "", "", "", "", "MUG-2", "https://cdn.example.com/mug-2.jpg", "2"],
    ["ceramic-mug", "", "", "", "", "", "https://cdn.example.com/mug-3.jpg", "3"],
    ["linen-apron", "Linen Apron", "<p>Washed linen &amp; brass rings</p>", "Acme", "apron", "AP-1", "", ""],
]


def test_a_shopify_export_becomes_one_row_per_product() -> None:
    parsed = batch.parse_sheet("products_export.csv", csv_bytes(SHOPIFY))
    assert batch_mapping.normalize_export(parsed) == "shopify"
    assert [(r.number, r.values[1]) for r in parsed.rows] == [(2, "Ceramic Mug"), (5, "Linen Apron")]
    assert parsed.rows[0].values[6] == "https://cdn.example.com/mug-1.jpg"
    mapping = batch_mapping.suggest_mapping(parsed.columns, "shopify")
    assert mapping == {
        "product_name": "Title",
        "description": "Body (HTML)",
        "selling_points": "Tags",
        "base_image_url": "Image Src",
    }
    plan = _plan(parsed, mapping, parsed.rows[0])
    assert plan.error is None and plan.base_image_url == "https://cdn.example.com/mug-1.jpg"
    params = plan.units[0].params
    assert params["prompt"] == "Ceramic Mug. Hand-glazed stoneware.\n350 ml\nDishwasher safe"
    assert params["selling_points"] == ["mug", "kitchen", "gift"] and params["mode"] == "i2i"
    apron = _plan(parsed, mapping, parsed.rows[1]).units[0].params
    assert apron["prompt"] == "Linen Apron. Washed linen & brass rings" and apron["mode"] == "t2i"


WOO = [
    ["ID", "Type", "SKU", "Name", "Short description", "Description", "Images", "Parent"],
    [
        "11",
        "variable",
        "TEE",
        "Organic Tee",
        "<ul><li>Organic cotton</li><li>Relaxed fit</li></ul>",
        "<p>Soft &amp; breathable.</p>",
        "https://shop.example.com/tee-front.jpg, https://shop.example.com/tee-back.jpg",
        "",
    ],
    ["12", "variation", "TEE-S", "Organic Tee - S", "", "", "https://shop.example.com/tee-s.jpg", "id:11"],
    ["13", "variation", "TEE-M", "Organic Tee - M", "", "", "", "TEE"],
    ["", "", "", "Organic Tee", "", "", "https://shop.example.com/tee-side.jpg", ""],
    ["20", "simple", "CAP", "Canvas Cap", "Adjustable strap", "<div>Waxed canvas</div>", "", ""],
]


def test_a_woocommerce_export_becomes_one_row_per_product() -> None:
    parsed = batch.parse_sheet("wc-product-export.csv", csv_bytes(WOO))
    assert batch_mapping.normalize_export(parsed) == "woocommerce"
    assert [(r.number, r.values[3]) for r in parsed.rows] == [(2, "Organic Tee"), (6, "Canvas Cap")]
    assert parsed.rows[0].values[6] == "https://shop.example.com/tee-front.jpg"
    mapping = batch_mapping.suggest_mapping(parsed.columns, "woocommerce")
    assert mapping == {
        "product_name": "Name",
        "description": "Description",
        "selling_points": "Short description",
        "base_image_url": "Images",
    }
    params = _plan(parsed, mapping, parsed.rows[0]).units[0].params
    assert params["prompt"] == "Organic Tee. Soft & breathable."
    assert params["selling_points"] == ["Organic cotton", "Relaxed fit"]


def _plan(parsed, mapping, row, **defaults):
    d = batch_mapping.Defaults(kind="image", model="local-image", **defaults)
    v = batch_mapping.Defaults(kind="video", model="local-video")
    return batch_mapping.plan_row(
        row,
        parsed.columns,
        mapping,
        {"image": d, "video": v},
        "image",
        image_styles=generation.IMAGE_STYLES,
        video_styles=generation.VIDEO_STYLES,
        image_ratios=generation.IMAGE_RATIOS,
        video_ratios=generation.VIDEO_RATIOS,
        max_prompt=generation.MAX_PROMPT,
        max_seconds=generation.MAX_VIDEO_SECONDS,
        i2_modes={"image": True, "video": True},
    )


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ({"Name": ""}, "Product name is missing."),
        ({"Image": "www.example.com/a.jpg"}, "not a valid http(s) link"),
        ({"Image": "javascript:alert(1)"}, "not a valid http(s) link"),
        ({"Style": "Baroque"}, "Unknown image style 'Baroque'"),
        ({"Kind": "podcast"}, "is not image or video"),
        ({"Ratio": "5:4"}, "Aspect ratio '5:4' is not available"),
        ({"Kind": "video", "Seconds": "ten"}, "is not a number of seconds"),
        ({"Kind": "video", "Seconds": "90"}, "Duration must be 1-30 seconds"),
        ({"Prompt": "x" * 4001}, "Prompt is longer than 4,000 characters"),
    ],
)
def test_row_checks_name_the_problem(cells: dict[str, str], error: str) -> None:
    columns = ["Name", "Image", "Style", "Kind", "Ratio", "Seconds", "Prompt"]
    base = {"Name": "Mug", "Image": "", "Style": "", "Kind": "", "Ratio": "", "Seconds": "", "Prompt": ""}
    values = [{**base, **cells}[c] for c in columns]
    parsed = batch.ParsedSheet(columns=columns, rows=[batch.SheetRow(2, values)], format="csv")
    mapping = {
        "product_name": "Name",
        "base_image_url": "Image",
        "style": "Style",
        "kind": "Kind",
        "aspect_ratio": "Ratio",
        "duration": "Seconds",
        "prompt": "Prompt",
    }
    plan = _plan(parsed, mapping, parsed.rows[0])
    assert plan.error is not None and error in plan.error and plan.units == []


def test_row_values_win_over_defaults_and_video_rows_get_video_defaults() -> None:
    columns = ["Name", "Style", "Kind", "Ratio", "Seconds"]
    rows = [
        batch.SheetRow(2, ["Mug", "Lifestyle", "", "square", ""]),
        batch.SheetRow(3, ["Cup", "", "Video", "", "12s"]),
    ]
    parsed = batch.ParsedSheet(columns=columns, rows=rows, format="csv")
    mapping = {
        "product_name": "Name",
        "style": "Style",
        "kind": "Kind",
        "aspect_ratio": "Ratio",
        "duration": "Seconds",
    }
    mug = _plan(parsed, mapping, rows[0], styles=["studio", "minimalist"], variants=3)
    assert [(u.style, u.params["aspect_ratio"], u.params["n"]) for u in mug.units] == [
        ("lifestyle", "1:1", 3)
    ]
    cup = _plan(parsed, mapping, rows[1], styles=["studio", "minimalist"])
    [unit] = cup.units
    assert unit.kind == "video" and unit.style is None and unit.params["duration"] == 12.0
    assert unit.params["model"] == "local-video" and unit.params["mode"] == "t2v"
    several = _plan(parsed, {"product_name": "Name"}, rows[0], styles=["studio", "minimalist"])
    assert [(u.variant, u.style) for u in several.units] == [(0, "studio"), (1, "minimalist")]


def test_strip_html_and_points() -> None:
    assert batch_mapping.strip_html("<script>x()</script><p>A&amp;B</p><br>C") == "A&B\nC"
    assert batch_mapping.strip_html("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"
    assert batch_mapping.split_points("One; Two | Three\nFour") == ["One", "Two", "Three", "Four"]
    assert batch_mapping.split_points("a,b") == ["a", "b"]
    assert len(batch_mapping.split_points(";".join(str(i) for i in range(30)))) == 10


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mug / Cup: 350ml?", "Mug Cup 350ml"),
        ("  ..hidden.. ", "hidden"),
        ("CON", "Row 7_CON"),
        ("", "Row 7"),
        ("a" * 200, "a" * 80),
        ("tab\there\x00", "tab here"),
    ],
)
def test_zip_folder_names_are_safe(text: str, name: str) -> None:
    assert batch.safe_name(text, "Row 7") == name


def test_formula_cells_are_escaped() -> None:
    for value in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "\0x"):
        assert batch.escape_cell(value) == "'" + value
    assert batch.escape_cell("Mug") == "Mug" and batch.escape_cell(-3) == -3
