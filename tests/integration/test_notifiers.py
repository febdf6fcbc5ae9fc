"""Deletion notices through real channels: an HTTP server on loopback and a real SMTP server."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from shared.adapters.notifiers import (
    SIGNATURE_HEADER,
    ChannelNotifier,
    LogNotifier,
    SmtpEmailNotifier,
    WebhookNotifier,
)
from shared.domain.partners import Tier
from shared.domain.retention import DeletionNotice, NoticeItem, NotificationTarget
from shared.errors import Unavailable
from tests.e2e.conftest import free_port

KEY = b"test-signing-key"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _notice(extension_url: str | None = "https://catalog.example/api/v1/retention/extensions"):  # noqa: ANN202
    item = NoticeItem(uuid.uuid4(), "p/a.flac", NOW + timedelta(days=7), NOW + timedelta(days=7))
    return DeletionNotice(
        uuid.uuid4(), "Acme Records", Tier.ENTERPRISE, (item,), NOW, extension_url
    )


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    status = 204

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[_Receiver]]]:
    handler = type("Receiver", (_Receiver,), {"received": [], "status": 204})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/catalog", handler
    server.shutdown()
    server.server_close()


def test_a_webhook_notice_is_signed_json_with_the_extension_action(receiver) -> None:  # noqa: ANN001
    url, handler = receiver
    notice = _notice()

    WebhookNotifier(signing_key=KEY, timeout_s=5).post(url, notice)

    headers, body = handler.received[0]
    expected = hmac.new(KEY, body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["type"] == "catalog.audio.deletion_scheduled"
    assert payload["assets"][0]["audio_object"] == "p/a.flac"
    assert payload["extension"]["url"].endswith("/api/v1/retention/extensions")


def test_a_failing_webhook_raises_unavailable_so_the_notice_is_retried(receiver) -> None:  # noqa: ANN001
    url, handler = receiver
    handler.status = 500

    with pytest.raises(Unavailable, match="answered 500"):
        WebhookNotifier(signing_key=KEY, timeout_s=5).post(url, _notice())


def test_an_unreachable_webhook_times_out_as_unavailable() -> None:
    url = f"http://127.0.0.1:{free_port()}/nobody"

    with pytest.raises(Unavailable, match="did not answer"):
        WebhookNotifier(signing_key=KEY, timeout_s=2).post(url, _notice())


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, _Inbox]]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def test_an_email_notice_reaches_the_partner(smtp_server) -> None:  # noqa: ANN001
    port, inbox = smtp_server
    email = SmtpEmailNotifier(
        host="127.0.0.1", port=port, sender="catalog@example.com", timeout_s=5, starttls=False
    )

    email.mail("ops@acme.example", _notice())

    sender, recipients, content = inbox.messages[0]
    message = message_from_bytes(content)
    assert (sender, recipients) == ("catalog@example.com", ["ops@acme.example"])
    assert message["Subject"].startswith("1 audio file(s) of Acme Records will be deleted")
    text = message.get_payload(decode=True).decode()
    assert "p/a.flac" in text
    assert "POST https://catalog.example/api/v1/retention/extensions" in text


def test_channels_send_to_each_target_the_partner_set(receiver, smtp_server) -> None:  # noqa: ANN001
    url, handler = receiver
    port, inbox = smtp_server
    notifier = ChannelNotifier(
        WebhookNotifier(signing_key=KEY, timeout_s=5),
        SmtpEmailNotifier(
            host="127.0.0.1", port=port, sender="c@x.io", timeout_s=5, starttls=False
        ),
    )

    both = notifier.send(_notice(), NotificationTarget(url, "ops@acme.example"))
    neither = notifier.send(_notice(), NotificationTarget())

    assert both == "webhook,email"
    assert neither == "log"
    assert len(handler.received) == 1
    assert len(inbox.messages) == 1


def test_the_local_notifier_logs_the_notice(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING"):
        channel = LogNotifier().send(_notice(), NotificationTarget())

    assert channel == "log"
    assert "will be deleted" in caplog.text
    assert "p/a.flac" in caplog.text
