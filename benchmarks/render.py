"""Render benchmark: our single-pass render vs the bare encode and vs MoviePy.

Run as ``python benchmarks/render.py``. Prints ratios measured in the same
run on the same machine; it never asserts on time.
"""

from __future__ import annotations

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
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        work = Path(tmp)
        spec = build_reference_ad(work / "media", Image.fromarray(skimage.data.coffee()))
        w, h = spec.output.size
        print(f"reference ad: {spec.duration:.1f}s {w}x{h} @{spec.output.fps}fps, {len(spec.clips)} scenes,")
        print(f"  {len(spec.texts)} captions, music + voiceover, preset {spec.output.preset}")
        bare = bare_encode(work / "bare.mp4", spec.output.preset)
        print(f"bare libx264 encode (testsrc2): {bare:.2f}s")
        start = time.perf_counter()
        render(spec, work / "ours.mp4", workdir=work / "media")
        ours = time.perf_counter() - start
        print(f"our single-pass render:          {ours:.2f}s")
        naive = moviepy_render(spec, work / "moviepy.mp4")
        print(f"naive MoviePy composition:       {naive:.2f}s")
        print(f"ratio ours / bare encode: {ours / bare:.2f}x (aim: within 1.5x)")
        print(f"ratio moviepy / ours:     {naive / ours:.2f}x")


if __name__ == "__main__":
    main()
