"""Compile a timeline spec into ONE ffmpeg invocation and run it.

One pass keeps the render close to the bare libx264 encode time (MoviePy's
per-frame Python compositing is 4-10x slower on this hardware) and encodes
the audio once over the whole timeline (joined AAC chunks click). The pieces
live next door: ``filtergraph`` (inputs and labels), ``render_text``
(drawtext), ``render_audio`` (the mix), ``encoding`` (per-format encoder
settings and forced keyframes) and ``frames`` (the frame grid).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.media import caption_overlays, effects, encoding
from app.media.ffmpeg import MediaError, ffmpeg_exe, run_ffmpeg, run_with_progress
from app.media.filtergraph import Graph, image_size, resolve_media
from app.media.frames import clip_frame_count, nearest_frame
from app.media.render_audio import audio_graph
from app.media.render_text import drawtext, watermark
from app.media.timeline import Clip, Focus, TimelineSpec, Transition


@dataclass
class FfmpegCommand:
    """One ffmpeg run: inputs, the filter graphs and the encoder settings.

    Picture and sound are two ``-filter_complex`` graphs of the one invocation: ffmpeg runs each
    graph on its own thread, so the audio chain (loudnorm resamples to 192 kHz) no longer takes
    turns with the picture.
    """

    inputs: list[list[str]]
    video_graph: str
    output_args: list[str]
    duration: float
    width: int
    height: int
    fps: int
    helper_files: list[Path] = field(default_factory=list)
    audio_graph: str = ""

    @property
    def filter_complex(self) -> str:
        """Both graphs as one text (what the chains say, for inspection)."""
        return ";".join(g for g in (self.video_graph, self.audio_graph) if g)

    def argv(self, out_path: str | Path, *, progress: bool = True) -> list[str]:
        args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
        if progress:
            args += ["-nostats", "-progress", "pipe:1"]
        for inp in self.inputs:
            args += inp
        args += ["-filter_complex", self.video_graph]
        if self.audio_graph:
            args += ["-filter_complex", self.audio_graph]
        args += [*self.output_args, str(out_path)]
        return args


@dataclass
class RenderResult:
    path: Path
    thumbnail: Path
    duration: float
    width: int
    height: int
    fps: int
    format: str = "mp4"


def compile_graph(spec: TimelineSpec, workdir: str | Path) -> FfmpegCommand:
    """Turn ``spec`` into a single ffmpeg command; helper files go to ``workdir``."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    g = Graph(workdir)
    width, height = spec.output.size
    fps = spec.output.fps
    total = spec.duration

    # The grade's colour part goes on each source (once per still, cut-out and sweep; per frame only
    # for videos and gaps), its vignette on the joined picture as a still layer: see ``_vignette``.
    colour = effects.grade_colour_filters(spec.grade)
    segments = [_clip_segment(g, clip, width, height, fps, colour) for clip in spec.clips]
    video = _join_segments(g, spec, segments)

    angle = effects.vignette_angle(spec.grade)
    if angle is not None:
        video = _vignette(g, video, width, height, angle)
    post: list[str] = []
    shaped = caption_overlays.shaped_texts(spec)  # non-Latin scripts: Pillow draws them
    post += [drawtext(g, spec, t, i, width, height) for i, t in enumerate(spec.texts) if i not in shaped]
    if spec.watermark:
        post.append(watermark(g, spec.watermark, width, height))
    if shaped or (spec.captions and spec.captions.cues):
        video = caption_overlays.overlay_layers(g, g.chain(video, post, "pt"), spec, width, height)
        post = []
    if spec.fade_in:
        post.append(f"fade=t=in:st=0:d={spec.fade_in:.3f}")
    if spec.fade_out:
        post.append(f"fade=t=out:st={total - spec.fade_out:.3f}:d={spec.fade_out:.3f}")
    # drawtext/curves graphs otherwise end in yuv444p, which phones refuse.
    post += [f"trim=duration={total:.4f}", "format=pix_fmts=yuv420p:color_ranges=tv"]
    if spec.output.format == "gif":
        picture = g.label("pic")
        g.chains.append(f"[{video}]{','.join(post)}[{picture}]")
        g.chains.extend(encoding.gif_palette_chains(picture))
    else:
        g.chains.append(f"[{video}]{','.join(post)}[vout]")

    video_chains = len(g.chains)
    if spec.output.has_audio:
        audio_graph(g, spec, total)

    return FfmpegCommand(
        inputs=g.inputs,
        video_graph=";".join(g.chains[:video_chains]),
        audio_graph=";".join(g.chains[video_chains:]),
        output_args=encoding.output_args(spec, total),
        duration=total,
        width=width,
        height=height,
        fps=fps,
        helper_files=g.helpers,
    )


