"""Reading a language model's genre/mood answer, and how sure it was of each label.

Qwen2-Audio and the OpenAI fallback get the same prompt and answer in JSON. A label's confidence
is the probability the model gave the tokens that spell it: exp(sum of their log-probabilities),
never a number the model writes about itself.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from shared.domain.taxonomy import GENRES, MOODS, normalise_label

PROMPT = (
    "Listen to this music. Answer with JSON only, no other words: "
    '{"genres": [one or two of: ' + ", ".join(GENRES) + "], "
    '"moods": [one or two of: ' + ", ".join(MOODS) + "], "
    '"vocals": "vocal" if anyone sings or raps, else "instrumental", '
    '"description": "<one short sentence about the sound>"}'
)


@dataclass(frozen=True, slots=True)
class Completion:
    """What the model wrote, token by token, with each token's log-probability."""

    text: str
    tokens: tuple[tuple[str, float], ...]  # (text piece, log-probability)


@dataclass(frozen=True, slots=True)
class Answer:
    """A parsed answer: taxonomy labels with their token-probability confidences."""

    genres: tuple[tuple[str, float], ...]
    moods: tuple[tuple[str, float], ...]
    description: str | None
    vocals: tuple[str, float] | None = None  # "vocal" or "instrumental" and its confidence


def _json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` (models wrap it in ```json fences or prose)."""
    for match in re.finditer(r"\{", text):
        try:
            found, _ = json.JSONDecoder().raw_decode(text[match.start() :])
        except ValueError:
            continue
        if isinstance(found, dict):
            return found
    return None


def label_confidence(completion: Completion, label_text: str, search_from: int = 0) -> float:
    """exp(sum of log-probs) of the tokens spelling ``label_text`` (quoted) in the output."""
    start = completion.text.find(f'"{label_text}"', search_from)
    if start < 0 or not completion.tokens:
        return 0.0
    start += 1
    end = start + len(label_text)
    position, total = 0, 0.0
    for piece, logprob in completion.tokens:
        piece_end = position + len(piece)
        if piece_end > start and position < end:
            total += logprob
        position = piece_end
    return round(math.exp(total), 4)


def _labels(
    completion: Completion, raw: Any, vocabulary: tuple[str, ...], key: str
) -> tuple[tuple[str, float], ...]:
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    key_at = max(completion.text.find(f'"{key}'), 0)
    found: dict[str, float] = {}
    for item in items:
        if not isinstance(item, str):
            continue
        label = normalise_label(item, vocabulary)
        if label is not None and label not in found:
            found[label] = label_confidence(completion, item, key_at)
    return tuple(sorted(found.items(), key=lambda pair: -pair[1]))


_VOCALS_WORDS = {
    "vocal": "vocal",
    "vocals": "vocal",
    "sung": "vocal",
    "instrumental": "instrumental",
}


def _vocals(completion: Completion, raw: Any) -> tuple[str, float] | None:
    """The vocals answer ("vocal" / "instrumental") with its tokens' probability; None when the
    model wrote nothing or something else."""
    word = raw.strip().lower() if isinstance(raw, str) else ""
    if word not in _VOCALS_WORDS:
        return None
    key_at = max(completion.text.find('"vocals"'), 0)
    return _VOCALS_WORDS[word], label_confidence(completion, raw, key_at)


def parse_answer(completion: Completion) -> Answer:
    """Labels (in the taxonomy) and their confidences; an unparseable answer has none."""
    raw = _json_object(completion.text)
    if raw is None:
        return Answer((), (), None)
    genres = _labels(completion, raw.get("genres", raw.get("genre")), GENRES, "genre")
    moods = _labels(completion, raw.get("moods", raw.get("mood")), MOODS, "mood")
    description = raw.get("description")
    vocals = _vocals(completion, raw.get("vocals"))
    return Answer(genres, moods, description if isinstance(description, str) else None, vocals)
