"""Genre and mood with musicnn (ISC): its PyPI wheel carries the pretrained MSD and MTT weights.

Both graphs are built and restored once per process (musicnn's own ``top_tags`` rebuilds the graph
on every call). A file is tagged on up to ``max_patches`` 3-second patches spread over its whole
length, so the cost per track is bounded; tag likelihoods are averaged over patches and mapped to
the catalog's taxonomy (shared.domain.taxonomy) by ``GENRE_TAGS`` / ``MOOD_TAGS``.

The same forward pass gives two more things at no extra model run: the track's embedding (the mean
over patches of MSD_musicnn's 200-unit penultimate dense layer, L2-normalised, for "sounds like"
search) and the voice tags (``VOCAL_TAGS`` / ``INSTRUMENTAL_TAGS`` / ``FEMALE_TAGS`` /
``MALE_TAGS``) that ``vocals`` and ``vocal_gender`` are read from.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import librosa
import numpy as np

from inference.audio import DecodedAudio
from inference.preview import PreviewClip, representative_start

RATE, HOP, FFT, MELS, PATCH = 16000, 256, 512, 96, 187  # musicnn's training setup (3 s patches)

# musicnn tag -> taxonomy genre (MSD_musicnn and MTT_musicnn tag sets)
GENRE_TAGS: Mapping[str, str] = {
    "alternative": "alternative",
    "alternative rock": "alternative",
    "indie": "alternative",
    "indie rock": "alternative",
    "indie pop": "alternative",
    "ambient": "ambient",
    "new age": "ambient",
    "chillout": "ambient",
    "blues": "blues",
    "classical": "classical",
    "classic": "classical",
    "choral": "classical",
    "opera": "classical",
    "harpsichord": "classical",
    "country": "country",
    "easy listening": "easy listening",
    "oldies": "easy listening",
    "electronic": "electronic",
    "electronica": "electronic",
    "electro": "electronic",
    "House": "electronic",
    "techno": "electronic",
    "dance": "electronic",
    "folk": "folk",
    "Hip-Hop": "hip-hop",
    "jazz": "jazz",
    "metal": "metal",
    "heavy metal": "metal",
    "pop": "pop",
    "punk": "punk",
    "soul": "r&b",
    "rnb": "r&b",
    "funk": "r&b",
    "rock": "rock",
    "classic rock": "rock",
    "hard rock": "rock",
    "Progressive rock": "rock",
    "indian": "world",
    "sitar": "world",
}
# musicnn tag -> taxonomy mood
MOOD_TAGS: Mapping[str, str] = {
    "Mellow": "calm",
    "chill": "calm",
    "chillout": "calm",
    "easy listening": "calm",
    "slow": "calm",
    "soft": "calm",
    "quiet": "calm",
    "party": "energetic",
    "fast": "energetic",
    "loud": "energetic",
    "happy": "happy",
    "catchy": "happy",
    "sexy": "romantic",
    "beautiful": "romantic",
    "sad": "sad",
    "weird": "dark",
    "metal": "dark",
}
# musicnn tags that say a voice is present / absent, and whose (MTT and MSD tag sets)
FEMALE_TAGS = ("female", "woman", "female vocal", "female voice", "female vocalists")
MALE_TAGS = ("male", "man", "male vocal", "male voice", "male vocalists")
VOCAL_TAGS = ("vocal", "vocals", "voice", "singing", *FEMALE_TAGS, *MALE_TAGS)
INSTRUMENTAL_TAGS = ("no vocals", "no vocal", "no voice", "instrumental")
# MSD_musicnn's decade tags -> the era hint (issue 18): a suggestion, never a release date
ERA_TAGS: Mapping[str, str] = {
    "60s": "1960s",
    "70s": "1970s",
    "80s": "1980s",
    "90s": "1990s",
    "00s": "2000s",
}
EMBEDDING_MODEL = "MSD_musicnn"  # whose penultimate layer is the embedding (200 units)
GRID_S = 15.0  # the timeline's segment length (the last segment ends with the track)
MIXED_RATIO = 0.6  # the weaker gender at 60 % of the stronger or more: "mixed"


@dataclass(frozen=True, slots=True)
class Tags:
    """Taxonomy labels with scores (best first) and the raw model tags behind them; the voice
    reading (label, raw score) and the embedding when the tagger gives them."""

    genres: tuple[tuple[str, float], ...]
    moods: tuple[tuple[str, float], ...]
    raw: Mapping[str, float]
    vocals: tuple[str, float] | None = None
    vocal_gender: tuple[str, float] | None = None
    embedding: tuple[float, ...] = ()
    preview: PreviewClip | None = None
    timeline: tuple[TimelinePoint, ...] = ()
    era: tuple[str, float] | None = None


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One stretch of the track read from one analysed patch: taxonomy genres and moods with
    their raw scores (best first), from ``start_s`` to ``end_s`` (the midpoints to the patches
    either side, so the points tile the file)."""

    start_s: float
    end_s: float
    genres: tuple[tuple[str, float], ...]
    moods: tuple[tuple[str, float], ...]


