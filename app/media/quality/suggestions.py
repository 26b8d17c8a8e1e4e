"""Prompt suggestions from the weakest metrics and the user's feedback words, by rules.

Two small tables, read top to bottom:

``METRIC_RULES``: a metric below its threshold suggests a change that
removes the usual cause (VBench's dimension definitions say what each
metric reacts to). Only the weakest few fire, so the advice stays short.

``FEEDBACK_RULES``: words a marketer types after watching ("too
chaotic", "not cinematic enough", "too dark") mapped to the same kind of
change. Matching is on lower-cased text with simple stems, negation
phrases first ("not cinematic" must not hit the rule for "cinematic").

Each suggestion carries the text to show, what to add to the motion
prompt and to the negative prompt; ``apply_suggestions`` merges those
into the next iteration's prompts without repeating words already there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    text: str
    source: str  # "metric:motion_smoothness" or "feedback:too chaotic"
    add_to_prompt: str = ""
    add_to_negative: str = ""


@dataclass(frozen=True)
class MetricRule:
    metric: str
    below: float
    text: str
    add_to_prompt: str = ""
    add_to_negative: str = ""


METRIC_RULES: tuple[MetricRule, ...] = (
    MetricRule(
        "motion_smoothness",
        0.6,
        "Slower camera, fewer moving elements.",
        "slow, steady camera",
        "jitter, shaky camera",
    ),
    MetricRule(
        "subject_consistency",
        0.7,
        "Keep the product rigid and in frame: simpler motion around it.",
        "product stays still and intact",
        "morphing, warping",
    ),
    MetricRule(
        "background_consistency",
        0.6,
        "Calmer background: a static setting without changing scenery.",
        "static background",
        "changing background",
    ),
    MetricRule(
        "temporal_flicker",
        0.7,
        "Steady lighting: no flashing or pulsing light.",
        "steady even lighting",
        "flicker, strobe",
    ),
    MetricRule(
        "hero_fidelity",
        0.7,
        "Stay closer to the hero frame: same framing and colours, subtler motion.",
        "faithful to the first frame",
        "colour shift",
    ),
    MetricRule(
        "imaging_quality",
        0.55,
        "Sharper, cleaner image: crisp focus, clean even light.",
        "sharp focus, high detail",
        "blur, noise",
    ),
    MetricRule(
        "dynamic_degree", 0.15, "More motion: a slow push-in or orbit gives the clip life.", "slow push-in"
    ),
)


@dataclass(frozen=True)
class FeedbackRule:
    pattern: str  # a regular expression on lower-cased feedback
    text: str
    add_to_prompt: str = ""
    add_to_negative: str = ""


FEEDBACK_RULES: tuple[FeedbackRule, ...] = (
    FeedbackRule(
        r"\bnot (very |really |so )?cinematic|\bboring\b|\bflat\b|\bbland\b|\bcheap\b",
        "More cinematic: a slow dolly or orbit, shallow depth of field, dramatic side light.",
        "cinematic slow dolly, shallow depth of field, dramatic lighting",
    ),
    FeedbackRule(
        r"\bchao(s|tic)|\bbusy\b|\bmessy\b|\btoo much (motion|movement|going on)|\bhectic\b|\bwild\b",
        "Slower camera, fewer moving elements.",
        "slow, steady camera, minimal motion",
        "fast movements, chaotic motion",
    ),
    FeedbackRule(
        r"\bshak(y|ing|e)\b|\bjitter|\bwobbl|\bjerky\b|\bstutter",
        "Steadier camera: tripod or slow dolly instead of handheld.",
        "stable tripod shot",
        "shaky camera, jitter",
    ),
    FeedbackRule(
        r"\btoo fast\b|\brushed\b|\bhurried\b|\bdizzy",
        "Slower: halve the camera speed.",
        "slow, gentle camera move",
        "fast movements",
    ),
    FeedbackRule(
        r"\btoo slow\b|\bnothing happens\b|\btoo static\b|\bstatic\b|\bno (motion|movement)\b|\blifeless\b",
        "More motion: a push-in or orbit with a bit more intensity.",
        "dynamic push-in, more movement",
    ),
    FeedbackRule(
        r"\bflicker|\bflash|\bstrob|\bpulsing\b",
        "Steady lighting: no flashing or pulsing light.",
        "steady even lighting",
        "flicker, strobe",
    ),
    FeedbackRule(
        r"\bblurr?y\b|\bsoft\b|\bout of focus\b|\bfuzzy\b|\blow quality\b|\bpixelat",
        "Sharper image: crisp focus on the product.",
        "sharp focus, high detail",
        "blur, low quality",
    ),
    FeedbackRule(
        r"\btoo dark\b|\bdim\b|\bmurky\b",
        "Brighter, high-key light.",
        "bright high-key lighting",
        "underexposed",
    ),
    FeedbackRule(
        r"\btoo bright\b|\bwashed out\b|\bblown out\b|\boverexposed\b",
        "Softer, lower-key light.",
        "soft low-key lighting",
        "overexposed",
    ),
    FeedbackRule(
        r"\bdistort|\bwarp|\bmelt|\bmorph|\bdeform|\bweird (shape|product)",
        "Keep the product rigid: less subject motion and parallax.",
        "product stays rigid",
        "distortion, morphing",
    ),
    FeedbackRule(
        r"\bdoesn'?t look like\b|\bnot the same\b|\bchanged the product\b|\bwrong colou?r\b|\boff[- ]brand\b",
        "Stay closer to the hero frame: same framing and colours.",
        "faithful to the first frame",
        "colour shift",
    ),
)

MAX_METRIC_SUGGESTIONS = 3


def metric_suggestions(scores: Mapping[str, float], limit: int = MAX_METRIC_SUGGESTIONS) -> list[Suggestion]:
    """Suggestions for the metrics furthest below their thresholds (at most ``limit``)."""
    hits = [(float(scores[r.metric]) - r.below, r) for r in METRIC_RULES if r.metric in scores]
    hits = sorted((h for h in hits if h[0] < 0), key=lambda h: h[0])[:limit]
    return [Suggestion(r.text, f"metric:{r.metric}", r.add_to_prompt, r.add_to_negative) for _, r in hits]


def feedback_suggestions(feedback: str) -> list[Suggestion]:
    text = " ".join((feedback or "").lower().split())
    out: list[Suggestion] = []
    for rule in FEEDBACK_RULES:
        match = re.search(rule.pattern, text)
        if match:
            out.append(
                Suggestion(
                    rule.text, f"feedback:{match.group(0).strip()}", rule.add_to_prompt, rule.add_to_negative
                )
            )
    return out


def suggest(scores: Mapping[str, float] | None, feedback: str = "") -> list[Suggestion]:
    """Feedback-driven suggestions first (the user said it), then metric-driven; one per text."""
    seen: set[str] = set()
    out: list[Suggestion] = []
    for s in [*feedback_suggestions(feedback), *(metric_suggestions(scores) if scores else [])]:
        if s.text not in seen:
            seen.add(s.text)
            out.append(s)
    return out


def _merge(base: str, additions: Iterable[str]) -> str:
    parts = [p.strip() for p in re.split(r"[,;\n]", base) if p.strip()]
    have = {p.lower() for p in parts}
    for addition in additions:
        for piece in (p.strip() for p in addition.split(",")):
            if piece and piece.lower() not in have and piece.lower() not in base.lower():
                parts.append(piece)
                have.add(piece.lower())
    return ", ".join(parts)


def apply_suggestions(
    motion_prompt: str, negative_prompt: str, suggestions: Iterable[Suggestion]
) -> tuple[str, str]:
    """The next iteration's (motion prompt, negative prompt) with the suggestions folded in."""
    chosen = list(suggestions)
    return (
        _merge(motion_prompt, (s.add_to_prompt for s in chosen)),
        _merge(negative_prompt, (s.add_to_negative for s in chosen)),
    )
