"""Voiceover through eSpeak NG (the ``espeakng-loader`` wheel) over its C API.

Synchronous mode hands us each chunk of 16-bit mono samples through the
synth callback; we collect them and write a 22,050 Hz WAV. eSpeak keeps
global state, so calls are serialized with a lock.
"""

from __future__ import annotations

import ctypes
import io
import threading
import wave
from functools import lru_cache

SAMPLE_RATE = 22050
AUDIO_OUTPUT_SYNCHRONOUS = 0x02
ESPEAK_RATE = 1
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_SSML = 0x10  # off: user text is never markup

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
# Friendly names -> eSpeak voice names (its British English is plain "en").
VOICE_ALIASES = {"en-gb": "en", "en-uk": "en", "english": "en", "en-us-nyc": "en-us-nyc"}
# The app's languages -> eSpeak NG voices in the wheel's data (Chinese: Mandarin).
LANGUAGE_VOICES = {
    "en": "en-us",
    "es": "es",
    "de": "de",
    "fr": "fr",
    "pt": "pt",
    "it": "it",
    "ja": "ja",
    "zh": "cmn",
    "hi": "hi",
    "ar": "ar",
}
EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
_lock = threading.Lock()
_chunks: list[bytes] = []
# (character index from 1, length in characters, audio position in ms) of each word event.
_words: list[tuple[int, int, int]] = []


class _Event(ctypes.Structure):
    """``espeak_EVENT`` from speak_lib.h."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


class SpeechError(RuntimeError):
    pass


def _on_samples(wav, numsamples, events):
    if numsamples > 0 and wav:
        _chunks.append(ctypes.string_at(wav, numsamples * 2))
    if events:
        ev = ctypes.cast(events, ctypes.POINTER(_Event))
        i = 0
        while ev[i].type != EVENT_LIST_TERMINATED and i < 10_000:
            if ev[i].type == EVENT_WORD:
                _words.append((ev[i].text_position, ev[i].length, ev[i].audio_position))
            i += 1
    return 0  # 0 = continue synthesis


_callback = _SYNTH_CALLBACK(_on_samples)  # kept alive at module level: C holds the pointer


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL:
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_void_p,
    ]
    lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
    if rate <= 0:
        raise SpeechError("eSpeak NG failed to initialise")
    if rate != SAMPLE_RATE:
        raise SpeechError(f"eSpeak NG runs at {rate} Hz, expected {SAMPLE_RATE}")
    lib.espeak_SetSynthCallback(_callback)
    return lib


def voice_for(language: str) -> str:
    return LANGUAGE_VOICES.get((language or "en").lower(), "en-us")


def synthesize_pcm(text: str, voice: str = "en-us", rate: int = 165) -> bytes:
    """16-bit little-endian mono PCM at 22,050 Hz."""
    return synthesize_timed(text, voice, rate)[0]


def synthesize_timed(
    text: str, voice: str = "en-us", rate: int = 165
) -> tuple[bytes, list[tuple[int, int, float]]]:
    """PCM plus eSpeak's word events: (character index from 0, length, seconds into the audio).

    Indexes refer to ``" ".join(text.split())``, the text as spoken.
    """
    text = " ".join(text.split())
    if not text:
        raise SpeechError("nothing to say")
    if not 80 <= rate <= 450:
        raise SpeechError("speech rate must be between 80 and 450 words per minute")
    with _lock:
        lib = _library()
        name = VOICE_ALIASES.get(voice.lower(), voice)
        if lib.espeak_SetVoiceByName(name.encode()) != 0:
            raise SpeechError(f"unknown voice {voice!r}")
        lib.espeak_SetParameter(ESPEAK_RATE, int(rate), 0)
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data)
        _chunks.clear()
        _words.clear()
        err = lib.espeak_Synth(buf, len(data), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None)
        lib.espeak_Synchronize()
        if err != 0:
            raise SpeechError(f"eSpeak NG synthesis failed (code {err})")
        pcm = b"".join(_chunks)
        words = [(max(0, pos - 1), length, ms / 1000) for pos, length, ms in _words]
        _chunks.clear()
        _words.clear()
    return pcm, words


def synthesize_wav(text: str, voice: str = "en-us", rate: int = 165) -> bytes:
    return pcm_to_wav(synthesize_pcm(text, voice, rate))


def pcm_to_wav(pcm: bytes) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(SAMPLE_RATE)
        fh.writeframes(pcm)
    return buf.getvalue()
