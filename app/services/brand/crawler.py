"""Read a few pages of a company's website for the brand profile.

Politeness and safety, by construction:

- every request goes through ``platform.fetch_url`` (SSRF checks on every hop);
- pages stay on the site the start URL lands on (same host, ``www.`` aside);
- robots.txt is fetched first (through the same fetcher) and obeyed, with
  its Crawl-delay up to a few seconds; a robots.txt the server cannot serve
  (5xx) means "do not crawl", a missing one (4xx) means "allowed" (RFC 9309);
- at most ``max_pages`` pages of at most ``max_page_bytes`` each, one overall
  time budget, and a pause between requests.

Stylesheets and a few images referenced by the pages are read too (they may
sit on a CDN host; they are fetched as a browser would, through the same
safe fetcher) because the palette lives there.
"""

from __future__ import annotations

import re
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from app.services import platform
from app.services.brand.pages import PageData, decode_page, parse_page
from app.services.platform import (
    FetchFailed,
    ServiceError,
    UnsafeUrl,
)

ROBOTS_AGENT = "ContentStudioBot"
MAX_PAGES = 10
MAX_PAGE_BYTES = 2_000_000
TIME_BUDGET_SECONDS = 20.0
REQUEST_DELAY_SECONDS = 0.3
MAX_CRAWL_DELAY_SECONDS = 3.0
MAX_STYLESHEETS = 3
MAX_CSS_BYTES = 500_000
MAX_IMAGES = 3
MAX_IMAGE_BYTES = 2_000_000
MAX_ROBOTS_BYTES = 200_000
ASSET_RESERVE_SECONDS = 4.0  # time kept back from pages for stylesheets and images
HTML_TYPES = ("text/html", "application/xhtml+xml")

_SKIP_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|pdf|zip|gz|rar|mp4|mov|webm|mp3|wav|css|js|json|xml|txt|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
_SKIP_PATHS = re.compile(
    r"/(cart|checkout|account|login|log-in|signin|sign-in|signup|sign-up|register|logout|search|wp-admin|"
    r"wp-login|cdn-cgi|admin|password|privacy|terms|cookie|legal|imprint|impressum)(/|$|\?|\.)",
    re.IGNORECASE,
)
# Pages that tell most about a brand come first.
_PATH_PRIORITY = (
    (re.compile(r"about|story|mission|values|who-we-are|our-|brand|company", re.I), 5),
    (re.compile(r"sustainab|impact|craft|quality|materials|ingredients", re.I), 4),
    (re.compile(r"product|collection|shop|catalog|range|features|solutions|services", re.I), 3),
)


class CrawlError(ServiceError):
    """The site could not be read; ``message`` says why, for the user."""

    code = "CRAWL_FAILED"
    status = 422


@dataclass
class CrawlResult:
    start_url: str
    site_url: str  # scheme://host of the page the start URL landed on
    pages: list[PageData] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)  # CSS texts
    images: list[bytes] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "url: reason", for logs


