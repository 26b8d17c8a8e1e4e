"""Properties of the editing operations over random timelines and random edit sequences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.media.editing.checks import EditError
from app.media.editing.clip_ops import merge_clips, split_at
from app.media.editing.commands import apply_command, describe
from app.media.editing.history import EditHistory
from app.media.timeline import TimelineSpec
from tests.unit.editor.invariants import assert_editor_invariants, content_signature
from tests.unit.editor.strategies import commands_for, timelines

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _split_or_skip(spec: TimelineSpec, at: float) -> TimelineSpec | None:
    try:
        return split_at(spec, at, new_id="right-half")
    except EditError:
        return None


@SETTINGS
@given(spec=timelines(), fraction=st.floats(0.0, 1.0))
def test_split_conserves_duration_content_and_everything_else(spec: TimelineSpec, fraction: float):
    at = fraction * spec.duration
    split = _split_or_skip(spec, at)
    if split is None:
        return
    assert len(split.clips) == len(spec.clips) + 1
    assert split.duration == pytest.approx(spec.duration, abs=1e-6)
    assert content_signature(split) == content_signature(spec)
    # Nothing moved: overlays and audio are exactly as they were, on both halves.
    assert split.texts == spec.texts and split.audio == spec.audio
    assert split.clip_starts()[1:] != [] or len(spec.clips) == 0
    assert_editor_invariants(split)


@SETTINGS
@given(spec=timelines(), fraction=st.floats(0.0, 1.0))
def test_merge_after_split_restores_the_clip(spec: TimelineSpec, fraction: float):
    split = _split_or_skip(spec, fraction * spec.duration)
    if split is None:
        return
    left = split.clips[split.clips.index(next(c for c in split.clips if c.id == "right-half")) - 1]
    assert merge_clips(split, left.id) == spec


def _run(spec: TimelineSpec, data: st.DataObject, steps: int) -> tuple[EditHistory, list[TimelineSpec]]:
    history = EditHistory.start(spec)
    states = [spec]
    for _ in range(steps):
        command = data.draw(commands_for(history.present))
        try:
            edited = apply_command(history.present, command)
        except EditError as exc:
            assert exc.reason  # refused edits explain themselves
            continue
        assert_editor_invariants(edited)
        if edited != history.present:
            history = history.record(describe(command), edited)
            states.append(edited)
    return history, states


@SETTINGS
@given(spec=timelines(), data=st.data(), steps=st.integers(1, 8))
def test_any_edit_sequence_keeps_the_timeline_valid_and_undo_restores_it(spec, data, steps):
    history, states = _run(spec, data, steps)
    # Undo walks back through every state to the start; redo walks forward again.
    for expected in reversed(states[:-1]):
        history = history.undo()
        assert history.present == expected
    assert not history.can_undo and history.present == spec
    for expected in states[1:]:
        history = history.redo()
        assert history.present == expected
    assert not history.can_redo


@SETTINGS
@given(spec=timelines(), data=st.data(), steps=st.integers(1, 5))
def test_history_survives_json(spec, data, steps):
    history, _ = _run(spec, data, steps)
    again = EditHistory.from_json(history.to_json())
    assert again == history
    assert again.undo().present == history.undo().present


@SETTINGS
@given(spec=timelines(), data=st.data())
def test_undo_after_redo_and_a_new_edit_drops_the_redo_branch(spec, data):
    history, states = _run(spec, data, 3)
    if len(states) < 2:
        return
    back = history.undo()
    assert back.can_redo
    branched = back.record("Grade", back.present.model_copy(update={"grade": "vibrant"}))
    assert not branched.can_redo and branched.undo().present == back.present
