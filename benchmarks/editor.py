"""Editor benchmark: exporting an edited timeline, and a cut-only edit by stream copy.

Run as ``python benchmarks/editor.py``. All figures are ratios to the bare
libx264 encode of a 30 s 1080x1920 test pattern at the same preset and CRF,
measured in the same run; nothing is asserted.

(a) export of an edited 30 s 1080x1920 timeline (five scenes from stills and
    one video clip, after a split, a trim, a move and a deleted scene; five
    captions, a crossfade, music under a voiceover, a grade) vs that encode
    (aim: <= 1.5x);
(b) a cut-only edit of that export (a scene deleted, two swapped, one
    trimmed) through the stream-copy path vs that encode (aim: <= 0.2x), with
    the full re-render of the same edit for comparison.
Also: the 360p proxy preview of the edited timeline, and the GIF and WebP
previews with their sizes (limit 5 MB).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import skimage.data
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.media.conformance import check_video, expectation_for
from app.media.editing import clip_ops, overlay_ops
from app.media.editing.export import ExportResult, export_video, render_proxy
from app.media.editing.stream_copy import export_edit
from app.media.ffmpeg import run_ffmpeg
from app.media.render import render
from app.media.sample_ad import build_reference_ad
from app.media.timeline import TimelineSpec

PRESET, CRF, SECONDS = "veryfast", 23, 30


def bare_encode(out: Path) -> float:
    start = time.perf_counter()
    result = run_ffmpeg(
        [
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s=1080x1920:r=30:d={SECONDS}",
            "-c:v",
            "libx264",
            "-preset",
            PRESET,
            "-crf",
            str(CRF),
            "-pix_fmt",
            "yuv420p",
            str(out),
        ],
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1000:])
    return time.perf_counter() - start


def scene_video(still: Path, out: Path, media: Path) -> Path:
    """A generated-looking 1080x1920 scene clip (what a video model returns), made untimed."""
    spec = TimelineSpec.model_validate(
        {
            "output": {"purpose": "clip"},
            "clips": [{"source": str(still), "duration": 8, "motion": "ken_burns"}],
        }
    )
    render(spec, out, workdir=media)
    return out


def edited_timeline(media: Path) -> TimelineSpec:
    """A project after a session of edits: the timeline the export benchmark renders."""
    stills = [media / f"scene_{i}.png" for i in range(4)]
    clip_video = scene_video(stills[1], media / "scene_clip.mp4", media)
    project = TimelineSpec.model_validate(
        {
            # A clip while it is being edited (36 s at first); an ad again once it is back to 30 s.
            "output": {"aspect": "9:16", "fps": 30, "preset": PRESET, "crf": CRF, "purpose": "clip"},
            "clips": [
                {
                    "id": "open",
                    "source": str(stills[0]),
                    "duration": 6,
                    "motion": "push_in",
                    "light_sweep": True,
                },
                {
                    "id": "clip",
                    "source": str(clip_video),
                    "in_point": 0,
                    "out_point": 8,
                    "source_duration": 8,
                },
                {"id": "detail", "source": str(stills[2]), "duration": 6, "motion": "pan_right"},
                {"id": "extra", "source": str(stills[1]), "duration": 4, "motion": "pull_out"},
                {
                    "id": "product",
                    "source": str(stills[3]),
                    "duration": 7,
                    "motion": "pan_left",
                    "foreground": str(media / "product.png"),
                    "foreground_motion": "parallax",
                },
                {"id": "end", "source": str(stills[0]), "duration": 5, "motion": "pull_out"},
            ],
            "texts": [
                {"id": "t1", "text": "Coffee that stays hot", "start": 0.4, "end": 5.5, "position": "top"},
                {
                    "id": "t2",
                    "text": "Double-walled porcelain",
                    "start": 6.5,
                    "end": 12.5,
                    "animation": "slide",
                },
                {
                    "id": "t3",
                    "text": "Twice the warmth",
                    "start": 14.5,
                    "end": 19.5,
                    "position": "lower_third",
                },
                {"id": "t4", "text": "Half the refills", "start": 24.3, "end": 30.5, "animation": "scale"},
                {"id": "t5", "text": "Shop the Aroma Cup", "start": 31.2, "end": 35.5, "position": "center"},
            ],
            "audio": [
                {
                    "id": "music",
                    "kind": "music",
                    "source": str(media / "music.wav"),
                    "volume": 0.6,
                    "fade_out": 1.5,
                },
                {"id": "voice", "kind": "voiceover", "source": str(media / "voice.wav"), "start": 0.8},
            ],
            "grade": "natural",
            "fade_in": 0.3,
            "fade_out": 0.6,
        }
    )
    spec = clip_ops.delete_clip(project, "extra")  # 36 s -> 32 s
    spec = clip_ops.trim_clip(spec, "clip", in_point=1.0, out_point=7.0)  # -> 30 s
    spec = clip_ops.split_at(spec, 15.0, new_id="detail-b")
    spec = clip_ops.move_clip(spec, "detail-b", 1)
    spec = clip_ops.set_transition(spec, "open", "fade", duration=0.5)
    spec = clip_ops.retime_clip(spec, "end", 5.5)  # the fade ate half a second: back to 30 s
    spec = overlay_ops.update_text(spec, "t1", text="Coffee that stays hot for hours")
    spec = overlay_ops.set_audio_volume(spec, "music", 0.5)
    out = spec.output.model_copy(update={"purpose": "ad"})
    return TimelineSpec.model_validate({**spec.model_dump(), "output": out.model_dump()})


def cut_only_edit(spec: TimelineSpec) -> TimelineSpec:
    """Delete a scene, swap two, trim one: only hard cuts, nothing re-styled, no caption cut through."""
    edited = clip_ops.delete_clip(spec, "detail")
    edited = clip_ops.move_clip(edited, "product", [c.id for c in edited.clips].index("clip"))
    return clip_ops.trim_clip(edited, "clip", out_point=6.6)


def _conformance(result: ExportResult) -> str:
    return str(check_video(result.path, expectation_for(result.timeline.output, result.duration)))


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:6.2f}s")
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="copy the outputs to this folder to look at them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        work = Path(tmp)
        media = work / "media"
        build_reference_ad(media, Image.fromarray(skimage.data.coffee()))
        spec = edited_timeline(media)
        print(
            f"edited timeline: {spec.duration:.1f}s {spec.output.size[0]}x{spec.output.size[1]}, "
            f"{len(spec.clips)} clips, {len(spec.texts)} texts, preset {PRESET}"
        )
        _, bare = timed(f"bare libx264 encode, {SECONDS}s testsrc2", lambda: bare_encode(work / "bare.mp4"))
        exported, export_s = timed(
            "(a) export of the edited timeline (MP4)",
            lambda: export_video(spec, work / "export.mp4", workdir=media),
        )
        print(f"    {exported.size_bytes / 1e6:.1f} MB, conformance: {_conformance(exported)}")
        edit = cut_only_edit(spec)
        copied, copy_s = timed(
            "(b) cut-only edit by stream copy",
            lambda: export_edit(exported.path, exported.timeline, edit, work / "cut.mp4", workdir=media),
        )
        print(
            f"    stream copied: {copied.stream_copied} ({copied.reason or 'all cuts on keyframes'}), "
            f"{copied.result.duration:.1f}s, conformance: {_conformance(copied.result)}"
        )
        _, full_s = timed(
            "    the same edit rendered in full",
            lambda: export_video(edit, work / "cut-full.mp4", workdir=media),
        )
        _, proxy_s = timed(
            "360p proxy preview of the edited timeline",
            lambda: render_proxy(spec, work / "proxy.mp4", workdir=media),
        )
        sizes = {}
        for fmt in ("gif", "webp"):
            result, _ = timed(
                f"{fmt} preview",
                lambda fmt=fmt: export_video(spec, work / f"preview.{fmt}", format=fmt, workdir=media),
            )
            sizes[fmt] = result
            print(
                f"    {result.width}x{result.height} @{result.timeline.output.fps}fps, "
                f"{result.size_bytes / 1e6:.2f} MB after {result.attempts} attempt(s)"
            )
        print()
        print(f"ratio (a) export / bare encode:      {export_s / bare:.2f}x (aim: <= 1.5x)")
        print(f"ratio (b) stream-copy cut / bare:    {copy_s / bare:.3f}x (aim: <= 0.2x)")
        print(f"ratio full re-render of (b) / bare:  {full_s / bare:.2f}x")
        print(f"ratio proxy preview / bare:          {proxy_s / bare:.2f}x")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for path in (
                exported.path,
                copied.result.path,
                work / "proxy.mp4",
                *(r.path for r in sizes.values()),
            ):
                (args.keep / path.name).write_bytes(path.read_bytes())


if __name__ == "__main__":
    main()
