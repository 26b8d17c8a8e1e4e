"""Short Arabic and Japanese ads with burned-in captions timed by eSpeak NG, checked frame by frame."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.media import caption_overlays, captions, tts
from app.media.ffmpeg import ffmpeg_exe
from app.media.render import render
from app.media.timeline import CaptionTrack, TimelineSpec

LINES = {
    "ar": ("اكتشف زجاجة أيرو. اطلبها الآن", "تعرّف على أيرو"),
    "ja": ("この ボトルで まいにちを かいてきに。", "毎日をもっと快適に"),
}
BACKGROUND = (51, 102, 153)
LEAD_IN = 0.8  # the voice starts here: no cue before it


def _frame(video: Path, at: float, out: Path) -> np.ndarray:
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(video), "-frames:v", "1", str(out)],
        check=True,
    )
    with Image.open(out) as img:
        return np.asarray(img.convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize("lang", ["ar", "ja"])
@pytest.mark.parametrize("style", ["word", "lower_third"])
def test_caption_band_shows_text_only_while_a_cue_is_active(tmp_path: Path, lang: str, style: str) -> None:
    line, overlay = LINES[lang]
    pcm, events = tts.synthesize_timed(line, tts.voice_for(lang))
    spoken = len(pcm) / 2 / tts.SAMPLE_RATE
    words = captions.words_from_events(line, events, offset=LEAD_IN, spoken=spoken)
    assert len(words) >= 3
    cues = captions.build_cues([words], max_chars=20)
    total = round(LEAD_IN + spoken + 1.2, 2)
    spec = TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "360p", "fps": 24},
            "clips": [{"kind": "gap", "duration": total, "gap_color": "#336699"}],
            "texts": [
                {"text": overlay, "start": 0.1, "end": total - 0.1, "position": "top", "animation": "none"}
            ],
            "captions": CaptionTrack(style=style, cues=cues, language=lang).model_dump(),
        }
    )
    result = render(spec, tmp_path / f"{lang}.mp4", workdir=tmp_path / "work")
    width, height = result.width, result.height
    layout = caption_overlays.caption_layout("9:16", width, height, style)
    band = slice(layout.band_top, layout.band_top + layout.band_height)

    def text_pixels(at: float) -> int:
        frame = _frame(result.path, at, tmp_path / f"f{at:.2f}.png")[band]
        return int((np.abs(frame - BACKGROUND).max(axis=2) > 60).sum())

    for cue in cues:
        assert text_pixels((cue.start + cue.end) / 2) > 150, cue.text
    assert text_pixels(LEAD_IN / 2) == 0
    assert text_pixels(cues[-1].end + 0.5) == 0
    # The non-Latin overlay is drawn too (Pillow, not drawtext): pixels at the top of the frame.
    top = _frame(result.path, LEAD_IN / 2, tmp_path / "top.png")[: height // 3]
    assert (np.abs(top - BACKGROUND).max(axis=2) > 60).sum() > 150
