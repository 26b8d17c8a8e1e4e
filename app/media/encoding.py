"""Encoder settings for each export format, and forced keyframes for cut-friendly MP4s.

| format | video | audio | notes |
|---|---|---|---|
| mp4 | libx264, yuv420p, High profile | AAC 160k 48 kHz stereo | +faststart |
| webm | libvpx-vp9 realtime, cpu-used 8, row-mt | libopus 128k | ~40 fps at 1080x1920 on 2 cores |
| gif | gif with palettegen/paletteuse | none | one global palette, bayer dither |
| webp | libwebp_anim, lossy | none | quality follows the spec's CRF |

With ``keyframe_interval`` set, an MP4 gets a keyframe every that many
seconds plus one at every hard cut, and no B-frames: the concat demuxer
drops packets by decode time, so with B-frames a stream-copied segment would
leak frames of the next GOP (measured: 64 frames instead of 60). Without
B-frames libx264 veryfast is no slower and about 5% larger.
"""

from __future__ import annotations

from app.media.frames import hard_cut_frames, total_frames
from app.media.timeline import OutputSpec, TimelineSpec

_AAC = ["-c:a", "aac", "-b:a", "160k", "-ar", "48000", "-ac", "2"]


def keyframe_frames(spec: TimelineSpec) -> list[int]:
    """Frames that must be keyframes: 0, every ``keyframe_interval`` seconds and every hard cut."""
    interval = spec.output.keyframe_interval
    if interval is None:
        return []
    fps = spec.output.fps
    frames = total_frames(spec)
    grid = {round(k * interval * fps) for k in range(int(frames / (interval * fps)) + 1)}
    return sorted(f for f in grid | set(hard_cut_frames(spec)) if 0 <= f < frames)


def _force_key_frames(spec: TimelineSpec) -> list[str]:
    frames = keyframe_frames(spec)
    if not frames:
        return []
    # Half a frame early: ffmpeg forces the first frame at or after each time, immune to float noise.
    fps = spec.output.fps
    times = ",".join(f"{max(0.0, (f - 0.5) / fps):.4f}" for f in frames)
    return ["-bf", "0", "-force_key_frames", times]


def output_args(spec: TimelineSpec, total: float) -> list[str]:
    """Everything after ``-filter_complex`` but the output path."""
    out = spec.output
    video = ["-map", "[vout]"]
    audio = ["-map", "[aout]"] if out.has_audio else []
    if out.format == "mp4":
        return [
            *video,
            *audio,
            "-c:v",
            "libx264",
            "-preset",
            out.preset,
            "-crf",
            str(out.crf),
            "-pix_fmt",
            "yuv420p",
            "-r",
            str(out.fps),
            "-profile:v",
            "high",
            *_force_key_frames(spec),
            *_AAC,
            "-movflags",
            "+faststart",
            "-t",
            f"{total:.4f}",
        ]
    if out.format == "webm":
        return [
            *video,
            *audio,
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-row-mt",
            "1",
            "-b:v",
            "0",
            "-crf",
            str(vp9_crf(out)),
            "-pix_fmt",
            "yuv420p",
            "-r",
            str(out.fps),
            "-c:a",
            "libopus",
            "-b:a",
            "128k",
            "-ar",
            "48000",
            "-ac",
            "2",
            "-t",
            f"{total:.4f}",
        ]
    if out.format == "gif":
        return [*video, "-loop", "0", "-t", f"{total:.4f}"]
    return [
        *video,
        "-c:v",
        "libwebp_anim",
        "-quality",
        str(webp_quality(out)),
        "-compression_level",
        "3",
        "-loop",
        "0",
        "-t",
        f"{total:.4f}",
    ]


def vp9_crf(out: OutputSpec) -> int:
    # VP9's CRF scale runs to 63; +10 on x264's lands at a similar look for our content.
    return min(63, out.crf + 10)


def webp_quality(out: OutputSpec) -> int:
    return max(20, min(95, 100 - 2 * out.crf))


def gif_palette_chains(video: str) -> list[str]:
    """Chains from the finished picture ``[video]`` to a paletted ``[vout]`` for the GIF encoder.

    One palette for the whole clip (stats over every frame), applied frame by frame: a global
    palette does not flicker, and diff_mode redraws only what changed, which keeps files small.
    """
    return [
        f"[{video}]split[gifa][gifb]",
        "[gifa]palettegen=max_colors=128:stats_mode=diff[gifp]",
        "[gifb][gifp]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle[vout]",
    ]
