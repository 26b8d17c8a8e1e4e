"""SSRF checks of the safe fetcher that need no server: URL forms and address classes."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from app.services.platform import FetchFailed, UnsafeUrl, is_public_address, safe_fetch
from app.settings import get_settings

SSRF_TARGETS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8000/admin",
    "http://10.0.0.5/",
    "http://10.255.255.255/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::1]:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[64:ff9b::7f00:1]/",  # NAT64 of loopback
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 of loopback
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 of the metadata address
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://[::]/",
    "http://100.64.0.1/",
    "http://100.127.255.254/",
    "http://0.0.0.0/",
    "http://0.0.0.0:8000/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://255.255.255.255/",
    "http://240.0.0.1/",
    "http://192.0.0.8/",
    "http://192.0.2.10/",
    "http://198.18.0.1/",
    "http://2130706433/",  # decimal 127.0.0.1
    "http://017700000001/",  # octal 127.0.0.1
    "http://0x7f000001/",  # hex
    "http://0x7f.1/",
    "http://127.1/",
    "http://0177.0.0.1/",  # octal dotted
    "https://169.254.169.254/",
]


@pytest.mark.parametrize("url", SSRF_TARGETS)
def test_private_and_odd_targets_are_refused_before_any_connection(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connect(*args, **kwargs):
        raise AssertionError("a refused URL must never be connected to")

    monkeypatch.setattr(safe_fetch, "_send", no_connect)
    with pytest.raises(UnsafeUrl) as err:
        safe_fetch.fetch_url(url, max_bytes=1000)
    assert err.value.code == "UNSAFE_URL"
    assert err.value.status == 422


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)", "//x", ""],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        safe_fetch.fetch_url(url, max_bytes=1000)


def test_credentials_in_url_are_refused() -> None:
    with pytest.raises(UnsafeUrl, match="user name or password"):
        safe_fetch.fetch_url("http://admin:secret@example.com/", max_bytes=1000)


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        out = []
        for addr in answers[host]:
            family = socket.AF_INET6 if ":" in addr else socket.AF_INET
            sockaddr = (addr, port, 0, 0) if family == socket.AF_INET6 else (addr, port)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.parametrize(
    "answers",
    [
        ["127.0.0.1"],
        ["10.1.2.3"],
        ["::1"],
        ["169.254.169.254"],
        ["93.184.216.34", "10.0.0.1"],
        ["::ffff:10.0.0.1"],
    ],
)
def test_a_hostname_resolving_to_any_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, answers: list[str]
) -> None:
    asked = _fake_dns(monkeypatch, {"shop.example.com": answers})
    with pytest.raises(UnsafeUrl):
        safe_fetch.fetch_url("http://shop.example.com/", max_bytes=1000)
    assert asked == ["shop.example.com"]


def test_localhost_is_refused_through_real_dns() -> None:
    with pytest.raises(UnsafeUrl):
        safe_fetch.fetch_url("http://localhost/", max_bytes=1000)


def test_an_unknown_host_is_a_fetch_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchFailed, match="could not be found"):
        safe_fetch.fetch_url("https://no-such-shop.example.com/", max_bytes=1000)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"],
)
def test_public_addresses_pass(address: str) -> None:
    assert is_public_address(address)
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["not-an-ip", "", "fe80::1%eth0", "2001:db8::1", "2001::1", "100::1"])
def test_non_addresses_and_special_ranges_fail(address: str) -> None:
    assert not is_public_address(address)


def test_unwrap_finds_the_ipv4_inside() -> None:
    v4 = ipaddress.IPv4Address("127.0.0.1")
    for wrapped in ("::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::7f00:1"):
        assert safe_fetch.unwrap(ipaddress.ip_address(wrapped)) == v4


def test_the_test_only_escape_hatch_lets_listed_loopback_hosts_through_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", "127.0.0.1:8123, shop.example.com, [::1]:9000")
    get_settings.cache_clear()
    _fake_dns(monkeypatch, {"shop.example.com": ["127.0.0.1"], "other.example.com": ["127.0.0.1"]})
    assert safe_fetch._target("http://127.0.0.1:8123/").addresses == [ipaddress.ip_address("127.0.0.1")]
    assert safe_fetch._target("http://[::1]:9000/").port == 9000
    assert safe_fetch._target("http://shop.example.com:4321/").host == "shop.example.com"
    with pytest.raises(UnsafeUrl):  # another port
        safe_fetch._target("http://127.0.0.1:8124/")
    with pytest.raises(UnsafeUrl):  # another host
        safe_fetch._target("http://other.example.com/")
    with pytest.raises(UnsafeUrl):  # listed, but only loopback is let through, never metadata/private
        monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", "169.254.169.254,10.0.0.1")
        get_settings.cache_clear()
        safe_fetch._target("http://169.254.169.254/")
    with pytest.raises(UnsafeUrl):
        safe_fetch._target("http://10.0.0.1/")


def test_the_escape_hatch_is_empty_by_default() -> None:
    assert get_settings().fetch_allowed_private_hosts == ""


def test_image_type_reads_the_bytes_not_the_name() -> None:
    import io

    from PIL import Image

    for fmt, mime in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")):
        buf = io.BytesIO()
        Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, fmt)
        assert safe_fetch.image_type(buf.getvalue()) == mime
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "GIF")
    assert safe_fetch.image_type(buf.getvalue()) is None  # real image, format we do not take
    assert safe_fetch.image_type(b"<html>not an image</html>") is None
    assert safe_fetch.image_type(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20) is None  # truncated PNG
