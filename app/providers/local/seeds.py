"""The seed of a local-engine request: the one given, or one derived from the request itself."""

from __future__ import annotations

import hashlib

from app.providers.base import ImageRequest


def derive_seed(request: ImageRequest) -> int:
    if request.seed is not None:
        return int(request.seed) & 0x7FFFFFFF
    # No seed given: derive one from the request so a retry reproduces the same pictures.
    key = f"{request.prompt}|{request.style}|{request.product_name}|{request.aspect_ratio}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") & 0x7FFFFFFF
