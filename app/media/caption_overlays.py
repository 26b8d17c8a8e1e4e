"""Burned-in captions and non-Latin text overlays as transparent PNG layers.

Pillow draws each caption state (a cue, or a cue with its current word lit)
with the bundled font for the script and libraqm's shaping and bidi, so
Arabic joins and runs right to left and CJK and Devanagari have their glyphs:
ffmpeg's drawtext does neither. The states become ONE extra input (an
ffconcat list of PNGs with their durations, a blank PNG for the silences)
overlaid once in a band inside the aspect ratio's safe zone; a text overlay
in a non-Latin script is one single-frame PNG shown with ``enable``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from app.media import effects
from app.media.filtergraph import Graph
from app.media.fonts import load_script_font, needs_shaping, script_of
from app.media.timeline import CaptionCue, CaptionTrack, TextOverlay, TimelineSpec

WHITE = (255, 255, 255, 255)
OUTLINE = (0, 0, 0, 255)


@dataclass
class Layout:
    """Where the caption band sits and how big its text is, for one frame size."""

    width: int
    height: int
    band_top: int
    band_height: int
    max_width: int
    size: int


def caption_layout(aspect: str, width: int, height: int, style: str) -> Layout:
    """A two-line band just above the bottom safe margin (9:16 keeps clear of the feed's UI)."""
    top_margin, bottom_margin = effects.safe_zone(aspect, height)
    short = min(width, height)
    size = round(short * (0.062 if style == "word" else 0.048))
    band_height = round(size * 3.1)
    band_top = round(height - bottom_margin - band_height)
    band_top = max(round(top_margin), band_top)
    return Layout(width, height, band_top, band_height, round(effects.text_max_width(aspect, width)), size)


def _rtl(text: str) -> bool:
    return script_of(text) == "arabic"


def _lines(words: list[tuple[str, bool]], font, max_width: int, space: float) -> list[list[int]]:
    """Word indexes per line, wrapped greedily by measured width."""
    lines: list[list[int]] = [[]]
    width = 0.0
    for i, (text, space_before) in enumerate(words):
        w = font.getlength(text)
        gap = space if lines[-1] and space_before else 0.0
        if lines[-1] and width + gap + w > max_width:
            lines.append([i])
            width = w
        else:
            lines[-1].append(i)
            width += gap + w
    return [ln for ln in lines if ln]


def _fit(words: list[tuple[str, bool]], script, size: int, max_width: int, max_lines: int = 2):
    while True:
        font = load_script_font(script, size)
        space = font.getlength(" ")
        lines = _lines(words, font, max_width, space)
        if len(lines) <= max_lines or size <= 20:
            return font, space, lines[:max_lines] if len(lines) > max_lines else lines
        size = int(size * 0.9)


def draw_cue(cue: CaptionCue, style: str, layout: Layout, accent: str, current: int | None) -> Image.Image:
    """One caption state as a band-sized RGBA image; ``current`` is the lit word (style "word")."""
    img = Image.new("RGBA", (layout.width, layout.band_height), (0, 0, 0, 0))
    words = [(w.text, w.space_before) for w in cue.words]
    text = cue.text
    script = script_of(text)
    font, space, lines = _fit(words, script, layout.size, layout.max_width)
    draw = ImageDraw.Draw(img)
    ascent, descent = font.getmetrics()
    line_h = round((ascent + descent) * 1.12)
    block_h = line_h * len(lines)
    y = (layout.band_height - block_h) // 2
    stroke = max(2, round(font.size * 0.09)) if style == "word" else 0
    rtl = _rtl(text)
    centre = layout.width * (0.47 if layout.height > layout.width else 0.5)
    colour = _rgba(accent)
    if style == "lower_third":
        widths = [_line_width(words, ln, font, space) for ln in lines]
        pad = round(font.size * 0.35)
        box_w = max(widths) + 2 * pad
        draw.rounded_rectangle(
            (centre - box_w / 2, y - pad / 2, centre + box_w / 2, y + block_h + pad / 2),
            radius=round(font.size * 0.25),
            fill=(0, 0, 0, 150),
        )
    for ln in lines:
        total = _line_width(words, ln, font, space)
        order = visual_order(ln, words, rtl)
        x = centre - total / 2
        for pos, i in enumerate(order):
            # The space between two neighbours belongs to the later one in reading order.
            if pos and words[max(i, order[pos - 1])][1]:
                x += space
            fill = colour if style == "word" and i == current else WHITE
            draw.text((x, y), words[i][0], font=font, fill=fill, stroke_width=stroke, stroke_fill=OUTLINE)
            x += font.getlength(words[i][0])
        y += line_h
    return img


def visual_order(line: list[int], words: list[tuple[str, bool]], rtl: bool) -> list[int]:
    """Word indexes left to right: a right-to-left line runs backwards, except that a run of
    left-to-right words inside it (a product name in Latin letters, numbers) keeps its order."""
    if not rtl:
        return line
    runs: list[list[int]] = []
    for i in line:
        ltr = script_of(words[i][0]) == "latin" and any(c.isalnum() for c in words[i][0])
        if ltr and runs and script_of(words[runs[-1][-1]][0]) == "latin":
            runs[-1].append(i)
        else:
            runs.append([i])
    return [i for run in reversed(runs) for i in run]


def _line_width(words, ln: list[int], font, space: float) -> float:
    return sum(font.getlength(words[i][0]) for i in ln) + space * sum(
        1 for k, i in enumerate(ln) if k and words[i][1]
    )


def _rgba(hex_colour: str) -> tuple[int, int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 255


def caption_states(track: CaptionTrack, layout: Layout) -> list[tuple[float, float, Image.Image]]:
    """(start, end, image) for each thing the caption band shows, in time order."""
    states = []
    for cue in track.cues:
        if track.style == "lower_third":
            states.append((cue.start, cue.end, draw_cue(cue, "lower_third", layout, track.accent, None)))
            continue
        for i, w in enumerate(cue.words):
            start = cue.start if i == 0 else w.start
            end = cue.words[i + 1].start if i + 1 < len(cue.words) else cue.end
            if end > start:
                states.append((start, end, draw_cue(cue, "word", layout, track.accent, i)))
    return states


def write_caption_track(
    track: CaptionTrack, layout: Layout, total: float, workdir: Path, g: Graph | None = None
) -> Path:
    """The ffconcat list of the caption states (with blanks between them) for ``total`` seconds."""
    workdir.mkdir(parents=True, exist_ok=True)
    blank = workdir / "cap_blank.png"
    Image.new("RGBA", (layout.width, layout.band_height), (0, 0, 0, 0)).save(blank)
    entries: list[tuple[Path, float]] = []
    t = 0.0
    for n, (start, end, image) in enumerate(caption_states(track, layout)):
        start, end = max(start, t), min(end, total)
        if end <= start:
            continue
        if start - t > 1e-3:
            entries.append((blank, start - t))
        path = workdir / f"cap_{n:04d}.png"
        image.save(path, optimize=False, compress_level=1)
        entries.append((path, end - start))
        t = end
    entries.append((blank, max(0.05, total - t + 0.5)))
    lines = ["ffconcat version 1.0"]
    for path, seconds in entries:
        lines += [f"file '{path.resolve()}'", f"duration {seconds:.4f}"]
    lines.append(f"file '{blank.resolve()}'")  # the concat demuxer drops the last entry's duration
    listing = workdir / "captions.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if g is not None:
        g.helpers.append(listing)
    return listing


def shaped_texts(spec: TimelineSpec) -> set[int]:
    """Indexes of text overlays Pillow draws (non-Latin scripts); drawtext draws the rest."""
    return {i for i, t in enumerate(spec.texts) if needs_shaping(t.text)}


def draw_text_overlay(
    text: TextOverlay, aspect: str, width: int, height: int
) -> tuple[Image.Image, int, int]:
    """A text overlay in a non-Latin script as an RGBA image and its top-left corner in the frame."""
    scale = min(width, height) / 1080
    size = max(12, round(text.size * scale))
    script = script_of(text.text)
    words = [(w, True) for w in text.text.split()]
    if script == "cjk" and len(words) == 1:
        words = [(ch, False) for ch in text.text]
    max_width = round(effects.text_max_width(aspect, width))
    font, space, lines = _fit(words, script, size, max_width, max_lines=3)
    ascent, descent = font.getmetrics()
    line_h = round((ascent + descent) * 1.1)
    widths = [_line_width(words, ln, font, space) for ln in lines]
    pad_x, pad_y = (round(font.size * 0.6), round(font.size * 0.42)) if text.box else (4, 4)
    w = round(max(widths)) + 2 * pad_x
    h = line_h * len(lines) + 2 * pad_y
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if text.box:
        r, gr, b, _ = _rgba(text.box_color)
        draw.rectangle((0, 0, w, h), fill=(r, gr, b, round(255 * text.box_opacity)))
    rtl = _rtl(text.text)
    y = pad_y
    for ln, lw in zip(lines, widths, strict=True):
        x = (w - lw) / 2
        order = visual_order(ln, words, rtl)
        for pos, i in enumerate(order):
            if pos and words[max(i, order[pos - 1])][1]:
                x += space
            draw.text((x, y), words[i][0], font=font, fill=_rgba(text.color))
            x += font.getlength(words[i][0])
        y += line_h
    top, bottom = effects.safe_zone(aspect, height)
    positions = {
        "top": top,
        "upper_third": max(top, 0.28 * height - h / 2),
        "center": (height - h) / 2,
        "lower_third": min(height - bottom - h, 0.66 * height - h / 2),
        "bottom": height - bottom - h,
    }
    x0 = (width * 0.94 - w) / 2 if aspect == "9:16" else (width - w) / 2
    return img, max(0, round(x0)), max(0, round(positions[text.position]))


def overlay_layers(g: Graph, video: str, spec: TimelineSpec, width: int, height: int) -> str:
    """Overlay the Pillow-drawn text overlays, then the caption band, on ``video``; the new label."""
    aspect = spec.output.aspect
    total = spec.duration
    for i in sorted(shaped_texts(spec)):
        text = spec.texts[i]
        img, x, y = draw_text_overlay(text, aspect, width, height)
        path = g.workdir / f"text_{i}.png"
        img.save(path, compress_level=1)
        g.helpers.append(path)
        idx = g.add_input("-i", str(path))
        s, e = text.start, min(text.end, total)
        video = g.chain(
            [video, f"{idx}:v"],
            [f"overlay=x={x}:y={y}:format=yuv420:enable='between(t,{s:.3f},{e:.3f})'"],
            "tx",
        )
    track = spec.captions
    if track is not None and track.cues:
        layout = caption_layout(aspect, width, height, track.style)
        listing = write_caption_track(track, layout, total, g.workdir / "captions", g)
        idx = g.add_input("-f", "concat", "-safe", "0", "-i", str(listing))
        video = g.chain(
            [video, f"{idx}:v"],
            [f"overlay=x=0:y={layout.band_top}:format=yuv420:eof_action=pass"],
            "cap",
        )
    return video
