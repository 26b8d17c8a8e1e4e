"""Render benchmark: our single-pass render vs the bare encode and vs MoviePy.

Run as ``python benchmarks/render.py [--quick] [--runs N] [--save OUT.mp4] [--compare REF.mp4]``.
Prints ratios measured in the same run on the same machine; it never asserts on time. With
``--runs N`` the two sides alternate N times and the ratio printed is the median of the N
per-run ratios (each pair ran back to back, under the same load from other processes).

Both sides use ffmpeg's default threading (libx264 picks its own thread count,
filter graphs their default), so the ratio compares like with like. The bare
encode reads ``testsrc2`` (a lavfi source: about 1 ms a frame of generation).

``--compare`` checks our render frame by frame against a reference render of
the same spec (e.g. one saved with ``--save`` by an earlier commit): PSNR and
SSIM of every frame, the worst frames named. The threshold it reports against
is ``PSNR_FLOOR`` dB on every frame.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import skimage.data
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.media.ffmpeg import run_ffmpeg
from app.media.fonts import font_path
from app.media.render import render
from app.media.sample_ad import build_reference_ad
from app.media.timeline import TimelineSpec

# Every frame of a new render must stay this close to the reference render (dB, luma and chroma).
PSNR_FLOOR = 35.0


def frame_diff(ours: Path, reference: Path, work: Path) -> list[tuple[int, float, float]]:
    """(frame, PSNR dB, SSIM) for every frame of ``ours`` against ``reference``."""
    psnr_log, ssim_log = work / "psnr.log", work / "ssim.log"
    result = run_ffmpeg(
        [
            "-i",
            str(ours),
            "-i",
            str(reference),
            "-lavfi",
            f"[0:v]split[a0][a1];[1:v]split[b0][b1];[a0][b0]psnr=stats_file={psnr_log};"
            f"[a1][b1]ssim=stats_file={ssim_log}",
            "-f",
            "null",
            "-",
        ],
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1000:])
    psnr = [float(m) for m in re.findall(r"psnr_avg:(\S+)", psnr_log.read_text())]
    ssim = [float(m) for m in re.findall(r"All:(\S+)", ssim_log.read_text())]
    # Identical frames report "inf".
    return [(i, p, q) for i, (p, q) in enumerate(zip(psnr, ssim, strict=True))]


def report_diff(rows: list[tuple[int, float, float]], fps: int) -> None:
    worst = sorted(rows, key=lambda r: r[1])[:5]
    mean_psnr = sum(min(r[1], 100.0) for r in rows) / len(rows)
    print(f"frame diff against the reference: {len(rows)} frames")
    print(f"  PSNR min {worst[0][1]:.2f} dB, mean {mean_psnr:.2f} dB; SSIM min {min(r[2] for r in rows):.4f}")
    print("  worst frames: " + ", ".join(f"#{i} ({i / fps:.2f}s) {p:.1f} dB" for i, p, _ in worst))
    verdict = "within" if worst[0][1] >= PSNR_FLOOR else "BELOW"
    print(f"  {verdict} the threshold (every frame >= {PSNR_FLOOR:.0f} dB PSNR)")


def bare_encode(out: Path, preset: str) -> float:
    start = time.perf_counter()
    result = run_ffmpeg(
        [
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=1080x1920:r=30:d=15",
            "-c:v",
            "libx264",
            "-preset",
            preset,
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            str(out),
        ],
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1000:])
    return time.perf_counter() - start


def moviepy_render(spec: TimelineSpec, out: Path) -> float:
    """The naive way: per-frame Python compositing with MoviePy 2.x."""
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        vfx,
    )

    width, height = spec.output.size
    start = time.perf_counter()
    layers, t = [], 0.0
    for i, clip in enumerate(spec.clips):
        d = clip.length
        img = ImageClip(clip.source).with_duration(d)
        img = img.resized(height=height) if img.h / img.w < height / width else img.resized(width=width)
        img = img.resized(lambda tt, d=d: 1 + 0.12 * tt / d).with_position("center").with_start(t)
        if i > 0:
            img = img.with_effects([vfx.CrossFadeIn(0.5)])
        if clip.foreground:
            fg = ImageClip(clip.foreground).with_duration(d).resized(height=int(height * 0.55))
            layers.append(img)
            img = fg.with_position(lambda tt, d=d: (width * 0.2 + 60 * tt / d, height * 0.3)).with_start(t)
        layers.append(img)
        t += d - (clip.transition.duration if clip.transition else 0)
    for text in spec.texts:
        txt = TextClip(
            font=str(font_path(text.font)),
            text=text.text,
            font_size=text.size,
            color="white",
            method="caption",
            size=(int(width * 0.8), None),
            bg_color=(0, 0, 0),
        )
        txt = (
            txt.with_start(text.start)
            .with_duration(text.end - text.start)
            .with_position(("center", 0.7), relative=True)
        )
        layers.append(txt)
    video = CompositeVideoClip(layers, size=(width, height), bg_color=(0, 0, 0)).with_duration(spec.duration)
    music = AudioFileClip(spec.audio[0].source).with_volume_scaled(0.4)
    voice = AudioFileClip(spec.audio[1].source).with_start(spec.audio[1].start)
    video = video.with_audio(CompositeAudioClip([music, voice]).with_duration(spec.duration))
    video.write_videofile(
        str(out),
        fps=30,
        codec="libx264",
        preset=spec.output.preset,
        audio_codec="aac",
        logger=None,
        ffmpeg_params=["-pix_fmt", "yuv420p"],
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the MoviePy render")
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="time both N times, interleaved; the ratio is the median of the N pairs",
    )
    parser.add_argument("--save", type=Path, help="copy our render here")
    parser.add_argument("--compare", type=Path, help="frame-diff our render against this reference render")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        spec = build_reference_ad(work / "media", Image.fromarray(skimage.data.coffee()))
        w, h = spec.output.size
        print(f"reference ad: {spec.duration:.1f}s {w}x{h} @{spec.output.fps}fps, {len(spec.clips)} scenes,")
        print(f"  {len(spec.texts)} captions, music + voiceover, preset {spec.output.preset}")
        bares, ours_runs = [], []
        for _ in range(max(1, args.runs)):
            # Interleaved, so a burst of load on a shared machine hits both sides alike.
            bares.append(bare_encode(work / "bare.mp4", spec.output.preset))
            start = time.perf_counter()
            render(spec, work / "ours.mp4", workdir=work / "media")
            ours_runs.append(time.perf_counter() - start)
        bare, ours = statistics.median(bares), statistics.median(ours_runs)
        runs_b, runs_o = (", ".join(f"{x:.2f}" for x in xs) for xs in (bares, ours_runs))
        # Each run times the bare encode right before our render, so a pair shares the machine's load.
        pair_ratios = [o / b for o, b in zip(ours_runs, bares, strict=True)]
        ratio = statistics.median(pair_ratios)
        print(f"bare libx264 encode (testsrc2): {bare:.2f}s median  (runs: {runs_b})")
        print(f"our single-pass render:          {ours:.2f}s median  (runs: {runs_o})")
        print("ratio of each run: " + ", ".join(f"{r:.2f}x" for r in pair_ratios))
        if args.save:
            shutil.copyfile(work / "ours.mp4", args.save)
        if args.compare:
            report_diff(frame_diff(work / "ours.mp4", args.compare, work), spec.output.fps)
        if args.quick:
            print(f"ratio ours / bare encode: {ratio:.2f}x median of {len(pair_ratios)} (aim: within 1.5x)")
            return
        naive = moviepy_render(spec, work / "moviepy.mp4")
        print(f"naive MoviePy composition:       {naive:.2f}s")
        print(f"ratio ours / bare encode: {ratio:.2f}x median of {len(pair_ratios)} (aim: within 1.5x)")
        print(f"ratio moviepy / ours:     {naive / ours:.2f}x")


if __name__ == "__main__":
    main()
