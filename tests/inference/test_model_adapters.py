"""The catalog's model adapters on the wire: the model server over HTTP, and OpenAI.

OpenAI cannot be reached here: its side is a local HTTP server speaking the chat-completions
wire format with a recorded gpt-4o-audio-preview response body (tests/data/openai), driven
through the real `openai` client.
"""

from __future__ import annotations

import base64
import io
import math

import openai
import pytest
import soundfile as sf

from shared.adapters.inference_http import HttpAnalyzer
from shared.adapters.openai_fallback import OpenAiTagger
from shared.errors import InvalidInput, ModelUnavailable
from tests.chat_fakes import ChatCompletionsServer, Reply, base_url, chat_server, recorded
from tests.e2e.conftest import free_port
from tests.inference.conftest import fixture_bytes

__all__ = ["chat_server"]


def _tagger(server: ChatCompletionsServer, timeout_s: float = 5.0) -> OpenAiTagger:
    client = openai.OpenAI(api_key="sk-test", base_url=base_url(server) + "/v1", max_retries=0)
    return OpenAiTagger(client, model="gpt-4o-audio-preview", excerpt_s=30.0, timeout_s=timeout_s)


def test_the_fallback_sends_a_wav_excerpt_as_input_audio_and_prices_the_tokens(
    chat_server: ChatCompletionsServer,
) -> None:
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio.json")))

    answer = _tagger(chat_server).tag(fixture_bytes("mirdata/gtzan_genre/country.00000.wav"))

    body = chat_server.requests[0]["body"]
    assert chat_server.requests[0]["path"] == "/v1/chat/completions"
    assert chat_server.headers[0]["authorization"] == "Bearer sk-test"
    assert (body["model"], body["logprobs"], body["modalities"]) == (
        "gpt-4o-audio-preview",
        True,
        ["text"],
    )
    sent = body["messages"][0]["content"][1]["input_audio"]
    assert sent["format"] == "wav"
    assert sf.info(io.BytesIO(base64.b64decode(sent["data"]))).duration == pytest.approx(30.0)
    assert [(g.label, g.score) for g in answer.genres] == [
        ("electronic", round(math.exp(-0.0305), 4))
    ]
    assert answer.model_version == "gpt-4o-audio-preview-2025-06-03"
    assert answer.usage == {"audio_tokens": 300, "text_tokens": 131, "output_tokens": 28}
    assert answer.bpm is None  # the fallback tags; BPM and key stay with the DSP


def test_an_openai_server_error_is_a_degraded_model(chat_server: ChatCompletionsServer) -> None:
    chat_server.replies.append(Reply(recorded("openai/server_error.json"), status=500))

    with pytest.raises(ModelUnavailable) as raised:
        _tagger(chat_server).tag(fixture_bytes("essentia-audio/dubstep.flac"))
    assert raised.value.kind == "error"


def test_a_slow_openai_answer_times_out(chat_server: ChatCompletionsServer) -> None:
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio.json"), delay_s=3))

    with pytest.raises(ModelUnavailable) as raised:
        _tagger(chat_server, timeout_s=0.5).tag(fixture_bytes("essentia-audio/dubstep.flac"))
    assert raised.value.kind == "timeout"


@pytest.mark.slow
def test_the_model_server_answer_parses_into_the_shared_contract(inference_url: str) -> None:
    answer = HttpAnalyzer(inference_url, timeout_s=60).analyze(
        fixture_bytes("essentia-audio/techno_loop.mp3"), backend="local"
    )

    assert answer.bpm == pytest.approx(125, rel=0.04)
    assert answer.estimates()[0].model == "catalog-tempo"


def test_unreadable_audio_from_the_model_server_is_invalid_input(inference_url: str) -> None:
    with pytest.raises(InvalidInput, match="unreadable audio"):
        HttpAnalyzer(inference_url, timeout_s=30).analyze(
            b"<html>not audio</html>", backend="local"
        )


def test_a_model_server_that_is_down_or_slow_is_degraded_not_hung(
    chat_server: ChatCompletionsServer,
) -> None:
    chat_server.replies.append(Reply({}, delay_s=3))

    with pytest.raises(ModelUnavailable) as down:
        HttpAnalyzer(f"http://127.0.0.1:{free_port()}", timeout_s=2).analyze(b"x", backend="local")
    with pytest.raises(ModelUnavailable) as slow:
        HttpAnalyzer(base_url(chat_server), timeout_s=0.5).analyze(b"x", backend="local")
    assert (down.value.kind, slow.value.kind) == ("error", "timeout")


def test_the_fallback_reads_vocals_with_their_token_probability(
    chat_server: ChatCompletionsServer,
) -> None:
    """The body is the recorded response above with the prompt's new "vocals" key in the
    answer, its tokens split as gpt-4o's tokenizer splits the rest (same wire shape)."""
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio_vocals.json")))

    answer = _tagger(chat_server).tag(fixture_bytes("essentia-audio/techno_loop.mp3"))

    prompt = chat_server.requests[0]["body"]["messages"][0]["content"][0]["text"]
    assert '"vocals": "vocal" if anyone sings' in prompt
    assert answer.vocals is not None
    assert answer.vocals.label == "instrumental"
    assert answer.vocals.score == round(math.exp(-0.0513), 4)
    assert answer.vocal_gender is None  # the fallback names no gender
