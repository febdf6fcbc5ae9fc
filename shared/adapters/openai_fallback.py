"""FallbackTagger on OpenAI: chat completions with input audio, through the `openai` package.

The model hears a WAV excerpt, answers the same JSON prompt as Qwen2-Audio (genres, moods and
whether anyone sings), and each label's confidence comes from the token log-probabilities OpenAI
returns (logprobs=true).
"""

from __future__ import annotations

import base64
from typing import Any

import openai

from shared.domain.answers import PROMPT, Completion, parse_answer
from shared.domain.enrichment import AudioAnalysis, Label
from shared.errors import ModelUnavailable


class OpenAiTagger:
    """Genre and mood from an OpenAI audio-capable chat model."""

    def __init__(
        self, client: openai.OpenAI, *, model: str, excerpt_s: float, timeout_s: float
    ) -> None:
        self._client = client
        self.model = model
        self._excerpt_s = excerpt_s
        self._timeout_s = timeout_s

    def tag(self, audio: bytes) -> AudioAnalysis:
        """Tags for an excerpt of ``audio``; ModelUnavailable on timeouts, 5xx, 429."""
        from shared.media.excerpt import wav_excerpt  # numpy and soundfile: the analysis extra

        wav = wav_excerpt(audio, seconds=self._excerpt_s)
        response = self._complete(base64.b64encode(wav).decode())
        choice = response.choices[0]
        content = choice.logprobs.content if choice.logprobs and choice.logprobs.content else []
        completion = Completion(
            choice.message.content or "", tuple((t.token, float(t.logprob)) for t in content)
        )
        return self._analysis(completion, response)

    def _complete(self, audio_b64: str) -> Any:
        try:
            return self._client.chat.completions.create(
                model=self.model,
                modalities=["text"],
                temperature=0,
                logprobs=True,
                max_tokens=120,
                timeout=self._timeout_s,
                messages=[
                    {
                        "role": "user",
                        "content": [
                            {"type": "text", "text": PROMPT},
                            {
                                "type": "input_audio",
                                "input_audio": {"data": audio_b64, "format": "wav"},
                            },
                        ],
                    }
                ],
            )
        except openai.APITimeoutError as exc:
            raise ModelUnavailable(
                f"OpenAI timed out after {self._timeout_s:g} s", "timeout"
            ) from exc
        except openai.APIError as exc:
            raise ModelUnavailable(f"OpenAI failed: {exc}", "error") from exc

    def _analysis(self, completion: Completion, response: Any) -> AudioAnalysis:
        answer = parse_answer(completion)
        genres = tuple(Label(label, score) for label, score in answer.genres)
        return AudioAnalysis(
            bpm=None,
            bpm_confidence=None,
            bpm_candidates=(),
            key=None,
            key_confidence=None,
            loudness_lufs=None,
            genres=genres,
            moods=tuple(Label(label, score) for label, score in answer.moods),
            model=self.model,
            model_version=str(response.model),
            confidence=genres[0].score if genres else 0.0,
            description=answer.description,
            usage=_usage(response.usage),
            vocals=Label(*answer.vocals) if answer.vocals else None,
        )


def _usage(usage: Any) -> dict[str, int]:
    """Tokens billed, split as priced: audio in, text in, out."""
    if usage is None:
        return {}
    details = getattr(usage, "prompt_tokens_details", None)
    audio = int(getattr(details, "audio_tokens", 0) or 0)
    return {
        "audio_tokens": audio,
        "text_tokens": int(usage.prompt_tokens) - audio,
        "output_tokens": int(usage.completion_tokens),
    }
