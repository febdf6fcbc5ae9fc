"""The Qwen2-Audio backend without its weights.

Qwen2-Audio-7B-Instruct cannot be downloaded here, so the transformers code path runs on a tiny
Qwen2-Audio built from a config with random weights (and a small byte-level BPE tokenizer with the
model's special tokens); the vLLM path runs against a local HTTP server speaking the
chat-completions wire format with a recorded response body (tests/data/qwen2_audio).
"""

from __future__ import annotations

import base64
import io
import json
import math
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from inference.audio import DecodedAudio
from inference.qwen import WINDOW_S, ChatCompletionsEngine, QwenTagger, windows
from shared.domain.answers import PROMPT, parse_answer
from shared.domain.taxonomy import GENRES, MOODS
from tests.chat_fakes import ChatCompletionsServer, Reply, base_url, chat_server, recorded

__all__ = ["chat_server"]
SPECIALS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|AUDIO|>",
    "<|audio_bos|>",
    "<|audio_eos|>",
]
FORCED = '{"genres": ["jazz"], "moods": ["calm"], "description": "A quiet trio."}'


def _tokenizer() -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    corpus = [PROMPT, FORCED, *GENRES, *MOODS, "system user assistant Audio 1:"] * 20
    raw.train_from_iterator(corpus, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=raw,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=SPECIALS[1:],
    )


@pytest.fixture(scope="session")
def tiny_engine() -> Any:
    """A randomly initialised Qwen2-Audio (2 layers of width 16) and its processor."""
    import torch
    from transformers import (
        Qwen2AudioConfig,
        Qwen2AudioForConditionalGeneration,
        Qwen2AudioProcessor,
        WhisperFeatureExtractor,
    )

    from inference.qwen_transformers import TransformersEngine

    tokenizer = _tokenizer()
    processor = Qwen2AudioProcessor(WhisperFeatureExtractor(feature_size=128), tokenizer)
    config = Qwen2AudioConfig(
        audio_config={
            "d_model": 16,
            "encoder_layers": 1,
            "encoder_attention_heads": 2,
            "encoder_ffn_dim": 32,
            "num_mel_bins": 128,
            "max_source_positions": 1500,
        },
        text_config={
            "vocab_size": len(tokenizer),
            "hidden_size": 16,
            "intermediate_size": 32,
            "num_hidden_layers": 1,
            "num_attention_heads": 2,
            "num_key_value_heads": 1,
            "max_position_embeddings": 4096,
        },
        audio_token_index=tokenizer.convert_tokens_to_ids("<|AUDIO|>"),
    )
    torch.manual_seed(7)
    engine = TransformersEngine(
        Qwen2AudioForConditionalGeneration(config), processor, max_new_tokens=24
    )
    return engine


def _audio(seconds: float, rate: int = 44100) -> DecodedAudio:
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return DecodedAudio(np.stack([tone, tone], axis=1), rate)


def test_a_long_track_is_heard_in_windows_under_30_seconds_spread_over_it() -> None:
    chunks = windows(_audio(200.0), max_windows=3)

    assert len(chunks) == 3
    assert all(len(chunk) == int(WINDOW_S * 16000) for chunk in chunks)
    assert WINDOW_S < 30


@pytest.mark.slow
def test_the_transformers_path_generates_one_answer_per_window_with_token_log_probs(
    tiny_engine: Any,
) -> None:
    window = windows(_audio(40.0), max_windows=2)[0]

    completion = tiny_engine.complete(window, PROMPT)

    assert completion.tokens, "the random model wrote something"
    assert "".join(piece for piece, _ in completion.tokens) == completion.text
    assert all(logprob <= 0.0 for _, logprob in completion.tokens)


@pytest.mark.slow
def test_a_random_model_s_answer_gives_no_labels_rather_than_a_guess(tiny_engine: Any) -> None:
    tags = QwenTagger(tiny_engine, version="tiny", max_windows=2).tag(_audio(40.0))

    assert {label for label, _ in tags.genres} <= set(GENRES)
    assert all(score <= 1.0 for _, score in tags.genres + tags.moods)


