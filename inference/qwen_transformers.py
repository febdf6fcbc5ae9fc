"""Qwen2-Audio in-process with transformers: the engine of the Cloud Run GPU container."""

from __future__ import annotations

from typing import Any

import numpy as np

from inference.qwen import RATE
from shared.domain.answers import Completion


class TransformersEngine:
    """Greedy generation; each new token's log-probability from the model's raw logits."""

    def __init__(self, model: Any, processor: Any, *, max_new_tokens: int = 96) -> None:
        self._model = model.eval()
        self._processor = processor
        self._max_new_tokens = max_new_tokens
        self.generate_kwargs: dict[str, Any] = {}  # e.g. a LogitsProcessor list

    @classmethod
    def from_pretrained(cls, path: str, *, device: str = "auto") -> TransformersEngine:
        """Load a checkpoint (a local folder, or a hub id where the hub is reachable)."""
        import torch
        from transformers import AutoProcessor, Qwen2AudioForConditionalGeneration

        dtype = torch.bfloat16 if torch.cuda.is_available() else torch.float32
        model = Qwen2AudioForConditionalGeneration.from_pretrained(
            path, torch_dtype=dtype, device_map=device
        )
        return cls(model, AutoProcessor.from_pretrained(path))

    def _inputs(self, window: np.ndarray, prompt: str) -> Any:
        conversation = [
            {
                "role": "user",
                "content": [
                    {"type": "audio", "audio_url": "window.wav"},
                    {"type": "text", "text": prompt},
                ],
            }
        ]
        text = self._processor.apply_chat_template(
            conversation, add_generation_prompt=True, tokenize=False
        )
        inputs = self._processor(
            text=text, audio=[window], sampling_rate=RATE, return_tensors="pt", padding=True
        )
        return inputs.to(self._model.device)

    def complete(self, window: np.ndarray, prompt: str) -> Completion:
        """Generate an answer for one window (under 30 s of 16 kHz audio)."""
        import torch

        inputs = self._inputs(window, prompt)
        with torch.inference_mode():
            out = self._model.generate(
                **inputs,
                max_new_tokens=self._max_new_tokens,
                do_sample=False,
                output_logits=True,
                return_dict_in_generate=True,
                **self.generate_kwargs,
            )
        new_ids = out.sequences[0, inputs["input_ids"].shape[1] :].tolist()
        tokenizer = self._processor.tokenizer
        tokens = []
        for step, token_id in enumerate(new_ids):
            if token_id in tokenizer.all_special_ids:
                break
            logprobs = torch.log_softmax(out.logits[step][0].float(), dim=-1)
            tokens.append((tokenizer.decode([token_id]), float(logprobs[token_id])))
        return Completion("".join(piece for piece, _ in tokens), tuple(tokens))
