"""A real RQ worker whose local video engine fails its first ``PRO_FAIL_FIRST`` attempts.

Everything else is the real offline engine (hero stills, motion attempts) and the real worker
(``workers.worker``); the failure is a vendor-style non-retryable ProviderError, so the job
ends ``failed`` through the runner's own path and its hold is released by ``finish_failed``.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from app.providers import registry
from app.providers.base import GeneratedMedia, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.video import LocalVideoModel


def _take_failure() -> bool:
    counter = Path(os.environ["PRO_FAIL_COUNTER"])
    with open(counter.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        seen = int(counter.read_text()) if counter.exists() else 0
        counter.write_text(str(seen + 1))
    return seen < int(os.environ.get("PRO_FAIL_FIRST", "0"))


class FlakyLocalVideo(VideoModel):
    model_id = registry.LOCAL_VIDEO_ID
    label = "Local motion engine (fails first)"

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        if _take_failure():
            raise ProviderError(ProviderErrorCode.FAILED, detail="told to fail by the test")
        return LocalVideoModel().run(request, ctx)


def worker_main() -> None:
    info = next(m for m in registry.video_models() if m.id == registry.LOCAL_VIDEO_ID)
    registry.register(registry.ModelEntry(info, lambda s: FlakyLocalVideo()))
    from workers.worker import main

    main()
