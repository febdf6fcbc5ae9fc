"""The model server's settings, read from the environment once (defaults: CPU-only, local)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class InferenceSettings(BaseSettings):
    """Environment of the model server; each field's variable is its name in upper case."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    inference_backends: str = "local"  # comma-separated: local, qwen2-audio
    inference_default_backend: Literal["local", "qwen2-audio"] = "local"
    analysis_tempo_engine: str = "catalog-tempo"
    analysis_key_engine: str = "catalog-key"
    analysis_loudness_engine: str = "catalog-bs1770"
    qwen_model_path: str | None = None  # a local checkpoint folder: transformers in-process
    qwen_chat_url: str | None = None  # or a vLLM server's OpenAI-compatible base URL
    qwen_max_windows: int = Field(3, ge=1, le=20)
    qwen_timeout_s: float = Field(60.0, gt=0)
    inference_local_root: Path | None = None  # local URIs must lie under it; None: refused
    inference_max_bytes: int = Field(512 * 1024**2, ge=1)
    inference_gcs_timeout_s: float = Field(60.0, gt=0)

    @property
    def backends(self) -> list[str]:
        """The backends this server loads."""
        return [name.strip() for name in self.inference_backends.split(",") if name.strip()]
