"""Text, audio and grade edits, and the JSON commands the API and the UI send."""

from __future__ import annotations

import pytest

from app.media.editing.checks import EditError
from app.media.editing.commands import apply_command, describe
from app.media.editing.history import EditHistory
from app.media.editing.overlay_ops import (
    add_text,
    delete_text,
    remove_music,
    set_audio_volume,
    set_grade,
    set_music,
    update_text,
)


def test_text_overlays_are_added_edited_retimed_and_deleted(ad):
    spec = add_text(ad, "New!", 1, 2, text_id="t9", position="top", animation="slide")
    assert spec.texts[-1].id == "t9" and spec.texts[-1].position == "top"
    spec = update_text(spec, "t9", text="Newer", start=1.5, end=3, color="#ff0000")
    assert (spec.texts[-1].text, spec.texts[-1].start, spec.texts[-1].color) == ("Newer", 1.5, "#FF0000")
    assert [t.id for t in delete_text(spec, "t9").texts] == ["t1", "t2", "t3"]
    assert spec.clips == ad.clips


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start": 3, "end": 2}, "end must be after start"),
        ({"start": 20, "end": 21}, "starts after the video ends"),
        ({"color": "red"}, "#RRGGBB"),
        ({"bogus": 1}, "unknown text setting"),
        ({"text": "  "}, "empty"),
    ],
)
def test_bad_text_edits_explain_themselves(ad, change, reason):
    with pytest.raises(EditError, match=reason):
        update_text(ad, "t1", **change)


def test_music_is_swapped_keeping_its_mix_or_added(ad):
    spec = set_music(ad, "other.wav")
    assert spec.audio[0].source == "other.wav" and spec.audio[0].volume == 0.5 and spec.audio[0].id == "m"
    spec = set_audio_volume(spec, "m", 0.8)
    assert spec.audio[0].volume == 0.8
    silent = remove_music(spec)
    assert [t.kind for t in silent.audio] == ["voiceover"]
    added = set_music(silent, "bed.wav", track_id="m2")
    assert added.audio[-1].kind == "music" and added.audio[-1].volume == 0.6
    assert set_grade(ad, "luxury").grade == "luxury"
    with pytest.raises(EditError):
        set_grade(ad, "sepia")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "label"),
    [
        ({"op": "split", "at": 1.0}, "Split at 1.00 s"),
        ({"op": "trim", "clip_id": "s2", "in_point": 2}, "Trim clip"),
        ({"op": "delete", "clip_id": "s2"}, "Delete clip"),
        ({"op": "delete", "clip_id": "s2", "ripple": False}, "Delete clip (leave a gap)"),
        ({"op": "move", "clip_id": "s3", "to_index": 0}, "Move clip"),
        ({"op": "transition", "clip_id": "s2", "kind": "wipe"}, "Change transition"),
        ({"op": "gap", "start": 3.5, "end": 5}, "Make a gap 3.50-5.00 s"),
        ({"op": "text_add", "text": "Hi", "start": 1, "end": 2}, "Add text"),
        ({"op": "text_update", "text_id": "t1", "position": "center"}, "Edit text"),
        ({"op": "text_delete", "text_id": "t1"}, "Delete text"),
        ({"op": "audio", "track_id": "m", "volume": 0.2}, "Change audio"),
        ({"op": "grade", "grade": "vibrant"}, "Change colour grade"),
        ({"op": "music_remove"}, "Remove music"),
    ],
)
def test_every_command_applies_and_has_a_label(ad, command, label):
    edited = apply_command(ad, command)
    assert edited != ad and describe(command) == label


def test_merge_command_undoes_a_split_command(ad):
    split = apply_command(ad, {"op": "split", "at": 1.0})
    assert apply_command(split, {"op": "merge", "clip_id": "s1"}) == ad


@pytest.mark.parametrize(
    ("payload", "code", "reason"),
    [
        ({"op": "split", "at": 2.7}, "INVALID_EDIT", "inside the transition"),
        (
            {"op": "trim", "clip_id": "s2", "out_point": 12},
            "INVALID_EDIT",
            "past the end of the 8.00s source",
        ),
        ({"op": "trim", "clip_id": "nope"}, "NOT_FOUND", "no clip 'nope'"),
        ({"op": "explode"}, "VALIDATION_ERROR", "explode"),
        ({"op": "split"}, "VALIDATION_ERROR", "Field required"),
        ({"op": "split", "at": 1, "source": "/etc/passwd"}, "VALIDATION_ERROR", "Extra inputs"),
    ],
)
def test_bad_commands_are_edit_errors_with_a_reason(ad, payload, code, reason):
    with pytest.raises(EditError, match=reason) as info:
        apply_command(ad, payload)
    assert info.value.code == code


def test_history_labels_and_depth(ad):
    history = EditHistory.start(ad, depth=2)
    for at in (1.0, 4.0, 7.0):
        history = history.record(
            describe({"op": "split", "at": at}), apply_command(history.present, {"op": "split", "at": at})
        )
    assert len(history.undo_steps) == 2 and history.undo_label == "Split at 7.00 s"
    assert history.record("same", history.present) is history
    back = history.undo()
    assert back.redo_label == "Split at 7.00 s" and back.redo().present == history.present
    assert EditHistory.start(ad).undo().present == ad
