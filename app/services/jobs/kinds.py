"""The kinds of job rows and what runs them: the RQ entry point, its timeout, the attempts.

A new kind of work (a render, an iteration) adds its row here; the sweep re-enqueues every kind
through this same table.
"""

from __future__ import annotations

RUN_JOB = "workers.generation.run_job"
# The RQ entry point per job kind; the sweep re-enqueues through the same table.
JOB_RUNNERS = {
    "image": RUN_JOB,
    "video": RUN_JOB,
    "brand": "workers.brand.run_analysis",
    # Pro mode: a round of hero-frame candidates is an image job; an attempt adds its scoring.
    "hero": RUN_JOB,
    "attempt": "workers.iteration.run_attempt",
    # Templates: a video from a template and values (paid), a gallery preview (free).
    "template_render": "workers.templates.run_render",
    "template_preview": "workers.templates.run_preview",
    # The timeline editor: a proxy preview, a regenerated clip (a generation job), an export.
    "editor_preview": "workers.editor.run_preview",
    "editor_clip": "workers.editor.run_clip",
    "editor_export": "workers.editor.run_export",
}
MAX_ATTEMPTS = 3
# RQ's default of 180 s is too short for video (perf-reliability.md §6).
JOB_TIMEOUTS = {
    "image": 600,
    "video": 1800,
    "brand": 120,
    "hero": 900,
    "attempt": 1800,
    "editor_preview": 300,
    "editor_clip": 1800,
    "editor_export": 1800,
}
JOB_TIMEOUTS.update({"template_render": 1200, "template_preview": 600})

USER_MESSAGES = {
    "WORKER_LOST": "The job stopped unexpectedly. Your credits were returned; please try again.",
    "QUEUE_LOST": "The job could not be started. Your credits were returned; please try again.",
    "INTERNAL_ERROR": "Something went wrong while generating. Your credits were returned.",
    "CANCELLED": "The generation was cancelled.",
}
