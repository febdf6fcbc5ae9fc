"""Extraction speed on one core: 3-5 MB MP3 and FLAC files, tagged like Picard with cover art.

Side by side on the same files: our extraction (sandboxed worker, as ingest runs it; and in
process), plain mutagen (``mutagen.File``) and tinytag. Fingerprinting is off (it decodes audio).
Run: ``python -m bench.extract_bench [--files 120]``. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import mutagen
from tinytag import TinyTag

from shared.media.extract import extract_file
from shared.media.limits import Limits
from shared.media.sandbox import SandboxedExtractor
from tests import audio_factory as af


def make_files(folder: Path, count: int) -> list[Path]:
    """``count`` files, half MP3 (192 kbps, 160 s) and half FLAC (60 s), 3-5 MB each."""
    cover = af.cover_png(600, 600)
    mp3 = af.encode(af.write_wav(folder / "long.wav", 160.0, seed=1), folder / "src.mp3")
    flac = af.encode(af.write_wav(folder / "short.wav", 60.0, seed=2), folder / "src.flac")
    (folder / "long.wav").unlink()
    (folder / "short.wav").unlink()
    files = []
    for i in range(count):
        source = mp3 if i % 2 == 0 else flac
        target = folder / f"{i:04d}{source.suffix}"
        shutil.copyfile(source, target)
        tags = {**af.PICARD_TAGS, "title": f"Track {i}", "tracknumber": str(i % 12 + 1)}
        if source is mp3:
            af.tag_id3(target, tags, version=3 + i % 4 // 2, cover=cover)
        else:
            af.tag_flac(target, tags, cover=cover)
        files.append(target)
    return files


def _rate(files: list[Path], read: Callable[[Path], object], passes: int = 3) -> float:
    for path in files[:5]:
        read(path)  # warm caches and lazy imports
    rates = []
    for _ in range(passes):
        started = time.perf_counter()
        for path in files:
            read(path)
        rates.append(len(files) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=120)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, workers included
    limits = Limits(fingerprint=False)
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as folder:
        files = make_files(Path(folder), args.files)
        sizes = [p.stat().st_size / 1e6 for p in files]
        hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        sandbox = SandboxedExtractor(limits, workers=1)
        try:
            rates = {
                "catalog, sandboxed, sha256 given (as ingest runs it)": _rate(
                    files, lambda p: sandbox.extract(p, sha256=hashes[p], fingerprint=False)
                ),
                "catalog, sandboxed, sha256 computed (`catalog extract`)": _rate(
                    files, lambda p: sandbox.extract(p, fingerprint=False)
                ),
                "catalog, in process, sha256 given": _rate(
                    files, lambda p: extract_file(p, limits, sha256=hashes[p])
                ),
                "plain mutagen (`mutagen.File`)": _rate(files, lambda p: mutagen.File(p)),
                "tinytag (`TinyTag.get`, with images)": _rate(
                    files, lambda p: TinyTag.get(p, image=True)
                ),
            }
        finally:
            sandbox.close()
    mutagen_rate = rates["plain mutagen (`mutagen.File`)"]
    tinytag_rate = rates["tinytag (`TinyTag.get`, with images)"]
    print(f"{len(files)} files, {min(sizes):.1f}-{max(sizes):.1f} MB, one core\n")
    print("| reader | files/s | vs mutagen | vs tinytag |")
    print("|---|---|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {rate / mutagen_rate:.2f}x | {rate / tinytag_rate:.2f}x |")


if __name__ == "__main__":
    main()
