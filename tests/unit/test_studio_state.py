"""The studio states: thin handlers over the generation, assets and pricing services."""

from __future__ import annotations

import json

import pytest

from app.state.inputs import one
from app.state.studio.base import eta_text, split_points, word_diff
from tests.support import aio


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr("app.queue.enqueue", lambda path, *args, **kw: calls.append((path, args, kw)))
    return calls


@pytest.fixture
def signed_in(db, enqueued):
    """A pro user with credits and a session token, as the browser holds it."""
    from app.db import write_session
    from app.models.accounts import User
    from app.services import accounts, billing

    signed = accounts.register("studio@example.com", "password-1", "Stu Dio")
    with write_session() as s:
        user = s.get(User, signed.user.id)
        user.plan = "pro"
        s.add(user)
    billing.earn(signed.user.id, 200, source="test", key=f"grant:{signed.user.id}")
    return signed


def _state(cls, token: str):
    state = cls()
    state.session_token = token
    return state


def _job_params(job_id: str) -> dict:
    from app.db import session_scope
    from app.models.jobs import Job

    with session_scope() as s:
        return json.loads(s.get(Job, job_id).params_json)


# --- helpers --------------------------------------------------------------------------------


def test_word_diff_marks_added_and_removed_words() -> None:
    runs = word_diff("red bottle on a table", "premium red bottle on a marble table, soft light")
    assert {"text": "premium", "kind": "added"} in runs
    assert {"text": "table", "kind": "removed"} in runs
    assert " ".join(r["text"] for r in runs if r["kind"] != "removed") == (
        "premium red bottle on a marble table, soft light"
    )


def test_split_points_and_one() -> None:
    assert split_points("- Cold 24 h\n\n• Leak-proof; steel ") == ["Cold 24 h", "Leak-proof", "steel"]
    assert one(["9:16"]) == "9:16" and one("1:1") == "1:1" and one([]) == ""


def test_eta_text_from_pace() -> None:
    assert eta_text("pending", 0, 3) == "Waiting for a free worker…"
    assert eta_text("processing", 5, 1) == "Estimating time left…"
    assert eta_text("processing", 50, 20) == "About 20 s left"
    assert eta_text("processing", 20, 60).endswith("min left")
    assert eta_text("completed", 100, 30) == ""


# --- image studio ---------------------------------------------------------------------------


def test_image_load_lists_priced_models_and_live_total(signed_in) -> None:
    from app.state.studio.image import ImageStudioState

    state = _state(ImageStudioState, signed_in.token)
    assert state.load() is None
    local = next(m for m in state.models if m["id"] == "local-image")
    assert local["cost_text"] == "1 credit / image"
    assert state.model == "local-image"
    assert state.balance == 230  # 30 signup + 200
    state.set_n("3")
    assert state.total_cost == 3 and state.total_cost_text == "3 credits"
    state.set_n("9")  # out of range: ignored
    assert state.n == 3


def test_image_generate_submits_and_shows_results_in_place(signed_in, enqueued) -> None:
    from app.services import jobs
    from app.services.generation import run_job
    from app.state.studio.image import ImageStudioState

    state = _state(ImageStudioState, signed_in.token)
    state.load()
    state.generate()
    assert state.form_error == "Describe the image you want first."

    state.set_prompt("A steel bottle on a marble counter")
    state.set_style("lifestyle")
    state.set_selling_points("Cold for 24 hours")
    state.set_n("2")
    follow = state.generate()
    assert follow is not None and state.job_id and state.job_active
    assert state.pending_tiles == [0, 1]
    params = _job_params(state.job_id)
    assert params["style"] == "lifestyle" and params["n"] == 2
    assert params["selling_points"] == ["Cold for 24 hours"]
    assert enqueued, "the job went to the queue"

    assert run_job(state.job_id) == "completed"
    view = jobs.get_job(signed_in.user.id, state.job_id)
    state._show_job(view)
    state._job_finished(signed_in.user.id, view)
    assert not state.job_active and state.pending_tiles == []
    assert [r["id"] for r in state.results] == view.asset_ids
    assert all(r["new"] == "1" and "/api/files/" in r["thumb"] for r in state.results)

    # Download hands the browser a fresh signed attachment link.
    spec = state.download(state.results[0]["id"])
    assert "dl=" in str(spec.args)

    # Delete asks first, then removes the file for good.
    doomed = state.results[0]["id"]
    state.ask_delete(doomed)
    assert state.delete_id == doomed
    state.confirm_delete()
    assert doomed not in [r["id"] for r in state.results]


def test_image_to_image_needs_a_photo_and_stores_upload_privately(signed_in) -> None:
    from app.state.studio.image import ImageStudioState

    state = _state(ImageStudioState, signed_in.token)
    state.load()
    state.set_mode(["i2i"])
    state.set_prompt("Restage my product")
    assert state.generate() is None
    assert "Upload a product photo" in state.form_error


def test_out_of_credits_opens_the_upgrade_dialog(signed_in) -> None:
    from app.services import billing as billing_service
    from app.state.studio.image import ImageStudioState

    billing_service.adjust(
        signed_in.user.id, -billing_service.spendable(signed_in.user.id), "test", None, key="drain"
    )
    state = _state(ImageStudioState, signed_in.token)
    state.load()
    state.set_prompt("Anything")
    event = state.generate()
    assert event is not None and event.handler.fn.__name__ == "show"
    assert "upgrade_prompt_state" in event.handler.state_full_name
    assert "INSUFFICIENT_CREDITS" in str(event.args)
    assert state.form_error == "" and not state.job_id


