"""DeepSeek chat adapter (§2): JSON mode, current model names, error codes."""

from __future__ import annotations

import pytest

from app.providers.deepseek import DeepSeekChatModel
from app.providers.errors import ProviderError, ProviderErrorCode
from tests.fakes.deepseek import ChatReply, FakeDeepSeek
from tests.integration.providers.conftest import set_env

Code = ProviderErrorCode


def ask(system: str = "You write ad scripts as JSON.", user: str = "Plan a 3-scene ad") -> dict:
    return DeepSeekChatModel().complete_json(system, user, temperature=0.3)


def expect(code: Code) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        ask()
    assert info.value.code == code, info.value
    return info.value


def test_json_mode_request_and_parse(deepseek: FakeDeepSeek) -> None:
    deepseek.reply('{"scenes": [{"text": "Hook"}]}')
    assert ask() == {"scenes": [{"text": "Hook"}]}
    (body,) = deepseek.bodies
    assert body["model"] == "deepseek-flash"
    assert body["response_format"] == {"type": "json_object"}
    assert body["thinking"] == {"type": "disabled"} and body["temperature"] == 0.3
    assert deepseek.requests[0]["headers"]["authorization"] == f"Bearer {deepseek.api_key}"


def test_prompt_without_json_word_gets_hint(deepseek: FakeDeepSeek) -> None:
    DeepSeekChatModel().complete_json("You plan ads.", "Three scenes please")
    assert "json" in deepseek.bodies[0]["messages"][0]["content"].lower()


def test_retired_model_name_is_mapped(deepseek: FakeDeepSeek, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, DEEPSEEK_MODEL="deepseek-chat")
    assert DeepSeekChatModel().model_id == "deepseek-flash"
    ask()
    assert deepseek.bodies[0]["model"] == "deepseek-flash"


def test_keepalive_blank_lines_are_ignored(deepseek: FakeDeepSeek) -> None:
    deepseek.keepalive_lines = 3
    deepseek.reply('{"a": 1}')
    assert ask() == {"a": 1}


def test_blank_content_is_retried_once(deepseek: FakeDeepSeek) -> None:
    deepseek.reply("   ", '{"ok": 2}')
    assert ask() == {"ok": 2}
    deepseek.reply("  ", "   ")
    expect(Code.UNAVAILABLE)


def test_errors(deepseek: FakeDeepSeek) -> None:
    deepseek.reply(ChatReply(status=402, message="Insufficient Balance"))
    err = expect(Code.VENDOR_BALANCE)
    assert "Insufficient Balance" in err.detail and "Insufficient" not in err.message
    deepseek.reply(*[ChatReply(status=429, message="Rate Limit Reached", headers={"Retry-After": "0"})] * 2)
    assert expect(Code.RATE_LIMITED).retry_after == 0
    deepseek.reply(*[ChatReply(status=503, message="Server Overloaded")] * 2)
    expect(Code.UNAVAILABLE)
    deepseek.reply(ChatReply(status=400, message="Content Exists Risk"))
    expect(Code.SAFETY_BLOCKED)
    deepseek.reply(ChatReply(status=422, message="Invalid Parameters"))
    expect(Code.INVALID_INPUT)
    deepseek.reply(ChatReply(content='["not", "an object"]'))
    expect(Code.FAILED)


def test_timeout(deepseek: FakeDeepSeek, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, PROVIDER_TIMEOUT_SECONDS="0.2")
    deepseek.reply(*[ChatReply(delay=1.0)] * 2)
    expect(Code.TIMEOUT)


def test_wrong_key(deepseek: FakeDeepSeek, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, DEEPSEEK_API_KEY="sk-wrong")
    expect(Code.AUTH_FAILED)


def test_balance(deepseek: FakeDeepSeek) -> None:
    assert DeepSeekChatModel().balance()["balance_infos"][0]["total_balance"] == "110.00"
