"""Discovery (issue 18) on ``../shared/audio-fixtures``: what the embedding costs, how well
vocals are read, and whether nearest neighbours share a genre.

`python -m bench.discovery_bench [--json OUT]` prints the README's tables.

- CPU: per file, process CPU seconds of the whole analysis (``Analyzer.analyze_decoded``) and of
  the musicnn tagging with and without fetching the penultimate layer (the embedding), each the
  best of ``--repeats`` runs; the extra is reported per audio minute and as a share of the analysis.
- Vocals: the jamendolyrics songs are sung (JamendoLyrics.csv); the clips in ``INSTRUMENTAL`` are
  treated as instrumental from what their source says they are (solo instruments, a string
  orchestra, a percussion ensemble, a piano trio, a techno loop). Every other fixture's reading is
  listed without a truth. There is no gender truth for the fixtures: readings are listed only.
- Preview and timeline (issue 18 items 3 and 4): process CPU of ``representative_start`` on the
  spectrogram the tagger computes anyway, and of the timeline's per-patch work (merging both
  models' per-patch scores of random likelihoods shaped like musicnn's, then ``timeline_of``),
  each the best of ``--repeats``, per audio minute and as a share of the analysis.
- Similarity: cosine top-5 neighbours among the fixtures with a genre in the taxonomy
  (bench.accuracy.FIXTURE_GENRES), the share with the same genre against chance (the share of
  same-genre pairs among all pairs).
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from bench.accuracy import FIXTURE_GENRES, FIXTURES
from bench.audio_files import decode_file
from inference.analyzer import build_analyzer
from inference.preview import representative_start
from inference.tagging import (
    FRAMES_PER_S,
    MusicnnTagger,
    log_mel,
    normalised,
    patch_starts,
    timeline_of,
)

T = TypeVar("T")
SUNG_FOLDER = "jamendolyrics/"
INSTRUMENTAL = (
    "mirdata/brid/0001_M4-01-SA.wav",  # Brazilian rhythm instruments: a percussion ensemble
    "mirdata/jtd/barronk-allgodschildren-drummondrrileyb-1990-8b77c067.wav",  # jazz piano trio
    "librosa-data/442789__lena-orsa__happy-music-pistachio-ice-cream-ragtime.hq.ogg",  # piano
    "librosa-data/Hungarian_Dance_number_5_-_Allegro_in_F_sharp_minor_string_orchestra.hq.ogg",
    "librosa-data/Kevin_MacLeod_-_P_I_Tchaikovsky_Dance_of_the_Sugar_Plum_Fairy.hq.ogg",
    "librosa-data/sorohanro_-_solo-trumpet-06.hq.ogg",
    "essentia-audio/359500__mtg__sax-tenor-e-major.wav",
    "essentia-audio/359628__mtg__sax-tenor-d-minor.wav",
    "essentia-audio/techno_loop.mp3",
)


def _cpu(work: Callable[[], T], repeats: int) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.process_time()
        result = work()
        best = min(best, time.process_time() - started)
    return best, result  # type: ignore[return-value]


def run(repeats: int) -> dict[str, Any]:
    """Every file's numbers and the summaries."""
    analyzer = build_analyzer()
    analyzer.warm_up()
    tagger = analyzer.tagger
    assert isinstance(tagger, MusicnnTagger)
    rows = list(csv.DictReader((FIXTURES / "manifest.csv").open()))
    files: list[dict[str, Any]] = []
    for row in rows:
        audio = decode_file(FIXTURES / row["file"])
        tagger.embed = True
        analysis_s, analysis = _cpu(lambda: analyzer.analyze_decoded(audio), repeats)  # noqa: B023
        with_s, _ = _cpu(lambda: tagger.tag(audio), repeats)  # noqa: B023
        tagger.embed = False
        without_s, _ = _cpu(lambda: tagger.tag(audio), repeats)  # noqa: B023
        tagger.embed = True
        mel = log_mel(audio)
        preview_s, clip = _cpu(lambda: representative_start(mel, FRAMES_PER_S), repeats)  # noqa: B023
        starts = patch_starts(len(mel), 8)
        timeline_s, _ = _cpu(lambda: _timeline_work(starts, audio.duration_s), repeats)  # noqa: B023
        layers = tagger.penultimate_means(audio)
        variants = {
            "MSD_musicnn": normalised(layers["MSD_musicnn"]),
            "MTT_musicnn": normalised(layers["MTT_musicnn"]),
            "MSD+MTT": normalised(
                np.concatenate([np.array(normalised(v)) for v in layers.values()])
            ),
        }
        truth = (
            "vocal"
            if row["file"].startswith(SUNG_FOLDER)
            else "instrumental"
            if row["file"] in INSTRUMENTAL
            else None
        )
        files.append(
            {
                "file": row["file"],
                "minutes": audio.duration_s / 60,
                "analysis_cpu_s": analysis_s,
                "tags_cpu_s": with_s,
                "tags_without_embedding_cpu_s": without_s,
                "preview_cpu_s": preview_s,
                "timeline_cpu_s": timeline_s,
                "preview_start_s": clip.start_s if clip else None,
                "preview_score": clip.score if clip else None,
                "vocals": analysis.vocals.label if analysis.vocals else None,
                "vocals_score": analysis.vocals.score if analysis.vocals else None,
                "vocal_gender": analysis.vocal_gender.label if analysis.vocal_gender else None,
                "vocals_truth": truth,
                "genre_truth": FIXTURE_GENRES.get(row["genre"]) if row["genre"] else None,
                "embedding": list(analysis.embedding),
                "variants": {name: list(v) for name, v in variants.items()},
            }
        )
    return {"files": files, **summaries(files)}


