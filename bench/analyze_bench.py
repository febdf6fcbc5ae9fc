"""Local analyzer, warm: CPU seconds per minute of audio for the full result (BPM, key, loudness,
genre, mood), beside calling Essentia and musicnn naively on the same files.

Naive = what a script would do: Essentia's MonoLoader/AudioLoader, RhythmExtractor2013,
KeyExtractor and LoudnessEBUR128 with their defaults, and musicnn's own ``top_tags`` for the MSD
and MTT models (which rebuilds its TensorFlow graph on every call). CPU time is the process's
(every thread) plus its decoder child processes, so other load on the machine barely moves it.
Run: `make bench`.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.accuracy import FIXTURES

FILES = (
    "jamendolyrics/Fantasma_-_Los_Rombos.mp3",
    "jamendolyrics/Confession_-_Quesabe.mp3",
    "mirdata/giantsteps_key/10089_Jason_Sparks_-_Close_My_Eyes.mp3",
    "mirdata/beatport_key/100066_Lindstrom_-_Monsteer.mp3",
    "librosa-data/Kevin_MacLeod_-_Vibe_Ace.hq.ogg",
    "librosa-data/Hungarian_Dance_number_5_-_Allegro_in_F_sharp_minor_string_orchestra.hq.ogg",
    "mirdata/gtzan_genre/country.00000.wav",
    "essentia-audio/techno_loop.mp3",
)


def _process_and_children_cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished children (ffmpeg decodes
    in a child process: its time counts too)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _cpu(work: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = _process_and_children_cpu(), time.perf_counter()
    work()
    return _process_and_children_cpu() - cpu, time.perf_counter() - wall


def _minutes(path: Path) -> float:
    import soundfile as sf

    return float(sf.info(str(path)).duration) / 60


def ours(paths: list[Path]) -> tuple[float, float, dict[str, float]]:
    """CPU and wall seconds of the warm local analyzer over ``paths``; mean stage timings."""
    from inference.analyzer import build_analyzer

    analyzer = build_analyzer()
    analyzer.analyze(paths[-1].read_bytes())  # warm: models loaded, numba compiled
    cpu = wall = 0.0
    stages: dict[str, list[float]] = {}
    for path in paths:
        data = path.read_bytes()
        result = None

        def run(data: bytes = data) -> None:
            nonlocal result
            result = analyzer.analyze(data)

        c, w = _cpu(run)
        cpu, wall = cpu + c, wall + w
        assert result is not None
        for name, ms in result.timings.items():
            stages.setdefault(name, []).append(ms / 1000 / _minutes(path))
    return cpu, wall, {name: statistics.fmean(values) for name, values in stages.items()}


def naive(paths: list[Path]) -> tuple[float, float]:
    """CPU and wall seconds of the naive Essentia + musicnn calls over ``paths``."""
    import essentia

    essentia.log.infoActive = False
    import essentia.standard as es
    from musicnn.tagger import top_tags

    def one(path: Path) -> None:
        mono = es.MonoLoader(filename=str(path))()
        es.RhythmExtractor2013()(mono)
        es.KeyExtractor()(mono)
        stereo = es.AudioLoader(filename=str(path))()[0]
        es.LoudnessEBUR128()(stereo)
        with contextlib.redirect_stdout(io.StringIO()):
            top_tags(str(path), model="MSD_musicnn", topN=5, print_tags=False)
            top_tags(str(path), model="MTT_musicnn", topN=5, print_tags=False)

    one(paths[-1])  # same warm-up as ours
    cpu = wall = 0.0
    for path in paths:
        c, w = _cpu(lambda path=path: one(path))
        cpu, wall = cpu + c, wall + w
    return cpu, wall


def main() -> None:
    """Print the README table."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    paths = [FIXTURES / name for name in FILES]
    minutes = sum(_minutes(path) for path in paths)
    our_cpu, our_wall, stages = ours(paths)
    naive_cpu, naive_wall = naive(paths)
    print(f"{len(paths)} files, {minutes:.1f} min of audio, warm")
    print("| pipeline | CPU s per audio minute | wall s per audio minute |")
    print("|---|---|---|")
    print(f"| catalog local analyzer | **{our_cpu / minutes:.2f}** | {our_wall / minutes:.2f} |")
    print(f"| naive Essentia + musicnn top_tags | {naive_cpu / minutes:.2f} | "
          f"{naive_wall / minutes:.2f} |")  # fmt: skip
    print(f"| ratio (naive / ours) | {naive_cpu / our_cpu:.1f}x | {naive_wall / our_wall:.1f}x |")
    print()
    print("| stage | wall s per audio minute |")
    print("|---|---|")
    for name, value in stages.items():
        print(f"| {name.removesuffix('_ms')} | {value:.3f} |")


if __name__ == "__main__":
    main()
