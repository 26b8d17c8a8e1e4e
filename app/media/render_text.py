"""drawtext filters for text overlays and the free-plan watermark.

User text only ever reaches ffmpeg as a file read with ``expansion=none``;
nothing here splices it into the filter string.
"""

from __future__ import annotations

from app.media import effects
from app.media.filtergraph import Graph
from app.media.fonts import fit_text, font_path
from app.media.timeline import TextOverlay, TimelineSpec


def text_lines(text: TextOverlay, aspect: str, width: int, height: int) -> tuple[list[str], int]:
    """The wrapped lines and pixel size the renderer draws ``text`` with in a ``width`` x ``height`` frame."""
    scale = min(width, height) / 1080
    return fit_text(
        text.text, text.font, max(12, round(text.size * scale)), effects.text_max_width(aspect, width)
    )


def drawtext(g: Graph, spec: TimelineSpec, text: TextOverlay, i: int, width: int, height: int) -> str:
    aspect = spec.output.aspect
    lines, size = text_lines(text, aspect, width, height)
    textfile = g.write_text(f"text_{i}.txt", lines)
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


def watermark(g: Graph, label: str, width: int, height: int) -> str:
    size = max(16, round(min(width, height) * 0.03))
    textfile = g.write_text("watermark.txt", [label])
    fontfile = g.safe_path(font_path("manrope-semibold"))
    return (
        f"drawtext=fontfile={fontfile}:textfile={textfile}:expansion=none:fontsize={size}"
        f":fontcolor=white@0.75:shadowcolor=black@0.5:shadowx=1:shadowy=1"
        f":x=w-text_w-{round(width * 0.04)}:y={round(height * 0.035)}"
    )
