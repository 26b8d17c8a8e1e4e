"""The editor's queued work, run through the kinds' RQ entry points: a proxy preview, a
regenerated gap (exactly the gap's length and aspect, charged once, refunded once on failure,
a file of the project and not a library video), and exports (MP4 9:16 and 1:1, WebM, a GIF under
5 MB), each a new asset, earlier ones kept; a cut-only edit of an MP4 export is stream-copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col, select

from app.db import session_scope, write_session
from app.media.ffmpeg import probe
from app.media.timeline import TimelineSpec
from app.models.accounts import User
from app.models.assets import Asset
from app.models.billing import CreditHold
from app.models.editor import ProjectClip, ProjectExport
from app.models.jobs import Job
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.local.video import LocalVideoModel
from app.services import billing, editor, jobs
from app.services.platform import InvalidInput, NotFound, get_storage
from tests.integration.editor.conftest import make_ad, run_pending


def _hold(job_id: str) -> tuple[int, int, int]:
    with session_scope() as s:
        hold = s.exec(select(CreditHold).where(CreditHold.reference_id == job_id)).one()
        return hold.amount, hold.captured, hold.released


def _open(client: TestClient, headers: dict[str, str], asset_id: str) -> dict:
    r = client.post("/api/v1/projects", json={"from_asset_id": asset_id}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def _probe_key(key: str, tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(get_storage().get(key))
    return probe(path), path


def test_preview_renders_the_unsaved_timeline(client: TestClient, signup, tmp_path: Path) -> None:
    user, headers = signup("preview@example.com")
    project = _open(client, headers, make_ad(user).id)
    pid = project["project_id"]
    edit = editor.apply_op(
        user.id, pid, project["timeline"], {"op": "delete", "clip_id": project["timeline"]["clips"][0]["id"]}
    )
    view = editor.preview_project(user.id, pid, edit.timeline)
    assert view.kind == editor.PREVIEW_KIND and view.status == "pending"
    assert run_pending()[view.job_id] == "completed"
    url = editor.preview_url(user.id, pid, view.job_id)
    assert url
    assert editor.get_project(user.id, pid).preview_url
    info, _ = _probe_key(f"users/{user.id}/projects/{pid}/previews/{view.job_id}.mp4", tmp_path, "p.mp4")
    assert abs(info.duration - TimelineSpec.model_validate(edit.timeline).duration) < 0.2
    assert min(info.video.width, info.video.height) == 360
    # Another user can neither start a preview of this project nor read its link.
    other, _ = signup("peek@example.com")
    for call in (
        lambda: editor.preview_project(other.id, pid, edit.timeline),
        lambda: editor.preview_url(other.id, pid, view.job_id),
    ):
        with pytest.raises(NotFound):
            call()


def test_regenerate_a_gap_exact_length_charged_once_and_a_project_file(
    client: TestClient, signup, tmp_path: Path
) -> None:
    user, headers = signup("regen@example.com", credits_=200)
    ad = make_ad(user)
    project = _open(client, headers, ad.id)
    pid = project["project_id"]
    before = billing.balance(user.id)["balance"]
    r = client.post(
        f"/api/v1/projects/{pid}/regenerate",
        json={
            "gap": {"track": "video", "start": 1.5, "end": 3.7},
            "prompt": "steam rising from the cup, close-up",
        },
        headers=headers,
    )
    assert r.status_code == 202, r.text
    body = r.json()
    job_id, gap_id = body["job_id"], body["clip_id"]
    gapped = TimelineSpec.model_validate(body["timeline"])
    gap = next(c for c in gapped.clips if c.id == gap_id)
    assert gap.is_gap and abs(gap.length - 2.2) < 1e-6
    amount = body["credits_held"]
    assert amount > 0 and billing.balance(user.id)["balance"] == before - amount

    assert run_pending()[job_id] == "completed"
    assert _hold(job_id) == (amount, amount, 0)
    assert billing.balance(user.id)["balance"] == before - amount
    with session_scope() as s:
        clip = s.exec(select(ProjectClip).where(ProjectClip.job_id == job_id)).one()
        # Not a library video: the job's asset moved into the project.
        assert s.exec(select(Asset).where(Asset.job_id == job_id)).all() == []
    assert clip.project_id == pid and clip.target_clip_id == gap_id
    assert clip.storage_key.startswith(f"users/{user.id}/projects/{pid}/clips/")
    info, _ = _probe_key(clip.storage_key, tmp_path, "clip.mp4")
    assert info.duration >= 2.2
    assert (info.video.width, info.video.height) == (720, 1280)  # the project's 9:16 at 720p

    result = editor.apply_regenerated(user.id, pid, body["timeline"], job_id)
    filled = TimelineSpec.model_validate(result.timeline)
    new = next(c for c in filled.clips if c.source == clip.storage_key)
    assert abs(new.length - 2.2) < 1e-6  # exactly the gap's duration
    assert abs(filled.duration - gapped.duration) < 1e-6
    assert new.origin and new.origin.prompt == "steam rising from the cup, close-up"
    assert result.media[clip.storage_key]["url"]
    # The same job again: no second charge, the same clip.
    assert run_pending() == {}
    assert _hold(job_id) == (amount, amount, 0)


def test_a_failed_regeneration_is_refunded_once(
    client: TestClient, signup, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, headers = signup("fail@example.com", credits_=200)
    project = _open(client, headers, make_ad(user).id)
    pid, timeline = project["project_id"], project["timeline"]
    before = billing.balance(user.id)["balance"]
    target = timeline["clips"][1]["id"]
    view = editor.regenerate_clip(user.id, pid, timeline, target)  # the scene's own prompt and seed
    with session_scope() as s:
        params = s.get(Job, view.job_id).params_json
    assert '"seed":' in params and '"single_clip": true' in params

    def broken(self, request, ctx):
        raise ProviderError(ProviderErrorCode.FAILED, detail="engine broke")

    monkeypatch.setattr(LocalVideoModel, "run", broken)
    assert run_pending()[view.job_id] == "failed"
    amount = view.credits_held
    assert _hold(view.job_id) == (amount, 0, amount)
    assert billing.balance(user.id)["balance"] == before
    # A second delivery and a cancel change nothing.
    assert editor.run_clip_job(view.job_id) == "skipped"
    assert jobs.cancel_job(user.id, view.job_id).status == "failed"
    assert billing.balance(user.id)["balance"] == before
    failed = jobs.get_job(user.id, view.job_id)
    assert failed.status == "failed" and failed.error_message
    with pytest.raises(InvalidInput):
        editor.apply_regenerated(user.id, pid, timeline, view.job_id)


def test_exports_are_new_assets_and_earlier_ones_stay(client: TestClient, signup, tmp_path: Path) -> None:
    user, headers = signup("export@example.com")
    project = _open(client, headers, make_ad(user).id)
    pid = project["project_id"]
    made: list[tuple[str, str, str]] = []
    for fmt, aspect in (("mp4", "9:16"), ("mp4", "1:1"), ("webm", "9:16"), ("gif", "9:16")):
        r = client.post(
            f"/api/v1/projects/{pid}/export", json={"format": fmt, "aspect_ratio": aspect}, headers=headers
        )
        assert r.status_code == 202, r.text
        job_id = r.json()["job_id"]
        assert run_pending()[job_id] == "completed", jobs.get_job(user.id, job_id).error_message
        [asset_id] = jobs.get_job(user.id, job_id).asset_ids
        made.append((asset_id, fmt, aspect))
    with session_scope() as s:
        assets = {a.id: a for a in s.exec(select(Asset).where(col(Asset.id).in_([m[0] for m in made]))).all()}
    assert len(assets) == 4
    sizes = {"9:16": 9 / 16, "1:1": 1.0}
    for asset_id, fmt, aspect in made:
        a = assets[asset_id]
        info, _ = _probe_key(a.storage_key, tmp_path, f"{asset_id}.{fmt}")
        assert abs(info.video.width / info.video.height - sizes[aspect]) < 0.02
        if fmt == "mp4":
            assert a.content_type == "video/mp4" and info.video.codec == "h264" and info.audio is not None
        elif fmt == "webm":
            assert a.content_type == "video/webm" and info.video.codec == "vp9"
        else:
            assert a.content_type == "image/gif" and a.size_bytes < 5 * 1024 * 1024
        assert a.meta["project_id"] == pid and a.meta["format"] == fmt
    got = client.get(f"/api/v1/projects/{pid}", headers=headers).json()
    assert [e["asset_id"] for e in got["exports"]] == [m[0] for m in made]
    assert got["versions"][-1]["exported_asset_id"] == made[-1][0]

    # A cut-only edit (delete a scene, hard cuts) of the 9:16 MP4 is stream-copied; the others stay.
    timeline = project["timeline"]
    for clip in timeline["clips"]:  # hard cuts on whole frames
        clip["transition"] = None
        clip["duration"] = max(1.0, round(clip["duration"] * 2) / 2)
    timeline["texts"] = []  # captions that run across a cut need a render
    cut = editor.apply_op(user.id, pid, timeline, {"op": "delete", "clip_id": timeline["clips"][1]["id"]})
    editor.save_project(user.id, pid, timeline, 1)
    first = editor.export_project(user.id, pid, format="mp4", aspect_ratio="9:16")
    assert run_pending()[first.job_id] == "completed"
    editor.save_project(user.id, pid, cut.timeline, 2)
    second = editor.export_project(user.id, pid, format="mp4", aspect_ratio="9:16")
    assert run_pending()[second.job_id] == "completed"
    with session_scope() as s:
        row = s.exec(select(ProjectExport).where(ProjectExport.job_id == second.job_id)).one()
        assert row.stream_copied and row.version == 3
        assert len(s.exec(select(ProjectExport).where(ProjectExport.project_id == pid)).all()) == 6
        for asset_id, _, _ in made:
            assert get_storage().exists(s.get(Asset, asset_id).storage_key)
    # Reopening an export opens its project.
    assert editor.open_project(user.id, made[0][0]).project_id == pid


def test_a_free_plan_export_keeps_the_watermark_even_when_the_timeline_drops_it(
    client: TestClient, signup
) -> None:
    user, headers = signup("free@example.com")
    project = _open(client, headers, make_ad(user).id)
    pid, timeline = project["project_id"], project["timeline"]
    assert not timeline["watermark"]  # made on the pro plan
    with write_session() as s:  # the plan ran out since
        s.execute(update(User).where(col(User.id) == user.id).values(plan="free"))
    editor.save_project(user.id, pid, timeline, 1)
    view = editor.export_project(user.id, pid, format="mp4")
    assert run_pending()[view.job_id] == "completed"
    with session_scope() as s:
        row = s.exec(select(ProjectExport).where(ProjectExport.job_id == view.job_id)).one()
    assert row.rendered["watermark"]
    assert row.aspect_ratio == "9:16"


def test_a_render_that_cannot_read_its_media_fails_with_a_reason_and_keeps_nothing(
    client: TestClient, signup
) -> None:
    user, headers = signup("broken@example.com")
    project = _open(client, headers, make_ad(user).id)
    pid, timeline = project["project_id"], project["timeline"]
    still = next(c["source"] for c in timeline["clips"] if c["source"].endswith(".png"))
    get_storage().put(still, b"not a picture", "image/png")
    view = editor.preview_project(user.id, pid, timeline)
    assert run_pending()[view.job_id] == "failed"
    failed = jobs.get_job(user.id, view.job_id)
    assert failed.error_code in ("RENDER_FAILED", "INTERNAL_ERROR") and failed.error_message
    assert not get_storage().exists(f"users/{user.id}/projects/{pid}/previews/{view.job_id}.mp4")
    with pytest.raises(InvalidInput):
        editor.preview_url(user.id, pid, view.job_id)
    with session_scope() as s:
        assert s.get(Job, view.job_id).error_detail
