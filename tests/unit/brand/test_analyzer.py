"""The local brand analyzer, the HTML reader and the LLM analyzer's validation and fallback."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from PIL import Image

from app.providers.base import ChatModel
from app.providers.errors import ProviderError, ProviderErrorCode
from app.services.brand import CrawlResult, parse_page
from app.services.brand import analysis as brand_analysis
from app.services.brand import chat_analyzer as brand_chat_analyzer
from app.services.brand import local_analyzer as brand_local_analyzer
from app.services.brand import palette as brand_palette


def _html(title: str, body: str, head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def _crawl(
    *pages: tuple[str, str], css: list[str] | None = None, images: list[bytes] | None = None
) -> CrawlResult:
    parsed = [parse_page(f"https://shop.example.com{path}", html) for path, html in pages]
    return CrawlResult(
        start_url="https://shop.example.com/",
        site_url="https://shop.example.com",
        pages=parsed,
        stylesheets=css or [],
        images=images or [],
    )


LUXURY = _html(
    "Maison Aurel | Luxury Leather Goods",
    """<nav><ul><li><a href="/bags">Bags</a></li><li>Sign in</li></ul></nav>
    <h1>Exquisite handcrafted leather, made to last a lifetime</h1>
    <p>Each Maison Aurel bag is a luxurious, exclusive piece, handcrafted by artisans in Florence
    from the finest full-grain Italian leather.</p>
    <p>Our premium collections are refined, timeless and elegant:
    bespoke details, haute couture finishing.</p>
    <h2>The atelier</h2>
    <ul><li>Full-grain Italian leather, vegetable tanned</li><li>Hand-stitched by artisans in Florence</li>
    <li>Lifetime warranty on every bag</li></ul>
    <p>Designed for discerning women who appreciate craftsmanship.</p>""",
    '<meta name="theme-color" content="#1B1B2F"><meta property="og:site_name" content="Maison Aurel">',
)

TECH = _html(
    "VoltCore | Engineered power tools",
    """<h1>Precision engineered for professionals</h1>
    <p>VoltCore tools use advanced brushless motor technology and precision sensors for peak performance.</p>
    <p>Every model is lab-tested to strict specifications.
    Patented battery technology delivers 40% more runtime.</p>
    <ul><li>Brushless motor with 1200 W output</li><li>5 Ah battery, charges in 45 minutes</li>
    <li>IP54 water-resistant housing</li></ul>
    <p>Built for contractors and professional electricians.</p>""",
)

PLAYFUL = _html(
    "Wigglebox | Fun toys for curious kids",
    """<h1>Playful toys that spark joy!</h1>
    <p>Colorful, quirky and fun: Wigglebox toys bring delight to kids and parents alike.</p>
    <p>Our cheerful designs make playtime a joy. Safe for kids, made from non-toxic materials.</p>
    <ul><li>Made from non-toxic, BPA-free plastic</li><li>Dishwasher safe parts</li></ul>""",
)


def test_parse_page_reads_content_and_skips_chrome_and_scripts() -> None:
    page = parse_page(
        "https://shop.example.com/x/",
        _html(
            "T",
            """<header><nav><ul><li><a href="/about">About</a></li></ul></nav></header>
            <script>document.write("hidden script text")</script>
            <h1>Hello world</h1><p>This paragraph has enough words to count.</p>
            <ul><li>Feature one here</li><li><p>Nested paragraph item</p></li></ul>
            <img src="/img/a.jpg" alt="A"><a href="../b#frag">B</a><a href="mailto:x@example.com">m</a>
            <footer><ul><li>Privacy</li></ul></footer>""",
            '<meta name="Description" content="Desc"><link rel="stylesheet" href="/s.css">'
            '<meta name="theme-color" content="#112233"><style>a{color:#abc}</style>',
        ),
    )
    assert page.title == "T"
    assert page.meta["description"] == "Desc"
    assert page.headings == [(1, "Hello world")]
    assert page.paragraphs == ["This paragraph has enough words to count."]
    assert page.list_items == [
        "Feature one here",
        "Nested paragraph item",
    ]  # nav/footer items are not content
    assert "https://shop.example.com/about" in page.links
    assert "https://shop.example.com/b" in page.links
    assert all(link.startswith("http") for link in page.links)
    assert page.images == [("https://shop.example.com/img/a.jpg", "A")]
    assert page.stylesheets == ["https://shop.example.com/s.css"]
    assert page.theme_colors == ["#112233"]
    assert any("#abc" in css for css in page.inline_css)
    assert "hidden script text" not in page.text


def test_tone_follows_the_words_of_the_site() -> None:
    luxury = brand_local_analyzer.analyze_local(_crawl(("/", LUXURY)))
    assert {"luxury", "elegant", "handcrafted"} <= set(luxury.tone_keywords)
    assert "playful" not in luxury.tone_keywords
    assert luxury.name == "Maison Aurel"
    assert "Lifetime warranty on every bag" in luxury.product_features
    assert luxury.target_audience.lower().startswith("discerning women who appreciate craftsmanship")

    tech = brand_local_analyzer.analyze_local(_crawl(("/", TECH)))
    assert "technical" in tech.tone_keywords
    assert "luxury" not in tech.tone_keywords
    assert any("Brushless motor" in f for f in tech.product_features)
    assert "contractors and professional electricians" in tech.target_audience.lower()
    assert tech.name == "VoltCore"  # from the title when there is no og:site_name

    playful = brand_local_analyzer.analyze_local(_crawl(("/", PLAYFUL)))
    assert "playful" in playful.tone_keywords
    assert "technical" not in playful.tone_keywords


def test_text_repeated_on_every_page_counts_once() -> None:
    template = "<footer><p>Luxury luxury luxury premium exclusive finest luxury everywhere.</p></footer>"
    pages = [(f"/p{i}", _html(f"Page {i} | Shop", f"<h1>Tools page {i}</h1>{template}")) for i in range(8)]
    result = brand_local_analyzer.analyze_local(_crawl(*pages))
    assert "luxury" not in result.tone_keywords


def test_css_colours_are_parsed_in_every_notation() -> None:
    assert brand_palette.parse_colors("#abc") == [(0xAA, 0xBB, 0xCC)]
    assert brand_palette.parse_colors("#AABBCC80") == [(0xAA, 0xBB, 0xCC)]
    assert brand_palette.parse_colors("#AABBCC10") == []  # mostly transparent
    assert brand_palette.parse_colors("rgb(10, 20, 30)") == [(10, 20, 30)]
    assert brand_palette.parse_colors("rgba(10 20 30 / 0.1)") == []
    assert brand_palette.parse_colors("hsl(0, 100%, 50%)") == [(255, 0, 0)]
    assert brand_palette.parse_colors("linear-gradient(#fff, rgb(0,0,0))") == [(255, 255, 255), (0, 0, 0)]
    weights = brand_palette.css_color_weights(
        [":root{--brand-primary:#ff0000} body{color:#00f;margin:0 #fff}"]
    )
    assert weights[(255, 0, 0)] == 4 and weights[(0, 0, 255)] == 1
    assert (255, 255, 255) not in weights  # margin is not a colour property


def test_palette_merges_near_colours_and_prefers_brand_colours() -> None:
    weights = Counter(
        {
            (255, 255, 255): 50,
            (250, 250, 250): 40,
            (0, 0, 0): 30,
            (46, 125, 50): 20,
            (48, 127, 52): 10,
            (249, 168, 37): 8,
        }
    )
    palette = brand_palette.build_palette(weights)
    assert palette[:2] == ["#2E7D32", "#F9A825"]
    assert palette[2] == "#FFFFFF"
    assert len(palette) == 3
    only_neutral = brand_palette.build_palette(
        Counter({(255, 255, 255): 5, (0, 0, 0): 3, (128, 128, 128): 1})
    )
    assert only_neutral == ["#FFFFFF", "#000000", "#808080"]


def _png(colors: list[tuple[int, int, int]]) -> bytes:
    img = Image.new("RGB", (len(colors) * 10, 10))
    for i, c in enumerate(colors):
        img.paste(c, (i * 10, 0, i * 10 + 10, 10))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_dominant_image_colours_come_from_pillow_quantize() -> None:
    colors = brand_palette.image_colors(_png([(200, 30, 30)] * 3 + [(20, 20, 200)]))
    assert colors[0][0] == (200, 30, 30)
    assert colors[0][1] == pytest.approx(0.75)
    assert brand_palette.image_colors(b"not an image") == []


def test_palette_uses_theme_color_css_and_images() -> None:
    crawl = _crawl(
        ("/", LUXURY),
        css=[".btn{background:#C9A227} body{color:#222}"],
        images=[_png([(120, 20, 40)] * 4)],
    )
    palette = brand_local_analyzer.analyze_local(crawl).color_palette
    assert palette[0] == "#1B1B2F"  # theme-color counts most
    assert "#C9A227" in palette
    assert "#781428" in palette
    assert all(brand_analysis.HEX_RE.match(c) for c in palette)


def test_clean_analysis_clamps_and_validates() -> None:
    result = brand_analysis.clean_analysis(
        {
            "name": "  Brand\n Name ",
            "tone_keywords": ["Luxury", "luxury", "", 5, "x" * 60, *[f"t{i}" for i in range(20)]],
            "product_features": "one feature, another feature",
            "target_audience": "a" * 1000,
            "color_palette": ["#abc", "123456", "#12345G", "red", "#ABCDEF", "#abcdef"],
            "style_keywords": None,
        },
        source="deepseek",
    )
    assert result.name == "Brand Name"
    assert result.tone_keywords[0] == "luxury" and len(result.tone_keywords) == brand_analysis.MAX_TONE
    assert result.product_features == ["one feature", "another feature"]
    assert len(result.target_audience) == brand_analysis.MAX_AUDIENCE
    assert result.color_palette == ["#AABBCC", "#123456", "#ABCDEF"]
    assert result.style_keywords == []


class ScriptedChat(ChatModel):
    model_id = "scripted"

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def complete_json(self, system: str, user: str, *, temperature: float = 0.7) -> dict[str, Any]:
        self.calls.append((system, user))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_llm_answer_is_validated_and_palette_limited_to_seen_colours() -> None:
    crawl = _crawl(("/", LUXURY))
    local = brand_local_analyzer.analyze_local(crawl)
    chat = ScriptedChat(
        {
            "name": "Maison Aurel",
            "tone_keywords": ["Luxurious", "Artisanal"],
            "product_features": ["Hand-stitched Italian leather"],
            "target_audience": "Affluent professionals",
            "style_keywords": ["warm studio light"],
            "color_palette": ["#123456", local.color_palette[0]],
        }
    )
    result = brand_chat_analyzer.analyze_with_chat(crawl, chat)
    assert result.source == "deepseek"
    assert result.tone_keywords == ["luxurious", "artisanal"]
    assert result.color_palette == [local.color_palette[0]]  # an invented colour is dropped
    system, user = chat.calls[0]
    assert "json" in (system + user).lower()
    assert "Exquisite handcrafted leather" in user
    assert local.color_palette[0] in user


@pytest.mark.parametrize(
    "answer",
    [
        ProviderError(ProviderErrorCode.RATE_LIMITED, detail="429"),
        RuntimeError("boom"),
        {"unexpected": "shape"},
        {"tone_keywords": "", "product_features": []},
    ],
)
def test_llm_failures_fall_back_to_the_local_analysis(answer: Any) -> None:
    crawl = _crawl(("/", TECH))
    result = brand_chat_analyzer.analyze_with_chat(crawl, ScriptedChat(answer))
    assert result == brand_local_analyzer.analyze_local(crawl)
    assert result.source == "local"
