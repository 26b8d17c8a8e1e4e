"""Compile a timeline spec into ONE ffmpeg invocation and run it.

One pass keeps the render close to the bare libx264 encode time (MoviePy's
per-frame Python compositing is 4-10x slower on this hardware) and encodes
the audio once over the whole timeline (joined AAC chunks click).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.media import effects
from app.media.ffmpeg import MediaError, ffmpeg_exe, probe, run_ffmpeg, run_with_progress
from app.media.fonts import fit_text, font_path
from app.media.timeline import AudioTrack, Clip, TextOverlay, TimelineSpec

# Characters that need no escaping inside a filter option value.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")


@dataclass
class FfmpegCommand:
    """One ffmpeg run: inputs, the filter graph and the encoder settings."""

    inputs: list[list[str]]
    filter_complex: str
    output_args: list[str]
    duration: float
    width: int
    height: int
    fps: int
    helper_files: list[Path] = field(default_factory=list)

    def argv(self, out_path: str | Path, *, progress: bool = True) -> list[str]:
        args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
        if progress:
            args += ["-nostats", "-progress", "pipe:1"]
        for inp in self.inputs:
            args += inp
        args += ["-filter_complex", self.filter_complex, *self.output_args, str(out_path)]
        return args


@dataclass
class RenderResult:
    path: Path
    thumbnail: Path
    duration: float
    width: int
    height: int
    fps: int


class _Graph:
    """Accumulates inputs and filter chains with unique pad labels."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.inputs: list[list[str]] = []
        self.chains: list[str] = []
        self.helpers: list[Path] = []
        self._n = 0

    def add_input(self, *args: str) -> int:
        self.inputs.append(list(args))
        return len(self.inputs) - 1

    def label(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def chain(self, src: str | list[str], filters: list[str], prefix: str) -> str:
        out = self.label(prefix)
        srcs = src if isinstance(src, list) else [src]
        pads = "".join(f"[{s}]" for s in srcs)
        self.chains.append(f"{pads}{','.join(filters) or 'null'}[{out}]")
        return out

    def safe_path(self, path: Path) -> str:
        """A path usable inside a filter option: ours are plain, others get a plain-named link."""
        resolved = path.resolve()
        if _SAFE_PATH.match(str(resolved)):
            return str(resolved)
        link_dir = self.workdir / "links"
        link_dir.mkdir(exist_ok=True)
        link = link_dir / f"l{len(list(link_dir.iterdir()))}{resolved.suffix.lower()}"
        link.symlink_to(resolved)
        if not _SAFE_PATH.match(str(link.resolve(strict=False).parent / link.name)):
            raise MediaError("the render work folder path has characters ffmpeg filters cannot take")
        return str(link)


def _resolve(source: str, workdir: Path) -> Path:
    path = Path(source)
    if not path.is_absolute():
        path = workdir / path
    if not path.exists():
        raise MediaError(f"media file not found: {path.name}")
    return path


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path, formats=["PNG", "JPEG", "WEBP"]) as img:
        return img.size


