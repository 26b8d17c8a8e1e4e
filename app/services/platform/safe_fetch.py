"""Fetch a user-supplied URL without letting it reach our own network (SSRF).

Every URL a user hands us (their website for the brand profile, product image
URLs in a spreadsheet) goes through ``fetch_url``. DESIGN.md §6 "SSRF":

- http and https only; no user:password@ in the URL; no odd numeric host forms
  (``http://2130706433/``, ``http://0x7f.1/``): a web address names a host.
- The host is resolved once here, every address is checked, and the request is
  sent TO THE CHECKED IP (the URL's host goes into the Host header and, for
  https, the TLS SNI and certificate check), so a second DNS answer can never
  swap in a private address (DNS rebinding).
- An address passes only when it is globally routable after unwrapping
  IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms, and is not multicast,
  shared (100.64/10), documentation, benchmark or reserved space. Python
  3.11's ``is_global`` alone lets several of these through.
- Redirects are followed by hand (``follow_redirects=False``) and every hop is
  checked again. Bodies are streamed and cut at ``max_bytes``; one deadline
  covers all hops.

Tests serve sites on loopback; ``FETCH_ALLOWED_PRIVATE_HOSTS`` (test-only)
names the ``host[:port]`` pairs that may then resolve to a loopback address.
"""

from __future__ import annotations

import concurrent.futures
import io
import ipaddress
import re
import socket
import time
import warnings
from dataclasses import dataclass, field

import httpx
from PIL import Image

from app.providers.http import ssl_context
from app.services.platform.errors import ServiceError
from app.settings import get_settings

USER_AGENT = "ContentStudioBot/1.0 (+brand profile reader; respects robots.txt)"
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
_IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_DNS_TIMEOUT = 5.0
_MAX_ADDRESSES_TRIED = 3

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges refused on top of the ``is_*`` properties (which miss some on 3.11).
_BLOCKED_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT, shared address space
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
        "::/96",  # unspecified, loopback, IPv4-compatible (unwrapped before this check)
        "::ffff:0:0/96",  # IPv4-mapped (unwrapped before this check)
        "64:ff9b::/96",  # NAT64 well-known prefix (unwrapped before this check)
        "64:ff9b:1::/48",  # NAT64 local use
        "100::/64",  # discard
        "2001::/23",  # IETF protocol assignments, Teredo
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4 (unwrapped before this check)
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


class UnsafeUrl(ServiceError):
    """The URL points somewhere we never fetch (scheme, private address, ...)."""

    code = "UNSAFE_URL"
    status = 422


class FetchFailed(ServiceError):
    """The fetch itself failed: network error, HTTP error, too large, wrong type."""

    code = "FETCH_FAILED"
    status = 422

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


@dataclass(frozen=True)
class FetchResult:
    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html")
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names


# --- Address checks ---------------------------------------------------------------------------


def unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address hidden in an IPv6 one (mapped, compatible, NAT64, 6to4), else ``ip``."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d (deprecated IPv4-compatible)
        return ipaddress.IPv4Address(int(ip))
    return ip


def is_public_address(ip: IPAddress | str) -> bool:
    """True only for globally routable unicast addresses, after unwrapping."""
    if isinstance(ip, str):
        try:
            ip = ipaddress.ip_address(ip.split("%", 1)[0])
        except ValueError:
            return False
    inner = unwrap(ip)
    # A wrapped address (::ffff:a.b.c.d, 64:ff9b::/96, 2002::/16) goes where its IPv4 part goes.
    if isinstance(ip, ipaddress.IPv6Address) and ip.scope_id:
        return False
    if (
        not inner.is_global
        or inner.is_private
        or inner.is_loopback
        or inner.is_link_local
        or inner.is_multicast
        or inner.is_reserved
        or inner.is_unspecified
    ):
        return False
    if isinstance(inner, ipaddress.IPv6Address) and inner.is_site_local:
        return False
    return not any(inner in net for net in _BLOCKED_NETWORKS if net.version == inner.version)


def _allowed_private(host: str, port: int) -> bool:
    """Test-only: ``FETCH_ALLOWED_PRIVATE_HOSTS`` lists ``host`` or ``host:port`` entries."""
    for entry in get_settings().fetch_allowed_private_hosts.split(","):
        entry = entry.strip().lower()
        entry_port: str | None = None
        if entry.startswith("["):  # [::1] or [::1]:8080
            entry, _, rest = entry[1:].partition("]")
            entry_port = rest[1:] if rest.startswith(":") else None
        elif entry.count(":") == 1:
            entry, entry_port = entry.split(":")
        if not entry:
            continue
        if entry == host and (not entry_port or (entry_port.isdigit() and int(entry_port) == port)):
            return True
    return False


