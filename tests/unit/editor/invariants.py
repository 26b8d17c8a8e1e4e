"""What must hold for every timeline an edit produces."""

from __future__ import annotations

import itertools

from app.media.editing.layout import placements
from app.media.timeline import TimelineSpec


def assert_editor_invariants(spec: TimelineSpec) -> None:
    # Still a valid spec: re-validating its JSON gives the same timeline.
    assert TimelineSpec.model_validate_json(spec.model_dump_json()) == spec
    places = placements(spec)
    for place, nxt in itertools.pairwise(places):
        # One video track: the next clip starts after this one does, overlapping it only by the
        # transition between them (a hard cut does not overlap at all).
        assert nxt.start > place.start
        assert place.end - nxt.start <= place.transition_out + 1e-6
        assert place.end - nxt.start >= -1e-6
    for clip in spec.clips:
        if clip.is_video:
            # Never a clip outside its source.
            assert 0 <= clip.in_point < clip.out_point
            if clip.source_duration is not None:
                assert clip.out_point <= clip.source_duration + 1e-3
        assert clip.length > 0
    ids = [x.id for x in [*spec.clips, *spec.texts, *spec.audio]]
    assert all(ids) and len(ids) == len(set(ids))
    for text in spec.texts:
        assert 0 <= text.start < spec.duration and text.end > text.start


def content_signature(spec: TimelineSpec) -> list[tuple]:
    """What the video track shows, with continuous pieces of one shot joined (a split is invisible)."""
    out: list[tuple] = []
    for clip in spec.clips:
        media = (clip.kind, clip.source, clip.motion, clip.speed, clip.foreground)
        span = round(clip.effective_motion_span, 6) if clip.is_still else None
        if clip.is_video:
            window = (clip.in_point, clip.out_point)
        else:
            window = (clip.motion_offset, round(clip.motion_offset + clip.length, 6))
        transition = clip.transition.model_dump() if clip.transition else None
        if out:
            prev_media, prev_window, prev_span, prev_transition = out[-1]
            continuous = abs(prev_window[1] - window[0]) < 1e-6
            if prev_media == media and prev_span == span and prev_transition is None and continuous:
                out.pop()
                window = (prev_window[0], window[1])
        out.append((media, window, span, transition))
    return out
