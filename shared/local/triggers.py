"""Deliver local bus messages to entry points as the CloudEvents GCP would send.

Pub/Sub messages arrive as Eventarc's google.cloud.pubsub.topic.v1.messagePublished event;
storage finalize notifications as google.cloud.storage.object.v1.finalized with the object
resource as data. Same envelope, same function, in both modes.
"""

from __future__ import annotations

import base64
import importlib
import json
import logging
from collections.abc import Callable
from typing import Any

from cloudevents.http import CloudEvent

from shared.adapters.pg_bus import Delivery
from shared.topics import Route

logger = logging.getLogger(__name__)

EntryPoint = Callable[[CloudEvent], Any]


def pubsub_event(delivery: Delivery, *, project: str) -> CloudEvent:
    """The CloudEvent Eventarc delivers for a Pub/Sub message."""
    published = delivery.published_at.isoformat().replace("+00:00", "Z")
    message = {
        "data": base64.b64encode(delivery.data).decode(),
        "attributes": delivery.attributes,
        "messageId": delivery.message_id,
        "message_id": delivery.message_id,
        "publishTime": published,
        "publish_time": published,
    }
    data = {
        "message": message,
        "subscription": f"projects/{project}/subscriptions/{delivery.subscription}",
        "deliveryAttempt": delivery.delivery_attempt,
    }
    attributes = {
        "id": delivery.message_id,
        "source": f"//pubsub.googleapis.com/projects/{project}/topics/{delivery.topic}",
        "type": "google.cloud.pubsub.topic.v1.messagePublished",
        "specversion": "1.0",
        "time": published,
        "datacontenttype": "application/json",
    }
    return CloudEvent(attributes, data)


def storage_event(delivery: Delivery) -> CloudEvent:
    """The CloudEvent Eventarc delivers for a finalized Cloud Storage object.

    The message data is the object resource (bucket, name, generation, size...) as GCS sends it.
    """
    resource = json.loads(delivery.data)
    attributes = {
        "id": delivery.message_id,
        "source": f"//storage.googleapis.com/projects/_/buckets/{resource['bucket']}",
        "type": "google.cloud.storage.object.v1.finalized",
        "specversion": "1.0",
        "subject": f"objects/{resource['name']}",
        "time": resource.get("updated") or delivery.published_at.isoformat(),
        "datacontenttype": "application/json",
    }
    return CloudEvent(attributes, resource)


def resolve_entry_point(route: Route) -> EntryPoint:
    """Import ``module:function``; ImportError/AttributeError when it does not exist (yet)."""
    module_name, function_name = route.entry_point.split(":")
    module = importlib.import_module(module_name)
    function: EntryPoint = getattr(module, function_name)
    return function


def handler_for(route: Route, *, project: str) -> Callable[[Delivery], None]:
    """A bus handler that calls the route's entry point with the right envelope."""
    function = resolve_entry_point(route)

    def deliver(delivery: Delivery) -> None:
        if route.event == "storage":
            function(storage_event(delivery))
        else:
            function(pubsub_event(delivery, project=project))

    return deliver
