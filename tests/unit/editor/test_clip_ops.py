"""Each video-track operation does what an editor user expects, and refuses with a reason."""

from __future__ import annotations

import pytest

from app.media.editing.checks import EditError
from app.media.editing.clip_ops import (
    delete_clip,
    merge_clips,
    move_clip,
    retime_clip,
    set_transition,
    split_at,
    trim_clip,
)
from app.media.timeline import TimelineSpec


def _texts(spec: TimelineSpec) -> list[tuple[str, float, float]]:
    return [(t.text, t.start, t.end) for t in spec.texts]


def test_operations_never_change_their_input(ad):
    before = ad.model_dump()
    split_at(ad, 1.0)
    trim_clip(ad, "s2", in_point=2)
    delete_clip(ad, "s2")
    move_clip(ad, "s3", 0)
    assert ad.model_dump() == before


def test_split_a_still_keeps_its_move_continuous_across_the_halves(ad):
    spec = split_at(ad, 1.0, new_id="s1b")
    left, right = spec.clips[0], spec.clips[1]
    assert (left.id, left.duration, left.motion_offset, left.motion_span) == ("s1", 1.0, 0.0, 3.0)
    assert (right.id, right.duration, right.motion_offset, right.motion_span) == ("s1b", 2.0, 1.0, 3.0)
    # The transition into the next scene stays on the right half; the halves meet with a cut.
    assert left.transition is None and right.transition.duration == 0.5
    assert right.origin == left.origin == ad.clips[0].origin
    assert spec.duration == ad.duration and spec.texts == ad.texts


def test_split_a_video_cuts_its_source_window(ad):
    spec = split_at(ad, 4.0, new_id="s2b")
    assert [(c.in_point, c.out_point) for c in spec.clips[1:3]] == [(1.0, 2.5), (2.5, 5.0)]
    assert merge_clips(spec, "s2") == ad


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        (2.7, "inside the transition into this clip"),
        (2.6, "inside the transition into this clip"),
        (2.8, "inside the transition into this clip"),
        (3.2, None),
        (6.45, "shorter than 0.1s"),
        (9.0, "outside the timeline"),
        (2.5, "shorter than 0.1s"),
    ],
)
def test_split_points_are_validated(ad, at, reason):
    if reason is None:
        split_at(ad, at)
        return
    with pytest.raises(EditError, match=reason):
        split_at(ad, at)


def test_merge_refuses_clips_that_are_not_one_shot(ad):
    with pytest.raises(EditError, match="transition between the two clips"):
        merge_clips(ad, "s1")
    with pytest.raises(EditError, match="same media"):
        merge_clips(ad, "s2")
    with pytest.raises(EditError, match="last clip"):
        merge_clips(ad, "s3")


def test_ripple_trim_shifts_what_comes_after(ad):
    spec = trim_clip(ad, "s2", in_point=2, out_point=4)
    assert spec.duration == pytest.approx(ad.duration - 2)
    assert (spec.clips[1].in_point, spec.clips[1].out_point) == (2, 4)
    # "Two" sat on the part of s2 that stays (1 s in the clip starts it now); "Three" moved up 2 s.
    assert _texts(spec) == [("One", 0.2, 2.4), ("Two", 2.5, 4.5), ("Three", 4.6, 6.4)]


def test_trim_in_place_leaves_gaps_and_keeps_every_other_clip_where_it_was(ad):
    spec = trim_clip(ad, "s2", in_point=2, out_point=4, ripple_edit=False)
    assert [c.kind for c in spec.clips] == ["media", "gap", "media", "gap", "media"]
    assert [c.length for c in spec.clips] == [3, 1, 2, 1, 2]
    assert spec.clip_starts()[-1] == ad.clip_starts()[-1] and spec.texts == ad.texts
    # Lengthening back into the gaps restores the clip and closes them.
    back = trim_clip(spec, "s2", in_point=1, out_point=5, ripple_edit=False)
    assert back == ad


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"out_point": 9}, "past the end of the 8.00s source video"),
        ({"in_point": -1}, "before the start of the source"),
        ({"in_point": 4, "out_point": 3}, "must be after the in point"),
        ({"in_point": 4.95}, "at least 0.1s"),
        ({"in_point": 4.6}, "transition into it"),
    ],
)
def test_trim_points_are_validated_against_the_source(ad, change, reason):
    with pytest.raises(EditError, match=reason):
        trim_clip(ad, "s2", **change)


