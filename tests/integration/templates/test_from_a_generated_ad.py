"""A template from a real generated ad: the local engine's ad opened in the editor (every scene
still, caption and the music its own source), saved as a template and rendered with new words."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from app.db import session_scope
from app.models.assets import Asset
from app.services import editor, generation, jobs, templates
from tests.integration.templates.conftest import asset_bytes, count_near, frame_at, run_pending


def _ad(user) -> Asset:
    view = generation.submit_video(
        user,
        {
            "prompt": "Aroma Cup, a double-walled porcelain cup that keeps coffee hot for two hours",
            "product_name": "Aroma Cup",
            "selling_points": ["Keeps coffee hot for 2 hours", "Dishwasher safe"],
            "duration": 6.0,
            "aspect_ratio": "9:16",
            "resolution": "720p",
            "model": "local-video",
            "music": True,
            "voiceover": False,
        },
    )
    assert run_pending().get(view.job_id) == "completed"
    with session_scope() as s:
        asset = s.exec(select(Asset).where(Asset.job_id == view.job_id)).one()
        s.expunge(asset)
    return asset


def test_a_generated_ad_becomes_a_template_and_renders_with_other_words(
    client, signup, tmp_path: Path
) -> None:
    user, _ = signup("ads@example.com", credits_=200)
    ad = _ad(user)
    project = editor.open_project(user.id, ad.id)
    suggested = templates.suggest_parameters(user.id, project.project_id)
    kinds = {p["type"] for p in suggested}
    assert {"text", "image", "duration", "color", "music"} <= kinds, suggested
    texts = [p for p in suggested if p["type"] == "text"]
    chosen = [*texts, next(p for p in suggested if p["key"] == "text_color")]
    template = templates.create_template(user.id, project.project_id, "Aroma ad", chosen)
    assert [p["key"] for p in template.parameters] == [p["key"] for p in chosen]
    assert template.duration > 5 and template.aspect_ratio == "9:16"

    values = {texts[0]["key"]: "NEW WORDS HERE", "text_color": "#FF00FF"}
    job = templates.render_template(user.id, template.template_id, values)
    outcomes = run_pending()
    assert outcomes[job.job_id] == "completed", jobs.get_job(user.id, job.job_id)
    done = jobs.get_job(user.id, job.job_id)
    with session_scope() as s:
        video = s.get(Asset, done.asset_ids[0])
        assert (
            video is not None and video.kind == "video" and video.meta["template_id"] == template.template_id
        )
        assert abs(video.duration - template.duration) < 0.2
    first_text = editor.get_project(user.id, project.project_id).timeline["texts"][0]
    frame = frame_at(asset_bytes(done.asset_ids[0]), (first_text["start"] + first_text["end"]) / 2, tmp_path)
    assert count_near(frame, (255, 0, 255), tol=50) > 300  # the captions in the new colour
