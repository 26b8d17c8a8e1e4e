"""Hypothesis strategies: valid editor timelines and random edit commands on them."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from app.media.timeline import TimelineSpec

MOTIONS = ["none", "push_in", "pull_out", "pan_left", "ken_burns"]
# Times on a millisecond grid, as planners and the editor UI write them.
ms = st.integers(min_value=0, max_value=30_000).map(lambda n: n / 1000)


@st.composite
def clip_dicts(draw) -> dict:
    kind = draw(st.sampled_from(["still", "still", "video", "gap"]))
    if kind == "still":
        return {
            "source": draw(st.sampled_from(["a.png", "b.jpg", "c.png"])),
            "duration": draw(st.integers(500, 5000)) / 1000,
            "motion": draw(st.sampled_from(MOTIONS)),
        }
    if kind == "gap":
        return {"kind": "gap", "duration": draw(st.integers(500, 3000)) / 1000}
    source_duration = draw(st.integers(2000, 10_000)) / 1000
    in_point = draw(st.integers(0, int(source_duration * 1000) - 600)) / 1000
    out_point = draw(st.integers(int(in_point * 1000) + 500, int(source_duration * 1000))) / 1000
    return {
        "source": draw(st.sampled_from(["v1.mp4", "v2.mp4"])),
        "in_point": in_point,
        "out_point": out_point,
        "source_duration": source_duration,
    }


@st.composite
def timelines(draw) -> TimelineSpec:
    clips = draw(st.lists(clip_dicts(), min_size=1, max_size=6))
    lengths = [c["duration"] if "duration" in c else round(c["out_point"] - c["in_point"], 6) for c in clips]
    for i in range(len(clips) - 1):
        if draw(st.booleans()):
            limit = min(lengths[i], lengths[i + 1])
            duration = draw(st.integers(100, max(100, min(600, int(limit * 1000 * 0.8))))) / 1000
            if duration < limit:
                kind = draw(st.sampled_from(["fade", "slide", "wipe", "zoom"]))
                clips[i]["transition"] = {"kind": kind, "duration": duration}
    total = sum(lengths) - sum(c.get("transition", {}).get("duration", 0) for c in clips[:-1])
    assume(total >= 0.5)  # the spec's own floor: shorter timelines are invalid by design
    texts = []
    for k in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, max(0, int(total * 1000) - 300))) / 1000
        end = start + draw(st.integers(200, 4000)) / 1000
        texts.append({"text": f"Caption {k}", "start": start, "end": end})
    audio = []
    if draw(st.booleans()):
        audio.append({"kind": "music", "source": "music.wav", "volume": 0.6})
    if draw(st.booleans()):
        audio.append(
            {"kind": "voiceover", "source": "voice.wav", "start": 0.2, "source_duration": round(total, 3)}
        )
    return TimelineSpec.model_validate(
        {"output": {"purpose": "clip"}, "clips": clips, "texts": texts, "audio": audio}
    )


@st.composite
def commands_for(draw, spec: TimelineSpec) -> dict:
    """One edit command aimed at ``spec`` (it may still be refused: that is part of the test)."""
    ids = [c.id for c in spec.clips]
    clip_id = draw(st.sampled_from(ids))
    at = draw(st.floats(min_value=0, max_value=spec.duration, allow_nan=False))
    op = draw(
        st.sampled_from(
            ["trim", "split", "split", "merge", "delete", "move", "transition", "retime", "gap", "text_add"]
        )
    )
    if op == "trim":
        clip = next(c for c in spec.clips if c.id == clip_id)
        lo = clip.in_point if clip.is_video else clip.motion_offset
        return {
            "op": "trim",
            "clip_id": clip_id,
            "in_point": round(max(0.0, lo + draw(st.floats(-0.5, 1.5))), 3),
            "out_point": round(lo + clip.length + draw(st.floats(-1.5, 1.0)), 3),
            "ripple": draw(st.booleans()),
        }
    if op == "split":
        return {"op": "split", "at": at}
    if op in ("merge",):
        return {"op": op, "clip_id": clip_id}
    if op == "delete":
        return {"op": "delete", "clip_id": clip_id, "ripple": draw(st.booleans())}
    if op == "move":
        return {"op": "move", "clip_id": clip_id, "to_index": draw(st.integers(0, len(ids) - 1))}
    if op == "transition":
        kind = draw(st.sampled_from([None, "fade", "wipe"]))
        return {"op": "transition", "clip_id": clip_id, "kind": kind, "duration": draw(st.floats(0.1, 0.8))}
    if op == "retime":
        return {"op": "retime", "clip_id": clip_id, "duration": round(draw(st.floats(0.2, 4.0)), 3)}
    if op == "gap":
        end = min(spec.duration, at + draw(st.floats(0.1, 3.0)))
        return {"op": "gap", "start": at, "end": end}
    return {"op": "text_add", "text": "New", "start": at * 0.9, "end": at * 0.9 + 1.0}
