"""Scoring cost and sampling error of the attempt quality metrics, on one core.

Renders 5 s 1080x1920 attempts with the local engine (three camera moves),
then measures on one core (CPU affinity, OMP/OpenCV threads 1, ffmpeg
``-threads 1``):

- decode: ffmpeg decoding the whole file to nothing (the floor any scorer pays);
- scoring: ``score_video`` with the default sampling (decode + scale + metrics);
- reference: ``score_video`` with ``FULL_SAMPLING``: every frame for every
  metric (imaging quality on all frames instead of four).

Prints scoring / duration, scoring / decode and the largest difference of any
metric between the default sampling and the reference, plus the same for the
other samplings considered, and (for information) how far scores move when
the analysis sizes double, which is a change of the metrics' definition
rather than of sampling. Prints ratios; asserts nothing about time.

Run: .venv/bin/python benchmarks/quality.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import skimage.data

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.media.ffmpeg import ffmpeg_exe
from app.media.hero.attempt import render_attempt
from app.media.hero.motion_prompt import parse_motion_prompt
from app.media.quality import DEFAULT_SAMPLING, FULL_SAMPLING, METRICS, Sampling, score_video

DURATION = 5.0
SIZE = (1080, 1920)
TAKES = (("slow orbit around the cup", 1), ("handheld documentary feel", 2), ("dolly left", 3))
CANDIDATES = {
    "default: every frame, 4 detail": DEFAULT_SAMPLING,
    "every frame, 2 detail": Sampling(detail_frames=2),
    "every 2nd frame, 4 detail": Sampling(stride=2),
    "every 3rd frame, 4 detail": Sampling(stride=3),
}
DOUBLE_SIZE = Sampling(analysis_side=512, detail_side=1280, detail_frames=4)


def one_core() -> None:
    cv2.setNumThreads(1)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def timed(fn, repeats: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def decode_only(path: Path) -> None:
    subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-threads",
            "1",
            "-i",
            str(path),
            "-f",
            "null",
            "-",
        ],
        check=True,
    )


def max_gap(a, b) -> tuple[float, str]:
    gaps = {m: abs(getattr(a, m) - getattr(b, m)) for m in (*METRICS, "overall")}
    worst = max(gaps, key=gaps.get)
    return gaps[worst], worst


def main() -> None:
    one_core()
    hero = cv2.resize(skimage.data.coffee(), (1440, 1080), interpolation=cv2.INTER_AREA)
    work = Path(tempfile.mkdtemp(prefix="bench-quality-"))
    print(f"{len(TAKES)} attempts of {DURATION:.0f} s at {SIZE[0]}x{SIZE[1]}, 24 fps, on one core\n")
    worst_default = 0.0
    gaps: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    for prompt, seed in TAKES:
        path = work / f"attempt_{seed}.mp4"
        settings = parse_motion_prompt(prompt)
        render_s, _ = timed(
            lambda p=path, s=settings, sd=seed: render_attempt(
                hero, s, seed=sd, out_path=p, size=SIZE, duration=DURATION, threads=1
            ),
            repeats=1,
        )
        decode_s, _ = timed(lambda p=path: decode_only(p))
        score_s, scores = timed(lambda p=path: score_video(p, hero))
        full_s, full = timed(lambda p=path: score_video(p, hero, sampling=FULL_SAMPLING), repeats=1)
        gap, _ = max_gap(scores, full)
        worst_default = max(worst_default, gap)
        print(f"{prompt!r} (seed {seed}): overall {scores.overall:.3f}")
        print(f"  render {render_s:.2f} s = {render_s / DURATION:.2f}x duration (libx264 veryfast, 1 thread)")
        print(f"  decode only {decode_s:.2f} s; scoring {score_s:.2f} s; reference scoring {full_s:.2f} s")
        print(
            f"  scoring / duration = {score_s / DURATION:.2f}   scoring / decode = {score_s / decode_s:.2f}"
        )
        for name, sampling in CANDIDATES.items():
            other = scores if sampling == DEFAULT_SAMPLING else score_video(path, hero, sampling=sampling)
            g, m = max_gap(other, full)
            gaps[name].append(g)
            print(f"  {name:32s} max |score - reference| = {g:.3f} ({m})")
        g, m = max_gap(score_video(path, hero, sampling=DOUBLE_SIZE), scores)
        print(f"  (definition change) 2x analysis sizes moves scores by up to {g:.3f} ({m})")
        print()
    print("largest difference from the reference over all attempts:")
    for name, values in gaps.items():
        print(f"  {name:32s} {max(values):.3f}")
    print(f"default sampling within 0.02 of the reference: {worst_default <= 0.02}")


if __name__ == "__main__":
    main()
