"""`python -m bench.evalset build [--count 168] [--out DIR]`: render the evaluation set."""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from pathlib import Path

from bench.evalset import default_dir
from bench.evalset.build import build


def main() -> None:
    """Build the set and print what it holds."""
    parser = argparse.ArgumentParser(prog="python -m bench.evalset")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--count", type=int, default=168, help="music arrangements (>= 150)")
    parser.add_argument("--out", type=Path, default=default_dir())
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    items = build(args.out, args.count, args.workers)
    music = [i for i in items if i.kind == "music"]
    bpms = [float(i.bpm) for i in music]
    logging.info("%d music files in %s (%.0f-%.0f BPM), %d non-music", len(music), args.out,
                 min(bpms), max(bpms), len(items) - len(music))  # fmt: skip
    for name, counted in (("style", Counter(i.style for i in music)),
                          ("mode", Counter(i.mode for i in music)),
                          ("format", Counter(i.format for i in music))):  # fmt: skip
        logging.info("%s: %s", name, dict(counted))


if __name__ == "__main__":
    main()
