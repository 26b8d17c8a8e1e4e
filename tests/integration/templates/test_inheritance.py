"""A child template stores only what it overrides: a new parent version reaches the children
wherever they do not override it (checked in the rendered pixels and in the lineage)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from app.db import session_scope
from app.models.jobs import Job
from app.services import editor, jobs, templates
from tests.integration.templates.conftest import (
    BLUE,
    GREEN,
    RED,
    asset_bytes,
    count_near,
    frame_at,
    make_project,
    near,
    put_image,
    run_pending,
)

MAGENTA, YELLOW, WHITE = (255, 0, 255), (255, 255, 0), (255, 255, 255)


def _save(user_id: str, project_id: str, change) -> None:
    view = editor.get_project(user_id, project_id)
    timeline = change(dict(view.timeline))
    editor.save_project(user_id, project_id, timeline, view.version)


def _caption_colour(timeline: dict, hex_colour: str) -> dict:
    return {**timeline, "texts": [{**t, "color": hex_colour} for t in timeline["texts"]]}


def _render(user_id: str, template_id: str, tmp: Path, values: dict | None = None):
    job = templates.render_template(user_id, template_id, values or {})
    assert run_pending()[job.job_id] == "completed"
    with session_scope() as s:
        done = s.get(Job, job.job_id)
        assert done is not None and done.status == "completed"
    asset_id = jobs.get_job(user_id, job.job_id).asset_ids[0]
    return frame_at(asset_bytes(asset_id), 0.5, tmp), frame_at(asset_bytes(asset_id), 2.2, tmp)


def test_a_parent_version_reaches_the_child_that_does_not_override_it_and_not_the_one_that_does(
    client, signup, tmp_path: Path
) -> None:
    user, _ = signup("family@example.com", credits_=100)
    project_id = make_project(user, tmp_path / "p")
    params = [
        p for p in templates.suggest_parameters(user.id, project_id) if p["key"] in ("text_1", "image_1")
    ]
    root = templates.create_template(user.id, project_id, "Base", params)
    root_clips = editor.get_project(user.id, project_id).timeline["clips"]

    # Child A changes the second still (not the caption); child B changes the caption colour.
    green = put_image(user.id, "green-2", GREEN, tmp_path)
    _save(user.id, project_id, lambda t: {**t, "clips": [t["clips"][0], {**t["clips"][1], "source": green}]})
    child_a = templates.create_template(user.id, project_id, "Green ending", [], parent_id=root.template_id)
    assert child_a.overrides == ["/clips/c2/source"] and child_a.parent_name == "Base"
    _save(user.id, project_id, lambda t: _caption_colour({**t, "clips": root_clips}, "#FFFF00"))
    child_b = templates.create_template(user.id, project_id, "Yellow caption", [], parent_id=root.template_id)
    assert child_b.overrides == ["/texts/t1/color"]
    assert [p["key"] for p in child_b.parameters] == ["text_1", "image_1"]  # inherited

    # The parent's version 2: the caption turns magenta.
    _save(user.id, project_id, lambda t: _caption_colour(t, "#FF00FF"))
    root_v2 = templates.update_template(user.id, root.template_id, project_id=project_id)
    assert root_v2.version == 2
    assert [v["version"] for v in templates.list_versions(user.id, root.template_id)] == [2, 1]
    a = templates.get_template(user.id, child_a.template_id)
    assert a.version == 1 and a.lineage[0] == {"template_id": root.template_id, "name": "Base", "version": 2}
    with session_scope() as s:  # previews are redone for the parent and both children
        previews = s.exec(select(Job.id).where(Job.kind == templates.PREVIEW_KIND)).all()
    assert len(previews) == 3 + 3

    first_a, last_a = _render(user.id, child_a.template_id, tmp_path / "a")
    assert count_near(first_a, MAGENTA) > 400  # the parent's new caption colour reached A
    assert near(first_a.getpixel((10, 10)), RED) and near(last_a.getpixel((10, 10)), GREEN)  # A's own still
    renamed = templates.update_template(user.id, child_b.template_id, name="Yellow caption (kids)")
    assert (renamed.version, renamed.overrides, renamed.lineage[0]["version"]) == (2, ["/texts/t1/color"], 2)
    first_b, last_b = _render(user.id, child_b.template_id, tmp_path / "b")
    assert count_near(first_b, YELLOW) > 400 and count_near(first_b, MAGENTA) < 50  # B keeps its override
    assert near(last_b.getpixel((10, 10)), BLUE)
    # Children still take the inherited parameters.
    first_b2, _ = _render(user.id, child_b.template_id, tmp_path / "b2", {"text_1": "WWWW"})
    assert count_near(first_b2, YELLOW) > count_near(first_b, YELLOW)  # a wider word, same override colour
    assert count_near(first_b2, WHITE) < 50
