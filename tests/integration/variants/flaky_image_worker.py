"""A real RQ worker whose local image engine refuses one style (``VARIANTS_FAIL_STYLE``).

Everything else is the real offline compositor and the real worker (``workers.worker``); the
refusal is a vendor-style non-retryable ProviderError, so that variant's job ends ``failed``
through the runner's own path and its hold is released by the ledger code.
"""

from __future__ import annotations

import os

from app.providers import registry
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.image import LocalImageModel


class FlakyLocalImage(ImageModel):
    model_id = "local-image"
    label = "Local compositor (refuses one style)"
    supports_i2i = True

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        if request.style == os.environ.get("VARIANTS_FAIL_STYLE"):
            raise ProviderError(ProviderErrorCode.FAILED, detail="told to fail by the test")
        return LocalImageModel().run(request, ctx)


def worker_main() -> None:
    info = next(m for m in registry.image_models() if m.id == "local-image")
    registry.register(registry.ModelEntry(info, lambda s: FlakyLocalImage()))
    from workers.worker import main

    main()
