"""kie.ai task protocols: Market createTask/recordInfo and the successFlag family, run to the end.

§1.1 Market ``POST /api/v1/jobs/createTask`` + ``GET /api/v1/jobs/recordInfo``
with ``state`` strings and JSON-encoded ``resultJson``; §1.3 Flux Kontext
``/api/v1/flux/kontext/generate`` + ``record-info`` with ``successFlag``
0/1/2/3 (the Veo-style status; Veo itself lives in veo.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.providers.base import RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import (
    Deadline,
    PollStatus,
    ProviderCancelled,
    poll_until_done,
)
from app.providers.kie.client import VENDOR, KieClient, failure_error, parse_json_field, url_list
from app.settings import Settings

# --- task protocols ------------------------------------------------------------------------------


class TaskApi:
    """How one kie product creates and reports a task."""

    where = "task"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        raise NotImplementedError

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        """PollStatus whose ``result`` is the list of result URLs once done."""
        raise NotImplementedError


def task_id_from(data: Any, where: str) -> str:
    task_id = data.get("taskId") if isinstance(data, dict) else None
    if not task_id:
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR} {where}: no taskId in {data!r:.200}"
        )
    return str(task_id)


# Rough progress for the states that carry no percentage.
_MARKET_STEPS = {"waiting": (10, "queued"), "queuing": (15, "queued"), "generating": (30, "generating")}


class MarketTaskApi(TaskApi):
    """§1.1 Market API: ``state`` = waiting|queuing|generating|success|fail."""

    where = "jobs"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        return task_id_from(client.post("/api/v1/jobs/createTask", body, where="createTask"), "createTask")

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        data = client.get("/api/v1/jobs/recordInfo", {"taskId": task_id}, where="recordInfo")
        if not isinstance(data, dict):
            raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"recordInfo: odd data {data!r:.200}")
        state = str(data.get("state") or "").lower()
        if state == "success":
            result = parse_json_field(data.get("resultJson")) or {}
            urls = url_list(result.get("resultUrls")) if isinstance(result, dict) else []
            if not urls:
                raise ProviderError(
                    ProviderErrorCode.FAILED,
                    detail=f"recordInfo: success without resultUrls: {result!r:.300}",
                )
            extra = {}
            if isinstance(result, dict) and result.get("resultWaterMarkUrls"):
                extra["watermarked_urls"] = url_list(result.get("resultWaterMarkUrls"))
            return PollStatus(True, 95, "finished", (urls, extra))
        if state == "fail":
            raise failure_error(data.get("failCode"), data.get("failMsg"), where="recordInfo")
        progress, step = _MARKET_STEPS.get(state, (20, state or "waiting"))
        # §1.1: ``progress`` is present for sora2 models; scale it into 30..90.
        if state == "generating" and isinstance(data.get("progress"), int | float):
            raw = float(data["progress"])
            pct = raw * 100 if raw <= 1 else raw
            progress = 30 + int(min(max(pct, 0), 100) * 0.6)
        return PollStatus(False, progress, step)


def successflag_status(data: Any, *, where: str, urls: Callable[[dict[str, Any]], list[str]]) -> PollStatus:
    """§1.2/§1.3: ``successFlag`` 0 generating, 1 success, 2/3 failed."""
    if not isinstance(data, dict):
        raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"{where}: odd data {data!r:.200}")
    flag = data.get("successFlag")
    try:
        flag = int(flag)
    except (TypeError, ValueError):
        flag = 0
    if flag == 1:
        found = urls(data.get("response") or {})
        if not found:
            raise ProviderError(ProviderErrorCode.FAILED, detail=f"{where}: success without result URLs")
        return PollStatus(True, 95, "finished", (found, {}))
    if flag in (2, 3):
        raise failure_error(data.get("errorCode"), data.get("errorMessage"), where=where)
    return PollStatus(False, 40, "generating")


class FluxKontextTaskApi(TaskApi):
    """§1.3 Flux Kontext dedicated API."""

    where = "flux/kontext"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        data = client.post("/api/v1/flux/kontext/generate", body, where="flux generate")
        return task_id_from(data, "flux generate")

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        data = client.get("/api/v1/flux/kontext/record-info", {"taskId": task_id}, where="flux record-info")

        def urls(response: dict[str, Any]) -> list[str]:
            return url_list(response.get("resultImageUrl"))

        return successflag_status(data, where="flux record-info", urls=urls)


# --- the shared run loop -------------------------------------------------------------------------


@dataclass
class TaskResult:
    task_id: str
    urls: list[str]
    extra: dict[str, Any]


def run_tasks(
    settings: Settings,
    ctx: RunContext,
    api: TaskApi,
    *,
    count: int,
    build_body: Callable[[KieClient], dict[str, Any]],
    what: str,
) -> list[TaskResult]:
    """Submit (or resume) ``count`` tasks of one product and poll them to the end.

    ``ctx.previous_task_id`` holds ids remembered by an earlier attempt
    (comma-joined); those are polled, never resubmitted. ``build_body`` runs
    only if something still has to be submitted, so a resumed run does not
    re-upload its input image either.
    """
    deadline = Deadline(settings.provider_timeout_seconds)
    interval = settings.provider_poll_interval_seconds
    task_ids = [t for t in (ctx.previous_task_id or "").split(",") if t.strip()]
    results: list[TaskResult] = []
    with KieClient(settings) as client:
        if len(task_ids) < count:
            ctx.report(2, "submitting")
            body = build_body(client)
            while len(task_ids) < count:
                if ctx.is_cancelled():
                    raise ProviderCancelled(f"{what}: cancelled before submit")
                task_ids.append(api.create(client, body))
                # Remember after every paid submit so a crash never loses one.
                ctx.remember_task_id(",".join(task_ids))
        else:
            ctx.report(5, "resuming")
        for index, task_id in enumerate(task_ids):

            def fetch(task_id: str = task_id, index: int = index) -> PollStatus:
                status = api.status(client, task_id)
                # Spread the bar over the tasks: task k of n fills its slice.
                share = 100 / len(task_ids)
                status.progress = int(index * share + status.progress * share / 100)
                return status

            urls, extra = poll_until_done(
                ctx, fetch=fetch, interval=interval, deadline=deadline, what=f"{what} {task_id}"
            )
            results.append(TaskResult(task_id, urls, extra))
    return results


def source_url(client: KieClient, image: bytes | None, url: str | None) -> str:
    """An input image as a URL kie can fetch: the given public URL or an upload."""
    if url:
        return url
    if image:
        return client.upload_image(image)
    raise ProviderError(ProviderErrorCode.INVALID_INPUT, detail="image-to-X request without a source image")
