"""Saving projects as templates (new ones and new versions), listing and reading them.

A root template keeps the project's whole timeline. A child (``parent_id``) keeps only where
the project differs from its parent's current design (``overrides``) and the parameters it
declares, so when the parent gets a new version every child sees it except where the child
overrides it. Each save is a numbered version in ``template_versions``; the gallery preview
is rendered on the queue for the new version and for every descendant it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.media.editing import templates as core
from app.media.editing.checks import EditError, reason_of
from app.media.editing.pointers import set_at
from app.media.timeline import TimelineSpec
from app.models.base import utcnow
from app.models.templates import Template, TemplateVersion
from app.services import editor
from app.services.platform import InvalidInput
from app.services.templates.constants import MAX_CHAIN, MAX_NAME, MAX_TEMPLATES
from app.services.templates.overrides import diff_overrides
from app.services.templates.previews import queue_previews
from app.services.templates.records import (
    chain_rows,
    core_of,
    descendants,
    load_owned,
    resolve,
    resolve_row,
)
from app.services.templates.views import TemplateView, parameter_dict, template_view

_PARAM_FIELDS = ("key", "type", "label", "default", "bindings")


def _project_timeline(user_id: str, project_id: str) -> TimelineSpec:
    if not project_id or not isinstance(project_id, str):
        raise InvalidInput("Name the project to save as a template (from_project_id).")
    data = editor.project_timeline(user_id, project_id)  # NotFound for another user's project
    try:
        timeline = TimelineSpec.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"The project's timeline cannot be used: {reason_of(exc)}") from exc
    editor.check_sources(user_id, timeline)
    return timeline


def _clean_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Give the template a name.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise InvalidInput(f"A template name has at most {MAX_NAME} characters.")
    return name


def _declared(parameters: Any) -> list[dict[str, Any]]:
    if parameters is None:
        return []
    if not isinstance(parameters, Sequence) or isinstance(parameters, str | bytes):
        raise InvalidInput("parameters must be a list of {key, type, default}.")
    out = []
    for n, item in enumerate(parameters, start=1):
        if not isinstance(item, Mapping):
            raise InvalidInput(f"parameter {n} must be an object with key, type and default.")
        unknown = sorted(set(item) - set(_PARAM_FIELDS))
        if unknown:
            raise InvalidInput(f"parameter {n} has unknown field(s): {', '.join(map(str, unknown))}.")
        out.append({k: v for k, v in item.items() if k in _PARAM_FIELDS and v is not None})
    return out


def _bind(timeline: TimelineSpec, declared: list[dict[str, Any]]) -> list[core.TemplateParameter]:
    try:
        return core.bind_parameters(timeline, declared)
    except ValidationError as exc:
        raise InvalidInput(f"Invalid parameter: {reason_of(exc)}") from exc
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc


def _root_spec(timeline: TimelineSpec, name: str, declared: list[dict[str, Any]]) -> dict[str, Any]:
    params = _bind(timeline, declared)
    if not params:
        raise InvalidInput("Choose at least one thing the template lets you change.")
    try:
        made = core.make_template(timeline, name, params)
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc
    return _spec_of(made)


def _spec_of(template: core.Template) -> dict[str, Any]:
    data = template.model_dump(mode="json", exclude={"id", "name", "version", "parent_id"})
    return {"timeline": data["timeline"], "overrides": data["overrides"], "parameters": data["parameters"]}


def _child_spec(
    s: Session,
    parent: Template,
    timeline: TimelineSpec | None,
    name: str,
    declared: list[dict[str, Any]],
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A child's spec: the project's differences from the parent's design, and its own parameters."""
    _, parent_resolved = resolve_row(s, parent)
    if timeline is not None:
        overrides = diff_overrides(parent_resolved.timeline, timeline)
    overrides = dict(overrides or {})
    designed = parent_resolved.timeline
    for pointer, value in overrides.items():
        designed = _step(set_at, designed, pointer, value)
    # A parameter the parent already has may come without bindings: it keeps the parent's.
    inherited_keys = {p.key: p for p in parent_resolved.parameters}
    kept = [d for d in declared if not d.get("bindings") and d.get("key") in inherited_keys]
    params = _bind(designed, [d for d in declared if d not in kept]) if declared else []
    for item in kept:
        try:
            params.append(core.TemplateParameter.model_validate(item))
        except ValidationError as exc:
            raise InvalidInput(f"Invalid parameter: {reason_of(exc)}") from exc
    # An override of a field a parent's parameter sets is that parameter's new default here
    # (filling would otherwise put the parent's default back over it).
    own = {p.key for p in params}
    for inherited in parent_resolved.parameters:
        changed = [overrides[b] for b in inherited.bindings if b in overrides]
        if changed and inherited.key not in own:
            default = changed[0]
            params.append(core.TemplateParameter(key=inherited.key, type=inherited.type, default=default))
    child = core.derive_template(parent.id, name, overrides=overrides, parameters=params)
    return _spec_of(child)


def _step(fn, *args):
    try:
        return fn(*args)
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc


def _check_tree(s: Session, row: Template, spec: dict[str, Any]) -> None:
    """The new content resolves for the template and for every descendant (a new parent version
    may remove what a child overrides)."""
    chain = [core_of(r) for r in chain_rows(s, row)[:-1]] + [core_of(row, spec)]
    resolve(chain)
    by_id = {row.id: chain}
    for child in descendants(s, row):
        parent_chain = by_id.get(child.parent_id or "")
        if parent_chain is None:
            continue
        child_chain = [*parent_chain, core_of(child)]
        try:
            core.resolve_template(child_chain)
        except EditError as exc:
            raise InvalidInput(
                f"This change would break the template {child.name!r} made from it: {exc.reason}"
            ) from exc
        by_id[child.id] = child_chain


