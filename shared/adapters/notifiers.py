"""Deletion notices: a log line locally; a signed webhook and an email in GCP.

The webhook body is JSON signed with HMAC-SHA256 (``X-Catalog-Signature: sha256=<hex>``) so the
partner can check it came from us; email goes through an SMTP relay (SendGrid, Mailgun or
Google Workspace's, configured by SMTP_* settings).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
from email.message import EmailMessage
from typing import Any

import requests

from shared.domain.retention import DeletionNotice, NotificationTarget
from shared.errors import Unavailable

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Catalog-Signature"


def notice_payload(notice: DeletionNotice) -> dict[str, Any]:
    """The JSON a webhook receives."""
    return {
        "type": "catalog.audio.deletion_scheduled",
        "partner_id": str(notice.partner_id),
        "partner_name": notice.partner_name,
        "sent_at": notice.sent_at.isoformat(),
        "summary": notice.subject,
        "assets": [
            {
                "asset_id": str(item.asset_id),
                "audio_object": item.audio_object,
                "expires_at": item.expires_at.isoformat(),
                "deletion_at": item.deletion_at.isoformat(),
            }
            for item in notice.items
        ],
        "extension": (
            {"method": "POST", "url": notice.extension_url, "body": {"days": "<1..365>"}}
            if notice.extension_url
            else None
        ),
    }


def notice_text(notice: DeletionNotice) -> str:
    """The plain-text body of an email notice."""
    lines = [
        f"Hello {notice.partner_name},",
        "",
        "The kept audio of these assets reaches the end of your plan's retention and will be "
        "deleted on the date shown. Their metadata stays in your catalog.",
        "",
        *(
            f"  {item.deletion_at:%Y-%m-%d}  {item.audio_object}  (asset {item.asset_id})"
            for item in notice.items
        ),
        "",
    ]
    if notice.extension_url:
        lines.append(f"To keep them longer, extend their retention: POST {notice.extension_url}")
    return "\n".join(lines)


class LogNotifier:
    """Local mode: the notice is a warning in the log."""

    def send(self, notice: DeletionNotice, target: NotificationTarget) -> str:
        logger.warning(
            "deletion notice for partner %s: %s (%s)",
            notice.partner_id,
            notice.subject,
            ", ".join(item.audio_object for item in notice.items[:10]),
        )
        return "log"


class WebhookNotifier:
    """POST the notice as signed JSON; a non-2xx answer or a timeout raises Unavailable."""

    def __init__(self, *, signing_key: bytes, timeout_s: float) -> None:
        self._signing_key = signing_key
        self._timeout_s = timeout_s

    def post(self, url: str, notice: DeletionNotice) -> None:
        """Deliver to one URL."""
        body = json.dumps(notice_payload(notice)).encode()
        signature = hmac.new(self._signing_key, body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: f"sha256={signature}"}
        try:
            response = requests.post(url, data=body, headers=headers, timeout=self._timeout_s)
        except requests.RequestException as exc:
            raise Unavailable(f"notice webhook {url} did not answer: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise Unavailable(f"notice webhook {url} answered {response.status_code}")


class SmtpEmailNotifier:
    """Send the notice through an SMTP relay (STARTTLS and login when configured)."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        timeout_s: float,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._timeout_s = timeout_s
        self._username, self._password = username, password
        self._starttls = starttls

    def mail(self, to: str, notice: DeletionNotice) -> None:
        """Deliver to one address."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = notice.subject
        message.set_content(notice_text(notice))
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout_s) as smtp:
                if self._starttls:
                    smtp.starttls()
                if self._username and self._password:
                    smtp.login(self._username, self._password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise Unavailable(f"email notice to {to} failed: {exc}") from exc


class ChannelNotifier:
    """GCP: the partner's webhook and email (each when set); a log line when neither is."""

    def __init__(self, webhook: WebhookNotifier, email: SmtpEmailNotifier | None) -> None:
        self._webhook = webhook
        self._email = email
        self._log = LogNotifier()

    def send(self, notice: DeletionNotice, target: NotificationTarget) -> str:
        channels = []
        if target.webhook_url:
            self._webhook.post(target.webhook_url, notice)
            channels.append("webhook")
        if target.email and self._email is not None:
            self._email.mail(target.email, notice)
            channels.append("email")
        if not channels:
            logger.warning("partner %s has no notice webhook or email", notice.partner_id)
            return self._log.send(notice, target)
        return ",".join(channels)
