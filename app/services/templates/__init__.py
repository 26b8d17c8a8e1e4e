"""Templates: a project's design saved with named parameters, in versions, with inheritance.

The public module of the templates package (pages, state, the REST API, batches and workers
import these names only). Every function takes the caller's ``user_id`` and raises
``platform.NotFound`` for another user's template or project, ``platform.InvalidInput`` (422)
with the reason for a bad name, parameter or value. The pure core is
``app.media.editing.templates`` (parameters bound by pointer, typed filling, inheritance by
overrides); this package keeps templates in the database (``app.models.templates``), takes
their design from editor projects (``editor.project_timeline``), renders the gallery previews
(free ``template_preview`` jobs) and the videos (paid ``template_render`` jobs, refunded once
on failure) on the queue.
"""

from app.services.templates.catalog import (
    create_template,
    get_template,
    list_templates,
    list_versions,
    suggest_parameters,
    update_template,
)
from app.services.templates.constants import (
    MAX_ACTIVE_RENDERS,
    PREVIEW_KIND,
    RENDER_KIND,
    RENDER_PRICE,
    render_price,
)
from app.services.templates.previews import queue_previews, run_preview_job
from app.services.templates.rendering import (
    PaymentRequired,
    TooManyRenders,
    check_values,
    render_template,
    run_render_job,
)
from app.services.templates.views import TemplateView

__all__ = [
    "MAX_ACTIVE_RENDERS",
    "PREVIEW_KIND",
    "RENDER_KIND",
    "RENDER_PRICE",
    "PaymentRequired",
    "TemplateView",
    "TooManyRenders",
    "check_values",
    "create_template",
    "get_template",
    "list_templates",
    "list_versions",
    "queue_previews",
    "render_price",
    "render_template",
    "run_preview_job",
    "run_render_job",
    "suggest_parameters",
    "update_template",
]
