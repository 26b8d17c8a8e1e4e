"""Versions: each iteration of an attempt group with its chosen attempt, the prompt diff from
the one before and the score trend; any two versions side by side."""

from __future__ import annotations

import difflib
import re

from sqlmodel import Session, select

from app.db import session_scope
from app.models.iteration import Attempt, AttemptGroup, AttemptIteration
from app.services import library
from app.services.iteration.attempts import iterations_of
from app.services.iteration.constants import METRICS
from app.services.iteration.records import assets_by_id, owned
from app.services.iteration.views import CompareView, DiffPart, VersionsView, VersionView
from app.services.platform import NotFound

_TOKEN = re.compile(r"\S+")


def prompt_diff(old: str, new: str) -> list[DiffPart]:
    """Word-level diff of two prompts: runs of ``same``, ``remove`` (old only), ``add`` (new only).

    Joining the ``same`` and ``add`` parts with spaces gives ``new`` back (whitespace normalised);
    ``same`` and ``remove`` give ``old``.
    """
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(DiffPart("remove", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(DiffPart("add", " ".join(b[j1:j2])))
    return parts


def _prompt_text(it: AttemptIteration) -> str:
    """What a version asked for, as one line: motion prompt, fields and the negative prompt."""
    fields = [f"camera: {it.camera}"] if it.camera else []
    if it.speed is not None:
        fields.append(f"speed: {it.speed:g}")
    if it.intensity is not None:
        fields.append(f"intensity: {it.intensity:g}")
    if it.direction:
        fields.append(f"direction: {it.direction}")
    text = " ".join([it.motion_prompt, *fields]).strip()
    return f"{text} | avoid: {it.negative_prompt}" if it.negative_prompt else text


def _version(
    s: Session, group: AttemptGroup, it: AttemptIteration, previous: AttemptIteration | None, prev_overall
) -> VersionView:
    rows = list(s.exec(select(Attempt).where(Attempt.iteration_id == it.id)).all())
    chosen = it.user_pick_asset_id or it.auto_pick_asset_id
    by = "user" if it.user_pick_asset_id else "auto" if it.auto_pick_asset_id else None
    row = next((r for r in rows if chosen and r.asset_id == chosen), None)
    asset = assets_by_id(s, [chosen]).get(chosen or "")
    overall = row.overall if row else None
    return VersionView(
        version_id=it.id,
        group_id=group.id,
        iteration=it.n,
        created_at=it.created_at,
        motion_prompt=it.motion_prompt,
        negative_prompt=it.negative_prompt,
        feedback=it.feedback,
        model=it.model,
        chosen_asset_id=chosen if asset else None,
        chosen_by=by if asset else None,
        chosen_url=library.asset_to_api(asset)["url"] if asset else None,
        scores=dict(row.scores) if row and row.scores else None,
        overall=overall,
        prompt_diff=prompt_diff(_prompt_text(previous) if previous else "", _prompt_text(it)),
        overall_delta=round(overall - prev_overall, 4)
        if overall is not None and prev_overall is not None
        else None,
        is_final=bool(chosen) and chosen == group.final_asset_id,
        attempt_count=len(rows),
    )


def _versions(s: Session, group: AttemptGroup) -> list[VersionView]:
    out: list[VersionView] = []
    previous, prev_overall = None, None
    for it in iterations_of(s, group.id):
        view = _version(s, group, it, previous, prev_overall)
        out.append(view)
        previous = it
        prev_overall = view.overall if view.overall is not None else prev_overall
    return out


def list_versions(user_id: str, group_id: str) -> VersionsView:
    """Every iteration of the group, oldest first, with the chosen attempt (the user's pick,
    else the auto pick), the prompt diff from the previous iteration and the overall trend."""
    with session_scope() as s:
        group = owned(s, AttemptGroup, group_id, user_id, "Attempt group")
        versions = _versions(s, group)
        return VersionsView(group.id, group.final_asset_id, versions, [v.overall for v in versions])


def compare_versions(user_id: str, a: str, b: str) -> CompareView:
    """Two versions (iteration ids, of any of the user's groups) with the metric deltas b - a."""
    with session_scope() as s:
        views = []
        for version_id in (a, b):
            it = owned(s, AttemptIteration, version_id, user_id, "Version")
            group = s.get(AttemptGroup, it.group_id)
            if group is None:
                raise NotFound("Version not found.")
            its = iterations_of(s, group.id)
            previous = next((x for x in reversed(its) if x.n < it.n), None)
            views.append(_version(s, group, it, previous, None))
    va, vb = views
    deltas: dict[str, float] = {}
    if va.scores and vb.scores:
        for metric in (*METRICS, "overall"):
            if metric in va.scores and metric in vb.scores:
                deltas[metric] = round(float(vb.scores[metric]) - float(va.scores[metric]), 4)
    return CompareView(va, vb, deltas)
