"""DeepSeek as planner and enhancer, against the fake DeepSeek server; every bad answer falls back."""

from __future__ import annotations

import json

import pytest

from app.services import creative
from tests.fakes.deepseek import ChatReply, FakeDeepSeek


def _scenes(n: int, **override) -> list[dict]:
    return [
        {
            "scene_number": i,
            "scene_type": "whatever",
            "visual_prompt": f"DS visual {i}: the cup on a marble counter",
            "text_overlay": f"DS caption {i}",
            "voiceover": f"DeepSeek line {i}.",
            "duration": 99,
            **override,
        }
        for i in range(1, n + 1)
    ]


def test_planner_uses_a_valid_deepseek_script(deepseek: FakeDeepSeek):
    deepseek.reply(json.dumps({"scenes": _scenes(4), "cta": "Get your cup"}))
    script = creative.plan_script(
        "Aroma Cup", description="No more cold coffee", style="unboxing", framework="auto", duration=15
    )
    assert script.engine == "deepseek" and script.framework == "PAS"
    assert [s.text_overlay for s in script.scenes] == [f"DS caption {i}" for i in range(1, 5)]
    # Our beats, shots and lengths are the contract; the model only writes the words.
    assert [s.scene_type for s in script.scenes] == ["problem", "agitate", "solve", "resolution"]
    assert [s.shot for s in script.scenes] == ["package", "reveal", "detail", "verdict"]
    assert [s.duration for s in script.scenes] == [4, 3, 4, 4]
    assert script.cta == "Get your cup"
    assert script.notes[-1] == "Script written by DeepSeek."
    [body] = deepseek.bodies
    assert body["response_format"] == {"type": "json_object"} and body["model"] == "deepseek-flash"
    brief = json.loads(body["messages"][1]["content"])
    assert [s["scene_type"] for s in brief["scenes"]] == ["problem", "agitate", "solve", "resolution"]
    assert brief["scenes"][0]["max_voiceover_words"] >= 3 and "unboxing" in brief["style"]


@pytest.mark.parametrize(
    ("reply", "note"),
    [
        (json.dumps({"scenes": _scenes(3), "cta": "Go"}), "did not pass our checks"),  # PAS needs 4
        (json.dumps({"scenes": _scenes(4, voiceover=""), "cta": "Go"}), "did not pass our checks"),
        (json.dumps({"scenes": _scenes(4, text_overlay="x" * 300), "cta": "Go"}), "did not pass our checks"),
        (json.dumps({"scenes": _scenes(4)}), "did not pass our checks"),  # no CTA
        (json.dumps({"plan": "none"}), "did not pass our checks"),
        ("this is not json", "unavailable"),
        (ChatReply(status=402, message="Insufficient Balance"), "unavailable"),
    ],
)
def test_planner_falls_back_to_local_on_bad_answers(deepseek: FakeDeepSeek, reply, note):
    deepseek.reply(reply)
    script = creative.plan_script("Aroma Cup", framework="PAS", duration=15)
    assert script.engine == "local"
    assert any(note in n for n in script.notes), script.notes
    assert len(script.scenes) == 4 and all(s.text_overlay and s.voiceover for s in script.scenes)
    assert not any("DS caption" in s.text_overlay for s in script.scenes)


def test_planner_falls_back_when_deepseek_is_down(deepseek: FakeDeepSeek):
    deepseek.reply(ChatReply(status=503, message="busy"), ChatReply(status=503, message="busy"))
    script = creative.plan_script("Aroma Cup", framework="AIDA", duration=10)
    assert script.engine == "local" and "unavailable" in script.notes[-1]
    assert len(deepseek.bodies) == 2  # one retry, then the offline planner


def test_worker_planning_never_calls_deepseek(deepseek: FakeDeepSeek):
    script = creative.plan_script("Aroma Cup", duration=15, use_vendor=False)
    assert script.engine == "local" and deepseek.bodies == []


def test_enhancer_uses_deepseek_when_it_keeps_the_subject(deepseek: FakeDeepSeek):
    original = "A ceramic mug on a wooden table"
    deepseek.reply(
        json.dumps(
            {
                "enhanced": f"{original}, soft window light, 50mm lens, warm mood",
                "notes": ["Lighting: soft window light", "Camera: 50mm lens"],
            }
        )
    )
    result = creative.enhance(original, "video", style="lifestyle", selling_points=["Hand glazed"])
    assert result.engine == "deepseek"
    assert result.enhanced == f"{original}, soft window light, 50mm lens, warm mood"
    assert result.notes == ["Lighting: soft window light", "Camera: 50mm lens"]
    [body] = deepseek.bodies
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "camera motion and pacing" in system and "JSON" in system
    assert f"Prompt: {original}" in user and "Hand glazed" in user


@pytest.mark.parametrize(
    ("reply", "note"),
    [
        (json.dumps({"enhanced": "A porcelain cup on a stone table, soft light", "notes": ["x"]}), "changed"),
        (
            json.dumps({"enhanced": "A ceramic mug on a wooden table", "notes": ["x"]}),
            "changed",
        ),  # adds nothing
        (json.dumps({"enhanced": "A ceramic mug on a wooden table, soft light", "notes": []}), "changed"),
        (json.dumps({"text": "hi"}), "changed"),
        (ChatReply(status=401, message="Authentication Fails"), "unavailable"),
    ],
)
def test_enhancer_falls_back_to_local(deepseek: FakeDeepSeek, reply, note):
    deepseek.reply(reply)
    result = creative.enhance("A ceramic mug on a wooden table", "image", style="studio")
    assert result.engine == "local"
    assert result.enhanced.startswith("A ceramic mug on a wooden table. ")
    assert note in result.notes[-1]
    assert any(n.startswith("Lighting: ") for n in result.notes)
