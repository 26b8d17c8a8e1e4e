"""Captions from our own voiceover: word timing, cues, and the .srt / .vtt files.

Word times come from eSpeak NG's word events (``tts.synthesize_timed``): each
event names a character range of the spoken text and its audio position. We
map them onto the script's own words (the tokens of the line as written), so a
word eSpeak splits ("24" -> "2", "4") or skips ("¿") keeps one time. A TTS that
gives no timing gets phrase timing instead: the line split into sentences and
words, each given time in proportion to its length.

Cues group consecutive words of one line, broken at sentence ends, long pauses
and a character budget; they never overlap and keep the order of the words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from app.media.timeline import CaptionCue, CaptionWord

# A gap in speech longer than this starts a new cue.
PAUSE_SECONDS = 0.6
# Shortest time a cue stays on screen (a one-word cue would flash otherwise).
MIN_CUE_SECONDS = 0.3
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "؟", "।", "…")
_CLAUSE_END = (",", "、", "，", "،", ";", ":")


def is_cjk(ch: str) -> bool:
    """Han ideographs and kana: scripts written without spaces between words."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def tokenize(text: str) -> list[tuple[int, int, bool]]:
    """The words of ``text`` as (start index, end index, space before).

    Whitespace separates words; a run of Han characters (Chinese has no spaces) is one word per
    character, with the punctuation that follows kept on the character before it.
    """
    tokens: list[tuple[int, int, bool]] = []
    for m in re.finditer(r"\S+", text):
        start, end = m.start(), m.end()
        word = m.group()
        if not any(is_cjk(c) and not ("\u3040" <= c <= "\u30ff") for c in word):
            tokens.append((start, end, True))
            continue
        i, first = start, True
        while i < end:
            j = i + 1
            if is_cjk(text[i]):
                while j < end and _is_punct(text[j]):
                    j += 1
            else:
                while j < end and not is_cjk(text[j]):
                    j += 1
                while j < end and _is_punct(text[j]):
                    j += 1
            tokens.append((i, j, first))
            first = False
            i = j
    return tokens


def words_from_events(
    text: str,
    events: Sequence[tuple[int, int, float]],
    *,
    offset: float,
    spoken: float,
    limit: float | None = None,
) -> list[CaptionWord]:
    """The words of one spoken line with times on the timeline.

    ``text`` is the line as spoken (whitespace collapsed), ``events`` eSpeak's (index, length,
    seconds), ``offset`` where the line starts on the timeline, ``spoken`` the audio's length and
    ``limit`` the seconds after which the line was cut off (words after it are dropped).
    """
    text = " ".join(text.split())
    tokens = tokenize(text)
    if not tokens:
        return []
    end_of_line = min(spoken, limit) if limit is not None else spoken
    starts: list[float | None] = [None] * len(tokens)
    for pos, length, seconds in sorted(events, key=lambda e: e[2]):
        for k, (a, b, _) in enumerate(tokens):
            # The event's range touches the token: the token starts no later than this event.
            if pos < b and pos + max(1, length) > a:
                if starts[k] is None:
                    starts[k] = seconds
                break
    if all(s is None for s in starts):
        return phrase_words(text, offset, end_of_line)
    _fill_missing(starts, end_of_line)
    # Monotone: an event out of order never moves a word before the one it follows.
    fixed: list[float] = []
    for s in starts:
        fixed.append(max(s or 0.0, fixed[-1] if fixed else 0.0))
    words: list[CaptionWord] = []
    for k, (a, b, space) in enumerate(tokens):
        start = fixed[k]
        end = fixed[k + 1] if k + 1 < len(tokens) else end_of_line
        if start >= end_of_line:
            break
        end = min(max(end, start + 0.05), end_of_line)
        if end <= start:
            continue
        words.append(
            CaptionWord(
                text=text[a:b][:80],
                start=round(offset + start, 3),
                end=round(offset + end, 3),
                space_before=space,
            )
        )
    return words


def _fill_missing(starts: list[float | None], end: float) -> None:
    """Words without an event of their own get times between their neighbours."""
    n = len(starts)
    k = 0
    while k < n:
        if starts[k] is not None:
            k += 1
            continue
        j = k
        while j < n and starts[j] is None:
            j += 1
        before = starts[k - 1] if k > 0 else 0.0
        after = starts[j] if j < n else end
        step = (after - before) / (j - k + 1)  # type: ignore[operator]
        for m in range(k, j):
            starts[m] = before + step * (m - k + 1)  # type: ignore[operator]
        k = j


