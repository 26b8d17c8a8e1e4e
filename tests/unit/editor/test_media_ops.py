"""Replacing media, gaps and the requests that fill them."""

from __future__ import annotations

import pytest

from app.media.editing.checks import EditError
from app.media.editing.media_ops import (
    fill_gap,
    make_gap,
    regeneration_request,
    replace_clip_media,
    restore_clip_media,
)
from app.media.timeline import ClipOrigin


def test_replace_keeps_the_slot_and_remembers_the_original(ad):
    spec = replace_clip_media(ad, "s2", "library.mp4", source_duration=10, in_point=2)
    clip = spec.clips[1]
    assert (clip.id, clip.source, clip.in_point, clip.out_point, clip.length) == (
        "s2",
        "library.mp4",
        2,
        6,
        4,
    )
    assert clip.origin.kind == "library" and clip.origin.original_source == "v.mp4"
    assert spec.duration == ad.duration and spec.texts == ad.texts
    twice = replace_clip_media(spec, "s2", "b.png")
    assert twice.clips[1].is_still and twice.clips[1].duration == 4
    assert twice.clips[1].origin.original_source == "v.mp4"
    restored = restore_clip_media(twice, "s2")
    assert restored.clips[1].source == "v.mp4" and restored.clips[1].source_duration == 8


def test_replacing_with_a_too_short_video_is_refused(ad):
    with pytest.raises(EditError, match=r"runs 3.00s from its in point; this slot needs 4.00s"):
        replace_clip_media(ad, "s2", "short.mp4", source_duration=3)
    with pytest.raises(EditError, match="original media"):
        restore_clip_media(ad, "s2")


def test_make_gap_splits_at_the_edges_and_keeps_every_place(ad):
    spec = make_gap(ad, 3.5, 5.0, gap_id="g")
    kinds = [(c.id, c.kind, c.length) for c in spec.clips]
    assert kinds[2] == ("g", "gap", 1.5) and len(kinds) == 5
    assert spec.duration == ad.duration and spec.texts == ad.texts and spec.audio == ad.audio
    assert spec.clip_starts()[-1] == ad.clip_starts()[-1]


def test_a_gap_over_a_whole_clip_takes_its_transition_overlap_too(ad):
    spec = make_gap(ad, 0, 2.5, gap_id="g")
    gap = spec.clips[0]
    # The gap covers the scene including the 0.5 s it blends into the next one.
    assert gap.is_gap and gap.length == 3 and gap.transition.duration == 0.5


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (2.7, 4, "inside the transition"),
        (4, 3, "start before end"),
        (1, 1.05, "at least 0.1s"),
        (0, 9, "inside"),
    ],
)
def test_gap_ranges_are_validated(ad, start, end, reason):
    with pytest.raises(EditError, match=reason):
        make_gap(ad, start, end)


def test_fill_gap_with_a_generated_clip_of_exactly_its_length(ad):
    spec = make_gap(ad, 3.5, 5.0, gap_id="g")
    request = regeneration_request(spec, "g")
    # A gap borrows its neighbours' generation settings: here the first scene's prompt and seed.
    assert (request.duration, request.aspect, request.width, request.height) == (1.5, "9:16", 1080, 1920)
    assert (request.prompt, request.seed, request.based_on) == ("espresso cup on marble", 42, "s1")
    origin = ClipOrigin(prompt=request.prompt, seed=request.seed, model="local-video")
    filled = fill_gap(spec, "g", "gen.mp4", source_duration=1.5, origin=origin, clip_id="gen")
    clip = filled.clips[2]
    assert (clip.id, clip.kind, clip.in_point, clip.out_point, clip.origin.seed) == (
        "gen",
        "media",
        0,
        1.5,
        42,
    )
    assert filled.duration == ad.duration
    with pytest.raises(EditError, match="not a gap"):
        fill_gap(filled, "gen", "x.mp4")
    with pytest.raises(EditError, match=r"this slot needs 1\.50s"):
        fill_gap(spec, "g", "gen.mp4", source_duration=1.0)


def test_regenerating_a_clip_reuses_its_own_settings_with_a_new_prompt(ad):
    request = regeneration_request(ad, "s1", prompt="espresso cup, morning light")
    assert (request.clip_id, request.duration, request.seed) == ("s1", 3, 42)
    assert request.prompt == "espresso cup, morning light"
