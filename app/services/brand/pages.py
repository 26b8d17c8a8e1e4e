"""One fetched HTML page as the analyzers read it: title, meta, headings, text, links, CSS, images.

Parsed with the standard library (no JavaScript runs); navigation, header and footer text is
kept apart so site chrome is not mistaken for the brand's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin


@dataclass
class PageData:
    url: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # lower-case name/property -> content
    headings: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    list_items: list[str] = field(default_factory=list)  # outside nav/header/footer
    buttons: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # absolute, fragment-free
    images: list[tuple[str, str]] = field(default_factory=list)  # (absolute url, alt)
    stylesheets: list[str] = field(default_factory=list)
    inline_css: list[str] = field(default_factory=list)
    theme_colors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [self.title, self.meta.get("description", ""), self.meta.get("og:description", "")]
        parts += [h for _, h in self.headings] + self.paragraphs + self.list_items
        return "\n".join(p for p in parts if p)


class _PageParser(HTMLParser):
    """Collects what the analyzers need from one HTML page (stdlib parser, no JS)."""

    _SKIP = {"script", "style", "noscript", "svg", "template", "iframe"}
    _CHROME = {"nav", "header", "footer", "aside", "form"}
    _BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "button", "td", "dd", "blockquote", "figcaption"}

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageData(url=base_url)
        self.base = base_url
        self._stack: list[str] = []
        self._skip_depth = 0
        self._chrome_depth = 0
        self._text: list[str] = []
        self._block: str | None = None
        self._in_title = False
        self._in_style = False
        self._style_buf: list[str] = []

    # Tags -------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower().strip()
            content = a.get("content", "").strip()
            if key and content and key not in self.page.meta:
                self.page.meta[key] = content[:1000]
            if key in ("theme-color", "msapplication-tilecolor") and content:
                self.page.theme_colors.append(content)
            if key in ("og:image", "twitter:image") and content:
                self._add_image(content, "og:image")
        elif tag == "link":
            rel = a.get("rel", "").lower().split()
            if "stylesheet" in rel and a.get("href"):
                self.page.stylesheets.append(urljoin(self.base, a["href"]))
        elif tag == "a" and a.get("href"):
            url = urldefrag(urljoin(self.base, a["href"].strip()))[0]
            if url.startswith(("http://", "https://")):
                self.page.links.append(url)
        elif tag == "img":
            src = a.get("src") or (a.get("srcset", "").split(",")[0].strip().split(" ")[0])
            if src and not src.startswith("data:"):
                self._add_image(src, a.get("alt", ""))
        if a.get("style"):
            self.page.inline_css.append(a["style"][:2000])
        if tag in ("br", "img", "meta", "link", "input", "hr", "source", "base"):
            return  # void elements never close
        self._stack.append(tag)
        if tag == "title":
            self._in_title = True
        if tag == "style":
            self._in_style = True
        if tag in self._SKIP:
            self._skip_depth += 1
        if tag in self._CHROME:
            self._flush()
            self._chrome_depth += 1
        # A new block ends the open one, except inside a list item or table cell
        # (<li><p>..</p></li> stays one item); HTML closes an open <p> implicitly.
        if tag in self._BLOCK and (
            self._block is None or self._block in (tag, "p") or tag[0] == "h" or tag == "li"
        ):
            self._flush()
            self._block = tag

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            self._close(top)
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "style":
            self._in_style = False
            self.page.inline_css.append("".join(self._style_buf)[:200_000])
            self._style_buf = []
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        if tag in self._BLOCK and self._block == tag:
            self._flush()
        if tag in self._CHROME:
            self._flush()
            self._chrome_depth = max(0, self._chrome_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._style_buf.append(data)
            return
        if self._in_title:
            self.page.title = (self.page.title + " " + data).strip()[:300]
            return
        if self._skip_depth:
            return
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    # Helpers ----------------------------------------------------------------------------------

    def _add_image(self, src: str, alt: str) -> None:
        url = urljoin(self.base, src.strip())
        if url.startswith(("http://", "https://")):
            self.page.images.append((url, alt.strip()[:200]))

    def _flush(self) -> None:
        text = " ".join(" ".join(self._text).split())
        block, self._block, self._text = self._block, None, []
        if not text or len(text) < 2:
            return
        text = text[:600]
        if block in ("h1", "h2", "h3", "h4"):
            self.page.headings.append((int(block[1]), text))
        elif block == "button":
            self.page.buttons.append(text)
        elif block == "li" and not self._chrome_depth:
            self.page.list_items.append(text)
        elif not self._chrome_depth and len(text.split()) >= 4:
            self.page.paragraphs.append(text)


def decode_page(body: bytes, headers: dict[str, str]) -> str:
    charset = ""
    match = re.search(r"charset=([\w-]+)", headers.get("content-type", ""), re.I)
    if match:
        charset = match.group(1)
    else:
        match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I)
        if match:
            charset = match.group(1).decode("ascii", "ignore")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse_page(url: str, html: str) -> PageData:
    parser = _PageParser(url)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; anything left is a page we cannot use
        pass
    return parser.page
