"""Locally, a write to the uploads bucket is announced as GCS announces it: the object resource
of a finalize notification, published to the uploads-finalized topic of the local bus."""

from __future__ import annotations

import json

from shared.ports import BlobInfo, Publisher


def object_resource(info: BlobInfo) -> dict[str, str]:
    """The Cloud Storage object resource a finalize event carries (numbers as strings, as GCS)."""
    stamp = info.updated_at.isoformat().replace("+00:00", "Z")
    return {
        "kind": "storage#object",
        "id": f"{info.bucket}/{info.name}/{info.generation}",
        "bucket": info.bucket,
        "name": info.name,
        "generation": str(info.generation),
        "metageneration": "1",
        "contentType": info.content_type or "application/octet-stream",
        "size": str(info.size_bytes),
        "timeCreated": stamp,
        "updated": stamp,
        "storageClass": "STANDARD",
    }


class FinalizeAnnouncer:
    """Called by a blob store after each write: objects of the uploads bucket are announced."""

    def __init__(self, publisher: Publisher, uploads_bucket: str, topic: str) -> None:
        self._publisher = publisher
        self._bucket = uploads_bucket
        self._topic = topic

    def __call__(self, info: BlobInfo) -> None:
        """Publish the object resource when ``info`` is in the uploads bucket."""
        if info.bucket == self._bucket:
            self._publisher.publish(self._topic, json.dumps(object_resource(info)).encode(), {})