_LABELS = [f"tag{i}" for i in range(50)]  # MSD_musicnn and MTT_musicnn have 50 tags each


def _timeline_work(starts: np.ndarray, duration_s: float) -> None:
    """What MusicnnTagger.tag adds for the timeline: both models' per-patch scores merged, then
    the segments built."""
    per_patch: list[dict[str, float]] = [{} for _ in starts]
    for _model in range(2):
        out = np.random.default_rng(0).random((len(starts), len(_LABELS)), dtype=np.float32)
        for point, scores in zip(per_patch, out, strict=True):
            for tag, score in zip(_LABELS, scores, strict=True):
                point[tag] = max(point.get(tag, 0.0), float(score))
    timeline_of(per_patch, starts, duration_s)


def summaries(files: list[dict[str, Any]]) -> dict[str, Any]:
    """CPU, vocals accuracy and neighbour genre agreement over ``files``."""
    minutes = sum(f["minutes"] for f in files)
    analysis = sum(f["analysis_cpu_s"] for f in files)
    extra = sum(max(0.0, f["tags_cpu_s"] - f["tags_without_embedding_cpu_s"]) for f in files)
    judged = [f for f in files if f["vocals_truth"]]
    right = [f for f in judged if f["vocals"] == f["vocals_truth"]]
    by_truth = {
        label: (
            sum(1 for f in judged if f["vocals_truth"] == label and f["vocals"] == label),
            sum(1 for f in judged if f["vocals_truth"] == label),
        )
        for label in ("vocal", "instrumental")
    }
    return {
        "audio_minutes": minutes,
        "analysis_cpu_s_per_minute": analysis / minutes,
        "embedding_extra_cpu_s_per_minute": extra / minutes,
        "embedding_extra_share_of_analysis": extra / analysis,
        "preview_cpu_s_per_minute": sum(f["preview_cpu_s"] for f in files) / minutes,
        "preview_share_of_analysis": sum(f["preview_cpu_s"] for f in files) / analysis,
        "timeline_cpu_s_per_minute": sum(f["timeline_cpu_s"] for f in files) / minutes,
        "timeline_share_of_analysis": sum(f["timeline_cpu_s"] for f in files) / analysis,
        "vocals_accuracy": len(right) / len(judged) if judged else None,
        "vocals_right_by_truth": by_truth,
        **neighbours(files),
        "variants": {
            name: neighbours(
                [{**f, "embedding": f["variants"][name]} for f in files if f.get("variants")]
            )
            for name in ("MSD_musicnn", "MTT_musicnn", "MSD+MTT")
        },
    }


def neighbours(files: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    """Share of top-k cosine neighbours with the same genre, against chance."""
    labelled = [f for f in files if f["genre_truth"] and f["embedding"]]
    vectors = np.array([f["embedding"] for f in labelled])
    genres = [f["genre_truth"] for f in labelled]
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    same = total = 0
    for i in range(len(labelled)):
        for j in np.argsort(-similarity[i])[:k]:
            same += genres[j] == genres[i]
            total += 1
    pairs = [(a, b) for a in range(len(genres)) for b in range(len(genres)) if a != b]
    chance = sum(genres[a] == genres[b] for a, b in pairs) / len(pairs)
    return {
        "neighbour_files": len(labelled),
        "neighbour_genres": len(set(genres)),
        f"top{k}_same_genre": same / total,
        "chance_same_genre": chance,
    }


def main() -> None:
    """Run and print."""
    parser = argparse.ArgumentParser(prog="python -m bench.discovery_bench", description=__doc__)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every file's numbers here")
    args = parser.parse_args()
    result = run(args.repeats)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    print("| file | minutes | vocals (score) | gender | truth |")
    print("|---|---:|---|---|---|")
    for f in result["files"]:
        print(
            f"| {f['file'].split('/')[-1][:48]} | {f['minutes']:.2f} | {f['vocals']} "
            f"({f['vocals_score']}) | {f['vocal_gender']} | {f['vocals_truth'] or '-'} |"
        )
    shown = {k: v for k, v in result.items() if k != "files"}
    print(json.dumps(shown, indent=1))


if __name__ == "__main__":
    main()
