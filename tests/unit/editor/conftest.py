from __future__ import annotations

import pytest

from app.media.timeline import TimelineSpec


@pytest.fixture
def ad() -> TimelineSpec:
    """Three scenes: a still fading into a video, a hard cut to a second still; captions and voice."""
    return TimelineSpec.model_validate(
        {
            "clips": [
                {
                    "id": "s1",
                    "source": "a.png",
                    "duration": 3,
                    "motion": "push_in",
                    "transition": {"kind": "fade", "duration": 0.5},
                    "origin": {"prompt": "espresso cup on marble", "seed": 42, "model": "local-video"},
                },
                {"id": "s2", "source": "v.mp4", "in_point": 1, "out_point": 5, "source_duration": 8},
                {"id": "s3", "source": "c.png", "duration": 2},
            ],
            "texts": [
                {"id": "t1", "text": "One", "start": 0.2, "end": 2.4},
                {"id": "t2", "text": "Two", "start": 2.8, "end": 6.2},
                {"id": "t3", "text": "Three", "start": 6.6, "end": 8.4},
            ],
            "audio": [
                {"id": "m", "kind": "music", "source": "m.wav", "volume": 0.5},
                {"id": "vo", "kind": "voiceover", "source": "vo.wav", "start": 0.3, "source_duration": 8.0},
            ],
        }
    )
