"""What a model call costs, from the prices in settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prices:
    """What a call costs (USD), from settings."""

    per_audio_min: dict[str, float]  # backend -> USD per audio minute
    openai_audio_in_per_mtok: float
    openai_text_in_per_mtok: float
    openai_out_per_mtok: float
    openai_audio_tokens_per_s: float

    def of_backend(self, backend: str, duration_s: float | None) -> float:
        """A model-server call: priced per audio minute."""
        return round(self.per_audio_min.get(backend, 0.0) * (duration_s or 0.0) / 60.0, 6)

    def of_fallback(self, usage: dict[str, int]) -> float:
        """An OpenAI call: priced by the tokens it billed."""
        cost = (
            usage.get("audio_tokens", 0) * self.openai_audio_in_per_mtok
            + usage.get("text_tokens", 0) * self.openai_text_in_per_mtok
            + usage.get("output_tokens", 0) * self.openai_out_per_mtok
        ) / 1e6
        return round(cost, 6)

    def estimate_fallback(self, excerpt_s: float) -> float:
        """An OpenAI call before it is made (checked against the daily cap)."""
        tokens = {
            "audio_tokens": int(excerpt_s * self.openai_audio_tokens_per_s),
            "text_tokens": 150,
            "output_tokens": 80,
        }
        return self.of_fallback(tokens)