def phrase_words(text: str, offset: float, duration: float) -> list[CaptionWord]:
    """Phrase timing for a TTS that gives none: words share the line's time by their length."""
    text = " ".join(text.split())
    tokens = tokenize(text)
    if not tokens or duration <= 0:
        return []
    weights = [max(1, b - a) + (3 if text[b - 1] in _SENTENCE_END else 0) for a, b, _ in tokens]
    total = sum(weights)
    words, t = [], 0.0
    for (a, b, space), w in zip(tokens, weights, strict=True):
        span = duration * w / total
        words.append(
            CaptionWord(
                text=text[a:b][:80],
                start=round(offset + t, 3),
                end=round(offset + t + span, 3),
                space_before=space,
            )
        )
        t += span
    return [w for w in words if w.end > w.start]


def build_cues(
    lines: Iterable[list[CaptionWord]], *, max_chars: int = 32, max_words: int = 7
) -> list[CaptionCue]:
    """Group each line's words into cues, ordered and never overlapping."""
    cues: list[CaptionCue] = []
    for words in lines:
        group: list[CaptionWord] = []
        chars = 0
        for w in words:
            gap = w.start - group[-1].end if group else 0.0
            size = chars + _width(w.text) + (1 if group and w.space_before else 0)
            count = sum(1 if x.space_before else 0.5 for x in group)
            if group and (size > max_chars or count >= max_words or gap > PAUSE_SECONDS):
                cues.append(_cue(group))
                group, size = [], _width(w.text)
            group.append(w)
            chars = size
            if w.text.endswith(_SENTENCE_END) or (w.text.endswith(_CLAUSE_END) and chars > max_chars // 2):
                cues.append(_cue(group))
                group, chars = [], 0
        if group:
            cues.append(_cue(group))
    return _ordered(cues)


def _width(text: str) -> int:
    """Characters as Latin widths: a CJK character is about two."""
    return sum(2 if is_cjk(c) else 1 for c in text)


def _cue(words: list[CaptionWord]) -> CaptionCue:
    return CaptionCue(start=words[0].start, end=words[-1].end, words=list(words))


def _ordered(cues: list[CaptionCue]) -> list[CaptionCue]:
    """Sort by start, stretch very short cues into free time, and clip any overlap."""
    cues = sorted(cues, key=lambda c: c.start)
    out: list[CaptionCue] = []
    for i, cue in enumerate(cues):
        start = max(cue.start, out[-1].end if out else 0.0)
        nxt = cues[i + 1].start if i + 1 < len(cues) else None
        end = max(cue.end, start + MIN_CUE_SECONDS)
        if nxt is not None:
            end = min(end, nxt)
        if end - start < 0.02:
            continue
        words = []
        for w in cue.words:
            ws, we = max(w.start, start), min(w.end, end)
            if we > ws:
                words.append(w.model_copy(update={"start": round(ws, 3), "end": round(we, 3)}))
        if words:
            out.append(CaptionCue(start=round(start, 3), end=round(end, 3), words=words))
    return out


def cues_from_lines(lines: Iterable[tuple[str, float, float]], *, max_chars: int = 32) -> list[CaptionCue]:
    """Phrase-timed cues for lines of (text, start, seconds) from a TTS without word timing."""
    return build_cues((phrase_words(t, s, d) for t, s, d in lines), max_chars=max_chars)


# --- Files ------------------------------------------------------------------------------


def _clock(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _one_line(text: str) -> str:
    # A blank line ends a cue in both formats; control characters have no place in captions.
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())


def to_srt(cues: Sequence[CaptionCue]) -> str:
    """SubRip: numbered cues, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, a blank line after each."""
    blocks = []
    for n, cue in enumerate(cues, start=1):
        text = _one_line(cue.text)
        if not text:
            continue
        blocks.append(f"{n}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n{text}\n")
    return "\n".join(blocks)


def to_vtt(cues: Sequence[CaptionCue]) -> str:
    """WebVTT: the header, then ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` cues with the text escaped."""
    blocks = ["WEBVTT\n"]
    for cue in cues:
        text = _one_line(cue.text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if not text:
            continue
        blocks.append(f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}\n{text}\n")
    return "\n".join(blocks)
