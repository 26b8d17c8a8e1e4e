"""The safe fetcher against a real HTTP server on loopback (let through by the test-only setting)."""

from __future__ import annotations

import asyncio
import io
import socket
from collections.abc import Iterator

import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from app.services.platform import FetchFailed, UnsafeUrl, safe_fetch
from app.settings import get_settings
from tests.fakes.server import LiveServer

SEEN: list[dict[str, str]] = []


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


async def page(request: Request) -> Response:
    SEEN.append(dict(request.headers))
    return Response("<html><title>Shop</title></html>", media_type="text/html")


async def to_private(request: Request) -> Response:
    target = request.query_params.get("to", "http://169.254.169.254/latest/meta-data/")
    return RedirectResponse(target, status_code=int(request.query_params.get("code", "302")))


async def hop(request: Request) -> Response:
    n = int(request.path_params["n"])
    return RedirectResponse("/page" if n == 0 else f"/hop/{n - 1}", status_code=301)


async def big_streamed(request: Request) -> Response:
    async def chunks():
        for _ in range(100):
            yield b"x" * 10_000  # 1 MB in total, no Content-Length

    return StreamingResponse(chunks(), media_type="text/html")


async def slow(request: Request) -> Response:
    async def chunks():
        for _ in range(50):
            await asyncio.sleep(0.1)
            yield b"x"

    return StreamingResponse(chunks(), media_type="text/html")


async def image(request: Request) -> Response:
    return Response(_jpeg(), media_type="application/octet-stream")


async def fake_image(request: Request) -> Response:
    return Response(b"<svg xmlns='http://www.w3.org/2000/svg'/>", media_type="image/png")


async def missing(request: Request) -> Response:
    return Response("gone", status_code=404)


APP = Starlette(
    routes=[
        Route("/page", page),
        Route("/private", to_private),
        Route("/hop/{n}", hop),
        Route("/big", big_streamed),
        Route("/slow", slow),
        Route("/image.jpg", image),
        Route("/fake.png", fake_image),
        Route("/missing", missing),
    ]
)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(APP) as srv:
        yield srv


@pytest.fixture
def allowed(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"127.0.0.1:{server.port}")
    get_settings.cache_clear()
    return server.url


def test_loopback_is_refused_without_the_test_setting(server: LiveServer) -> None:
    with pytest.raises(UnsafeUrl):
        safe_fetch.fetch_url(f"{server.url}/page", max_bytes=10_000)


def test_fetches_a_page_from_an_allowed_host(allowed: str) -> None:
    result = safe_fetch.fetch_url(f"{allowed}/page", max_bytes=10_000, accept=("text/html",))
    assert result.status == 200
    assert result.content_type == "text/html"
    assert b"<title>Shop</title>" in result.body
    assert result.final_url == f"{allowed}/page"
    assert result.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://localhost/",
        "http://2130706433/",
        "file:///etc/passwd",
    ],
)
@pytest.mark.parametrize("code", ["301", "302", "307", "308"])
def test_a_redirect_to_a_private_address_is_refused(allowed: str, target: str, code: str) -> None:
    with pytest.raises(UnsafeUrl):
        safe_fetch.fetch_url(f"{allowed}/private?code={code}&to={target}", max_bytes=10_000)


def test_a_redirect_to_another_loopback_port_is_refused(allowed: str) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        port = other.getsockname()[1]
        with pytest.raises(UnsafeUrl):
            safe_fetch.fetch_url(f"{allowed}/private?to=http://127.0.0.1:{port}/", max_bytes=10_000)


def test_redirects_are_followed_and_counted(allowed: str) -> None:
    result = safe_fetch.fetch_url(f"{allowed}/hop/3", max_bytes=10_000)
    assert result.final_url == f"{allowed}/page"
    assert result.url == f"{allowed}/hop/3"
    with pytest.raises(FetchFailed, match="redirected more than 2 times"):
        safe_fetch.fetch_url(f"{allowed}/hop/3", max_bytes=10_000, max_redirects=2)


def test_the_body_is_cut_at_max_bytes_even_without_content_length(allowed: str) -> None:
    with pytest.raises(FetchFailed, match="larger than 500 KB"):
        safe_fetch.fetch_url(f"{allowed}/big", max_bytes=500_000)
    assert len(safe_fetch.fetch_url(f"{allowed}/big", max_bytes=2_000_000).body) == 1_000_000


def test_one_deadline_covers_a_slow_drip(allowed: str) -> None:
    import time

    started = time.monotonic()
    with pytest.raises(FetchFailed, match="too long"):
        safe_fetch.fetch_url(f"{allowed}/slow", max_bytes=10_000, timeout=1.0)
    assert time.monotonic() - started < 2.5


