"""The worker side of a generation job: claim the row, run the model, store results.

RQ delivers at least once and may deliver after a worker died, so every step
re-reads the row: a job is claimed only from ``pending`` (one runner at a
time), transient provider errors are retried here with backoff up to
``MAX_ATTEMPTS`` in total (attempts survive worker deaths because they live on
the row), and the final transition is the conditional update in
``jobs`` that settles credits exactly once.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from app.db import session_scope, write_session
from app.models.assets import Asset, Upload
from app.models.base import new_id
from app.models.jobs import Job
from app.providers import registry
from app.providers.base import GeneratedMedia, ImageRequest, MotionControls, RunContext, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import download_result
from app.services import billing, creative, jobs, library, ops
from app.services.brand import BrandContext
from app.services.generation import vendor_rate_limit
from app.services.generation.params import caption_style
from app.services.jobs import MAX_ATTEMPTS, USER_MESSAGES, finish_failed
from app.services.jobs import touch as _touch
from app.services.platform import InvalidInput, delete_keys, get_storage

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 60.0
THUMB_SIZE = (512, 512)
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
_EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4"}
# Job kinds this runner serves beyond image/video: pro mode's hero-frame candidates are images,
# its image-to-video attempts videos (their packages add the scoring around ``run_job``).
IMAGE_KINDS = ("image", "hero")


def media_kind(kind: str) -> str:
    """ "image" or "video": what the model of a job of this kind makes."""
    return "image" if kind in IMAGE_KINDS else "video"


# --- Row helpers ------------------------------------------------------------------


def _status(job_id: str) -> str | None:
    with session_scope() as s:
        job = s.get(Job, job_id)
        return job.status if job else None


class _Context(RunContext):
    """A RunContext wired to the job row, with throttled writes and reads."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.id
        self._last_report = (job.progress, job.step, 0.0)
        self._last_check = 0.0
        self._cancelled = False
        super().__init__(
            report=self._write_report,
            is_cancelled=self._check_cancelled,
            remember_task_id=self._write_task_id,
            previous_task_id=job.provider_task_id,
            sleep=self._sleep,
        )

    def _write_report(self, progress: int, step: str) -> None:
        # Model progress maps to 5-90 %; the rest is ours (start, saving).
        scaled = 5 + int(progress * 0.85)
        last_progress, last_step, at = self._last_report
        now = time.monotonic()
        if (scaled, step) == (last_progress, last_step) and now - at < 2:
            return
        self._last_report = (scaled, step, now)
        if not _touch(self.job_id, progress=scaled, step=step[:255]):
            self._cancelled = True

    def _check_cancelled(self) -> bool:
        now = time.monotonic()
        if not self._cancelled and now - self._last_check >= 1.0:
            self._last_check = now
            self._cancelled = _status(self.job_id) != "processing"
        return self._cancelled

    def _write_task_id(self, task_id: str) -> None:
        _touch(self.job_id, provider_task_id=task_id[:255])

    def _sleep(self, seconds: float) -> None:
        """Sleep in slices so a cancel is noticed within about a second."""
        end = time.monotonic() + max(0.0, seconds)
        while (left := end - time.monotonic()) > 0:
            if self._check_cancelled():
                return
            time.sleep(min(left, 1.0))

    def stage(self, progress: int, step: str) -> None:
        """Our own stages (outside the model's 5-90 % band)."""
        self._last_report = (progress, step, time.monotonic())
        if not _touch(self.job_id, progress=progress, step=step):
            self._cancelled = True


# --- Running the model -------------------------------------------------------------


def _source_image(user_id: str, upload_id: str | None, asset_id: str | None = None) -> bytes | None:
    if asset_id:  # an image of the user's own library (pro mode: the hero frame)
        with session_scope() as s:
            asset = s.get(Asset, asset_id)
        if asset is None or asset.user_id != user_id or asset.kind != "image":
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, "The hero frame is gone. Pick another one.")
        return get_storage().get(asset.storage_key)
    if not upload_id:
        return None
    with session_scope() as s:
        upload = s.get(Upload, upload_id)
    if upload is None or upload.user_id != user_id:
        raise ProviderError(ProviderErrorCode.INVALID_INPUT, "The source image is gone. Upload it again.")
    return get_storage().get(upload.storage_key)