def _site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _same_site(url: str, site_url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") and _site_host(url) == _site_host(site_url)


def _normal(url: str) -> str:
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{(parts.netloc or '').lower()}{path}{query}"


def _crawlable(url: str) -> bool:
    path = urlsplit(url).path
    return not _SKIP_EXTENSIONS.search(path) and not _SKIP_PATHS.search(path + "/")


def _priority(url: str, depth: int) -> tuple[int, int, int, int]:
    parts = urlsplit(url)
    score = max((w for rx, w in _PATH_PRIORITY if rx.search(parts.path)), default=0)
    return (-score, depth, 1 if parts.query else 0, len(url))


# --- robots.txt --------------------------------------------------------------------------------


class _Robots:
    def __init__(self, parser: urllib.robotparser.RobotFileParser | None, allow_all: bool) -> None:
        self.parser = parser
        self.allow_all = allow_all

    def allowed(self, url: str) -> bool:
        if self.allow_all or self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(ROBOTS_AGENT, url)

    def delay(self) -> float:
        if self.parser is None:
            return 0.0
        value = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(value) if value else 0.0


# --- Crawl -------------------------------------------------------------------------------------


Progress = Callable[[int, int, str], None]


class _Crawler:
    def __init__(
        self,
        *,
        max_pages: int,
        max_page_bytes: int,
        time_budget: float,
        delay: float,
        progress: Progress | None,
        should_stop: Callable[[], bool] | None,
        sleep: Callable[[float], None],
    ) -> None:
        self.max_pages = max_pages
        self.max_page_bytes = max_page_bytes
        self.deadline = time.monotonic() + time_budget
        self.delay = delay
        self.progress = progress
        self.should_stop = should_stop
        self.sleep = sleep
        self.last_request = 0.0
        self.robots: dict[str, _Robots] = {}

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _pause(self, extra: float = 0.0) -> None:
        wait = self.last_request + max(self.delay, extra) - time.monotonic()
        if wait > 0:
            self.sleep(min(wait, max(0.0, self.remaining())))

    def _fetch(self, url: str, *, max_bytes: int, accept: tuple[str, ...] | None, image: bool = False):
        self._pause()
        timeout = max(0.5, min(10.0, self.remaining()))
        try:
            if image:
                return platform.fetch_image(url, max_bytes=max_bytes, timeout=timeout)
            return platform.fetch_url(url, max_bytes=max_bytes, timeout=timeout, accept=accept)
        finally:
            self.last_request = time.monotonic()

    def robots_for(self, url: str) -> _Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self.robots:
            return self.robots[origin]
        robots_url = f"{origin}/robots.txt"
        try:
            result = self._fetch(robots_url, max_bytes=MAX_ROBOTS_BYTES, accept=None)
        except FetchFailed as exc:
            if exc.http_status is None:  # the site itself is unreachable (UnsafeUrl propagates too)
                raise CrawlError(f"We could not reach your website: {exc.message}") from exc
            # RFC 9309 §2.3.1: 4xx means no rules; 5xx means "do not crawl for now".
            robots = _Robots(None, allow_all=exc.http_status < 500)
        else:
            parser = urllib.robotparser.RobotFileParser(robots_url)
            text = result.body.decode("utf-8", errors="replace")
            if result.content_type.startswith("text/html") and "<html" in text[:1000].lower():
                robots = _Robots(None, allow_all=True)  # a soft-404 page, not a robots file
            else:
                parser.parse(text.splitlines())
                robots = _Robots(parser, allow_all=False)
        self.robots[origin] = robots
        return robots

    def _report(self, done: int, total: int, url: str) -> None:
        if self.progress:
            self.progress(done, total, url)

    def _stopped(self) -> bool:
        return bool(self.should_stop and self.should_stop())

    def _page(self, url: str) -> tuple[PageData, str]:
        result = self._fetch(url, max_bytes=self.max_page_bytes, accept=HTML_TYPES)
        return parse_page(result.final_url, decode_page(result.body, result.headers)), result.final_url

    def run(self, start_url: str) -> CrawlResult:
        start_url = start_url.strip()
        platform.check_url_form(start_url)  # a bad address fails before any request
        robots = self.robots_for(start_url)
        if not robots.allowed(start_url):
            raise CrawlError(_robots_message(robots))
        self._report(0, self.max_pages, start_url)
        try:
            first, final_url = self._page(start_url)
        except UnsafeUrl:
            raise
        except FetchFailed as exc:
            raise CrawlError(f"We could not read your website: {exc.message}") from exc
        site_url = f"{urlsplit(final_url).scheme}://{urlsplit(final_url).netloc}"
        if _site_host(final_url) != _site_host(start_url):
            robots = self.robots_for(final_url)
            if not robots.allowed(final_url):
                raise CrawlError(_robots_message(robots))
        result = CrawlResult(start_url=start_url, site_url=site_url, pages=[first])
        seen = {_normal(start_url), _normal(final_url)}
        queue: list[tuple[tuple[int, int, int, int], str, int]] = []

        def discover(page: PageData, depth: int) -> None:
            for link in page.links:
                norm = _normal(link)
                if norm in seen or not _same_site(link, site_url) or not _crawlable(link):
                    continue
                seen.add(norm)
                queue.append((_priority(link, depth + 1), link, depth + 1))

        discover(first, 0)
        self._report(1, self.max_pages, final_url)
        while queue and len(result.pages) < self.max_pages and not self._stopped():
            if self.remaining() < ASSET_RESERVE_SECONDS:
                break
            queue.sort()
            _, url, depth = queue.pop(0)
            try:
                robots = self.robots_for(url)
            except (CrawlError, UnsafeUrl) as exc:
                result.skipped.append(f"{url}: {exc.message}")
                continue
            if not robots.allowed(url):
                result.skipped.append(f"{url}: disallowed by robots.txt")
                continue
            self._pause(min(robots.delay(), MAX_CRAWL_DELAY_SECONDS))
            try:
                page, landed = self._page(url)
            except (FetchFailed, UnsafeUrl) as exc:
                result.skipped.append(f"{url}: {exc.message}")
                continue
            if not _same_site(landed, site_url):
                result.skipped.append(f"{url}: redirected off the site")
                continue
            seen.add(_normal(landed))
            result.pages.append(page)
            if depth < 2:
                discover(page, depth)
            self._report(len(result.pages), self.max_pages, landed)
        if not self._stopped():
            self._assets(result)
        return result

    def _assets(self, result: CrawlResult) -> None:
        sheets: list[str] = []
        images: list[str] = []
        for page in result.pages:
            for sheet in page.stylesheets:
                if sheet not in sheets:
                    sheets.append(sheet)
            for url, _alt in sorted(page.images, key=lambda item: item[1] != "og:image"):
                if url not in images and not urlsplit(url).path.lower().endswith((".svg", ".gif")):
                    images.append(url)
        for url in sheets[:MAX_STYLESHEETS]:
            if self.remaining() < 1.0 or self._stopped():
                return
            try:
                got = self._fetch(url, max_bytes=MAX_CSS_BYTES, accept=("text/css", "text/plain"))
            except (FetchFailed, UnsafeUrl) as exc:
                result.skipped.append(f"{url}: {exc.message}")
                continue
            result.stylesheets.append(got.body.decode("utf-8", errors="replace"))
        for url in images[: MAX_IMAGES * 2]:
            if len(result.images) >= MAX_IMAGES or self.remaining() < 1.0 or self._stopped():
                return
            try:
                got = self._fetch(url, max_bytes=MAX_IMAGE_BYTES, accept=None, image=True)
            except (FetchFailed, UnsafeUrl) as exc:
                result.skipped.append(f"{url}: {exc.message}")
                continue
            result.images.append(got.body)


def _robots_message(robots: _Robots) -> str:
    if robots.parser is None:
        return (
            "Your website's robots.txt could not be read (the server answered with an error), "
            "so we did not crawl it. Try again later or fill in your brand profile by hand."
        )
    return (
        "Your website's robots.txt asks crawlers not to read this page, so we did not analyze it. "
        "You can fill in your brand profile by hand."
    )


def crawl(
    start_url: str,
    *,
    max_pages: int = MAX_PAGES,
    max_page_bytes: int = MAX_PAGE_BYTES,
    time_budget: float = TIME_BUDGET_SECONDS,
    delay: float | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> CrawlResult:
    """Read up to ``max_pages`` pages of the site at ``start_url``.

    ``progress(done, max_pages, url)`` is called as pages arrive. Raises
    ``UnsafeUrl`` for addresses we never fetch and ``CrawlError`` when the
    start page cannot be read or robots.txt forbids it; later pages that fail
    are skipped.
    """
    crawler = _Crawler(
        max_pages=max(1, max_pages),
        max_page_bytes=max_page_bytes,
        time_budget=time_budget,
        delay=REQUEST_DELAY_SECONDS if delay is None else delay,
        progress=progress,
        should_stop=should_stop,
        sleep=sleep,
    )
    return crawler.run(start_url)
