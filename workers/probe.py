"""RQ entry point of the queue smoke path (thin: call the service)."""

from __future__ import annotations

import os
import socket

from app.services.ops import complete_probe


def run_probe(probe_id: str) -> str | None:
    return complete_probe(probe_id, f"{socket.gethostname()}:{os.getpid()}")