def _wait_for_vendor_slot(job: Job, params: dict[str, Any], ctx: _Context) -> None:
    """Take the vendor account's rate-limit tokens (one per task still to create), waiting politely.

    The model's vendor decides the bucket (none for local engines). Task ids a
    previous attempt remembered are resumed, not created again, so they need no token.
    """
    kind = media_kind(job.kind)
    bucket = vendor_rate_limit.bucket_for_model(kind, job.model)
    if bucket is None:
        return
    created = len([t for t in (ctx.previous_task_id or "").split(",") if t.strip()])
    needed = min(bucket.capacity, max(0, (int(params.get("n", 1)) if kind == "image" else 1) - created))
    if needed and not vendor_rate_limit.acquire(
        bucket,
        needed,
        sleep=ctx.sleep,
        is_cancelled=ctx.is_cancelled,
        on_wait=lambda _: ctx.stage(5, "Waiting for the provider's rate limit"),
    ):
        raise ProviderError(ProviderErrorCode.CANCELLED)
    # The tokens count from now: the vendor call must leave at once. A progress write that
    # queues for the database lock could hold it back past the bucket's margin, so progress
    # reports during the next second stay in memory (the adapter's next report writes).
    write, quiet_until = ctx._report, time.monotonic() + 1.0

    def report_later(progress: int, step: str) -> None:
        if time.monotonic() >= quiet_until:
            ctx._report = write
            if write is not None:
                write(progress, step)

    if needed:
        ctx._report = report_later


def _call_model(job: Job, params: dict[str, Any], ctx: _Context) -> list[GeneratedMedia]:
    source = _source_image(job.user_id, params.get("source_upload_id"), params.get("source_asset_id"))
    # With enhance on, the model gets the enhanced prompt; the asset keeps the user's.
    prompt = params.get("enhanced_prompt") or params["prompt"]
    brand = creative.brand_for_user(job.user_id) if params.get("use_brand_profile") else None
    _wait_for_vendor_slot(job, params, ctx)  # last before the model: its tokens count from now
    if media_kind(job.kind) == "image":
        image_model = registry.get_image_model(job.model)
        request = ImageRequest(
            prompt=prompt,
            mode=params.get("mode", "t2i"),
            aspect_ratio=params.get("aspect_ratio", "1:1"),
            style=params.get("style"),
            n=int(params.get("n", 1)),
            source_image=source,
            selling_points=list(params.get("selling_points", [])),
            product_name=params.get("product_name", ""),
            brand=brand.to_hints() if brand else None,
            watermark=bool(params.get("watermark", False)),
            seed=params.get("seed"),
            headline=params.get("headline", ""),
            cta=params.get("cta", ""),
        )
        return image_model.run(request, ctx)
    video_model = registry.get_video_model(job.model)
    video_request = _video_request(job, params, prompt, source, brand)
    return video_model.run(video_request, ctx)


