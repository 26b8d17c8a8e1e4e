"""Loading a user's templates, their chains (root -> ... -> template) and the resolved design."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.media.editing import templates as core
from app.media.editing.checks import EditError, reason_of
from app.models.templates import Template
from app.services.platform import InvalidInput, NotFound
from app.services.templates.constants import MAX_CHAIN


def load_owned(s: Session, user_id: str, template_id: str | None) -> Template:
    row = s.get(Template, template_id) if template_id else None
    if row is None or row.user_id != user_id:
        raise NotFound("Template not found.")
    return row


def chain_rows(s: Session, row: Template) -> list[Template]:
    """The template's ancestors and itself, root first."""
    chain = [row]
    while chain[0].parent_id is not None:
        parent = s.get(Template, chain[0].parent_id)
        if parent is None or parent.user_id != row.user_id or len(chain) > MAX_CHAIN or parent in chain:
            raise InvalidInput(f"Template {row.name!r} has a broken parent chain.")
        chain.insert(0, parent)
    return chain


def core_of(row: Template, spec: dict[str, Any] | None = None) -> core.Template:
    """The pure template of a row (``spec`` to try a new content for it)."""
    try:
        return core.Template.model_validate(
            {
                **(spec if spec is not None else row.spec),
                "id": row.id,
                "name": row.name,
                "version": row.version,
            }
            | {"parent_id": row.parent_id}
        )
    except ValidationError as exc:
        raise InvalidInput(reason_of(exc)) from exc


def resolve(chain: list[core.Template]) -> core.ResolvedTemplate:
    try:
        return core.resolve_template(chain)
    except EditError as exc:
        raise InvalidInput(exc.reason) from exc


def resolve_row(s: Session, row: Template) -> tuple[list[Template], core.ResolvedTemplate]:
    rows = chain_rows(s, row)
    return rows, resolve([core_of(r) for r in rows])


def lineage_key(rows: list[Template]) -> str:
    """Which versions of the chain something was made from: "<id>:<version>/..."."""
    return "/".join(f"{r.id}:{r.version}" for r in rows)[:1000]


def descendants(s: Session, row: Template) -> list[Template]:
    """Every child, grandchild ... of ``row`` (breadth first)."""
    out: list[Template] = []
    frontier = [row.id]
    while frontier and len(out) < 1000:
        children = list(
            s.exec(
                select(Template)
                .where(col(Template.parent_id).in_(frontier))
                .where(Template.user_id == row.user_id)
                .order_by(col(Template.created_at))
            ).all()
        )
        out.extend(children)
        frontier = [c.id for c in children]
    return out