def _strongest(raw: Mapping[str, float], tags: tuple[str, ...]) -> float:
    return max((raw[t] for t in tags if t in raw), default=0.0)


def vocal_share(raw: Mapping[str, float]) -> float | None:
    """The strongest voice tag's share of it plus the strongest no-voice tag (0..1): the raw
    score ``vocals`` is calibrated from (P(sung), bench/vocals_calibrate.py); None: no such tags."""
    vocal, instrumental = _strongest(raw, VOCAL_TAGS), _strongest(raw, INSTRUMENTAL_TAGS)
    if vocal + instrumental <= 0.0:
        return None
    return round(vocal / (vocal + instrumental), 3)


def gender_of(raw: Mapping[str, float]) -> tuple[str, float] | None:
    """Female against male: the stronger's share of the two; "mixed" when the weaker reaches
    MIXED_RATIO of the stronger (its score then the weaker's share). No tags: None."""
    female, male = _strongest(raw, FEMALE_TAGS), _strongest(raw, MALE_TAGS)
    if female + male <= 0.0:
        return None
    weaker, stronger = sorted((female, male))
    if weaker >= MIXED_RATIO * stronger:
        return "mixed", round(2 * weaker / (female + male), 3)
    return ("female" if female > male else "male"), round(stronger / (female + male), 3)


def era_of(raw: Mapping[str, float]) -> tuple[str, float] | None:
    """The decade musicnn hears most, with its share of the five decade likelihoods (raw: no
    release-year truth to calibrate it on). No decade tags: None."""
    decades = {era: raw[tag] for tag, era in ERA_TAGS.items() if tag in raw}
    total = sum(decades.values())
    if total <= 0.0:
        return None
    era, score = max(decades.items(), key=lambda item: item[1])
    return era, round(score / total, 3)


def voice_of(raw: Mapping[str, float]) -> tuple[tuple[str, float] | None, tuple[str, float] | None]:
    """The uncalibrated reading: ``vocals`` by the larger side with its share (0.5..1), and
    ``vocal_gender`` for vocal tracks only. No tags: no value."""
    share = vocal_share(raw)
    if share is None:
        return None, None
    if share <= 0.5:
        return ("instrumental", round(1.0 - share, 3)), None
    return ("vocal", share), gender_of(raw)


FRAMES_PER_S = RATE / HOP


def log_mel(audio: DecodedAudio) -> np.ndarray:
    """The whole file's log-mel spectrogram (frames, 96) exactly as musicnn computes it."""
    mel = librosa.feature.melspectrogram(
        y=audio.mono(RATE), sr=RATE, hop_length=HOP, n_fft=FFT, n_mels=MELS
    ).T.astype(np.float16)
    return np.log10(10000 * mel.astype(np.float32) + 1)