def test_wrong_type_and_http_errors_are_fetch_failures(allowed: str) -> None:
    with pytest.raises(FetchFailed, match="not image/") as err:
        safe_fetch.fetch_url(f"{allowed}/page", max_bytes=10_000, accept=("image/",))
    assert err.value.code == "FETCH_FAILED"
    with pytest.raises(FetchFailed, match="404") as err:
        safe_fetch.fetch_url(f"{allowed}/missing", max_bytes=10_000)
    assert err.value.http_status == 404


def test_fetch_image_checks_the_bytes(allowed: str) -> None:
    result = safe_fetch.fetch_image(f"{allowed}/image.jpg")
    assert result.content_type == "image/jpeg"  # detected, though the server said octet-stream
    with Image.open(io.BytesIO(result.body)) as img:
        assert img.size == (16, 16)
    with pytest.raises(FetchFailed, match="not a JPEG, PNG or WEBP"):
        safe_fetch.fetch_image(f"{allowed}/fake.png")
    with pytest.raises(FetchFailed, match="larger than"):
        safe_fetch.fetch_image(f"{allowed}/image.jpg", max_bytes=100)


def test_connects_to_the_checked_address_without_a_second_lookup(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the first answer is checked; a later one would point elsewhere."""
    monkeypatch.setenv("FETCH_ALLOWED_PRIVATE_HOSTS", f"shop.example.com:{server.port}")
    get_settings.cache_clear()
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
    calls: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        # socket.create_connection also "resolves" the IP literal we connect to.
        address = host if host.replace(".", "").isdigit() else next(answers)
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    SEEN.clear()
    result = safe_fetch.fetch_url(f"http://shop.example.com:{server.port}/page", max_bytes=10_000)
    assert result.status == 200
    assert calls == ["shop.example.com", "127.0.0.1"]  # the name once, then the checked IP
    assert SEEN[-1]["host"] == f"shop.example.com:{server.port}"
    assert SEEN[-1]["user-agent"].startswith("ContentStudioBot")


def test_https_sends_the_host_name_as_sni(monkeypatch: pytest.MonkeyPatch) -> None:
    """For https the request goes to the IP while TLS verifies the site's name."""
    sent = {}

    class Stop(Exception):
        pass

    def send(self, request, **kwargs):
        sent["url"] = str(request.url)
        sent["host"] = request.headers["host"]
        sent["sni"] = request.extensions.get("sni_hostname")
        raise Stop

    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))],
    )
    import httpx

    monkeypatch.setattr(httpx.Client, "send", send)
    with pytest.raises(Stop):
        safe_fetch.fetch_url("https://shop.example.com/about?x=1", max_bytes=10)
    assert sent == {
        "url": "https://93.184.216.34/about?x=1",
        "host": "shop.example.com",
        "sni": "shop.example.com",
    }


# --- Real TLS: the connection goes to the checked IP, the certificate is checked for the name ---


def _certificates(tmp_path, name: str):
    """A throwaway CA and a leaf certificate for ``name`` (PEM files)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = tmp_path / "ca.pem", tmp_path / "leaf.pem", tmp_path / "leaf.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return ca_path, cert_path, key_path


@pytest.fixture
def tls_site(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """An https server on 127.0.0.1 whose certificate names cert-name.example.com."""
    import http.server
    import ssl
    import threading

    ca_path, cert_path, key_path = _certificates(tmp_path, "cert-name.example.com")
    seen: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen["host"] = self.headers.get("Host", "")
            body = b"<html>secure</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_path, key_path)

    def remember_sni(sock, server_name, ctx):
        seen["sni"] = server_name or ""

    server_ctx.sni_callback = remember_sni
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]

    client_ctx = ssl.create_default_context(cafile=str(ca_path))
    monkeypatch.setattr(safe_fetch, "ssl_context", lambda: client_ctx)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, p, *args, **kwargs):
        if host.endswith(".example.com"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", p))]
        return real_getaddrinfo(host, p, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setenv(
        "FETCH_ALLOWED_PRIVATE_HOSTS", f"cert-name.example.com:{port},other-name.example.com:{port}"
    )
    get_settings.cache_clear()
    try:
        yield port, seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_https_goes_to_the_checked_ip_and_verifies_the_certificate_for_the_name(tls_site) -> None:
    port, seen = tls_site
    result = safe_fetch.fetch_url(f"https://cert-name.example.com:{port}/", max_bytes=10_000)
    assert result.body == b"<html>secure</html>"
    assert seen == {"sni": "cert-name.example.com", "host": f"cert-name.example.com:{port}"}


def test_https_with_a_certificate_for_another_name_fails(tls_site) -> None:
    port, _seen = tls_site
    with pytest.raises(FetchFailed, match="certificate is not valid"):
        safe_fetch.fetch_url(f"https://other-name.example.com:{port}/", max_bytes=10_000)
