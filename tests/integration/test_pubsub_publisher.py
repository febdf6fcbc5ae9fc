"""The Pub/Sub publisher adapter against a fake Pub/Sub server.

No Pub/Sub emulator installs here, so the fake is an in-process gRPC server implementing
google.pubsub.v1.Publisher/Publish with the real protobuf messages of google-cloud-pubsub: the
client under test speaks exactly the wire format it speaks to Pub/Sub.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field

import grpc
import pytest
from google.pubsub_v1.types import PublishRequest, PublishResponse

from shared.adapters.pubsub import PubsubPublisher
from shared.errors import CatalogError, Unavailable
from tests.emulators import free_port


@dataclass
class FakePubsub:
    """Records what was published; topics not in ``topics`` answer NOT_FOUND."""

    topics: set[str]
    received: list[PublishRequest] = field(default_factory=list)
    delay_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, request: PublishRequest, context: grpc.ServicerContext) -> PublishResponse:
        time.sleep(self.delay_s)
        if request.topic not in self.topics:
            context.abort(grpc.StatusCode.NOT_FOUND, "Resource not found (resource=topic).")
        with self.lock:
            self.received.append(request)
            first = len(self.received)
        ids = [str(first + i) for i in range(len(request.messages))]
        return PublishResponse(message_ids=ids)


@pytest.fixture
def fake_pubsub() -> Iterator[tuple[FakePubsub, str]]:
    fake = FakePubsub(topics={"projects/test/topics/analysis-low"})
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    handler = grpc.unary_unary_rpc_method_handler(
        fake.publish,
        request_deserializer=PublishRequest.deserialize,
        response_serializer=PublishResponse.serialize,
    )
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler("google.pubsub.v1.Publisher", {"Publish": handler})]
    )
    port = free_port()
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    yield fake, f"127.0.0.1:{port}"
    server.stop(grace=None)


def test_a_message_is_published_with_its_data_and_attributes(
    fake_pubsub: tuple[FakePubsub, str],
) -> None:
    fake, host = fake_pubsub
    publisher = PubsubPublisher.connect(project="test", timeout_s=10, emulator_host=host)

    message_id = publisher.publish("analysis-low", b'{"asset_id": "a"}', {"partner_id": "p1"})

    [request] = fake.received
    assert message_id == "1"
    assert request.topic == "projects/test/topics/analysis-low"
    assert request.messages[0].data == b'{"asset_id": "a"}'
    assert dict(request.messages[0].attributes) == {"partner_id": "p1"}


def test_a_missing_topic_is_a_clear_error(fake_pubsub: tuple[FakePubsub, str]) -> None:
    _, host = fake_pubsub
    publisher = PubsubPublisher.connect(project="test", timeout_s=10, emulator_host=host)

    with pytest.raises(CatalogError, match="topic 'analysis-high' does not exist in project test"):
        publisher.publish("analysis-high", b"{}", {})


def test_a_publish_that_is_not_confirmed_in_time_is_unavailable(
    fake_pubsub: tuple[FakePubsub, str],
) -> None:
    fake, host = fake_pubsub
    fake.delay_s = 3.0
    publisher = PubsubPublisher.connect(project="test", timeout_s=0.5, emulator_host=host)

    with pytest.raises(Unavailable, match="Pub/Sub did not accept the message for analysis-low"):
        publisher.publish("analysis-low", b"{}", {})