def _video_request(
    job: Job, params: dict[str, Any], prompt: str, source: bytes | None, brand: BrandContext | None
) -> VideoRequest:
    """The video request; a local-engine ad without an edited script gets one from the local planner."""
    style = params.get("style")
    framework = params.get("framework") or "auto"
    duration = float(params.get("duration", 8))
    scenes = list(params.get("scenes") or [])
    cta = params.get("cta") or ""
    local = job.model == registry.LOCAL_VIDEO_ID
    # A motion attempt sets one still in motion: no ad script around it.
    # An editor's regenerated clip is one shot for its slot, never a whole ad.
    single = bool(params.get("motion")) or bool(params.get("single_clip"))
    if local and not scenes and not single and duration >= creative.MIN_DURATION:
        try:
            script = creative.plan_script(
                params.get("product_name") or creative.name_from_prompt(params["prompt"]),
                description=params["prompt"],
                selling_points=list(params.get("selling_points", [])),
                style=style or "voiceover",
                framework=framework,
                duration=duration,
                prompt=params["prompt"],
                brand=brand,
                use_vendor=False,
                language=params.get("language") or "en",
            )
        except InvalidInput:
            log.info("job %s: no script could be planned; rendering one continuous clip", job.id)
        else:
            scenes, framework = [s.model_dump() for s in script.scenes], script.framework
            cta = cta or script.cta
    if scenes and not cta:
        cta = creative.default_cta(style, params.get("product_name", ""), params.get("language") or "en")
    if hook := params.get("hook"):  # an A/B variant's opening: the first scene says it
        if scenes:
            scenes = [creative.with_hook(scenes[0], hook), *scenes[1:]]
        else:
            prompt = f'{prompt}\nOpening hook on screen: "{hook}".'
    if scenes and not local:
        # Vendor models take one prompt: the script rides along as scene directions.
        prompt = creative.vendor_prompt(prompt, scenes, cta)
    return VideoRequest(
        prompt=prompt,
        mode=params.get("mode", "t2v"),
        aspect_ratio=params.get("aspect_ratio", "9:16"),
        resolution=params.get("resolution", "1080p"),
        duration=duration,
        style=style,
        source_image=source,
        product_name=params.get("product_name", ""),
        selling_points=list(params.get("selling_points", [])),
        brand=brand.to_hints() if brand else None,
        watermark=bool(params.get("watermark", False)),
        scenes=creative.briefs_for(style, framework, scenes) if local and scenes else [],
        cta=cta,
        voiceover=bool(params.get("voiceover", False)),
        music=bool(params.get("music", True)),
        framework=framework if framework in ("PAS", "BAB", "AIDA") else "",
        seed=params.get("seed"),
        **(creative.ad_look(style) if local and scenes else {}),
        **({"music_mood": params["music_mood"]} if params.get("music_mood") else {}),
        **_motion_fields(params),
        captions=caption_style(params),
        language=params.get("language") or "en",
    )


def _motion_fields(params: dict[str, Any]) -> dict[str, Any]:
    """Pro mode's motion controls and negative prompt, when the job carries them."""
    motion = params.get("motion")
    if not isinstance(motion, dict):
        return {}
    controls = MotionControls(
        camera=str(motion.get("camera") or ""),
        speed=motion.get("speed"),
        intensity=motion.get("intensity"),
        direction=str(motion.get("direction") or ""),
    )
    return {"motion": controls, "negative_prompt": params.get("negative_prompt")}


# --- Storing results ----------------------------------------------------------------


@dataclass
class _Stored:
    asset: Asset
    keys: list[str]


def _image_thumbnail(data: bytes) -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as img:
            img.load()
            width, height = img.size
            thumb = img.convert("RGB")
    except Exception as exc:  # not an image we accept: the model's fault, not the user's
        raise ProviderError(
            ProviderErrorCode.FAILED, detail=f"result is not a readable image: {exc}"
        ) from exc
    thumb.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=85)
    return out.getvalue(), width, height


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# Ads open with a fade from black: the first frame after it stands for the video.
THUMBNAIL_AT_SECONDS = (0.6, 0.0)


def _video_thumbnail(data: bytes) -> tuple[bytes, int, int] | None:
    """The first frame after the opening fade (or frame 0 of a very short clip) as a JPEG."""
    with tempfile.TemporaryDirectory(prefix="cs-thumb-") as tmp:
        src = Path(tmp) / "in.mp4"
        src.write_bytes(data)
        for at in THUMBNAIL_AT_SECONDS:
            thumb = _frame_thumbnail(src, at, Path(tmp) / f"frame-{at}.png")
            if thumb is not None:
                return thumb
    return None


