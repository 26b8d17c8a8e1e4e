"""``local-tts``: eSpeak NG voiceover as a SpeechModel."""

from __future__ import annotations

from app.media.tts import SAMPLE_RATE, SpeechError, synthesize_pcm, synthesize_wav
from app.providers.base import GeneratedMedia, SpeechModel
from app.providers.errors import ProviderError, ProviderErrorCode


class LocalSpeechModel(SpeechModel):
    model_id = "local-tts"
    label = "eSpeak NG (offline)"

    def synthesize(self, text: str, *, voice: str = "en-us", rate: int = 165) -> GeneratedMedia:
        try:
            data = synthesize_wav(text, voice, rate)
        except SpeechError as exc:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, str(exc)) from exc
        samples = (len(data) - 44) // 2
        return GeneratedMedia(
            content_type="audio/wav",
            data=data,
            duration=samples / SAMPLE_RATE,
            extra={"voice": voice, "rate": rate, "sample_rate": SAMPLE_RATE},
        )


__all__ = ["LocalSpeechModel", "synthesize_pcm"]
