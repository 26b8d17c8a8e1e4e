"""Small, fast stand-ins for the local engines, registered under their model ids.

They make real media (a PNG with Pillow, an MP4 with ffmpeg) so the whole
store/thumbnail path runs. Behaviour is steered by environment variables so a
worker process started by a test can be told what to do:

- ``FAKE_ENGINE_SLEEP``: seconds to block (reporting progress) before answering;
- ``FAKE_ENGINE_PIDFILE``: write the running process id here (to kill the horse);
- ``FAKE_ENGINE_FAIL``: a ProviderErrorCode value to raise (``FAKE_ENGINE_FAIL_TIMES``
  times, counted in ``FAKE_ENGINE_COUNTER``; default always).
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from app.providers import registry
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode


def _behave(ctx: RunContext) -> None:
    if pidfile := os.environ.get("FAKE_ENGINE_PIDFILE"):
        Path(pidfile).write_text(str(os.getpid()))
    if code := os.environ.get("FAKE_ENGINE_FAIL"):
        counter = Path(os.environ.get("FAKE_ENGINE_COUNTER", tempfile.gettempdir() + "/fake-engine-count"))
        seen = int(counter.read_text()) if counter.exists() else 0
        counter.write_text(str(seen + 1))
        times = int(os.environ.get("FAKE_ENGINE_FAIL_TIMES", "1000000"))
        if seen < times:
            raise ProviderError(ProviderErrorCode(code), detail="fake engine told to fail")
    delay = float(os.environ.get("FAKE_ENGINE_SLEEP", "0"))
    end = time.monotonic() + delay
    ctx.remember_task_id(f"fake-task-{os.getpid()}")
    while time.monotonic() < end:
        if ctx.is_cancelled():
            raise ProviderError(ProviderErrorCode.CANCELLED)
        left = end - time.monotonic()
        ctx.report(int(100 * (1 - left / delay)), "Painting")
        time.sleep(min(0.2, max(left, 0)))


class FakeImageModel(ImageModel):
    model_id = registry.LOCAL_IMAGE_ID
    label = "Fake image engine"

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        _behave(ctx)
        out = []
        for i in range(request.n):
            buf = io.BytesIO()
            Image.new("RGB", (64, 48), (40 * i % 255, 120, 200)).save(buf, "PNG")
            out.append(GeneratedMedia("image/png", data=buf.getvalue(), width=64, height=48))
        ctx.report(100, "Done painting")
        return out


class FakeVideoModel(VideoModel):
    model_id = registry.LOCAL_VIDEO_ID
    label = "Fake video engine"

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        import imageio_ffmpeg

        _behave(ctx)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "clip.mp4"
            subprocess.run(
                [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                 "testsrc=size=64x112:rate=10:duration=1", "-pix_fmt", "yuv420p", str(out)],
                check=True,
            )  # fmt: skip
            data = out.read_bytes()
        return [GeneratedMedia("video/mp4", data=data, duration=1.0)]


def install() -> None:
    """Register the fakes over the local engines (in this process and its forks)."""
    infos = {e.id: e for e in registry.image_models() + registry.video_models()}
    registry.register(registry.ModelEntry(infos[registry.LOCAL_IMAGE_ID], lambda s: FakeImageModel()))
    registry.register(registry.ModelEntry(infos[registry.LOCAL_VIDEO_ID], lambda s: FakeVideoModel()))


def uninstall() -> None:
    registry.unregister(registry.LOCAL_IMAGE_ID)
    registry.unregister(registry.LOCAL_VIDEO_ID)


def worker_main() -> None:
    """``python -c "from tests.support.fake_engines import worker_main; worker_main()"``."""
    install()
    from workers.worker import main

    main()
