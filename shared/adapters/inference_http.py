"""AudioAnalyzer over HTTP: the model server (inference/) at QWEN_ENDPOINT, with timeouts."""

from __future__ import annotations

from typing import Any

import requests

from shared.domain.enrichment import AudioAnalysis
from shared.errors import InvalidInput, ModelUnavailable


class HttpAnalyzer:
    """POST /v1/analyze?backend=... with the audio bytes; errors mapped to ours."""

    def __init__(
        self, endpoint: str, *, timeout_s: float, session: requests.Session | None = None
    ) -> None:
        self._url = endpoint.rstrip("/") + "/v1/analyze"
        self._timeout_s = timeout_s
        self._session = session or requests.Session()

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis:
        """The server's analysis; InvalidInput (422), ModelUnavailable (timeout, 5xx, down)."""
        try:
            response = self._session.post(
                self._url,
                params={"backend": backend},
                data=audio,
                timeout=self._timeout_s,
                headers={"Content-Type": "application/octet-stream"},
            )
        except requests.Timeout as exc:
            raise ModelUnavailable(
                f"model server timed out after {self._timeout_s:g} s", "timeout"
            ) from exc
        except requests.RequestException as exc:
            raise ModelUnavailable(f"model server unreachable: {exc}", "error") from exc
        if response.status_code == 422 and _field(response) == "backend":
            raise ModelUnavailable(f"model server: {_detail(response)}", "error")  # our config
        if response.status_code == 422:
            raise InvalidInput(_detail(response) or "the model server could not read the audio")
        if response.status_code != 200:
            raise ModelUnavailable(
                f"model server answered {response.status_code}: {_detail(response)}", "error"
            )
        return AudioAnalysis.from_json(response.json())


def _field(response: requests.Response) -> str | None:
    try:
        body: Any = response.json()
    except ValueError:
        return None
    return str(body.get("field")) if isinstance(body, dict) and body.get("field") else None


def _detail(response: requests.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:200]
    return str(body.get("detail", "")) if isinstance(body, dict) else ""
