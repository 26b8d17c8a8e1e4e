"""Storage benchmark: what encryption at rest costs the local folder.

A ``--mb`` MB file (default 50) written, read whole, streamed and read as byte ranges (1 MB
seeks in the middle, as a video player asks), once by the local store with encryption off
(the baseline) and once with it on, in the same run and the same folder on disk. Each figure
is the fastest of ``--runs`` interleaved runs (default 3); the ratios encrypted / plain are
what to read, the seconds move with the machine.

Run: ``.venv/bin/python benchmarks/storage.py [--mb 50] [--runs 3] [--seeks 20]``. Nothing is
asserted; the numbers are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.platform import encryption  # noqa: E402
from app.services.platform.storage import LocalStorage  # noqa: E402


def _best(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _measures(
    store: LocalStorage, key: str, data: bytes, offsets: list[int], span: int, seeks: int
) -> dict[str, list[tuple[str, Callable[[], object]]]]:
    def stream() -> int:
        return sum(len(p) for p in store.stream(key))

    def seek() -> int:
        return sum(len(p) for o in offsets for p in store.stream(key, o, o + span))

    return {
        "write": [("write (put)", lambda: store.put(key, data))],
        "read": [("read (get)", lambda: store.get(key)), ("stream", stream), (f"{seeks} x 1 MB range", seek)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeks", type=int, default=20, help="1 MB range reads per measurement")
    args = parser.parse_args()

    data = os.urandom(args.mb * 1024 * 1024)
    keys = encryption.parse_master_keys(encryption.new_master_key())
    size = len(data)
    span = 1024 * 1024
    offsets = [(size // 2 + i * 7919 * 13) % (size - span) for i in range(args.seeks)]

    with tempfile.TemporaryDirectory(prefix="cs-bench-storage-") as tmp:
        stores = {
            "plain": LocalStorage(Path(tmp), keys, encrypt=False),
            "encrypted": LocalStorage(Path(tmp), keys, encrypt=True),
        }
        results: dict[str, dict[str, float]] = {name: {} for name in stores}
        for name, store in stores.items():  # first contact, so page cache state is alike
            store.put(f"{name}.bin", data)
        # Writes first (each rewrites its file), then the reads, so a write's dirty pages being
        # flushed does not land in a read's time; interleaved, so machine noise hits both sides.
        for phase in ("write", "read"):
            for _ in range(args.runs):
                for name, store in stores.items():
                    key = f"{name}.bin"
                    for label, fn in _measures(store, key, data, offsets, span, args.seeks)[phase]:
                        figures = results[name]
                        figures[label] = min(figures.get(label, float("inf")), _best(fn, 1))
        assert stores["encrypted"].get("encrypted.bin") == data  # the sealed copy reads back
        on_disk = (Path(tmp) / "encrypted.bin").stat().st_size

    print(f"local store, {args.mb} MB file, fastest of {args.runs} interleaved runs")
    print(f"sealed size on disk: {on_disk} bytes (+{on_disk - size} = header + 16-byte tag per 64 KiB chunk)")
    print(f"{'':24} {'plain':>9} {'encrypted':>10} {'ratio':>7}   encrypted MB/s")
    for label, plain in results["plain"].items():
        sealed = results["encrypted"][label]
        moved = args.mb if "range" not in label else args.seeks
        print(f"{label:24} {plain:8.3f}s {sealed:9.3f}s {sealed / plain:6.2f}x   {moved / sealed:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
