"""A reference 15 s vertical ad built only from local parts.

Used by the render benchmark and the end-to-end render test: four stills
with motion, crossfades, four captions, procedural music and an eSpeak NG
voiceover ducking the music.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from app.media.audio import write_music
from app.media.compositor import Copy, compose_poster, compose_product
from app.media.cutout import cut_out
from app.media.motion import parallax_clip, still_clip
from app.media.timeline import TimelineSpec, Transition
from app.media.tts import synthesize_wav

CAPTIONS = [
    ("Coffee that stays hot", "top"),
    ("Double-walled porcelain", "lower_third"),
    ("Twice the warmth, half the refills", "bottom"),
    ("Shop the Aroma Cup today", "center"),
]
VOICEOVER = "Meet the Aroma cup. Double walled porcelain keeps your coffee hot for twice as long. Shop today."


def build_reference_ad(workdir: str | Path, product_photo: Image.Image) -> TimelineSpec:
    """The reference ad around ``product_photo`` (tests and benchmarks pass skimage's coffee cup)."""
    work = Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    product = cut_out(product_photo)
    product.save(work / "product.png")
    size = (1080, 1920)
    copy = Copy(headline="Aroma Cup", subline="Coffee that stays hot", points=["Double-walled", "20% off"])
    stills = []
    for i, style in enumerate(["studio", "lifestyle", "minimalist"]):
        img = compose_product(product, style, size, np.random.default_rng([7, i]), None, copy, "coffee")
        path = work / f"scene_{i}.png"
        img.save(path)
        stills.append(path)
    backdrop = work / "scene_3.png"
    compose_poster("minimalist", size, np.random.default_rng(9), None, Copy(headline=" "), "coffee").save(
        backdrop
    )
    fade = Transition(kind="fade", duration=0.5)
    clips = [
        still_clip(stills[0], 4.25, "push_in", light_sweep=True, transition=fade),
        still_clip(
            stills[1], 4.0, "pan_right", transition=Transition(kind="slide", direction="left", duration=0.5)
        ),
        still_clip(stills[2], 4.0, "pull_out", transition=fade),
        parallax_clip(backdrop, work / "product.png", 4.25, light_sweep=False),
    ]
    (work / "music.wav").write_bytes(b"")
    write_music(work / "music.wav", "luxury", 15.0, seed=4)
    (work / "voice.wav").write_bytes(synthesize_wav(VOICEOVER, "en-us", 165))
    starts = [0.3, 3.9, 7.6, 11.2]
    return TimelineSpec.model_validate(
        {
            "output": {"aspect": "9:16", "resolution": "1080p", "fps": 30, "preset": "veryfast"},
            "clips": [c.model_dump() for c in clips],
            "texts": [
                {"text": text, "start": s, "end": s + 3.4, "position": pos, "animation": anim, "size": 76}
                for (text, pos), s, anim in zip(
                    CAPTIONS, starts, ["fade", "slide", "scale", "fade"], strict=True
                )
            ],
            "audio": [
                {
                    "kind": "music",
                    "source": str(work / "music.wav"),
                    "volume": 0.6,
                    "fade_in": 0.5,
                    "fade_out": 1.5,
                },
                {"kind": "voiceover", "source": str(work / "voice.wav"), "start": 0.8},
            ],
            "grade": "cinematic",
            "fade_in": 0.3,
            "fade_out": 0.6,
        }
    )
