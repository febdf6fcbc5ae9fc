"""Genre and mood with musicnn (ISC): its PyPI wheel carries the pretrained MSD and MTT weights.

Both graphs are built and restored once per process (musicnn's own ``top_tags`` rebuilds the graph
on every call). A file is tagged on up to ``max_patches`` 3-second patches spread over its whole
length, so the cost per track is bounded; tag likelihoods are averaged over patches and mapped to
the catalog's taxonomy (shared.domain.taxonomy) by ``GENRE_TAGS`` / ``MOOD_TAGS``.
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


@dataclass(frozen=True, slots=True)
class Tags:
    """Taxonomy labels with scores (best first) and the raw model tags behind them."""

    genres: tuple[tuple[str, float], ...]
    moods: tuple[tuple[str, float], ...]
    raw: Mapping[str, float]


def mel_patches(audio: DecodedAudio, max_patches: int) -> np.ndarray:
    """Log-mel patches (n, 187, 96) exactly as musicnn computes them, spread over the file."""
    mel = librosa.feature.melspectrogram(
        y=audio.mono(RATE), sr=RATE, hop_length=HOP, n_fft=FFT, n_mels=MELS
    ).T.astype(np.float16)
    mel = np.log10(10000 * mel.astype(np.float32) + 1)
    count = len(mel) // PATCH
    if count == 0:
        mel = np.pad(mel, ((0, PATCH - len(mel)), (0, 0)))
        count = 1
    starts = np.linspace(0, len(mel) - PATCH, num=min(count, max_patches)).astype(int)
    return np.stack([mel[s : s + PATCH] for s in starts]).astype(np.float32)


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
                logits = models.define_model(self._x, self._training, model, len(self.labels))[0]
                self._y = tf.nn.sigmoid(logits)
            config = tf.compat.v1.ConfigProto(
                intra_op_parallelism_threads=1, inter_op_parallelism_threads=1
            )
            self._session = tf.compat.v1.Session(graph=self._graph, config=config)
            checkpoint = os.path.join(os.path.dirname(musicnn.__file__), model, "")
            tf.compat.v1.train.Saver().restore(self._session, checkpoint)

    def predict(self, patches: np.ndarray) -> dict[str, float]:
        out = self._session.run(self._y, feed_dict={self._x: patches, self._training: False})
        return dict(zip(self.labels, (float(v) for v in out.mean(axis=0)), strict=True))


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

    def __init__(self, *, max_patches: int = 8) -> None:
        self._graphs = [_Graph("MSD_musicnn"), _Graph("MTT_musicnn")]
        self._max_patches = max_patches
        self._lock = threading.Lock()  # a Session is thread-safe, but bound the CPU to one run

    def tag(self, audio: DecodedAudio) -> Tags:
        """Genre and mood scores for ``audio``."""
        patches = mel_patches(audio, self._max_patches)
        raw: dict[str, float] = {}
        with self._lock:
            for graph in self._graphs:
                for tag, score in graph.predict(patches).items():
                    raw[tag] = max(raw.get(tag, 0.0), score)
        return Tags(_mapped(raw, GENRE_TAGS), _mapped(raw, MOOD_TAGS), raw)