def test_trim_a_still_cuts_its_move(ad):
    spec = trim_clip(ad, "s1", in_point=1.0)
    assert (spec.clips[0].motion_offset, spec.clips[0].duration, spec.clips[0].motion_span) == (1, 2, 3)
    assert trim_clip(spec, "s1", in_point=0).clips[0] == ad.clips[0]


def test_lengthening_without_room_is_refused(ad):
    with pytest.raises(EditError, match="no room"):
        trim_clip(ad, "s3", out_point=3, ripple_edit=False)


def test_ripple_delete_removes_the_scene_with_its_text_and_voice(ad):
    spec = delete_clip(ad, "s2")
    assert [c.id for c in spec.clips] == ["s1", "s3"] and spec.duration == 4.5
    assert _texts(spec) == [("One", 0.2, 2.4), ("Three", 2.6, 4.4)]
    voice = [(a.start, a.in_point, a.duration) for a in spec.audio if a.kind == "voiceover"]
    assert voice == [(0.3, 0.0, 2.2), (2.5, 6.2, 1.8)]
    music = [a for a in spec.audio if a.kind == "music"]
    assert music == [ad.audio[0]]  # the bed plays on, trimmed by the shorter timeline


def test_delete_in_place_leaves_a_gap_of_the_same_length(ad):
    spec = delete_clip(ad, "s2", ripple_edit=False)
    assert spec.clips[1].is_gap and spec.clips[1].length == 4 and spec.duration == ad.duration
    assert spec.texts == ad.texts
    with pytest.raises(EditError, match="already a gap"):
        delete_clip(spec, spec.clips[1].id, ripple_edit=False)
    with pytest.raises(EditError, match="at least one clip"):
        delete_clip(TimelineSpec.model_validate({"clips": [{"source": "a.png", "duration": 2}]}), "c1")


def test_move_carries_texts_and_voice_with_the_scene(ad):
    spec = move_clip(ad, "s3", 0)
    assert [c.id for c in spec.clips] == ["s3", "s1", "s2"] and spec.duration == ad.duration
    assert _texts(spec) == [("One", 2.2, 4.4), ("Two", 4.8, 8.2), ("Three", 0.1, 1.9)]
    assert spec.clips[0].transition is None and spec.clips[1].transition.duration == 0.5
    assert move_clip(ad, "s3", 2) is ad
    with pytest.raises(EditError, match="outside the track"):
        move_clip(ad, "s3", 5)


def test_moving_a_clip_next_to_a_short_one_shortens_the_transition():
    spec = TimelineSpec.model_validate(
        {
            "clips": [
                {"id": "a", "source": "a.png", "duration": 3, "transition": {"duration": 1.0}},
                {"id": "b", "source": "b.png", "duration": 3},
                {"id": "c", "source": "c.png", "duration": 0.5},
            ]
        }
    )
    moved = move_clip(spec, "c", 1)
    assert [c.id for c in moved.clips] == ["a", "c", "b"] and moved.clips[0].transition.duration == 0.4


def test_transitions_shift_later_content(ad):
    spec = set_transition(ad, "s2", "wipe", duration=0.5, direction="up")
    assert spec.duration == ad.duration - 0.5
    assert _texts(spec)[-1] == ("Three", 6.1, 7.9)
    # "Two" ran 0.2 s into what is now the blend into s3: it ends where its scene does.
    assert _texts(spec)[1] == ("Two", 2.8, 6.0)
    back = set_transition(spec, "s2", None)
    assert back.clips == ad.clips and _texts(back)[-1] == ("Three", 6.6, 8.4)
    with pytest.raises(EditError, match="shorter than both clips"):
        set_transition(ad, "s2", "fade", duration=2.0)
    with pytest.raises(EditError, match="last clip"):
        set_transition(ad, "s3", "fade")


def test_retime_spreads_a_stills_move_and_refuses_videos(ad):
    spec = retime_clip(ad, "s3", 4)
    assert spec.clips[2].duration == 4 and spec.duration == ad.duration + 2
    with pytest.raises(EditError, match="trim it instead"):
        retime_clip(ad, "s2", 2)
