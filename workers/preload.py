"""Modules every job needs, imported once in the worker parent before forking."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

HEAVY_MODULES = (
    "numpy",
    "workers.probe",
    "workers.generation",
    "workers.batch",
    "workers.iteration",
    "workers.editor",
    # The local engines (OpenCV, compositor) and the URL fetcher: ~0.9 s a job when a horse imports them.
    "app.providers.local.image",
    "app.providers.local.video",
    "app.services.platform",
)


def import_heavy_modules() -> None:
    for name in HEAVY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a missing optional engine must not stop the worker
            log.warning("could not preload %s: %s", name, exc)