def patch_starts(frames: int, max_patches: int) -> np.ndarray:
    """The first frame of each patch, spread evenly over ``frames`` (one patch at least)."""
    count = max(1, frames // PATCH)
    return np.linspace(0, max(0, frames - PATCH), num=min(count, max_patches)).astype(int)


def mel_patches(audio: DecodedAudio, max_patches: int) -> np.ndarray:
    """Log-mel patches (n, 187, 96) exactly as musicnn computes them, spread over the file."""
    return patches_of(log_mel(audio), max_patches)


def patches_of(mel: np.ndarray, max_patches: int) -> np.ndarray:
    """The patches of a log-mel spectrogram (a short file padded to one patch)."""
    starts = patch_starts(len(mel), max_patches)
    if len(mel) < PATCH:
        mel = np.pad(mel, ((0, PATCH - len(mel)), (0, 0)))
    return np.stack([mel[s : s + PATCH] for s in starts]).astype(np.float32)


def timeline_of(
    per_patch: list[dict[str, float]], starts: np.ndarray, duration_s: float
) -> tuple[TimelinePoint, ...]:
    """The track on a fixed GRID_S grid: each patch read over the stretch nearest to it (to the
    midpoints between patches), then averaged onto the grid (``on_grid``)."""
    return on_grid(patch_tiles(per_patch, starts, duration_s), GRID_S)


def on_grid(tiles: tuple[TimelinePoint, ...], step_s: float) -> tuple[TimelinePoint, ...]:
    """Segments ``step_s`` long from 0 (the last one ends with the track), each label's score the
    mean of the tiles' scores weighted by how much of the segment each tile covers."""
    if not tiles:
        return ()
    end_s = tiles[-1].end_s
    cells = max(1, int(np.ceil(end_s / step_s - 1e-9)))
    out = []
    for index in range(cells):
        start, stop = index * step_s, min((index + 1) * step_s, end_s)
        weights = [max(0.0, min(stop, t.end_s) - max(start, t.start_s)) for t in tiles]
        span = sum(weights) or 1.0
        genres = _weighted([t.genres for t in tiles], weights, span)
        moods = _weighted([t.moods for t in tiles], weights, span)
        out.append(TimelinePoint(round(start, 1), round(stop, 1), genres, moods))
    return tuple(out)


def _weighted(
    readings: list[tuple[tuple[str, float], ...]], weights: list[float], span: float
) -> tuple[tuple[str, float], ...]:
    scores: dict[str, float] = {}
    for reading, weight in zip(readings, weights, strict=True):
        for label, score in reading:
            scores[label] = scores.get(label, 0.0) + weight * score / span
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return tuple((label, round(score, 3)) for label, score in ranked)


def patch_tiles(
    per_patch: list[dict[str, float]], starts: np.ndarray, duration_s: float
) -> tuple[TimelinePoint, ...]:
    """One point per analysed patch, each tiling the file up to the midpoints between patches."""
    centres = [(s + PATCH / 2) / FRAMES_PER_S for s in starts]
    bounds = [0.0]
    bounds += [(a + b) / 2 for a, b in zip(centres, centres[1:], strict=False)]
    bounds.append(max(duration_s, bounds[-1]))
    return tuple(
        TimelinePoint(
            round(bounds[i], 1),
            round(bounds[i + 1], 1),
            _mapped(raw, GENRE_TAGS),
            _mapped(raw, MOOD_TAGS),
        )
        for i, raw in enumerate(per_patch)
    )


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """TensorFlow's C++ start-up logs (oneDNN, CUDA probing) ignore TF_CPP_MIN_LOG_LEVEL since
    absl logging: point file descriptor 2 at /dev/null while it loads, so a CLI's stderr keeps
    only our own messages."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class _Graph:
    """One musicnn model restored into its own TensorFlow graph and session."""

    def __init__(self, model: str) -> None:
        with warnings.catch_warnings(), _native_stderr_silenced():
            warnings.simplefilter("ignore")  # musicnn builds with tf.compat.v1 layers: deprecated
            self._restore(model)

    def _restore(self, model: str) -> None:
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import musicnn
        import tensorflow as tf
        from musicnn import configuration, models

        self.labels = configuration.MSD_LABELS if "MSD" in model else configuration.MTT_LABELS
        self._graph = tf.Graph()
        with self._graph.as_default():
            self._x = tf.compat.v1.placeholder(tf.float32, [None, PATCH, MELS])
            self._training = tf.compat.v1.placeholder(tf.bool)
            with tf.name_scope("model"):
                layers = models.define_model(self._x, self._training, model, len(self.labels))
                self._y = tf.nn.sigmoid(layers[0])
                self._penultimate = layers[-1]  # the 200-unit dense layer before the tags
            config = tf.compat.v1.ConfigProto(
                intra_op_parallelism_threads=1, inter_op_parallelism_threads=1
            )
            self._session = tf.compat.v1.Session(graph=self._graph, config=config)
            checkpoint = os.path.join(os.path.dirname(musicnn.__file__), model, "")
            tf.compat.v1.train.Saver().restore(self._session, checkpoint)

    def predict(
        self, patches: np.ndarray, *, embed: bool = False
    ) -> tuple[dict[str, float], np.ndarray | None]:
        """Mean tag likelihoods over patches; with ``embed``, the mean penultimate activations
        too, fetched from the same run (the layer is computed for the tags anyway)."""
        out, embedding = self.predict_patches(patches, embed=embed)
        tags = dict(zip(self.labels, (float(v) for v in out.mean(axis=0)), strict=True))
        return tags, embedding

    def predict_patches(
        self, patches: np.ndarray, *, embed: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Tag likelihoods per patch (n, tags); with ``embed`` the mean penultimate activations."""
        feed = {self._x: patches, self._training: False}
        if embed:
            out, hidden = self._session.run([self._y, self._penultimate], feed_dict=feed)
            return out, hidden.mean(axis=0)
        return self._session.run(self._y, feed_dict=feed), None


def _mapped(raw: Mapping[str, float], table: Mapping[str, str]) -> tuple[tuple[str, float], ...]:
    scores: dict[str, float] = {}
    for tag, label in table.items():
        if tag in raw:
            scores[label] = max(scores.get(label, 0.0), raw[tag])
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return tuple((label, round(score, 3)) for label, score in ranked)


class MusicnnTagger:
    """MSD_musicnn + MTT_musicnn, loaded once, mapped to the taxonomy."""

    name = "musicnn"
    version = "0.1.0 MSD_musicnn+MTT_musicnn"

    def __init__(self, *, max_patches: int = 8, embed: bool = True) -> None:
        self._graphs = [_Graph("MSD_musicnn"), _Graph("MTT_musicnn")]
        self._max_patches = max_patches
        self.embed = embed  # the penultimate layer fetched too (bench: its cost)
        self._lock = threading.Lock()  # a Session is thread-safe, but bound the CPU to one run

    def tag(self, audio: DecodedAudio) -> Tags:
        """Genre, mood and voice scores for ``audio``, its embedding, the scores per patch (the
        timeline) and the suggested preview clip (from the same spectrogram)."""
        mel = log_mel(audio)
        starts = patch_starts(len(mel), self._max_patches)
        patches = patches_of(mel, self._max_patches)
        raw: dict[str, float] = {}
        per_patch: list[dict[str, float]] = [{} for _ in starts]
        embedding: tuple[float, ...] = ()
        with self._lock:
            for model, graph in zip(("MSD_musicnn", "MTT_musicnn"), self._graphs, strict=True):
                embed = self.embed and model == EMBEDDING_MODEL
                out, hidden = graph.predict_patches(patches, embed=embed)
                for tag, score in zip(graph.labels, out.mean(axis=0), strict=True):
                    raw[tag] = max(raw.get(tag, 0.0), float(score))
                for point, scores in zip(per_patch, out, strict=True):
                    for tag, score in zip(graph.labels, scores, strict=True):
                        point[tag] = max(point.get(tag, 0.0), float(score))
                if hidden is not None:
                    embedding = normalised(hidden)
        vocals, gender = voice_of(raw)
        return Tags(
            _mapped(raw, GENRE_TAGS),
            _mapped(raw, MOOD_TAGS),
            raw,
            vocals,
            gender,
            embedding,
            representative_start(mel, FRAMES_PER_S),
            timeline_of(per_patch, starts, audio.duration_s),
            era_of(raw),
        )

    def penultimate_means(self, audio: DecodedAudio) -> dict[str, np.ndarray]:
        """Each model's mean penultimate activations (bench: which embedding to keep)."""
        patches = mel_patches(audio, self._max_patches)
        means: dict[str, np.ndarray] = {}
        with self._lock:
            for model, graph in zip(("MSD_musicnn", "MTT_musicnn"), self._graphs, strict=True):
                hidden = graph.predict(patches, embed=True)[1]
                if hidden is not None:
                    means[model] = hidden
        return means


def normalised(vector: np.ndarray) -> tuple[float, ...]:
    """Unit length (cosine distance is then 1 - dot), rounded for the wire; () for all zeros."""
    norm = float(np.linalg.norm(vector))
    if not np.isfinite(norm) or norm == 0.0:
        return ()
    return tuple(round(float(v), 6) for v in vector / norm)