def _crop(width: int, height: int, focus: Focus | None) -> str:
    if focus is None:
        return f"crop={width}:{height}"
    # Keep the centre of interest in frame, clamped so the crop never leaves the picture.
    return (
        f"crop={width}:{height}:x='max(0,min(iw-ow,iw*{focus.x:.4f}-ow/2))'"
        f":y='max(0,min(ih-oh,ih*{focus.y:.4f}-oh/2))'"
    )


def _clip_segment(g: Graph, clip: Clip, width: int, height: int, fps: int, colour: list[str]) -> str:
    length = clip.length
    frames = clip_frame_count(length, fps)
    if clip.is_gap:
        fill = clip.gap_color.lstrip("#")
        idx = g.add_input(
            "-f", "lavfi", "-i", f"color=c=0x{fill}:s={width}x{height}:r={fps}:d={length + 0.2:.3f}"
        )
        filters = ["setsar=1", *colour]
    elif clip.is_still and clip.motion in effects.PANS:
        idx = g.add_input("-i", str(resolve_media(clip.source, g.workdir)))
        z = effects.pan_zoom(clip.motion_strength)
        cw, ch = _even_up(width * z), _even_up(height * z)
        filters = [
            f"scale={cw}:{ch}:force_original_aspect_ratio=increase:flags=lanczos",
            _crop(cw, ch, clip.focus),
            "setsar=1",
            *colour,
            "format=pix_fmts=yuv420p:color_ranges=tv",
            *_held(length, fps),
            # The held PNG frame keeps the demuxer's 25 fps as its rate; xfade compares rates.
            f"fps={fps}",
            effects.pan_crop(clip.motion, _motion_progress(clip, frames, fps), width, height),
        ]
    elif clip.is_still:
        src = resolve_media(clip.source, g.workdir)
        # A single decoded frame: zoompan expands it to ``frames`` frames itself
        # (feeding it a looped input would multiply the frame count).
        idx = g.add_input("-i", str(src))
        k = effects.ZOOMPAN_OVERSCALE if clip.motion != "none" else 1.0
        cw, ch = int(width * k) // 2 * 2, int(height * k) // 2 * 2
        filters = [
            f"scale={cw}:{ch}:force_original_aspect_ratio=increase:flags=lanczos",
            _crop(cw, ch, clip.focus),
            "setsar=1",
            *colour,
            # zoompan resamples every output frame from this one: in 4:2:0 that is half the bytes of
            # RGB and no conversion per frame afterwards.
            "format=pix_fmts=yuv420p:color_ranges=tv",
            *_zoompan(clip, frames, width, height, fps),
        ]
    else:
        src = resolve_media(clip.source, g.workdir)
        inp = ["-ss", f"{clip.in_point:.3f}"]
        if clip.out_point is not None:
            inp += ["-t", f"{clip.out_point - clip.in_point:.3f}"]
        idx = g.add_input(*inp, "-i", str(src))
        filters = [
            f"setpts=(PTS-STARTPTS)/{clip.speed:.4f}",
            f"fps={fps}",
            f"scale={width}:{height}:force_original_aspect_ratio=increase",
            _crop(width, height, clip.focus),
            "setsar=1",
            *colour,
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
        seg = _foreground(g, clip, seg, width, height, fps, length, colour)
    if clip.light_sweep:
        seg = _light_sweep(g, clip, seg, width, height, fps, length, colour)
    return seg


def _even_up(x: float) -> int:
    return math.ceil(x / 2 - 1e-9) * 2


def _motion_progress(clip: Clip, frames: int, fps: int) -> str:
    """0..1 progress of the camera move at frame ``n`` of the clip (zoompan's ``on`` progress)."""
    if not clip.has_motion_window:
        return f"min(1,n/{max(1, frames - 1)})"
    span = clip_frame_count(clip.effective_motion_span, fps)
    offset = round(clip.motion_offset * fps)
    return f"min(1,(n+{offset})/{max(1, span - 1)})"


def _zoompan(clip: Clip, frames: int, width: int, height: int, fps: int) -> list[str]:
    """zoompan for the clip; a motion window shows frames offset..offset+frames of the whole move."""
    if not clip.has_motion_window:
        return [effects.zoompan_filter(clip.motion, clip.motion_strength, frames, width, height, fps)]
    span = clip_frame_count(clip.effective_motion_span, fps)
    offset = round(clip.motion_offset * fps)
    whole = effects.zoompan_filter(clip.motion, clip.motion_strength, span, width, height, fps)
    progress, tail = f"on/{max(1, span - 1)})", f":d={span}:s={width}x{height}:fps={fps}"
    if whole.endswith(tail) and (progress in whole or clip.motion == "none"):
        # Start the move's progress at the window: only the frames shown are computed.
        shifted = whole[: -len(tail)].replace(progress, f"(on+{offset})/{max(1, span - 1)})")
        return [shifted + f":d={frames}:s={width}x{height}:fps={fps}"]
    # An unfamiliar expression shape: compute the whole move and keep the window (slower, same frames).
    return [whole, f"trim=start_frame={offset}", "setpts=PTS-STARTPTS"]


def _motion_clock(clip: Clip, length: float) -> tuple[str, float]:
    """The time expression and span that foreground and light-sweep moves follow."""
    if not clip.has_motion_window:
        return "t", length
    return f"(t+{clip.motion_offset:.3f})", clip.effective_motion_span


def _held(length: float, fps: int) -> list[str]:
    """Repeat an image layer's one decoded, scaled frame for the clip (plus 0.2 s of slack).

    Looping the input instead (``-loop 1``) decodes and scales the PNG again for every frame:
    measured 30 ms a frame for a cut-out, most of a parallax clip's render time. The frames and
    their timestamps are the same either way.
    """
    frames = math.ceil((length + 0.2) * fps - 1e-9)
    return [f"loop=loop={frames - 1}:size=1", f"settb=1/{fps}", "setpts=N"]


def _foreground(
    g: Graph, clip: Clip, base: str, width: int, height: int, fps: int, length: float, colour: list[str]
) -> str:
    fg_path = resolve_media(clip.foreground or "", g.workdir)
    iw, ih = image_size(fg_path)
    box_w, box_h = width * 0.86, height * clip.foreground_scale
    scale = min(box_w / iw, box_h / ih)
    fw, fh = max(2, int(iw * scale) // 2 * 2), max(2, int(ih * scale) // 2 * 2)
    idx = g.add_input("-i", str(fg_path))
    filters = [
        f"scale={fw}:{fh}:flags=lanczos",
        "format=rgba",
        *_graded_rgba(colour),
        _LAYER_FORMAT,
        *_held(length, fps),
    ]
    t, span = _motion_clock(clip, length)
    d = max(0.1, span)
    e = effects.eased(f"min(1,{t}/{d:.3f})")
    y = f"(H-h)/2+{0.04 * height:.0f}"
    x = "(W-w)/2"
    motion = clip.foreground_motion
    if motion == "parallax":
        # The cut-out drifts against the background's move, so it reads as nearer.
        x = f"(W-w)/2+{0.07 * width * clip.motion_strength:.1f}*({e}-0.5)"
        y = f"(H-h)/2+{0.04 * height:.0f}-{0.015 * height:.0f}*{e}"
    elif motion == "float":
        y = f"(H-h)/2+{0.04 * height:.0f}+{0.012 * height:.1f}*sin(2*PI*{t}/3)"
    elif motion == "turntable":
        # Squash the width with |cos| of a slow spin: a flat cut-out reads as turning.
        period = max(2.0, min(6.0, span))
        filters.append(f"scale=w='max(4,{fw}*(0.12+0.88*abs(cos(PI*{t}/{period:.3f}))))':h={fh}:eval=frame")
    fg = g.chain(f"{idx}:v", filters, "fg")
    return g.chain([base, fg], [f"overlay=x='{x}':y='{y}':format=yuv420:eof_action=pass"], "ov")


# What ``overlay=format=yuv420`` takes from a layer with alpha. Converting the one decoded frame
# before it is held, instead of letting ffmpeg convert each held RGBA frame on its way into the
# overlay, is the same conversion once (measured: 1-2 ms a frame for the cut-out and the sweep).
_LAYER_FORMAT = "format=yuva420p"


def _graded_rgba(colour: list[str]) -> list[str]:
    """The grade's colour filters for an image layer with alpha (eq keeps it, in yuva444p)."""
    return [*colour, "format=rgba"] if colour else []


def _light_sweep(
    g: Graph, clip: Clip, base: str, width: int, height: int, fps: int, length: float, colour: list[str]
) -> str:
    path = g.workdir / f"sweep_{width}x{height}.png"
    if not path.exists():
        effects.write_light_sweep(path, width, height)
        g.helpers.append(path)
    idx = g.add_input("-i", str(path))
    t, move = _motion_clock(clip, length)
    t0, span = 0.2 * move, 0.6 * move
    x = f"-w+(W+w)*min(1,max(0,({t}-{t0:.3f})/{span:.3f}))"
    sweep = g.chain(
        f"{idx}:v", ["format=rgba", *_graded_rgba(colour), _LAYER_FORMAT, *_held(length, fps)], "sw"
    )
    return g.chain([base, sweep], [f"overlay=x='{x}':y=0:format=yuv420:eof_action=pass"], "ls")


def _vignette(g: Graph, video: str, width: int, height: int, angle: float) -> str:
    """The grade's vignette: a black layer whose alpha is 1 - vignette's factor, over every frame.

    One raw yuva420p frame (no decode), tagged with the picture's range so nothing converts it,
    and repeated by overlay after its one frame (``eof_action=repeat``).
    """
    path = g.workdir / f"vignette_{width}x{height}_{angle:.5f}.yuva"
    if not path.exists():
        effects.write_vignette_mask(path, width, height, angle)
        g.helpers.append(path)
    idx = g.add_input("-f", "rawvideo", "-pix_fmt", "yuva420p", "-s", f"{width}x{height}", "-i", str(path))
    mask = g.chain(f"{idx}:v", ["setparams=range=tv"], "vm")
    return g.chain([video, mask], ["overlay=format=yuv420:eof_action=repeat"], "vg")


def _join_segments(g: Graph, spec: TimelineSpec, segments: list[str]) -> str:
    current, elapsed = segments[0], spec.clips[0].length
    fps = spec.output.fps
    for i in range(1, len(segments)):
        transition = spec.clips[i - 1].transition
        nxt = segments[i]
        if transition:
            offset = elapsed - transition.duration
            current = _crossfade(g, current, nxt, transition, offset, fps)
            elapsed += spec.clips[i].length - transition.duration
        else:
            # concat hands on a 1/1000000 timebase; a later xfade needs both inputs on 1/fps.
            current = g.chain([current, nxt], ["concat=n=2:v=1:a=0", f"settb=1/{fps}"], "cat")
            elapsed += spec.clips[i].length
    return current


def _crossfade(g: Graph, before: str, after: str, transition: Transition, offset: float, fps: int) -> str:
    """Join two pictures with an xfade that sees only the frames it blends.

    xfade works in 4:4:4 only, so ffmpeg converts whatever reaches it, and the format it settles
    on spreads through the concats around it: a plain ``xfade`` on the whole of both inputs made
    every frame of the video go 4:2:0 -> 4:4:4 -> 4:2:0 (measured: 4-5 s of a 30 s 1080x1920
    render). Cutting out the blend and concatenating head, blend and rest keeps the frames, their
    order and the blend itself as they were, and converts just the blended frames.
    """
    name = effects.xfade_name(transition.kind, transition.direction)
    start = nearest_frame(offset * fps)  # where ffmpeg's xfade would start, to the frame
    blend = nearest_frame(transition.duration * fps)
    a_head, a_tail, b_head, b_rest = (g.label(p) for p in ("xa", "xb", "xc", "xd"))
    g.chains.append(f"[{before}]split[{a_head}][{a_tail}]")
    g.chains.append(f"[{after}]split[{b_head}][{b_rest}]")
    head = g.chain(a_head, [f"trim=end_frame={start}"], "xh")
    tail = g.chain(a_tail, [f"trim=start_frame={start}", "setpts=PTS-STARTPTS"], "xt")
    lead = g.chain(b_head, [f"trim=end_frame={blend}"], "xl")
    rest = g.chain(b_rest, [f"trim=start_frame={blend}", "setpts=PTS-STARTPTS"], "xr")
    mixed = g.chain(
        [tail, lead],
        [
            f"xfade=transition={name}:duration={transition.duration:.3f}:offset=0",
            "format=pix_fmts=yuv420p:color_ranges=tv",
        ],
        "xf",
    )
    return g.chain([head, mixed, rest], ["concat=n=3:v=1:a=0", f"settb=1/{fps}"], "xj")


def render(
    spec: TimelineSpec,
    out_path: str | Path,
    on_progress: Callable[[float], None] | None = None,
    *,
    workdir: str | Path | None = None,
    timeout: float | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Render ``spec`` in its output format (H.264/AAC MP4 unless it says otherwise) plus a JPEG thumbnail."""
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
        return RenderResult(out_path, thumb, cmd.duration, cmd.width, cmd.height, cmd.fps, spec.output.format)
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)


def make_thumbnail(video: Path, out_jpg: Path, at: float = 1.0, max_side: int = 720) -> Path:
    scale = f"scale='min({max_side},iw)':-2"
    seek = ["-ss", f"{at:.3f}", "-i", str(video)]
    if video.suffix.lower() in (".gif", ".webp"):
        # Animated previews decode to RGB with alpha, which the JPEG encoder will not take, and the
        # WebP demuxer cannot seek: decode from the start (they are small) and convert.
        scale += ",format=yuvj420p"
        seek = ["-i", str(video), "-ss", f"{at:.3f}"]
    result = run_ffmpeg(
        ["-y", *seek, "-frames:v", "1", "-vf", scale, "-q:v", "3", "-update", "1", str(out_jpg)],
        timeout=60,
    )
    if result.returncode != 0 or not out_jpg.exists():
        raise MediaError("thumbnail extraction failed", detail=result.stderr[-2000:])
    return out_jpg
