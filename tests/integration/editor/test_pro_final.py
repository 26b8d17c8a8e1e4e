"""A pro-mode final opens as one clip of its MP4; a new clip for a gap in it is made from its hero
frame with the same camera settings (image-to-video), exactly the gap's length."""

from __future__ import annotations

import json

from sqlmodel import select

from app.db import session_scope
from app.media.timeline import TimelineSpec
from app.models.editor import ProjectClip
from app.models.jobs import Job
from app.services import editor, iteration
from tests.integration.editor.conftest import run_pending


def test_a_pro_final_opens_as_one_clip_and_regenerates_from_its_hero_frame(signup) -> None:
    user, _ = signup("pro-final@example.com", credits_=200)
    heroes = iteration.create_hero_group(user, "a gold perfume bottle on marble, rim light", n=4, seed=5)
    run_pending()
    hero = iteration.get_hero_group(user.id, heroes.group_id).candidates[0].asset_id
    sub = iteration.create_attempt_group(user, hero, "slow push in", attempts=1, duration=4.0)
    run_pending()
    [attempt] = iteration.get_attempt_group(user.id, sub.group_id).attempts
    final = iteration.set_final(user.id, sub.group_id, attempt.asset_id).final_asset_id

    project = editor.open_project(user.id, final)
    [clip] = project.timeline["clips"]
    assert clip["origin"]["asset_id"] == final and clip["in_point"] == 0
    assert clip["source"].startswith(f"users/{user.id}/assets/{final}")

    gapped = editor.regenerate(user.id, project.project_id, project.timeline, {"start": 1.0, "end": 3.0})
    view = gapped.job
    with session_scope() as s:
        params = json.loads(s.get(Job, view.job_id).params_json)
    assert params["mode"] == "i2v" and params["source_asset_id"] == hero
    assert params["motion"] and params["prompt"] == "slow push in"
    assert run_pending()[view.job_id] == "completed"
    with session_scope() as s:
        made = s.exec(select(ProjectClip).where(ProjectClip.job_id == view.job_id)).one()
    filled = TimelineSpec.model_validate(
        editor.apply_regenerated(user.id, project.project_id, gapped.timeline, view.job_id).timeline
    )
    [new] = [c for c in filled.clips if c.source == made.storage_key]
    assert abs(new.length - 2.0) < 1e-6 and abs(filled.duration - 4.0) < 0.05