def suggest_parameters(user_id: str, project_id: str) -> list[dict[str, Any]]:
    """What a template of this project could let you change: each caption, still, length, colour, music.

    Each ``{key, type, label, default, bindings}``; pass the chosen ones to ``create_template``.
    """
    timeline = _project_timeline(user_id, project_id)
    return [parameter_dict(p, timeline, bindings=True) for p in core.suggest_parameters(timeline)]


def create_template(
    user_id: str,
    project_id: str,
    name: str,
    parameters: Sequence[Mapping[str, Any]] | None,
    parent_id: str | None = None,
) -> TemplateView:
    """Save the project's design as a new template (version 1); with ``parent_id`` a child of it."""
    name = _clean_name(name)
    declared = _declared(parameters)
    timeline = _project_timeline(user_id, project_id)
    with session_scope() as s:
        count = s.exec(select(func.count()).select_from(Template).where(Template.user_id == user_id)).one()
        if count >= MAX_TEMPLATES:
            raise InvalidInput(f"You have {MAX_TEMPLATES} templates, the most an account keeps.")
        parent = load_owned(s, user_id, parent_id) if parent_id else None
        if parent is not None:
            if len(chain_rows(s, parent)) >= MAX_CHAIN:
                raise InvalidInput(f"Templates inherit at most {MAX_CHAIN} levels deep.")
            spec = _child_spec(s, parent, timeline, name, declared)
            parent_version = parent.version
        else:
            spec = _root_spec(timeline, name, declared)
            parent_version = None
        row = Template(
            user_id=user_id, name=name, parent_id=parent_id or None, project_id=project_id, spec=spec
        )
        if parent is not None:
            _check_tree(s, row, spec)
    with write_session() as s:
        s.add(row)
        s.add(
            TemplateVersion(
                template_id=row.id,
                version=1,
                name=name,
                spec=spec,
                parent_version=parent_version,
                project_id=project_id,
            )
        )
    queue_previews(user_id, [row.id])
    return get_template(user_id, row.id)


def update_template(
    user_id: str,
    template_id: str,
    *,
    project_id: str | None = None,
    name: str | None = None,
    parameters: Sequence[Mapping[str, Any]] | None = None,
) -> TemplateView:
    """Save a new version: the design from ``project_id``, and/or a new name or parameters.

    Children see the new version wherever they do not override it; their previews are redone.
    """
    timeline = _project_timeline(user_id, project_id) if project_id else None
    with session_scope() as s:
        row = load_owned(s, user_id, template_id)
        new_name = _clean_name(name) if name is not None else row.name
        old = row.spec or {}
        if row.parent_id is None:
            base = timeline or TimelineSpec.model_validate(old["timeline"])
            declared = _declared(parameters) if parameters is not None else _kept(old)
            spec = _root_spec(base, new_name, declared)
            parent_version = None
        else:
            parent = load_owned(s, user_id, row.parent_id)
            declared = _declared(parameters) if parameters is not None else _kept(old)
            spec = _child_spec(s, parent, timeline, new_name, declared, old.get("overrides"))
            parent_version = parent.version
        if spec == old and new_name == row.name:
            return template_view(s, row)
        _check_tree(s, row, spec)
        affected = [row.id, *(d.id for d in descendants(s, row))]
        version = row.version + 1
    with write_session() as s:
        fresh = load_owned(s, user_id, template_id)
        if fresh.version != version - 1:
            raise InvalidInput(
                "The template was saved by someone else a moment ago. Reload it and try again."
            )
        fresh.name, fresh.spec, fresh.version, fresh.updated_at = new_name, spec, version, utcnow()
        if project_id:
            fresh.project_id = project_id
        s.add(fresh)
        s.add(
            TemplateVersion(
                template_id=template_id,
                version=version,
                name=new_name,
                spec=spec,
                parent_version=parent_version,
                project_id=fresh.project_id,
            )
        )
    queue_previews(user_id, affected)
    return get_template(user_id, template_id)


def _kept(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in p.items() if k in _PARAM_FIELDS and v is not None}
        for p in spec.get("parameters") or []
    ]


def get_template(user_id: str, template_id: str) -> TemplateView:
    with session_scope() as s:
        row = load_owned(s, user_id, template_id)
        view = template_view(s, row)
        children = s.exec(
            select(Template.id).where(Template.parent_id == row.id).where(Template.user_id == user_id)
        ).all()
    return _with_children(view, list(children))


def _with_children(view: TemplateView, children: list[str]) -> TemplateView:
    return replace(view, children=children)


def list_templates(user_id: str) -> list[TemplateView]:
    """The user's templates, most recently saved first (the gallery)."""
    with session_scope() as s:
        rows = list(
            s.exec(
                select(Template)
                .where(Template.user_id == user_id)
                .order_by(col(Template.updated_at).desc(), col(Template.id))
            ).all()
        )
        names = {r.id: r.name for r in rows}
        children: dict[str, list[str]] = {}
        for r in rows:
            if r.parent_id:
                children.setdefault(r.parent_id, []).append(r.id)
        return [_with_children(template_view(s, r, names), children.get(r.id, [])) for r in rows]


def list_versions(user_id: str, template_id: str) -> list[dict[str, Any]]:
    """Every saved version of a template, newest first: {version, name, parent_version, saved_at}."""
    with session_scope() as s:
        load_owned(s, user_id, template_id)
        rows = s.exec(
            select(TemplateVersion)
            .where(TemplateVersion.template_id == template_id)
            .order_by(col(TemplateVersion.version).desc())
        ).all()
        return [
            {
                "version": v.version,
                "name": v.name,
                "parent_version": v.parent_version,
                "project_id": v.project_id,
                "saved_at": v.created_at,
            }
            for v in rows
        ]