def _resolve(host: str, port: int) -> list[IPAddress]:
    def lookup() -> list[tuple]:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)

    # getaddrinfo has no timeout of its own; a stuck resolver must not hold a worker.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        infos = pool.submit(lookup).result(timeout=_DNS_TIMEOUT)
    except concurrent.futures.TimeoutError as exc:
        raise FetchFailed(f"Looking up {host} took too long. Check the address and try again.") from exc
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchFailed(f"The site {host} could not be found. Check the address.") from exc
    finally:
        pool.shutdown(wait=False)
    out: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        try:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        except ValueError:
            continue
        if ip not in out:
            out.append(ip)
    if not out:
        raise FetchFailed(f"The site {host} could not be found. Check the address.")
    return out


@dataclass(frozen=True)
class _Target:
    url: httpx.URL
    host: str  # ASCII (IDNA) host name or IP literal, lower case
    port: int
    addresses: list[IPAddress]


def check_url_form(url: str | httpx.URL) -> httpx.URL:
    """Parse and check the URL's form (scheme, credentials, host), without DNS."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url).strip())
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise UnsafeUrl("This is not a valid web address.") from exc
    if parsed.scheme not in _DEFAULT_PORTS:
        raise UnsafeUrl("Only http:// and https:// web addresses can be fetched.")
    if parsed.userinfo:
        raise UnsafeUrl("Web addresses with a user name or password are not supported.")
    host = parsed.raw_host.decode("ascii", "replace").lower().rstrip(".")
    if not host:
        raise UnsafeUrl("This web address has no host name.")
    if ":" not in host:  # not an IPv6 literal
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            # A top-level label that is a number is an IPv4 address in disguise
            # ("2130706433", "0x7f.1", "127.1"): resolvers accept them, we do not.
            if _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
                raise UnsafeUrl("Use the site's name or a normal IP address, not a numeric form.") from None
    return parsed


def precheck_url(url: str) -> str:
    """Cheap checks before queueing work (no DNS): the URL's form and a literal IP's class.

    The real check happens at fetch time on every hop; this only lets a
    handler refuse ``http://127.0.0.1/`` at once instead of minutes later.
    """
    parsed = check_url_form(url)
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return str(parsed)
    port = parsed.port or _DEFAULT_PORTS[parsed.scheme]
    if not is_public_address(literal) and not (_allowed_private(host, port) and unwrap(literal).is_loopback):
        raise UnsafeUrl("This address points to a private or reserved network and cannot be fetched.")
    return str(parsed)


def _target(url: str | httpx.URL) -> _Target:
    parsed = check_url_form(url)
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    port = parsed.port or _DEFAULT_PORTS[parsed.scheme]
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = _resolve(host, port)
    if _allowed_private(host, port):
        ok = all(is_public_address(a) or unwrap(a).is_loopback for a in addresses)
    else:
        ok = all(is_public_address(a) for a in addresses)
    if not ok:
        raise UnsafeUrl("This address points to a private or reserved network and cannot be fetched.")
    return _Target(parsed, host, port, addresses)


# --- Fetch ------------------------------------------------------------------------------------


def _accept_header(accept: tuple[str, ...] | None) -> str:
    if not accept:
        return "*/*"
    kinds = [a + "*" if a.endswith("/") else a for a in accept]
    return ", ".join(kinds) + ", */*;q=0.1"


def _type_ok(content_type: str, accept: tuple[str, ...] | None) -> bool:
    if not accept:
        return True
    for want in accept:
        want = want.lower()
        if want.endswith("/*"):
            want = want[:-1]
        if content_type == want or (want.endswith("/") and content_type.startswith(want)):
            return True
    return False


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.0f} MB"
    return f"{n // 1000} KB" if n >= 1000 else f"{n} bytes"


def _host_header(target: _Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != _DEFAULT_PORTS[target.url.scheme]:
        host = f"{host}:{target.port}"
    return host


def _send(target: _Target, headers: dict[str, str], timeout: float) -> tuple[httpx.Client, httpx.Response]:
    """Open a streamed GET to one of the checked addresses; the caller closes both."""
    last: Exception | None = None
    for ip in target.addresses[:_MAX_ADDRESSES_TRIED]:
        # Connect to the address we checked; the name only travels in Host and SNI.
        ip_url = target.url.copy_with(host=str(ip))
        extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
        client = httpx.Client(
            trust_env=False,  # no proxy from the environment: the checked IP is where we go
            follow_redirects=False,
            timeout=httpx.Timeout(timeout),
            verify=ssl_context(),
        )
        try:
            request = client.build_request(
                "GET", ip_url, headers={**headers, "Host": _host_header(target)}, extensions=extensions
            )
            return client, client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            client.close()
            last = exc
        except Exception:
            client.close()
            raise
    assert last is not None
    raise last


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 10.0,
    accept: tuple[str, ...] | None = None,
    max_redirects: int = 5,
    headers: dict | None = None,
) -> FetchResult:
    """GET ``url`` safely: checked addresses only, every redirect hop re-checked.

    ``timeout`` bounds the whole fetch, redirects included. ``accept`` lists
    media types (``"text/html"``) or families (``"image/"``) the body may have.
    Raises ``UnsafeUrl`` or ``FetchFailed`` with a message fit for the user.
    """
    deadline = time.monotonic() + timeout
    send_headers = {"User-Agent": USER_AGENT, "Accept": _accept_header(accept)}
    send_headers.update({str(k): str(v) for k, v in (headers or {}).items() if str(k).lower() != "host"})
    current: str | httpx.URL = url
    for _hop in range(max_redirects + 1):
        target = _target(current)
        shown = str(target.url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(f"{shown} took too long to answer.")
        try:
            client, response = _send(target, send_headers, remaining)
        except httpx.TimeoutException as exc:
            raise FetchFailed(f"{shown} took too long to answer.") from exc
        except httpx.HTTPError as exc:
            if "certificate" in str(exc).lower():
                raise FetchFailed(
                    f"The secure connection to {target.host} failed: its certificate is not valid."
                ) from exc
            raise FetchFailed(
                f"Could not connect to {target.host}. Check the address and try again."
            ) from exc
        try:
            status = response.status_code
            if status in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchFailed(f"{shown} answered with a redirect to nowhere.", http_status=status)
                try:
                    current = target.url.join(location.strip())
                except (httpx.InvalidURL, ValueError) as exc:
                    raise UnsafeUrl("The site redirected to an invalid web address.") from exc
                continue
            if status >= 400:
                raise FetchFailed(f"{shown} answered with HTTP error {status}.", http_status=status)
            content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if not _type_ok(content_type, accept):
                wanted = " or ".join(a + "*" if a.endswith("/") else a for a in accept or ())
                raise FetchFailed(f"{shown} is not {wanted} (it is {content_type or 'of unknown type'}).")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"{shown} is larger than {_size(max_bytes)}.")
            body = _read(response, shown, max_bytes, deadline)
            return FetchResult(
                url=str(url),
                final_url=shown,
                status=status,
                content_type=content_type,
                body=body,
                headers={k.lower(): v for k, v in response.headers.items()},
            )
        finally:
            response.close()
            client.close()
    raise FetchFailed(f"{url} redirected more than {max_redirects} times.")


def _read(response: httpx.Response, shown: str, max_bytes: int, deadline: float) -> bytes:
    buf = bytearray()
    try:
        # Decoded bytes are counted, so a small gzip bomb still stops at max_bytes.
        for chunk in response.iter_bytes():
            buf += chunk
            if len(buf) > max_bytes:
                raise FetchFailed(f"{shown} is larger than {_size(max_bytes)}.")
            if time.monotonic() > deadline:
                raise FetchFailed(f"{shown} took too long to download.")
    except httpx.TimeoutException as exc:
        raise FetchFailed(f"{shown} took too long to download.") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(f"The download from {shown} broke off. Try again.") from exc
    return bytes(buf)


def fetch_image(url: str, *, max_bytes: int = 15_000_000, timeout: float = 15.0) -> FetchResult:
    """Fetch an image and check that the bytes really are JPEG, PNG or WEBP.

    The returned ``content_type`` is the one Pillow found, not the server's claim.
    """
    result = fetch_url(url, max_bytes=max_bytes, timeout=timeout, accept=None)
    detected = image_type(result.body)
    if detected is None:
        raise FetchFailed(f"{result.final_url} is not a JPEG, PNG or WEBP image.")
    return FetchResult(
        url=result.url,
        final_url=result.final_url,
        status=result.status,
        content_type=detected,
        body=result.body,
        headers=result.headers,
    )


def image_type(data: bytes) -> str | None:
    """``image/jpeg|png|webp`` when Pillow reads ``data`` as one of those, else None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as img:
                fmt = img.format
                img.verify()
    except Exception:  # any decoder complaint means "not an image we take"
        return None
    return _IMAGE_TYPES.get(fmt or "")
