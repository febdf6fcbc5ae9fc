"""Local mode's stand-in for GCS signed URLs: GET downloads, PUT uploads, both signed and timed."""

from __future__ import annotations

import flask

from shared.adapters.local_blobs import LocalBlobStore
from shared.errors import InvalidField, NotFound, PayloadTooLarge


def _local_store() -> tuple[LocalBlobStore, int]:
    from shared.api.context import current_services

    built = current_services()
    if not isinstance(built.blobs, LocalBlobStore):
        raise NotFound("signed local URLs exist only in local mode")
    return built.blobs, built.settings.max_upload_bytes


def _verified(store: LocalBlobStore, bucket: str, name: str, method: str) -> None:
    args = flask.request.args
    if args.get("method") != method:
        raise InvalidField("method", f"this URL was signed for {args.get('method')}, not {method}")
    store.verify_signature(bucket, name, method, args.get("expires", ""), args.get("signature", ""))


def local_blobs_blueprint() -> flask.Blueprint:
    """Serve URLs made by ``LocalBlobStore.signed_url``."""
    blueprint = flask.Blueprint("local_blobs", __name__)

    @blueprint.get("/local-blobs/<bucket>/<path:name>")
    def download(bucket: str, name: str) -> flask.Response:
        store, _ = _local_store()
        _verified(store, bucket, name, "GET")
        store.stat(bucket, name)  # 404 before streaming
        return flask.send_file(
            store.path_of(bucket, name), as_attachment=True, download_name=name.rsplit("/", 1)[-1]
        )

    @blueprint.put("/local-blobs/<bucket>/<path:name>")
    def upload(bucket: str, name: str) -> tuple[flask.Response, int]:
        store, limit = _local_store()
        _verified(store, bucket, name, "PUT")
        declared = flask.request.content_length
        if declared is not None and declared > limit:
            raise PayloadTooLarge(f"{declared} bytes is over the {limit}-byte upload limit")
        flask.request.max_content_length = limit  # also enforced while the body streams in
        content_type = flask.request.content_type or "application/octet-stream"
        info = store.write(bucket, name, flask.request.stream, content_type=content_type)
        body = {"bucket": bucket, "name": name, "size": info.size_bytes,
                "generation": str(info.generation)}  # fmt: skip
        return flask.jsonify(body), 200

    return blueprint
