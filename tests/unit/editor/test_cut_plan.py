"""Which edits of an export are cut-only, and the frame runs that make them (no rendering)."""

from __future__ import annotations

import pytest

from app.media.editing import clip_ops, overlay_ops
from app.media.editing.cut_plan import CopyRun, NotCutOnly, plan_cut_only
from app.media.editing.export import export_spec
from app.media.timeline import TimelineSpec


@pytest.fixture
def exported() -> TimelineSpec:
    return export_spec(
        TimelineSpec.model_validate(
            {
                "output": {"fps": 30},
                "clips": [
                    {"id": "a", "source": "a.png", "duration": 2, "motion": "push_in"},
                    {"id": "b", "source": "v.mp4", "in_point": 1, "out_point": 4, "source_duration": 9},
                    {"id": "c", "source": "c.png", "duration": 2, "transition": {"duration": 0.5}},
                    {"id": "d", "source": "d.png", "duration": 2},
                ],
                "texts": [{"text": "On b", "start": 2.2, "end": 4.5}],
                "fade_in": 0.2,
            }
        )
    )


def _plan(before: TimelineSpec, after: TimelineSpec):
    return plan_cut_only(before, export_spec(after))


def test_an_unchanged_timeline_is_one_run(exported):
    plan = _plan(exported, exported)
    assert plan.runs == [CopyRun(0, 255)] and plan.source_frames == 255


def test_splits_are_invisible_and_trims_shorten_a_run(exported):
    split = clip_ops.split_at(exported, 1.0)
    assert _plan(exported, split).runs == [CopyRun(0, 255)]
    trimmed = clip_ops.trim_clip(exported, "b", out_point=3.5)
    assert _plan(exported, trimmed).runs == [CopyRun(0, 135), CopyRun(150, 255)]


def test_moving_a_clip_reorders_runs_and_its_text_goes_with_it(exported):
    moved = clip_ops.move_clip(exported, "b", 3)
    assert [t.start for t in moved.texts] == [pytest.approx(5.7)]
    # a, then c+d (their crossfade copied as it was), then b; the fade-in stays at the start.
    assert _plan(exported, moved).runs == [CopyRun(0, 60), CopyRun(150, 255), CopyRun(60, 150)]


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda s: overlay_ops.set_grade(s, "luxury"), "grade changed"),
        (lambda s: overlay_ops.update_text(s, "t1", position="top"), "text overlays changed"),
        (lambda s: clip_ops.delete_clip(s, "c"), "transition"),
        (lambda s: clip_ops.move_clip(s, "a", 1), "opening fade"),
        (lambda s: clip_ops.trim_clip(s, "b", in_point=1.5), "cut goes through the text"),
        (lambda s: clip_ops.retime_clip(s, "a", 3), "shows something the exported video does not"),
        (lambda s: clip_ops.trim_clip(s, "b", out_point=3.51), "frame count differs"),
    ],
)
def test_edits_that_need_a_render_say_why(exported, edit, reason):
    with pytest.raises(NotCutOnly, match=reason):
        _plan(exported, edit(exported))


def test_only_cut_friendly_mp4_exports_qualify(exported):
    plain = exported.model_copy(
        update={"output": exported.output.model_copy(update={"keyframe_interval": None})}
    )
    with pytest.raises(NotCutOnly, match="cut-friendly keyframes"):
        plan_cut_only(plain, plain)
    webm = export_spec(exported, format="webm")
    with pytest.raises(NotCutOnly, match="output settings"):
        plan_cut_only(webm, webm)
