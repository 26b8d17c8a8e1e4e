"""Building one ffmpeg filter graph: inputs, labelled chains and paths safe inside filter options."""

from __future__ import annotations

import re
from pathlib import Path

from app.media.ffmpeg import MediaError

# Characters that need no escaping inside a filter option value.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")


class Graph:
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

    def write_text(self, name: str, lines: list[str]) -> str:
        path = self.workdir / name
        path.write_text("\n".join(lines), encoding="utf-8")
        self.helpers.append(path)
        return self.safe_path(path)


def resolve_media(source: str, workdir: Path) -> Path:
    path = Path(source)
    if not path.is_absolute():
        path = workdir / path
    if not path.exists():
        raise MediaError(f"media file not found: {path.name}")
    return path


def image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path, formats=["PNG", "JPEG", "WEBP"]) as img:
        return img.size