def test_signed_out_handlers_redirect_to_login(db) -> None:
    from app.state.studio.image import ImageStudioState

    state = _state(ImageStudioState, "")
    assert "login" in str(state.load())
    assert "login" in str(state.download("any-id"))


# --- video studio ---------------------------------------------------------------------------


def _scripted(state) -> None:
    from app.state.studio.script import scene_row

    state.scenes = [
        scene_row({"scene_type": "hook", "visual_prompt": "Bottle in the rain", "duration": 5}, 1),
        scene_row({"scene_type": "solution", "visual_prompt": "Bottle on a desk", "duration": 5}, 2),
        scene_row(
            {"scene_type": "cta", "visual_prompt": "Logo", "text_overlay": "Shop now", "duration": 5}, 3
        ),
    ]
    state.cta = "Shop now"


def test_video_scenes_edit_and_price_follows_their_length(signed_in) -> None:
    from app.state.studio.video import VideoStudioState

    state = _state(VideoStudioState, signed_in.token)
    state.load()
    state.set_resolution("720p")
    local = next(m for m in state.models if m["id"] == "local-video")
    assert local["cost_text"] == "15 credits for 15 s"
    _scripted(state)
    state.set_scene_field(1, "duration", "8")
    state.set_scene_field(1, "scene_type", "hacked")  # not an editable field
    state.set_scene_field(7, "voiceover", "out of range")
    assert state.scenes[1]["duration"] == "8" and state.scenes[1]["scene_type"] == "solution"
    assert state.script_seconds == "18" and state.total_cost == 18
    state.move_scene_up(2)
    assert [s["scene_type"] for s in state.scenes] == ["hook", "cta", "solution"]
    assert [s["scene_number"] for s in state.scenes] == ["1", "2", "3"]
    state.remove_scene(0)
    assert len(state.scenes) == 2 and state.scenes[0]["scene_number"] == "1"
    state.set_scene_field(0, "duration", "40")
    state.render()
    assert "must last" in state.form_error


def test_video_render_submits_the_reviewed_script(signed_in, enqueued) -> None:
    from app.state.studio.video import VideoStudioState

    state = _state(VideoStudioState, signed_in.token)
    state.load()
    state.render()
    assert "Generate the script first" in state.form_error
    state.set_product_name("AquaPeak Bottle")
    state.set_duration("15")
    state.set_resolution("720p")
    state.set_style("unboxing")
    _scripted(state)
    state.set_scene_field(0, "voiceover", "Rain again?")
    follow = state.render()
    assert follow is not None and state.job_active and state.form_error == ""
    params = _job_params(state.job_id)
    assert params["style"] == "unboxing" and params["duration"] == 15.0
    assert params["resolution"] == "720p" and params["prompt"] == "Video ad for AquaPeak Bottle"
    assert [s["scene_type"] for s in params["scenes"]] == ["hook", "solution", "cta"]
    assert params["scenes"][0]["voiceover"] == "Rain again?" and params["cta"] == "Shop now"
    assert state.balance == 230 - 15

    state.cancel_job()
    assert state.job_status == "cancelled" and state.balance == 230


def test_planned_script_round_trips_into_valid_job_scenes(signed_in) -> None:
    from app.services import creative
    from app.state.studio.script import scene_row
    from app.state.studio.video import VideoStudioState

    script = creative.plan_for_user(
        signed_in.user.id,
        "AquaPeak Bottle",
        selling_points=["Cold for 24 hours"],
        style="tutorial",
        duration=15.0,
    ).model_dump()
    state = _state(VideoStudioState, signed_in.token)
    state.load()
    state.scenes = [scene_row(s, i + 1) for i, s in enumerate(script["scenes"])]
    state.cta = script["cta"]
    assert state._check_script() == ""
    params = state._params()
    scenes, total = creative.validate_scenes(params["scenes"], params["duration"])
    assert total == params["duration"] == 15.0
    assert [s["shot"] for s in scenes] == [s["shot"] for s in script["scenes"]]
    assert params["cta"] == script["cta"]


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    async def read(self) -> bytes:
        return self._data


async def _drain(gen) -> list:
    return [event async for event in gen]


def test_product_photo_upload_is_stored_privately_with_a_signed_preview(signed_in, tmp_path) -> None:
    import io

    from PIL import Image

    from app.db import session_scope
    from app.models.assets import Upload
    from app.state.studio.image import ImageStudioState

    buf = io.BytesIO()
    Image.new("RGB", (64, 80), (200, 40, 60)).save(buf, "PNG")
    state = _state(ImageStudioState, signed_in.token)
    state.load()
    aio.run(_drain(state.handle_upload([_Upload("bottle.png", buf.getvalue())])))
    assert state.upload_error == "" and state.upload_name == "bottle.png" and not state.uploading
    with session_scope() as s:
        row = s.get(Upload, state.upload_id)
    assert row is not None and row.user_id == signed_in.user.id and row.kind == "image"
    assert f"/api/files/users/{signed_in.user.id}/uploads/" in state.upload_preview
    assert "sig=" in state.upload_preview

    aio.run(_drain(state.handle_upload([_Upload("anim.gif", b"GIF89a")])))
    assert "JPEG, PNG or WEBP" in state.upload_error
    aio.run(_drain(state.handle_upload([_Upload("fake.png", b"not an image")])))
    assert state.upload_error  # the service refuses it; the earlier photo stays
    assert state.upload_name == "bottle.png"
    state.clear_upload()
    assert state.upload_id == "" and state.upload_preview == ""
