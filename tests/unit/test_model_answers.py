"""Reading genre/mood answers of Qwen2-Audio and OpenAI, and their token-probability confidence.

The texts in tests/data/qwen2_audio/transformers_outputs.json are written in the forms the
Instruct model answers this prompt in (bare JSON, a ```json fence, prose before the JSON,
capitalised or out-of-taxonomy labels, a cut-off answer); the chat-completion bodies copy the
vLLM and OpenAI wire format, token log-probabilities included.
"""

from __future__ import annotations

import math

import pytest

from inference.qwen import completion_from_chat
from shared.domain.answers import Completion, label_confidence, parse_answer
from shared.domain.taxonomy import GENRES, MOODS, normalise_label
from tests.chat_fakes import recorded

OUTPUTS = recorded("qwen2_audio/transformers_outputs.json")


@pytest.mark.parametrize("output", OUTPUTS, ids=[o["text"][:30] for o in OUTPUTS])
def test_labels_are_read_from_every_answer_form_and_kept_inside_the_taxonomy(
    output: dict[str, object],
) -> None:
    answer = parse_answer(Completion(str(output["text"]), ()))

    assert [label for label, _ in answer.genres] == output["genres"]
    assert sorted(label for label, _ in answer.moods) == sorted(output["moods"])  # type: ignore[arg-type]


def test_confidence_is_the_probability_of_the_label_tokens_not_a_written_number() -> None:
    completion = completion_from_chat(recorded("qwen2_audio/vllm_chat_completion.json"))

    answer = parse_answer(completion)

    # "electronic" was spelled by the tokens "elect" (-0.0513) and "ronic" (-0.0004)
    assert answer.genres == (("electronic", round(math.exp(-0.0513 - 0.0004), 4)),)
    assert dict(answer.moods) == {
        "energetic": round(math.exp(-0.1625 - 0.0002), 4),
        "dark": round(math.exp(-1.0498), 4),
    }
    assert answer.description
    assert answer.description.startswith("A driving four-on-the-floor")


def test_a_label_the_model_hesitated_on_gets_a_low_confidence() -> None:
    completion = Completion(
        '{"genres": ["jazz"]}', (('{"genres": ["', -0.01), ("jazz", -2.3), ('"]}', 0.0))
    )

    assert label_confidence(completion, "jazz") == pytest.approx(math.exp(-2.3), abs=1e-4)


def test_an_answer_without_log_probabilities_has_no_confidence() -> None:
    answer = parse_answer(Completion('{"genres": ["rock"], "moods": ["happy"]}', ()))

    assert answer.genres == (("rock", 0.0),)


@pytest.mark.parametrize(
    ("written", "vocabulary", "expected"),
    [
        ("Hip Hop", GENRES, "hip-hop"),
        ("R&B", GENRES, "r&b"),
        ("techno", GENRES, "electronic"),
        ("Mellow", MOODS, "calm"),
        ("synthwave", GENRES, None),
        ("classical", MOODS, None),
    ],
)
def test_labels_map_to_one_taxonomy(
    written: str, vocabulary: tuple[str, ...], expected: str | None
) -> None:
    assert normalise_label(written, vocabulary) == expected
