"""The crawler against a real site on loopback: robots.txt, same site, page, size and time limits."""

from __future__ import annotations

import time

import pytest

from app.services.brand import CrawlError
from app.services.brand import crawler as brand_crawler
from app.services.platform import UnsafeUrl
from app.settings import get_settings
from tests.integration.brand.site import BrandSite


def test_crawls_the_site_politely_and_within_limits(site: BrandSite) -> None:
    reports: list[tuple[int, int]] = []
    started = time.monotonic()
    result = brand_crawler.crawl(
        f"{site.url}/", progress=lambda done, total, url: reports.append((done, total))
    )
    elapsed = time.monotonic() - started
    paths = site.paths()

    assert paths[0] == "/robots.txt"
    assert "/private/secret" not in paths  # disallowed by robots.txt
    assert not {"/cart", "/account/login"} & set(paths)  # never crawled: not content
    assert len(result.pages) == brand_crawler.MAX_PAGES
    page_paths = [p for p in paths if not p.startswith(("/static/", "/robots"))]
    assert len(page_paths) <= brand_crawler.MAX_PAGES + 1  # + the oversized page that was cut off
    # The brand pages come before the journal entries.
    urls = [p.url for p in result.pages]
    assert urls[:3] == [f"{site.url}/", f"{site.url}/about", f"{site.url}/products"]
    assert any("larger than 2 MB" in s for s in result.skipped)  # /huge
    assert any("robots.txt" in s for s in result.skipped)
    assert result.stylesheets and "--brand-primary" in result.stylesheets[0]
    assert len(result.images) == 1  # og:image and <img> name the same file; fetched once
    assert paths.count("/static/hero.png") == 1
    assert reports[-1] == (10, 10)
    assert elapsed >= (len(paths) - 1) * brand_crawler.REQUEST_DELAY_SECONDS * 0.9  # polite pauses
    assert elapsed < brand_crawler.TIME_BUDGET_SECONDS
    assert all(ua.startswith("ContentStudioBot") for ua in site.user_agents)


def test_page_limit_and_time_budget(site: BrandSite) -> None:
    result = brand_crawler.crawl(f"{site.url}/", max_pages=3, delay=0.0)
    assert len(result.pages) == 3
    started = time.monotonic()
    short = brand_crawler.crawl(
        f"{site.url}/", delay=1.0, time_budget=brand_crawler.ASSET_RESERVE_SECONDS + 2
    )
    assert time.monotonic() - started < brand_crawler.ASSET_RESERVE_SECONDS + 3
    assert 1 <= len(short.pages) < brand_crawler.MAX_PAGES


def test_robots_disallowing_us_stops_the_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    with BrandSite(robots="User-agent: ContentStudioBot\nDisallow: /\n") as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        with pytest.raises(CrawlError, match=r"robots\.txt asks crawlers not to read"):
            brand_crawler.crawl(f"{served.url}/")
        assert served.paths() == ["/robots.txt"]


def test_robots_server_error_means_do_not_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    with BrandSite(robots="oops", robots_status=503) as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        with pytest.raises(CrawlError, match="could not be read"):
            brand_crawler.crawl(f"{served.url}/")
        assert served.paths() == ["/robots.txt"]


def test_no_robots_file_means_everything_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    with BrandSite(robots=None) as served:
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{served.port}")
        get_settings.cache_clear()
        result = brand_crawler.crawl(f"{served.url}/", delay=0.0)
        assert "/private/secret" in served.paths()
        assert len(result.pages) == brand_crawler.MAX_PAGES


def test_loopback_needs_the_test_only_setting() -> None:
    with BrandSite() as served:
        with pytest.raises(UnsafeUrl):
            brand_crawler.crawl(f"{served.url}/")
        assert served.paths() == []


def test_a_missing_start_page_is_a_clear_error(site: BrandSite) -> None:
    with pytest.raises(CrawlError, match=r"could not read your website.*404"):
        brand_crawler.crawl(f"{site.url}/no-such-page")


def test_stop_request_ends_the_crawl_early(site: BrandSite) -> None:
    result = brand_crawler.crawl(f"{site.url}/", delay=0.0, should_stop=lambda: True)
    assert len(result.pages) == 1
    assert not result.stylesheets and not result.images