def _frame_thumbnail(src: Path, at: float, dst: Path) -> tuple[bytes, int, int] | None:
    """One frame via ffmpeg in its own process group (killed on timeout)."""
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{at:.2f}", "-i", str(src)]
    cmd += ["-frames:v", "1", str(dst)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        log.warning("ffmpeg thumbnail timed out")
        return None
    if proc.returncode != 0 or not dst.exists():
        log.warning("ffmpeg thumbnail failed: %s", err.decode(errors="replace")[-500:])
        return None
    return _image_thumbnail(dst.read_bytes())


def _expires_at(user_id: str):
    return library.expires_at_for(user_id)  # from the owner's plan (admin-editable days)


def _store(job: Job, params: dict[str, Any], media: list[GeneratedMedia], ctx: _Context) -> list[_Stored]:
    if not media:
        raise ProviderError(ProviderErrorCode.FAILED, detail="the model returned no files")
    storage = get_storage()
    expires = _expires_at(job.user_id)
    stored: list[_Stored] = []
    try:
        for index, item in enumerate(media):
            ctx.stage(90 + int(8 * index / len(media)), f"Saving result {index + 1} of {len(media)}")
            data, content_type = item.data, item.content_type
            if data is None:
                if not item.url:
                    raise ProviderError(ProviderErrorCode.FAILED, detail="result has neither bytes nor URL")
                downloaded = download_result(item.url)
                data = downloaded.data
                content_type = content_type or downloaded.content_type
            asset_id = new_id()
            kind = "video" if content_type.startswith("video/") else "image"
            ext = _EXT.get(content_type, "mp4" if kind == "video" else "bin")
            key = f"users/{job.user_id}/assets/{asset_id}.{ext}"
            width, height = item.width, item.height
            thumb = _image_thumbnail(data) if kind == "image" else _video_thumbnail(data)
            keys = [key]
            storage.put(key, data, content_type)
            timeline_key = _store_sources(job.user_id, asset_id, item.extra, keys)
            # The ad's captions as .srt and .vtt beside it (their keys go in the metadata).
            caption_meta = library.store_captions(job.user_id, asset_id, item.extra.get("captions"), keys)
            thumb_key = None
            if thumb is not None:
                thumb_bytes, tw, th = thumb
                width, height = width or tw, height or th
                thumb_key = f"users/{job.user_id}/thumbs/{asset_id}.jpg"
                storage.put(thumb_key, thumb_bytes, "image/jpeg")
                keys.append(thumb_key)
            asset = Asset(
                id=asset_id,
                user_id=job.user_id,
                job_id=job.id,
                kind=kind,
                storage_key=key,
                thumbnail_key=thumb_key,
                content_type=content_type,
                width=width,
                height=height,
                duration=item.duration,
                prompt=params.get("prompt", ""),
                style=params.get("style"),
                model=job.model,
                batch_id=job.batch_id,
                size_bytes=len(data),
                expires_at=expires,
                meta={
                    **asset_meta(params, job.model, item),
                    **({"timeline_key": timeline_key} if timeline_key else {}),
                    **caption_meta,
                },
            )
            stored.append(_Stored(asset, keys))
    except BaseException:
        _delete(stored)
        raise
    return stored


_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")
_SOURCE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp", ".wav": "audio/wav"}


def _store_sources(user_id: str, asset_id: str, extra: dict[str, Any], keys: list[str]) -> str | None:
    """An engine's timeline and its media (``extra["timeline"]``, ``["sources"]``) beside the asset.

    The files go under ``users/<user>/sources/<asset>/``, the timeline (its sources renamed to
    those keys) to ``timeline.json`` there; returns that key (the asset's ``timeline_key``), or
    None when the engine kept nothing (vendor videos: the editor opens the MP4 itself).
    """
    timeline, sources = extra.get("timeline"), extra.get("sources")
    if not isinstance(timeline, dict) or not isinstance(sources, dict) or not sources:
        return None
    storage = get_storage()
    prefix = f"users/{user_id}/sources/{asset_id}/"
    for name, data in sources.items():
        if not _SOURCE_NAME.match(name) or ".." in name:
            raise ProviderError(ProviderErrorCode.FAILED, detail=f"bad source file name {name!r}")
        storage.put(
            prefix + name, data, _SOURCE_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
        )
        keys.append(prefix + name)

    def key(name: str | None) -> str | None:
        return prefix + name if name in sources else name

    timeline = json.loads(json.dumps(timeline))
    for clip in timeline.get("clips") or []:
        clip["source"] = key(clip.get("source")) or ""
        if clip.get("foreground"):
            clip["foreground"] = key(clip["foreground"])
        if clip.get("origin"):
            clip["origin"]["asset_id"] = asset_id
    for track in timeline.get("audio") or []:
        track["source"] = key(track.get("source"))
    storage.put(prefix + "timeline.json", json.dumps(timeline).encode(), "application/json")
    keys.append(prefix + "timeline.json")
    return prefix + "timeline.json"


# Vendor links expire and lists of them bloat the row: only plain values describe the file.
_META_SKIP = ("url", "urls")


def asset_meta(params: dict[str, Any], model: str, item: GeneratedMedia) -> dict[str, Any]:
    """What made this file: the request's prompt, model and aspect plus the engine's own facts."""
    meta: dict[str, Any] = {
        key: value
        for key, value in item.extra.items()
        if isinstance(value, str | int | float | bool) and not any(word in key for word in _META_SKIP)
    }
    meta.update(prompt=params.get("prompt", ""), model=model, aspect_ratio=params.get("aspect_ratio"))
    return meta


def _delete(stored: list[_Stored]) -> None:
    delete_keys(key for item in stored for key in item.keys)


def _complete(job: Job, stored: list[_Stored]) -> bool:
    """processing -> completed with assets and the credit capture, in one transaction."""
    with write_session() as s:
        if not jobs.mark_completed(s, job.id):
            return False
        for item in stored:
            s.add(item.asset)
        if job.hold_key:
            billing.capture(job.hold_key, session=s)
    return True


# --- Entry point ---------------------------------------------------------------------


def run_job(job_id: str) -> str:
    """Run one generation job; returns the outcome (completed/failed/cancelled/skipped)."""
    job = jobs.claim(job_id)
    if job is None:
        return "skipped"
    heartbeat = jobs.Heartbeat(job_id, HEARTBEAT_SECONDS)
    heartbeat.start()
    try:
        return _run_claimed(job)
    finally:
        heartbeat.stop()


def _backoff(attempt: int, exc: ProviderError) -> float:
    if exc.retry_after is not None:
        return min(float(exc.retry_after), BACKOFF_MAX_SECONDS)
    return min(BACKOFF_BASE_SECONDS * (2 ** (attempt - 1)), BACKOFF_MAX_SECONDS)


def _run_claimed(job: Job) -> str:
    params = json.loads(job.params_json or "{}")
    attempts = job.attempts
    ctx = _Context(job)
    while True:
        try:
            ctx.stage(5, "Generating")
            if ctx.is_cancelled():
                return "cancelled"
            media = _call_model(job, params, ctx)
            if ctx.is_cancelled():
                return "cancelled"
            stored = _store(job, params, media, ctx)
            if _complete(job, stored):
                return "completed"
            _delete(stored)  # cancelled (or swept) while we saved: keep nothing
            return "cancelled"
        except ProviderError as exc:
            if exc.code == ProviderErrorCode.CANCELLED or _status(job.id) != "processing":
                return "cancelled"
            ops.record_vendor_error(exc.code)  # every vendor failure of every job passes here
            if exc.retryable and attempts < MAX_ATTEMPTS:
                wait = _backoff(attempts, exc)
                log.info(
                    "job %s attempt %d failed (%s); retrying in %.0f s", job.id, attempts, exc.code, wait
                )
                ctx.stage(5, f"Provider busy; retrying (attempt {attempts + 1} of {MAX_ATTEMPTS})")
                ctx.sleep(wait)
                if ctx.is_cancelled() or not _touch(job.id, attempts=attempts + 1):
                    return "cancelled"
                attempts += 1
                with session_scope() as s:
                    fresh = s.get(Job, job.id)
                ctx.previous_task_id = fresh.provider_task_id if fresh else None
                continue
            finish_failed(job.id, str(exc.code), exc.message, detail=exc.detail)
            return "failed"
        except Exception as exc:  # includes RQ's JobTimeoutException: the job ends, credits return
            log.exception("job %s crashed", job.id)
            finish_failed(job.id, "INTERNAL_ERROR", USER_MESSAGES["INTERNAL_ERROR"], detail=repr(exc))
            return "failed"
