"""Run an ASGI app on loopback in a background thread (uvicorn, random port)."""

from __future__ import annotations

import base64
import socket
import struct
import threading
import time
import zlib
from collections import deque
from typing import Any

import uvicorn
from starlette.requests import Request
from starlette.responses import Response


class LiveServer:
    """A real HTTP server for one ASGI app; ``url`` is ``http://127.0.0.1:<port>``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fake server did not start")
            time.sleep(0.005)
        return self

    def stop(self, wait: bool = True) -> None:
        """Shut down; ``wait=False`` skips uvicorn's ~0.2 s drain (fixture teardown)."""
        if self._server is not None:
            self._server.should_exit = True
        if wait and self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop(wait=False)


class FakeVendor:
    """Base for the fakes: owns a LiveServer, serves result files, queues one-off error answers."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.files: dict[str, tuple[bytes, str]] = {}
        self.expired: dict[str, int] = {}
        self.file_fetches: dict[str, int] = {}
        self.requests: list[dict[str, Any]] = []
        self.create_errors: deque[Any] = deque()  # the vendor's Reply, answered instead of the next create
        self.poll_errors: deque[Any] = deque()  # ... and instead of the next poll
        self._live = LiveServer(self.build_app())

    def build_app(self) -> Any:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return self._live.url

    def start(self) -> Any:
        self._live.start()
        return self

    def stop(self, wait: bool = True) -> None:
        self._live.stop(wait)

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        # Each test has its own port, so the next one need not wait for the drain.
        self.stop(wait=False)

    def fail_next_create(self, reply: Any) -> None:
        with self.lock:
            self.create_errors.append(reply)

    def fail_next_poll(self, reply: Any) -> None:
        with self.lock:
            self.poll_errors.append(reply)

    # -- result files -------------------------------------------------------------------------

    def add_file(self, name: str, data: bytes, content_type: str) -> str:
        with self.lock:
            self.files[name] = (data, content_type)
        return f"{self.url}/files/{name}"

    def expire(self, url_or_name: str, status: int = 410) -> None:
        """Make a result URL answer ``status`` (403/404/410) like an expired link."""
        name = url_or_name.rsplit("/", 1)[-1]
        with self.lock:
            self.expired[name] = status

    async def serve_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        with self.lock:
            self.file_fetches[name] = self.file_fetches.get(name, 0) + 1
            if name in self.expired:
                return Response(
                    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
                    status_code=self.expired[name],
                    media_type="application/xml",
                )
            found = self.files.get(name)
        if found is None:
            return Response("not found", status_code=404)
        return Response(found[0], media_type=found[1])

    def log(self, request: Request, body: Any) -> None:
        with self.lock:
            self.requests.append(
                {
                    "method": request.method,
                    "path": request.url.path,
                    "query": dict(request.query_params),
                    "headers": dict(request.headers),
                    "json": body,
                }
            )


def bearer_ok(request: Request, key: str) -> bool:
    return request.headers.get("authorization", "") == f"Bearer {key}"


def tiny_png(seed: int = 0) -> bytes:
    """A valid 1x1 PNG whose colour depends on ``seed`` (distinct results)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00" + bytes([(seed * 37) % 256, (seed * 91) % 256, 128])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# An MP4-looking blob (ftyp box); enough for byte-level checks, not for playback.
FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def b64_payload(data_url: str) -> bytes:
    """Decode ``data:<mime>;base64,<...>`` or a bare base64 string."""
    if data_url.startswith("data:"):
        data_url = data_url.split(",", 1)[1]
    return base64.b64decode(data_url, validate=True)
