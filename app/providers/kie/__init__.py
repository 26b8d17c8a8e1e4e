"""kie.ai adapters: Market API (nano banana, sora-2), Flux Kontext, uploads, credits.

Wire protocol: /work/shared/reference/providers.md §1 (kie.ai). ``client``
speaks the envelope and error codes, ``tasks`` the task protocols, ``models``
the image and video models; Veo on kie (§1.2) lives in ``app/providers/veo.py``
and reuses the client and task runner from here.
"""

from app.providers.kie.client import VENDOR, KieClient, kie_credits, url_list
from app.providers.kie.models import (
    PROMPT_LIMIT_IMAGE,
    PROMPT_LIMIT_VIDEO,
    FluxKontextModel,
    KieModelBase,
    NanoBananaModel,
    Sora2Model,
    compose_prompt,
    compose_video_prompt,
)
from app.providers.kie.tasks import TaskApi, run_tasks, source_url, successflag_status, task_id_from

__all__ = [
    "PROMPT_LIMIT_IMAGE",
    "PROMPT_LIMIT_VIDEO",
    "VENDOR",
    "FluxKontextModel",
    "KieClient",
    "KieModelBase",
    "NanoBananaModel",
    "Sora2Model",
    "TaskApi",
    "compose_prompt",
    "compose_video_prompt",
    "kie_credits",
    "run_tasks",
    "source_url",
    "successflag_status",
    "task_id_from",
    "url_list",
]
