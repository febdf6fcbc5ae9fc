"""A local stand-in for the OpenAI and vLLM (Qwen2-Audio) chat-completions endpoints.

Neither model can be reached here, so tests talk to this real HTTP server on 127.0.0.1, which
speaks the chat-completions wire format: POST /v1/chat/completions with a JSON body, answered
with recorded response bodies from tests/data (or an error status, or after a delay).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.conftest import REPO_ROOT


def recorded(name: str) -> Any:
    """A recorded wire body from tests/data."""
    return json.loads((REPO_ROOT / "tests/data" / name).read_text())


@dataclass
class Reply:
    """What the fake answers to one request."""

    body: Any
    status: int = 200
    delay_s: float = 0.0


@dataclass
class ChatCompletionsServer:
    """Answers queued replies in order (the last one repeats); records every request."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"raw_bytes": len(raw)}
                fake.requests.append({"path": self.path, "body": body})
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                reply = fake.replies[min(len(fake.requests), len(fake.replies)) - 1]
                time.sleep(reply.delay_s)
                payload = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def chat_server() -> Iterator[ChatCompletionsServer]:
    """A running fake chat-completions server (queue replies on it before use)."""
    server = ChatCompletionsServer()
    server.start()
    yield server
    server.stop()


def base_url(server: ChatCompletionsServer) -> str:
    """The fake's base URL."""
    assert server._server is not None
    return f"http://127.0.0.1:{server._server.server_address[1]}"
