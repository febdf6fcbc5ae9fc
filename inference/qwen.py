"""Genre and mood from Qwen2-Audio-7B-Instruct; BPM, key and loudness stay with the DSP.

The model is at its best on clips under 30 s, so a track is heard as up to ``max_windows``
windows of ``WINDOW_S`` seconds spread over its length, and the answers are aggregated.
A label's confidence is the probability the model gave to that label's tokens (the product of
their token probabilities, from the log-probabilities), never a number the model writes.

Two engines produce a completion with token log-probabilities:
- ``TransformersEngine``: the model in-process (the Cloud Run GPU container);
- ``ChatCompletionsEngine``: a vLLM server with the OpenAI-compatible chat-completions API.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import requests
import soundfile as sf

from inference.audio import DecodedAudio
from inference.tagging import Tags
from shared.domain.answers import PROMPT, Answer, Completion, parse_answer
from shared.errors import Unavailable

RATE = 16000  # Qwen2-Audio's feature extractor (Whisper) works at 16 kHz
WINDOW_S = 25.0  # under the 30 s the encoder takes in one pass
MODEL_ID = "Qwen/Qwen2-Audio-7B-Instruct"


class Engine(Protocol):
    """Produces one completion for one audio window."""

    def complete(self, window: np.ndarray, prompt: str) -> Completion: ...


def windows(audio: DecodedAudio, max_windows: int) -> list[np.ndarray]:
    """Up to ``max_windows`` windows of WINDOW_S seconds at 16 kHz, spread over the track."""
    mono = audio.mono(RATE)
    size = int(WINDOW_S * RATE)
    if len(mono) <= size:
        return [mono]
    count = min(max_windows, math.ceil(len(mono) / size))
    starts = np.linspace(0, len(mono) - size, num=count).astype(int)
    return [mono[start : start + size] for start in starts]


def aggregate(answers: Sequence[Answer]) -> tuple[Tags, str | None]:
    """Mean confidence of each label over windows (0 where a window did not choose it)."""

    def mean_of(pick: str) -> tuple[tuple[str, float], ...]:
        totals: dict[str, float] = {}
        for answer in answers:
            for label, score in getattr(answer, pick):
                totals[label] = totals.get(label, 0.0) + score
        ranked = sorted(totals.items(), key=lambda pair: -pair[1])
        return tuple((label, round(total / len(answers), 3)) for label, total in ranked)

    description = next((a.description for a in answers if a.description), None)
    return Tags(mean_of("genres"), mean_of("moods"), {}), description


class QwenTagger:
    """Tags a track with Qwen2-Audio through an engine, window by window."""

    name = "qwen2-audio"

    def __init__(self, engine: Engine, *, version: str, max_windows: int = 3) -> None:
        self._engine = engine
        self.version = version
        self._max_windows = max_windows
        self.last_description: str | None = None

    def tag(self, audio: DecodedAudio) -> Tags:
        """Aggregated genre and mood over the windows."""
        answers = [
            parse_answer(self._engine.complete(w, PROMPT))
            for w in windows(audio, self._max_windows)
        ]
        tags, self.last_description = aggregate(answers)
        return tags


def wav_bytes(window: np.ndarray) -> bytes:
    """A 16 kHz mono 16-bit WAV of one window (what the chat API carries as input audio)."""
    buffer = io.BytesIO()
    sf.write(buffer, window, RATE, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


class ChatCompletionsEngine:
    """Qwen2-Audio behind vLLM's OpenAI-compatible /v1/chat/completions (with logprobs)."""

    def __init__(self, base_url: str, *, model: str = MODEL_ID, timeout_s: float = 60.0) -> None:
        self._url = base_url.rstrip("/") + "/v1/chat/completions"
        self._model = model
        self._timeout_s = timeout_s

    def complete(self, window: np.ndarray, prompt: str) -> Completion:
        """One chat completion for one window; Unavailable on timeouts and 5xx."""
        audio_url = "data:audio/wav;base64," + base64.b64encode(wav_bytes(window)).decode()
        body = {
            "model": self._model,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "audio_url", "audio_url": {"url": audio_url}},
                        {"type": "text", "text": prompt},
                    ],
                }
            ],
            "temperature": 0.0,
            "max_tokens": 96,
            "logprobs": True,
        }
        try:
            response = requests.post(self._url, json=body, timeout=self._timeout_s)
        except requests.RequestException as exc:
            raise Unavailable(f"Qwen2-Audio server did not answer: {exc}") from exc
        if response.status_code >= 400:
            raise Unavailable(f"Qwen2-Audio server answered {response.status_code}")
        return completion_from_chat(response.json())


def completion_from_chat(payload: dict[str, Any]) -> Completion:
    """A Completion from a chat.completion response body (OpenAI / vLLM wire format)."""
    try:
        choice = payload["choices"][0]
        text = choice["message"]["content"] or ""
        content = (choice.get("logprobs") or {}).get("content") or []
        tokens = tuple((str(t["token"]), float(t["logprob"])) for t in content)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise Unavailable(f"malformed chat completion: {exc}") from exc
    return Completion(text, tokens)
