"""Publisher on Pub/Sub (or the Pub/Sub emulator when PUBSUB_EMULATOR_HOST is set)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from google.api_core import exceptions as gcp_exceptions
from google.cloud import pubsub_v1  # type: ignore[attr-defined]

from shared.errors import CatalogError, Unavailable


class PubsubPublisher:
    """Publishes and waits for the server's message id (at most ``timeout_s``)."""

    def __init__(self, client: Any, *, project: str, timeout_s: float) -> None:
        self._client = client
        self._project = project
        self._timeout_s = timeout_s

    @classmethod
    def connect(
        cls, *, project: str, timeout_s: float, emulator_host: str | None = None
    ) -> PubsubPublisher:
        """A publisher for the real service, or an emulator at ``emulator_host`` (no TLS)."""
        if emulator_host is None:
            return cls(pubsub_v1.PublisherClient(), project=project, timeout_s=timeout_s)
        import grpc
        from google.auth.credentials import AnonymousCredentials

        anonymous: Any = AnonymousCredentials
        from google.pubsub_v1.services.publisher.transports import PublisherGrpcTransport

        transport = PublisherGrpcTransport(
            channel=grpc.insecure_channel(emulator_host), credentials=anonymous()
        )
        client = pubsub_v1.PublisherClient(transport=transport)
        return cls(client, project=project, timeout_s=timeout_s)

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> str:
        """Publish one message; its id. Unavailable when Pub/Sub does not confirm in time."""
        path = self._client.topic_path(self._project, topic)
        try:
            future = self._client.publish(path, data, **dict(attributes))
            return str(future.result(timeout=self._timeout_s))
        except gcp_exceptions.NotFound:
            raise CatalogError(
                f"topic {topic!r} does not exist in project {self._project}"
            ) from None
        except (FutureTimeout, gcp_exceptions.GoogleAPICallError, gcp_exceptions.RetryError) as exc:
            raise Unavailable(f"Pub/Sub did not accept the message for {topic}: {exc}") from exc
