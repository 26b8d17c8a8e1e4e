"""The editor and template states: rows for the page, undo/redo steps, drag to reorder, the tab."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from app.state.editor.outputs import _export_row, _version_row
from app.state.editor.page import UNDO_DEPTH, EditorState
from app.state.templates.gallery import KEEP, _card, _field, changed_values
from app.state.templates.save import _candidate
from tests.support.aio import run


def _timeline(*lengths: float) -> dict:
    return {
        "output": {"aspect": "9:16"},
        "clips": [{"id": f"c{i}", "source": f"s{i}.png", "duration": n} for i, n in enumerate(lengths, 1)],
        "texts": [{"id": "t1", "text": "Hi", "start": 0.0, "end": 1.0}],
        "audio": [{"id": "a1", "kind": "music", "source": "m.m4a", "volume": 0.5}],
        "grade": "vibrant",
    }


def _editor(timeline: dict) -> EditorState:
    state = EditorState()
    state._set_timeline(timeline)
    return state


def test_version_and_export_rows() -> None:
    row = _version_row({"version": 3, "saved_at": "2026-12-04T20:01:02+00:00", "exported_asset_id": "x"})
    assert row == {"version": "3", "saved_at": "2026-12-04 20:01", "exported": "Exported"}
    assert _version_row({"version": 1, "saved_at": None, "exported_asset_id": None})["exported"] == ""
    export = _export_row(
        {
            "asset_id": "a",
            "url": "/files/a.mp4?sig=1",
            "thumbnail_url": None,
            "format": "webm",
            "aspect_ratio": "1:1",
            "version": 2,
            "created_at": dt.datetime(2026, 12, 4, 20, 5, tzinfo=dt.UTC).isoformat(),
            "duration": 9.96,
        }
    )
    assert export["format"] == "webm" and export["aspect"] == "1:1" and export["thumb"] == ""
    assert export["created"] == "2026-12-04 20:05" and export["duration"] == "10.0 s"


def test_template_rows() -> None:
    view = SimpleNamespace(
        template_id="t1",
        name="Spot",
        version=2,
        parent_name=None,
        thumbnail_url="/t.jpg",
        preview_url=None,
        parameters=[{"key": "text_1"}, {"key": "color_1"}],
        updated_at=dt.datetime(2026, 12, 4, tzinfo=dt.UTC),
    )
    card = _card(view)
    assert card["version"] == "2" and card["params"] == "2" and card["parent"] == ""
    assert card["preview"] == "" and card["updated"] == "2026-12-04"
    assert _field({"key": "duration_1", "type": "duration", "default": 3.109}) == {
        "key": "duration_1",
        "type": "duration",
        "label": "duration_1",
        "value": "3.11",
        "initial": "3.11",
    }
    assert _field({"key": "image_1", "type": "image", "default": "users/u/a.png"})["value"] == KEEP
    chosen = _candidate({"key": "text_1", "type": "text", "label": "Text 1", "default": "x" * 200})
    assert chosen["chosen"] == "1" and len(chosen["default"]) == 80
    image = _candidate({"key": "image_1", "type": "image", "default": "users/u/sources/a/scene1.png"})
    assert image["default"] == "scene1.png"


def test_edits_undo_and_redo_restore_each_timeline() -> None:
    first = _timeline(2.0, 3.0)
    state = _editor(first)
    assert [c["id"] for c in state.clips] == ["c1", "c2"] and state.total == 5.0
    assert state.aspect == "9:16" and state.grade == "vibrant" and state.has_music
    second = _timeline(2.0, 1.0, 2.0)
    state._record("Split at 3.00 s", second)
    assert state.dirty and state.undo_label == "Split at 3.00 s" and state.redo_label == ""
    assert len(state.clips) == 3
    state.undo()
    assert state._timeline == first and state.redo_label == "Split at 3.00 s" and state.undo_label == ""
    state.redo()
    assert state._timeline == second and state.undo_label == "Split at 3.00 s"
    # A new edit after an undo drops the redo step.
    state.undo()
    state._record("Trim clip", _timeline(1.5, 3.0))
    assert state.redo_label == "" and state.undo_label == "Trim clip"
    # The same timeline again is not an edit.
    state._record("Nothing", dict(state._timeline))
    assert state.undo_label == "Trim clip"


def test_undo_depth_is_bounded() -> None:
    state = _editor(_timeline(1.0))
    for n in range(UNDO_DEPTH + 5):
        state._record(f"edit {n}", _timeline(1.0 + (n + 1) * 0.1))
    assert len(state._undo) == UNDO_DEPTH
    assert state._undo[0]["label"] == "edit 5"


def test_zoom_relayouts_and_stays_in_range() -> None:
    state = _editor(_timeline(2.0, 3.0))
    width = state.clips[0]["width"]
    state.zoom_by(2.0)
    assert state.clips[0]["width"] != width and state.zoom == 96.0
    for _ in range(10):
        state.zoom_by(2.0)
    assert state.zoom == 240.0
    for _ in range(10):
        state.zoom_by(0.5)
    assert state.zoom == 10.0


def test_playhead_snaps_and_selects_the_clip_under_it() -> None:
    state = _editor(_timeline(2.0, 3.0))
    state.set_playhead("2.05")  # 2.4 px from the cut at 48 px/s
    assert state.playhead == 2.0 and state.selected_clip == "c2"
    state.set_playhead(["9"])
    assert state.playhead == 5.0  # never past the end
    state.playing_at("1.234")
    assert state.playhead == 1.234


def test_drag_onto_itself_is_a_click_not_a_move() -> None:
    state = _editor(_timeline(2.0, 3.0))
    state.grab_clip("c1")
    assert state.drag_clip == "c1"
    assert run(state.drop_on("c1")) is None
    assert state.drag_clip == "" and state.undo_label == ""
    state.grab_clip("nope")
    assert state.drag_clip == ""
    assert run(state.drop_on("c2")) is None  # nothing grabbed


def test_selecting_a_text_opens_its_tab() -> None:
    state = _editor(_timeline(2.0, 3.0))
    state.select_text("t1")
    assert state.inspector_tab == "text" and state.text_value == "Hi" and state.text_end == "1.00"
    state.select_clip("c2")
    assert state.inspector_tab == "clip" and state.trim_in == "0.00" and state.trim_out == "3.00"
    state.select_clip("not-a-clip")
    assert state.selected_clip == "c2"
    state.set_inspector_tab("bogus")
    assert state.inspector_tab == "clip"


def test_delete_asks_first() -> None:
    state = _editor(_timeline(2.0, 3.0))
    state.selected_clip = ""
    state.ask_delete()
    assert not state.confirm_delete and state.op_error
    state.select_clip("c1")
    state.ask_delete()
    assert state.confirm_delete


def test_trim_fields_remember_what_they_showed() -> None:
    state = _editor(_timeline(2.0, 3.0))
    state.select_clip("c2")
    assert state._trim_shown == ["0.00", "3.00"]
    state.set_trim_out("2.5")
    assert state._trim_shown == ["0.00", "3.00"] and state.trim_out == "2.5"


def test_a_render_sends_only_what_was_changed() -> None:
    fields = [
        _field({"key": "text_1", "type": "text", "default": "Cold for 24 hours"}),
        _field({"key": "duration_1", "type": "duration", "default": 3.109}),
        _field({"key": "image_1", "type": "image", "default": "users/u/a.png"}),
        _field({"key": "music_1", "type": "music", "default": "users/u/m.wav"}),
    ]
    assert changed_values(fields) == {}  # the rounded length is not sent back as 3.11
    fields[0]["value"] = " Warm for 12 hours "
    fields[2]["value"] = "asset-123"
    fields[1]["value"] = ""
    assert changed_values(fields) == {"text_1": "Warm for 12 hours", "image_1": "asset-123"}


def _job(job_id: str, status: str) -> SimpleNamespace:
    return SimpleNamespace(
        job_id=job_id,
        status=status,
        progress=100 if status == "completed" else 0,
        step="",
        error_message=None,
        is_active=status in ("pending", "processing"),
    )


def test_a_stale_preview_starts_the_next_one_and_is_still_followed(monkeypatch) -> None:
    """An edit during a preview queues the next preview when it ends: polling must not stop there
    (the page showed 'Updating…' forever when it did)."""
    state = _editor(_timeline(2.0, 3.0))
    state.project_id = "p1"
    state._set_job("preview", _job("first", "processing"))
    state._preview_stale = True  # an edit while the first one renders (start_preview's answer)
    started: list[dict] = []
    monkeypatch.setattr("app.services.jobs.get_job", lambda user_id, job_id: _job(job_id, "completed"))
    monkeypatch.setattr("app.services.editor.preview_url", lambda user_id, project_id, job: f"/p/{job}.mp4")

    def preview_project(user_id, project_id, timeline):
        started.append(timeline)
        return _job("second", "pending")

    monkeypatch.setattr("app.services.editor.preview_project", preview_project)
    assert run(state._poll_work("u1")) is True  # the second preview runs: keep polling
    assert state.preview_job["id"] == "second" and state.preview_active and len(started) == 1
    assert state.preview_url == "/p/first.mp4"
    monkeypatch.setattr("app.services.jobs.get_job", lambda user_id, job_id: _job(job_id, "completed"))
    assert run(state._poll_work("u1")) is False and not state.preview_active
    assert state.preview_url == "/p/second.mp4"
