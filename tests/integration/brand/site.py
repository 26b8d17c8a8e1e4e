"""A small shop website served on loopback for the crawler tests.

"Verdant Threads" sells sustainable clothing. It has a robots.txt that
disallows /private/, a stylesheet with brand colours, a theme-color, a hero
image, a journal with many pages (for the page limit) and one huge page (for
the size limit). ``requests`` records every path the crawler asked for.
"""

from __future__ import annotations

import io
import threading

from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.fakes.server import LiveServer

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n"

CSS = """
:root { --brand-primary: #2E7D32; --accent-color: #F9A825; --text: #222222; }
body { color: #222; background-color: #FAFAF5; font-family: Georgia, serif; }
.btn-primary { background-color: rgb(46, 125, 50); color: #fff; }
.badge { background: #f9a825; }
.overlay { background: rgba(0, 0, 0, 0.2); }
"""

NAV = """
<header><nav><ul>
  <li><a href="/">Home</a></li>
  <li><a href="/about">About us</a></li>
  <li><a href="/products">Products</a></li>
  <li><a href="/journal">Journal</a></li>
  <li><a href="/private/secret">Staff</a></li>
  <li><a href="/account/login">Sign in</a></li>
  <li><a href="/cart">Cart</a></li>
  <li><a href="https://instagram.example.com/verdant">Instagram</a></li>
  <li><a href="/huge">Lookbook</a></li>
</ul></nav></header>
"""


def _page(title: str, body: str, extra_head: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{title} | Verdant Threads</title>
<meta name="description" content="Sustainable clothing made from organic cotton and recycled fabrics.">
<meta property="og:site_name" content="Verdant Threads">
<meta name="theme-color" content="#2E7D32">
<meta property="og:image" content="/static/hero.png">
<link rel="stylesheet" href="/static/site.css">
{extra_head}
<style>.hero {{ background-color: #2e7d32; }}</style>
<script>var tracking = "luxury luxury luxury";</script>
</head><body>{NAV}<main>{body}</main>
<footer><ul><li>Privacy policy</li><li>Terms of service</li><li>Subscribe to our newsletter</li></ul>
<p>Copyright 2026 Verdant Threads. All rights reserved.</p></footer>
</body></html>"""


HOME = _page(
    "Sustainable Clothing Made to Last",
    """
<h1>Clothing that cares for the planet</h1>
<p>Verdant Threads makes sustainable, everyday clothing from organic cotton and recycled fabrics.
Every piece is ethically made in small batches and designed to last for years.</p>
<p>We believe in a planet-friendly wardrobe: fewer, better things, made responsibly.</p>
<h2>Why people love us</h2>
<ul>
  <li>Made from 100% organic cotton</li>
  <li>Recycled polyester shell that is fully waterproof</li>
  <li>Free shipping and free returns on every order</li>
  <li>Plastic-free packaging, compostable mailers</li>
</ul>
<img src="/static/hero.png" alt="Model in a green jacket">
""",
)

ABOUT = _page(
    "Our story",
    """
<h1>Our story</h1>
<p>We started Verdant Threads in 2015 to prove that sustainable fashion can be simple and beautiful.
Our clothes are designed for women and men who care about the planet and want clothes that last.</p>
<p>Our mission is carbon-neutral production, recycled materials and fair trade partnerships.
We are certified B Corp and every supplier is audited for ethical working conditions.</p>
<h2>Natural materials, minimal waste</h2>
<p>Our minimal, earthy designs use natural materials like linen and organic cotton in muted tones.</p>
""",
)

PRODUCTS = _page(
    "Products",
    """
<h1>Shop the collection</h1>
<ul class="features">
  <li>Lightweight linen shirts, machine washable</li>
  <li>Organic cotton tees that keep their shape</li>
  <li>Lifetime repair guarantee on every jacket</li>
</ul>
<p>Perfect for hikers and everyday commuters alike, made with recycled fabrics.</p>
""",
)

JOURNAL = _page(
    "Journal",
    "<h1>Journal</h1><p>Stories about sustainable living and slow fashion.</p><ul>"
    + "".join(f'<li><a href="/journal/{i}">Entry number {i}</a></li>' for i in range(1, 21))
    + "</ul>",
)

SECRET = _page("Secret", "<h1>SECRET STAFF PAGE</h1><p>Do not crawl this private staff page please.</p>")


def hero_png() -> bytes:
    img = Image.new("RGB", (120, 80), (46, 125, 50))
    for x in range(80, 120):
        for y in range(80):
            img.putpixel((x, y), (245, 240, 225))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class BrandSite:
    """The site, plus what was requested; ``url`` is its loopback address."""

    def __init__(self, *, robots: str | None = ROBOTS, robots_status: int = 200) -> None:
        self.robots = robots
        self.robots_status = robots_status
        self.requests: list[str] = []
        self.user_agents: set[str] = set()
        self.lock = threading.Lock()
        self.hero = hero_png()
        self._live = LiveServer(self._app())

    @property
    def url(self) -> str:
        return self._live.url

    @property
    def port(self) -> int:
        return self._live.port

    def __enter__(self) -> BrandSite:
        self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.stop(wait=False)

    def paths(self) -> list[str]:
        with self.lock:
            return list(self.requests)

    def _app(self) -> Starlette:
        pages = {
            "/": HOME,
            "/about": ABOUT,
            "/products": PRODUCTS,
            "/journal": JOURNAL,
            "/private/secret": SECRET,
        }

        async def any_path(request: Request) -> Response:
            path = request.url.path
            with self.lock:
                self.requests.append(path)
                self.user_agents.add(request.headers.get("user-agent", ""))
            if path == "/robots.txt":
                if self.robots is None:
                    return PlainTextResponse("not found", status_code=404)
                return PlainTextResponse(self.robots, status_code=self.robots_status)
            if path == "/static/site.css":
                return Response(CSS, media_type="text/css")
            if path == "/static/hero.png":
                return Response(self.hero, media_type="image/png")
            if path == "/huge":
                return Response("<html>" + "x" * 2_500_000 + "</html>", media_type="text/html")
            if path.startswith("/journal/"):
                n = path.rsplit("/", 1)[-1]
                body = f"<h1>Journal entry {n}</h1><p>Notes on slow fashion and caring for your clothes.</p>"
                return Response(_page(f"Entry {n}", body), media_type="text/html")
            if path in pages:
                return Response(pages[path], media_type="text/html")
            return PlainTextResponse("not found", status_code=404)

        return Starlette(routes=[Route("/{path:path}", any_path)])
