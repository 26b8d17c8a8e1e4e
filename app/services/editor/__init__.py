"""The timeline editor: projects opened from finished videos, edits, versions, queued renders.

The public module of the editor package (pages, state, the REST API, workers and the
templates package import these names only). Every function takes the caller's ``user_id``
and raises ``platform.NotFound`` for another user's ids; a timeline sent back by a caller
must name only the caller's own files. Edits are the pure operations of
``app.media.editing`` on the same ``TimelineSpec`` the renderer renders; saving makes a
numbered version (a stale ``base_version`` is ``Conflict``). Previews, regenerated clips and
exports are jobs (``editor_preview``, ``editor_clip``, ``editor_export``); ``run_*_job`` are
the RQ entry points' work.
"""

from app.services.editor.constants import (
    CLIP_KIND,
    EXPORT_ASPECTS,
    EXPORT_FORMATS,
    EXPORT_KIND,
    PREVIEW_KIND,
)
from app.services.editor.edits import apply_op, replace_media, restore_media, set_music
from app.services.editor.projects import (
    get_project,
    open_project,
    project_timeline,
    rename_project,
    save_project,
)
from app.services.editor.queued import (
    Regeneration,
    export_project,
    preview_project,
    preview_url,
    regenerate,
    regenerate_clip,
    requested_seconds,
)
from app.services.editor.regenerated import apply_regenerated
from app.services.editor.run import adopt_clip, run_clip_job, run_export_job, run_preview_job
from app.services.editor.sources import check_sources, fetch_sources, media_for, parse_timeline
from app.services.editor.views import EditResult, ProjectView

__all__ = [
    "CLIP_KIND",
    "EXPORT_ASPECTS",
    "EXPORT_FORMATS",
    "EXPORT_KIND",
    "PREVIEW_KIND",
    "EditResult",
    "ProjectView",
    "Regeneration",
    "adopt_clip",
    "apply_op",
    "apply_regenerated",
    "check_sources",
    "export_project",
    "fetch_sources",
    "get_project",
    "media_for",
    "open_project",
    "parse_timeline",
    "preview_project",
    "preview_url",
    "project_timeline",
    "regenerate",
    "regenerate_clip",
    "rename_project",
    "replace_media",
    "requested_seconds",
    "restore_media",
    "run_clip_job",
    "run_export_job",
    "run_preview_job",
    "save_project",
    "set_music",
]
