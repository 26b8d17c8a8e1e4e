"""Ctrl-C on `make run` stops every process it started (runs last in the e2e session)."""

from __future__ import annotations

import socket
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import stop_app

pytestmark = pytest.mark.e2e


def _listening(url: str) -> bool:
    parsed = urlparse(url)
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((parsed.hostname or "localhost", parsed.port or 80)) == 0


def test_ctrl_c_stops_everything(running_app) -> None:
    import psutil

    children = psutil.Process(running_app.proc.pid).children(recursive=True)
    assert children, "make run started no processes"
    stop_app(running_app)
    assert running_app.proc.returncode is not None
    _gone, alive = psutil.wait_procs(children, timeout=20)
    assert not alive, f"left running after Ctrl-C: {alive}"
    assert not _listening(running_app.frontend_url)
    assert not _listening(running_app.api_url)
