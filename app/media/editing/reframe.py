"""One timeline, three aspects: reframing for 9:16, 1:1 and 16:9 exports.

Safe zones (where text may sit; platform UI covers the rest):

| aspect | top | bottom | text width | text centre |
|---|---|---|---|---|
| 9:16 | 12% | 22% | 78% | 47% of the width |
| 1:1, 16:9, 4:3, 3:2 | 8% | 10% | 84% | 50% |

Vertical feeds put the account bar over the top, the caption, buttons and
progress bar over the bottom and a like/share column down the right edge;
square and landscape players cover much less.

The margins are the renderer's own (``effects.safe_zone``): text positions
are named slots (top, upper_third, center, lower_third, bottom) that the
renderer places inside the zone of whatever aspect it renders. Reframing
keeps each text's slot and shrinks its size until the whole wrapped block
fits the target zone. Pictures are cropped around each clip's centre of
interest (``Clip.focus``) instead of around the middle, so the product stays
in frame when a tall shot becomes a wide one.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping
from dataclasses import dataclass

from app.media import effects
from app.media.editing.checks import checked_spec
from app.media.fonts import load_font
from app.media.render_text import text_lines
from app.media.timeline import Aspect, Focus, TextOverlay, TimelineSpec

MIN_TEXT_SIZE = 16
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_CALLS = {"min": min, "max": max}


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def contains(self, other: Box, slack: float = 1.0) -> bool:
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )


def safe_zone(aspect: str, width: int, height: int) -> Box:
    """The rectangle (pixels) text must stay inside for ``aspect``."""
    top, bottom = effects.safe_zone(aspect, height)
    text_width = effects.text_max_width(aspect, width)
    centre = 0.47 * width if aspect == "9:16" else 0.5 * width
    return Box(centre - text_width / 2, top, centre + text_width / 2, height - bottom)


def _evaluate(expression: str, **names: float) -> float:
    """Evaluate one of the renderer's own position expressions: numbers, names, + - * /, min, max."""

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS:
            return _CALLS[node.func.id](*(value(a) for a in node.args))
        raise ValueError(f"unexpected position expression {expression!r}")

    return value(ast.parse(expression, mode="eval").body)


def text_box(text: TextOverlay, aspect: str, width: int, height: int) -> Box:
    """Where the renderer draws ``text``'s glyphs (its resting position, after any animation)."""
    lines, size = text_lines(text, aspect, width, height)
    font = load_font(text.font, size)
    ascent, descent = font.getmetrics()
    line_spacing = round(size * 0.18)
    block_h = len(lines) * (ascent + descent) + (len(lines) - 1) * line_spacing
    block_w = max(font.getlength(line) for line in lines)
    y = _evaluate(effects.text_y(text.position, aspect, height), text_h=block_h, h=height)
    x = _evaluate(effects.text_centre_x(aspect), text_w=block_w, w=width)
    return Box(x, y, x + block_w, y + block_h)


def fit_text(text: TextOverlay, aspect: str, width: int, height: int) -> TextOverlay:
    """``text`` at the largest size (up to its own) whose block fits the safe zone of ``aspect``."""
    zone = safe_zone(aspect, width, height)
    size = text.size
    fitted = text
    while size > MIN_TEXT_SIZE and not zone.contains(text_box(fitted, aspect, width, height)):
        size = max(MIN_TEXT_SIZE, int(size * 0.9))
        fitted = text.model_copy(update={"size": size})
    return fitted


def fit_texts(spec: TimelineSpec) -> TimelineSpec:
    """Every text shrunk, where needed, to fit the safe zone of the spec's own aspect."""
    width, height = spec.output.size
    texts = [fit_text(t, spec.output.aspect, width, height) for t in spec.texts]
    return spec if texts == spec.texts else checked_spec(spec, texts=texts)


def reframe(spec: TimelineSpec, aspect: Aspect, *, focus: Mapping[str, Focus] | None = None) -> TimelineSpec:
    """The same timeline for another aspect: crops keep each clip's focus, texts fit the new zone.

    ``focus`` gives centres of interest for clips that have none yet (``find_focus`` computes
    them from the media); a clip's own ``focus`` always wins.
    """
    focus = focus or {}
    clips = [
        c if c.focus is not None or c.id not in focus else c.model_copy(update={"focus": focus[c.id]})
        for c in spec.clips
    ]
    output = spec.output.model_copy(update={"aspect": aspect})
    return fit_texts(checked_spec(spec, output=output, clips=clips))