def compile_graph(spec: TimelineSpec, workdir: str | Path) -> FfmpegCommand:
    """Turn ``spec`` into a single ffmpeg command; helper files go to ``workdir``."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    g = _Graph(workdir)
    width, height = spec.output.size
    fps = spec.output.fps
    total = spec.duration

    segments = [_clip_segment(g, clip, width, height, fps) for clip in spec.clips]
    video = _join_segments(g, spec, segments)

    post: list[str] = effects.grade_filters(spec.grade)
    post += [_drawtext(g, spec, text, i, width, height) for i, text in enumerate(spec.texts)]
    if spec.watermark:
        post.append(_watermark(g, spec.watermark, width, height))
    if spec.fade_in:
        post.append(f"fade=t=in:st=0:d={spec.fade_in:.3f}")
    if spec.fade_out:
        post.append(f"fade=t=out:st={total - spec.fade_out:.3f}:d={spec.fade_out:.3f}")
    # drawtext/curves graphs otherwise end in yuv444p, which phones refuse.
    post += [f"trim=duration={total:.4f}", "format=pix_fmts=yuv420p:color_ranges=tv"]
    g.chains.append(f"[{video}]{','.join(post)}[vout]")

    _audio_graph(g, spec, total)

    output_args = [
        "-map",
        "[vout]",
        "-map",
        "[aout]",
        "-c:v",
        "libx264",
        "-preset",
        spec.output.preset,
        "-crf",
        str(spec.output.crf),
        "-pix_fmt",
        "yuv420p",
        "-r",
        str(fps),
        "-profile:v",
        "high",
        "-c:a",
        "aac",
        "-b:a",
        "160k",
        "-ar",
        "48000",
        "-ac",
        "2",
        "-movflags",
        "+faststart",
        "-t",
        f"{total:.4f}",
    ]
    return FfmpegCommand(
        inputs=g.inputs,
        filter_complex=";".join(g.chains),
        output_args=output_args,
        duration=total,
        width=width,
        height=height,
        fps=fps,
        helper_files=g.helpers,
    )


def _clip_segment(g: _Graph, clip: Clip, width: int, height: int, fps: int) -> str:
    src = _resolve(clip.source, g.workdir)
    length = clip.length
    frames = max(1, round(length * fps))
    if clip.is_still:
        # A single decoded frame: zoompan expands it to ``frames`` frames itself
        # (feeding it a looped input would multiply the frame count).
        idx = g.add_input("-i", str(src))
        k = effects.ZOOMPAN_OVERSCALE if clip.motion != "none" else 1.0
        cw, ch = int(width * k) // 2 * 2, int(height * k) // 2 * 2
        filters = [
            f"scale={cw}:{ch}:force_original_aspect_ratio=increase:flags=lanczos",
            f"crop={cw}:{ch}",
            "setsar=1",
            effects.zoompan_filter(clip.motion, clip.motion_strength, frames, width, height, fps),
        ]
    else:
        inp = ["-ss", f"{clip.in_point:.3f}"]
        if clip.out_point is not None:
            inp += ["-t", f"{clip.out_point - clip.in_point:.3f}"]
        idx = g.add_input(*inp, "-i", str(src))
        filters = [
            f"setpts=(PTS-STARTPTS)/{clip.speed:.4f}",
            f"fps={fps}",
            f"scale={width}:{height}:force_original_aspect_ratio=increase",
            f"crop={width}:{height}",
            "setsar=1",
            f"tpad=stop_mode=clone:stop_duration={length:.3f}",
        ]
    filters += [
        f"trim=end_frame={frames}",
        "setpts=PTS-STARTPTS",
        "format=pix_fmts=yuv420p:color_ranges=tv",
        f"settb=1/{fps}",
    ]
    seg = g.chain(f"{idx}:v", filters, "bg")
    if clip.foreground:
        seg = _foreground(g, clip, seg, width, height, fps, length)
    if clip.light_sweep:
        seg = _light_sweep(g, seg, width, height, fps, length)
    return seg


def _foreground(g: _Graph, clip: Clip, base: str, width: int, height: int, fps: int, length: float) -> str:
    fg_path = _resolve(clip.foreground or "", g.workdir)
    iw, ih = _image_size(fg_path)
    box_w, box_h = width * 0.86, height * clip.foreground_scale
    scale = min(box_w / iw, box_h / ih)
    fw, fh = max(2, int(iw * scale) // 2 * 2), max(2, int(ih * scale) // 2 * 2)
    idx = g.add_input("-loop", "1", "-framerate", str(fps), "-t", f"{length + 0.2:.3f}", "-i", str(fg_path))
    filters = [f"scale={fw}:{fh}:flags=lanczos", "format=rgba"]
    d = max(0.1, length)
    e = effects.eased(f"min(1,t/{d:.3f})")
    y = f"(H-h)/2+{0.04 * height:.0f}"
    x = "(W-w)/2"
    motion = clip.foreground_motion
    if motion == "parallax":
        # The cut-out drifts against the background's move, so it reads as nearer.
        x = f"(W-w)/2+{0.07 * width * clip.motion_strength:.1f}*({e}-0.5)"
        y = f"(H-h)/2+{0.04 * height:.0f}-{0.015 * height:.0f}*{e}"
    elif motion == "float":
        y = f"(H-h)/2+{0.04 * height:.0f}+{0.012 * height:.1f}*sin(2*PI*t/3)"
    elif motion == "turntable":
        # Squash the width with |cos| of a slow spin: a flat cut-out reads as turning.
        period = max(2.0, min(6.0, length))
        filters.append(f"scale=w='max(4,{fw}*(0.12+0.88*abs(cos(PI*t/{period:.3f}))))':h={fh}:eval=frame")
    fg = g.chain(f"{idx}:v", filters, "fg")
    return g.chain([base, fg], [f"overlay=x='{x}':y='{y}':format=yuv420:eof_action=pass"], "ov")


def _light_sweep(g: _Graph, base: str, width: int, height: int, fps: int, length: float) -> str:
    path = g.workdir / f"sweep_{width}x{height}.png"
    if not path.exists():
        effects.write_light_sweep(path, width, height)
        g.helpers.append(path)
    idx = g.add_input("-loop", "1", "-framerate", str(fps), "-t", f"{length + 0.2:.3f}", "-i", str(path))
    t0, span = 0.2 * length, 0.6 * length
    x = f"-w+(W+w)*min(1,max(0,(t-{t0:.3f})/{span:.3f}))"
    sweep = g.chain(f"{idx}:v", ["format=rgba"], "sw")
    return g.chain([base, sweep], [f"overlay=x='{x}':y=0:format=yuv420:eof_action=pass"], "ls")


def _join_segments(g: _Graph, spec: TimelineSpec, segments: list[str]) -> str:
    current, elapsed = segments[0], spec.clips[0].length
    for i in range(1, len(segments)):
        transition = spec.clips[i - 1].transition
        nxt = segments[i]
        if transition:
            name = effects.xfade_name(transition.kind, transition.direction)
            offset = elapsed - transition.duration
            current = g.chain(
                [current, nxt],
                [f"xfade=transition={name}:duration={transition.duration:.3f}:offset={offset:.4f}"],
                "xf",
            )
            elapsed += spec.clips[i].length - transition.duration
        else:
            # concat hands on a 1/1000000 timebase; a later xfade needs both inputs on 1/fps.
            current = g.chain([current, nxt], ["concat=n=2:v=1:a=0", f"settb=1/{spec.output.fps}"], "cat")
            elapsed += spec.clips[i].length
    return current


def _write_text(g: _Graph, name: str, lines: list[str]) -> str:
    path = g.workdir / name
    path.write_text("\n".join(lines), encoding="utf-8")
    g.helpers.append(path)
    return g.safe_path(path)


def _drawtext(g: _Graph, spec: TimelineSpec, text: TextOverlay, i: int, width: int, height: int) -> str:
    aspect = spec.output.aspect
    scale = min(width, height) / 1080
    lines, size = fit_text(
        text.text, text.font, max(12, round(text.size * scale)), effects.text_max_width(aspect, width)
    )
    # User text only ever reaches ffmpeg as a file read with expansion=none.
    textfile = _write_text(g, f"text_{i}.txt", lines)
    fontfile = g.safe_path(font_path(text.font))
    s, e = text.start, min(text.end, spec.duration)
    a = min(0.45, (e - s) / 3)
    ramp = f"min(1,max(0,(t-{s:.3f})/{a:.3f}))"
    y = effects.text_y(text.position, aspect, height)
    alpha = "1"
    fontsize = str(size)
    if text.animation != "none":
        alpha = f"min({ramp},min(1,max(0,({e:.3f}-t)/{a:.3f})))"
    if text.animation == "slide":
        y = f"{y}+{0.035 * height:.0f}*pow(1-{ramp},2)"
    elif text.animation == "scale":
        fontsize = f"{size}*(0.7+0.3*{effects.eased(ramp)})"
    opts = [
        f"fontfile={fontfile}",
        f"textfile={textfile}",
        "expansion=none",
        f"fontsize='{fontsize}'",
        f"fontcolor={text.color}",
        "text_align=C",
        f"line_spacing={round(size * 0.18)}",
        f"x='{effects.text_centre_x(aspect)}'",
        f"y='{y}'",
        f"alpha='{alpha}'",
        f"enable='between(t,{s:.3f},{e:.3f})'",
        f"shadowcolor=black@0.35:shadowx=0:shadowy={max(1, round(size * 0.05))}",
    ]
    if text.box:
        opts += [
            "box=1",
            f"boxcolor={text.box_color}@{text.box_opacity:.2f}",
            f"boxborderw={round(size * 0.42)}|{round(size * 0.6)}",
        ]
    return "drawtext=" + ":".join(opts)


def _watermark(g: _Graph, label: str, width: int, height: int) -> str:
    size = max(16, round(min(width, height) * 0.03))
    textfile = _write_text(g, "watermark.txt", [label])
    fontfile = g.safe_path(font_path("manrope-semibold"))
    return (
        f"drawtext=fontfile={fontfile}:textfile={textfile}:expansion=none:fontsize={size}"
        f":fontcolor=white@0.75:shadowcolor=black@0.5:shadowx=1:shadowy=1"
        f":x=w-text_w-{round(width * 0.04)}:y={round(height * 0.035)}"
    )


def _audio_graph(g: _Graph, spec: TimelineSpec, total: float) -> None:
    fmt = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
    bed: list[str] = []
    voice: list[str] = []
    for track in spec.audio:
        label = _audio_track(g, track, total, fmt)
        (voice if track.kind == "voiceover" else bed).append(label)

    if not bed and not voice:
        g.chains.append(f"anullsrc=r=48000:cl=stereo,atrim=duration={total:.4f}[aout]")
        return

    def mix(labels: list[str], prefix: str) -> str:
        if len(labels) == 1:
            return labels[0]
        return g.chain(labels, [f"amix=inputs={len(labels)}:normalize=0:duration=longest"], prefix)

    parts: list[str] = []
    if bed and voice and spec.ducking.enabled:
        voice_mix = mix(voice, "vmix")
        vo, sc = g.label("vo"), g.label("vsc")
        g.chains.append(f"[{voice_mix}]asplit=2[{vo}][{sc}]")
        d = spec.ducking
        ducked = g.chain(
            [mix(bed, "bmix"), sc],
            [
                f"sidechaincompress=threshold={d.threshold}:ratio={d.ratio}:attack={d.attack_ms}"
                f":release={d.release_ms}:makeup=1"
            ],
            "duck",
        )
        parts = [ducked, vo]
    else:
        parts = bed + voice
    final = [
        f"apad=whole_dur={total:.4f}",
        f"atrim=duration={total:.4f}",
    ]
    if spec.fade_in:
        final.append(f"afade=t=in:st=0:d={spec.fade_in:.3f}")
    if spec.fade_out:
        final.append(f"afade=t=out:st={total - spec.fade_out:.3f}:d={spec.fade_out:.3f}")
    # Platforms normalise to about -14 LUFS; matching it keeps our ads from being turned down.
    final += [
        f"loudnorm=I={spec.loudness_lufs}:TP=-1.5:LRA=11",
        "aresample=48000",
        f"atrim=duration={total:.4f}",
        "asetpts=PTS-STARTPTS",
    ]
    mixed = mix(parts, "amix")
    g.chains.append(f"[{mixed}]{','.join(final)}[aout]")


def _audio_track(g: _Graph, track: AudioTrack, total: float, fmt: str) -> str:
    src = _resolve(track.source, g.workdir)
    available = total - track.start
    length = min(track.duration or available, available)
    if track.loops:
        idx = g.add_input("-stream_loop", "-1", "-i", str(src))
    else:
        idx = g.add_input("-i", str(src))
        # A one-shot track may be shorter than its slot; fade out where it really ends.
        src_len = probe(src).duration - track.in_point
        if src_len > 0:
            length = min(length, src_len)
    filters = [fmt, f"atrim=start={track.in_point:.3f}:duration={length:.4f}", "asetpts=PTS-STARTPTS"]
    if track.fade_in:
        filters.append(f"afade=t=in:st=0:d={min(track.fade_in, length):.3f}")
    if track.fade_out:
        fo = min(track.fade_out, length)
        filters.append(f"afade=t=out:st={length - fo:.3f}:d={fo:.3f}")
    filters.append(f"volume={track.volume:.3f}")
    if track.start > 0:
        filters.append(f"adelay=delays={round(track.start * 1000)}:all=1")
    return g.chain(f"{idx}:a", filters, "at")


def render(
    spec: TimelineSpec,
    out_path: str | Path,
    on_progress: Callable[[float], None] | None = None,
    *,
    workdir: str | Path | None = None,
    timeout: float | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Render ``spec`` to an H.264/AAC MP4 plus a JPEG thumbnail next to it."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="render-")) if own_tmp else Path(workdir)  # type: ignore[arg-type]
    try:
        cmd = compile_graph(spec, work)
        run_with_progress(
            cmd.argv(out_path),
            total_seconds=cmd.duration,
            on_progress=on_progress,
            timeout=timeout,
            is_cancelled=is_cancelled,
            log_path=work / "ffmpeg.log",
        )
        thumb = make_thumbnail(out_path, out_path.with_suffix(".jpg"), at=min(1.5, cmd.duration / 3))
        return RenderResult(out_path, thumb, cmd.duration, cmd.width, cmd.height, cmd.fps)
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)


def make_thumbnail(video: Path, out_jpg: Path, at: float = 1.0, max_side: int = 720) -> Path:
    result = run_ffmpeg(
        [
            "-y",
            "-ss",
            f"{at:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({max_side},iw)':-2",
            "-q:v",
            "3",
            str(out_jpg),
        ],
        timeout=60,
    )
    if result.returncode != 0 or not out_jpg.exists():
        raise MediaError("thumbnail extraction failed", detail=result.stderr[-2000:])
    return out_jpg
