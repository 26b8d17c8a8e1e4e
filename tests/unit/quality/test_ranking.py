"""Auto pick with its reason, agreement rate, rule-based suggestions."""

from __future__ import annotations

import pytest

from app.media.quality import WEIGHTS, agreement_rate, apply_suggestions, auto_pick, overall_score, suggest

BASE = {
    "subject_consistency": 0.9,
    "background_consistency": 0.9,
    "motion_smoothness": 0.9,
    "dynamic_degree": 0.4,
    "temporal_flicker": 0.95,
    "imaging_quality": 0.8,
    "hero_fidelity": 0.9,
}


def attempt(**changes: float) -> dict[str, float]:
    scores = {**BASE, **changes}
    return {**scores, "overall": overall_score(scores)}


def test_best_overall_wins_and_the_reason_names_what_decided_it() -> None:
    pick = auto_pick(
        {
            "a1": attempt(motion_smoothness=0.4),
            "a2": attempt(),
            "a3": attempt(hero_fidelity=0.6, dynamic_degree=0.9),
        }
    )
    assert pick.attempt_id == "a2"
    assert pick.runner_up_id == "a3"
    assert pick.deciding[0].metric == "hero_fidelity"
    assert pick.deciding[0].difference == pytest.approx(0.3)
    assert pick.deciding[0].weighted == pytest.approx(0.3 * WEIGHTS["hero_fidelity"])
    assert pick.margin == pytest.approx(0.3 * WEIGHTS["hero_fidelity"] - 0.5 * WEIGHTS["dynamic_degree"])
    assert "hero fidelity +0.30" in pick.reason
    # What the runner-up did better is said too.
    assert "gave up dynamic degree -0.50" in pick.reason
    assert pick.as_dict()["asset_id"] == "a2"


def test_ties_go_to_the_smoother_attempt_regardless_of_order() -> None:
    a = attempt(motion_smoothness=0.92, subject_consistency=0.9)
    b = attempt(motion_smoothness=0.90, subject_consistency=0.92)
    assert abs(a["overall"] - b["overall"]) < 0.005
    for order in (("x", a, "y", b), ("y", b, "x", a)):
        pick = auto_pick([(order[0], order[1]), (order[2], order[3])])
        assert pick.attempt_id == "x"
        assert "Tied on overall" in pick.reason and "motion smoothness (0.92 vs 0.90)" in pick.reason


def test_single_attempt_and_missing_overall() -> None:
    scores = dict(BASE)
    pick = auto_pick({"only": scores})
    assert pick.attempt_id == "only" and pick.runner_up_id is None
    assert pick.overall == pytest.approx(overall_score(BASE))
    assert pick.reason.startswith("Only attempt")
    with pytest.raises(ValueError):
        auto_pick({})


def test_agreement_rate_counts_overrides_and_skips_undecided() -> None:
    result = agreement_rate([("a", "a"), ("b", "c"), ("d", None), ("e", "e"), (None, "f")])
    assert (result.agreed, result.decided) == (2, 3)
    assert result.rate == pytest.approx(2 / 3)
    assert agreement_rate([]).rate is None


def test_weakest_metrics_drive_suggestions_weakest_first() -> None:
    scores = attempt(motion_smoothness=0.3, temporal_flicker=0.5, imaging_quality=0.7)
    texts = [s.text for s in suggest(scores)]
    assert texts[0] == "Slower camera, fewer moving elements."
    assert any("Steady lighting" in t for t in texts)
    assert not any("Sharper" in t for t in texts)  # 0.7 is above its threshold
    assert suggest(attempt()) == []


def test_feedback_words_map_to_changes_and_negations_are_respected() -> None:
    chaotic = suggest(None, "Too chaotic, and the camera is shaky")
    assert [s.source for s in chaotic][:2] == ["feedback:chaotic", "feedback:shaky"]
    assert chaotic[0].text == "Slower camera, fewer moving elements."
    not_cinematic = suggest(None, "Not cinematic enough")
    assert len(not_cinematic) == 1 and "cinematic" in not_cinematic[0].add_to_prompt
    assert suggest(None, "love it") == []


def test_feedback_and_metrics_merge_without_duplicates_and_apply_to_prompts() -> None:
    found = suggest(attempt(motion_smoothness=0.2), "too chaotic")
    assert [s.text for s in found].count("Slower camera, fewer moving elements.") == 1
    prompt, negative = apply_suggestions("slow push-in on the bottle", "fast movements, flicker", found)
    assert prompt.startswith("slow push-in on the bottle, ")
    assert "steady camera" in prompt
    assert negative.split(", ")[:2] == ["fast movements", "flicker"]
    assert negative.lower().count("fast movements") == 1
    assert "chaotic motion" in negative