@pytest.mark.slow
def test_label_confidence_is_the_model_s_own_probability_of_the_label_tokens(
    tiny_engine: Any,
) -> None:
    """The model is made to write a known answer; its raw logits still give the confidence."""
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    window = windows(_audio(10.0), max_windows=1)[0]
    inputs = tiny_engine._inputs(window, PROMPT)
    forced = tiny_engine._processor.tokenizer(FORCED, add_special_tokens=False)["input_ids"]
    eos = tiny_engine._processor.tokenizer.convert_tokens_to_ids("<|im_end|>")
    start = inputs["input_ids"].shape[1]

    class Force(LogitsProcessor):
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            step = input_ids.shape[1] - start
            token = forced[step] if step < len(forced) else eos
            chosen = torch.full_like(scores, -math.inf)  # a new tensor: the raw logits stay
            chosen[:, token] = 0.0
            return chosen

    tiny_engine.generate_kwargs = {"logits_processor": LogitsProcessorList([Force()])}
    tiny_engine._max_new_tokens = len(forced) + 1
    try:
        completion = tiny_engine.complete(window, PROMPT)
    finally:
        tiny_engine.generate_kwargs = {}
        tiny_engine._max_new_tokens = 24

    assert completion.text == FORCED
    with torch.inference_mode():
        full = torch.cat([inputs["input_ids"], torch.tensor([forced])], dim=1)
        logits = tiny_engine._model(
            input_ids=full,
            attention_mask=torch.ones_like(full),
            input_features=inputs["input_features"],
            feature_attention_mask=inputs["feature_attention_mask"],
        ).logits[0]
    logprobs = torch.log_softmax(logits[start - 1 : start - 1 + len(forced)].float(), dim=-1)
    pieces = [tiny_engine._processor.tokenizer.decode([t]) for t in forced]
    jazz_at = FORCED.index("jazz")
    offsets = np.cumsum([0] + [len(p) for p in pieces])
    spelled = [i for i in range(len(forced)) if offsets[i + 1] > jazz_at > offsets[i] - 4]
    expected = math.exp(sum(float(logprobs[i, forced[i]]) for i in spelled))
    assert dict(parse_answer(completion).genres)["jazz"] == pytest.approx(expected, abs=1e-4)


def test_the_vllm_path_sends_each_window_as_input_audio_and_reads_the_log_probs(
    chat_server: ChatCompletionsServer,
) -> None:
    chat_server.replies.append(Reply(recorded("qwen2_audio/vllm_chat_completion.json")))
    tagger = QwenTagger(
        ChatCompletionsEngine(base_url(chat_server), timeout_s=5), version="v", max_windows=2
    )

    tags = tagger.tag(_audio(60.0))

    assert [r["path"] for r in chat_server.requests] == ["/v1/chat/completions"] * 2
    body = chat_server.requests[0]["body"]
    audio_url = body["messages"][0]["content"][0]["audio_url"]["url"]
    wav = base64.b64decode(audio_url.removeprefix("data:audio/wav;base64,"))
    assert sf.info(io.BytesIO(wav)).duration == pytest.approx(WINDOW_S, abs=0.01)
    assert (body["logprobs"], body["temperature"]) == (True, 0.0)
    assert tags.genres == (("electronic", round(math.exp(-0.0517), 3)),)
    assert [label for label, _ in tags.moods] == ["energetic", "dark"]
    assert tagger.last_description
    assert "techno" in tagger.last_description
    assert json.dumps(body).count("input_audio") == 0  # vLLM takes audio_url data URIs


@pytest.mark.slow
def test_the_server_s_qwen_backend_tags_with_the_model_and_keeps_bpm_and_key_from_the_dsp(
    chat_server: ChatCompletionsServer,
) -> None:
    """The server configured as on Cloud Run with vLLM: QWEN_CHAT_URL and both backends."""
    from inference.config import InferenceSettings
    from inference.server import create_app, load_analyzers
    from tests.inference.conftest import fixture_bytes

    chat_server.replies.append(Reply(recorded("qwen2_audio/vllm_chat_completion.json")))
    settings = InferenceSettings(
        inference_backends="local,qwen2-audio", qwen_chat_url=base_url(chat_server)
    )
    client = create_app(load_analyzers(settings), settings).test_client()
    audio = fixture_bytes("essentia-audio/techno_loop.mp3")

    qwen = client.post("/v1/analyze?backend=qwen2-audio", data=audio).json
    local = client.post("/v1/analyze?backend=local", data=audio).json

    assert qwen is not None
    assert local is not None
    assert (qwen["model"], qwen["model_version"]) == ("qwen2-audio", "Qwen/Qwen2-Audio-7B-Instruct")
    assert qwen["genres"] == [{"label": "electronic", "score": round(math.exp(-0.0517), 3)}]
    assert qwen["description"].startswith("A driving four-on-the-floor techno loop")
    assert (qwen["bpm"], qwen["key"]) == (local["bpm"], local["key"])
    assert len(chat_server.requests) == 2  # 30.75 s: two windows of 25 s
