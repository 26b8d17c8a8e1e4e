"""Word timing from eSpeak NG events, cues, and the .srt / .vtt writers."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.media import captions, tts
from app.media.timeline import CaptionCue, CaptionWord


def _words(cues: list[CaptionCue]) -> list[str]:
    return [w.text for c in cues for w in c.words]


def test_tokens_of_spaced_and_unspaced_scripts():
    text = "Meet Aero. 立即购买"
    tokens = [(text[a:b], space) for a, b, space in captions.tokenize(text)]
    assert tokens == [
        ("Meet", True),
        ("Aero.", True),
        ("立", True),
        ("即", False),
        ("购", False),
        ("买", False),
    ]


def test_events_map_onto_the_scripts_own_words():
    # eSpeak splits "24" into two events and skips the opening "¿": each word keeps one time.
    text = "¿Frío 24 horas? Sí."
    events = [(1, 4, 0.0), (6, 2, 0.5), (7, 2, 0.8), (9, 6, 1.2), (16, 3, 2.0)]
    words = captions.words_from_events(text, events, offset=10.0, spoken=2.6)
    assert [w.text for w in words] == ["¿Frío", "24", "horas?", "Sí."]
    assert [w.start for w in words] == [10.0, 10.5, 11.2, 12.0]
    assert words[-1].end == 12.6
    assert all(a.end == b.start for a, b in itertools.pairwise(words))


def test_words_after_the_cut_off_are_dropped():
    words = captions.words_from_events(
        "one two three", [(0, 3, 0.0), (4, 3, 0.5), (8, 5, 1.5)], offset=0, spoken=2.0, limit=1.2
    )
    assert [w.text for w in words] == ["one", "two"]
    assert words[-1].end == 1.2


def test_real_espeak_events_time_every_word():
    text = "Meet the Aero bottle. Cold for hours."
    pcm, events = tts.synthesize_timed(text, "en-us", 165)
    spoken = len(pcm) / 2 / tts.SAMPLE_RATE
    words = captions.words_from_events(text, events, offset=1.0, spoken=spoken)
    assert [w.text for w in words] == text.split()
    starts = [w.start for w in words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    cues = captions.build_cues([words])
    assert [c.text for c in cues] == ["Meet the Aero bottle.", "Cold for hours."]


def test_phrase_timing_shares_the_line_by_length():
    cues = captions.cues_from_lines([("Short. A much longer second sentence here.", 2.0, 4.0)])
    assert cues[0].text == "Short."
    assert cues[0].start == 2.0 and abs(cues[-1].end - 6.0) < 0.01
    assert cues[0].end - cues[0].start < cues[1].end - cues[1].start


def test_srt_and_vtt_files():
    cues = [
        CaptionCue(
            start=0.5,
            end=1.25,
            words=[
                CaptionWord(text="Tom", start=0.5, end=0.9),
                CaptionWord(text="&", start=0.9, end=1.0),
                CaptionWord(text="<Jerry>", start=1.0, end=1.25),
            ],
        ),
        CaptionCue(start=3661.0, end=3662.5, words=[CaptionWord(text="later", start=3661.0, end=3662.5)]),
    ]
    srt = captions.to_srt(cues)
    assert (
        srt == "1\n00:00:00,500 --> 00:00:01,250\nTom & <Jerry>\n\n2\n01:01:01,000 --> 01:01:02,500\nlater\n"
    )
    vtt = captions.to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n00:00:00.500 --> 00:00:01.250\nTom &amp; &lt;Jerry&gt;\n")
    assert "01:01:01.000 --> 01:01:02.500\nlater\n" in vtt


_word_text = st.text(alphabet=st.sampled_from(list("abcdefghij.,!?你好")), min_size=1, max_size=9)


@st.composite
def _lines(draw):
    lines, t = [], 0.0
    for _ in range(draw(st.integers(1, 4))):
        words = []
        t += draw(st.floats(0.0, 1.5))
        for _ in range(draw(st.integers(1, 14))):
            length = draw(st.floats(0.05, 0.9))
            words.append(CaptionWord(text=draw(_word_text), start=round(t, 3), end=round(t + length, 3)))
            t = round(t + length + draw(st.sampled_from([0.0, 0.0, 0.1, 0.8])), 3)
        lines.append(words)
    return lines


@settings(max_examples=150, deadline=None)
@given(_lines(), st.integers(8, 40))
def test_cues_are_ordered_apart_and_cover_every_word(lines, max_chars):
    cues = captions.build_cues(lines, max_chars=max_chars)
    for a, b in itertools.pairwise(cues):
        assert a.start < a.end <= b.start
    for cue in cues:
        assert cue.start <= cue.words[0].start and cue.words[-1].end <= cue.end
    assert _words(cues) == [w.text for line in lines for w in line]
    # Every cue the files list parses back: ordered times and the cue's own text.
    srt = captions.to_srt(cues)
    times = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})", srt)
    assert len(times) == len(cues)
