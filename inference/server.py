"""The model server's HTTP API.

POST /v1/analyze   audio as the request body (any audio/* or application/octet-stream), as a
                   multipart field "audio", or JSON {"uri": "gs://bucket/object" | "file:///..."};
                   ?backend=local|qwen2-audio picks the backend. Answers AudioAnalysis JSON.
GET  /healthz      200 when the backends are loaded.
GET  /v1/models    engines and models with their licences.
Errors are RFC 9457 problem+json: 422 unreadable audio or a bad URI, 404 a missing object,
413 too large, 503 a backend that cannot run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import flask
from werkzeug.exceptions import HTTPException

from inference.analyzer import Analyzer
from inference.config import InferenceSettings
from inference.models import model_cards
from shared.errors import CatalogError, InvalidField, NotFound, PayloadTooLarge, Unavailable

if TYPE_CHECKING:
    from inference.qwen import QwenTagger

logger = logging.getLogger(__name__)
GcsReader = Callable[[str, str], bytes]


def create_app(
    analyzers: Mapping[str, Analyzer],
    settings: InferenceSettings,
    *,
    gcs_reader: GcsReader | None = None,
) -> flask.Flask:
    """The Flask app over already-loaded analyzers (models load once, before serving)."""
    app = flask.Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.inference_max_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]

    @app.post("/v1/analyze")
    def analyze() -> flask.Response:
        backend = flask.request.args.get("backend", settings.inference_default_backend)
        analyzer = analyzers.get(backend)
        if analyzer is None:
            known = ", ".join(sorted(analyzers))
            raise InvalidField("backend", f"{backend!r} is not loaded here (loaded: {known})")
        data = _audio_of(flask.request, settings, gcs_reader)
        return flask.jsonify(analyzer.analyze(data).to_json())

    @app.get("/healthz")
    def healthz() -> flask.Response:
        return flask.jsonify({"status": "ok", "backends": sorted(analyzers)})

    @app.get("/v1/models")
    def models() -> flask.Response:
        defaults = {
            "backend": settings.inference_default_backend,
            "bpm": settings.analysis_tempo_engine,
            "key": settings.analysis_key_engine,
            "loudness_lufs": settings.analysis_loudness_engine,
        }
        return flask.jsonify(model_cards(sorted(analyzers), defaults))

    _register_errors(app)
    return app


def _audio_of(
    request: flask.Request, settings: InferenceSettings, gcs_reader: GcsReader | None
) -> bytes:
    if request.mimetype == "application/json":
        body = request.get_json(silent=True)
        uri = body.get("uri") if isinstance(body, dict) else None
        if not isinstance(uri, str) or not uri:
            raise InvalidField(
                "uri", "send audio bytes, a multipart 'audio' file, or {\"uri\": ...}"
            )
        return _read_uri(uri, settings, gcs_reader)
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("audio")
        if upload is None:
            raise InvalidField("audio", "the multipart body has no 'audio' file")
        return upload.read()
    return request.get_data()


def _read_uri(uri: str, settings: InferenceSettings, gcs_reader: GcsReader | None) -> bytes:
    parsed = urlparse(uri)
    if parsed.scheme == "gs":
        if gcs_reader is None:
            raise InvalidField("uri", "gs:// URIs need google-cloud-storage on this server")
        return gcs_reader(parsed.netloc, parsed.path.lstrip("/"))
    if parsed.scheme in ("file", ""):
        return _read_local(Path(unquote(parsed.path)), settings)
    raise InvalidField("uri", f"{parsed.scheme}:// is not supported (use gs:// or file://)")


def _read_local(path: Path, settings: InferenceSettings) -> bytes:
    root = settings.inference_local_root
    if root is None:
        raise InvalidField("uri", "local URIs are disabled (set INFERENCE_LOCAL_ROOT)")
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise InvalidField("uri", f"{path} is outside INFERENCE_LOCAL_ROOT")
    if not resolved.is_file():
        raise NotFound(f"{path} does not exist")
    if resolved.stat().st_size > settings.inference_max_bytes:
        raise PayloadTooLarge(f"{path} is larger than {settings.inference_max_bytes} bytes")
    return resolved.read_bytes()


def _problem(status: int, title: str, detail: str, field: str | None = None) -> flask.Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if field:
        body["field"] = field
    response = flask.jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _register_errors(app: flask.Flask) -> None:
    @app.errorhandler(CatalogError)
    def _ours(exc: CatalogError) -> flask.Response:
        field = exc.field if isinstance(exc, InvalidField) else None
        return _problem(exc.status, exc.title, exc.message, field)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> flask.Response:
        return _problem(exc.code or 500, exc.name, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> flask.Response:
        logger.exception("analysis failed")
        return _problem(500, "Internal error", f"analysis failed: {type(exc).__name__}")


def load_analyzers(settings: InferenceSettings) -> dict[str, Analyzer]:
    """Build every configured backend once (models stay loaded for the server's life)."""
    from inference.analyzer import build_analyzer

    local = build_analyzer(
        settings.analysis_tempo_engine,
        settings.analysis_key_engine,
        settings.analysis_loudness_engine,
    )
    analyzers: dict[str, Analyzer] = {}
    for name in settings.backends:
        if name == "local":
            analyzers[name] = local
        elif name == "qwen2-audio":
            analyzers[name] = Analyzer(local.tempo, local.key, local.loudness, _qwen(settings))
        else:
            raise Unavailable(f"INFERENCE_BACKENDS: unknown backend {name!r}")
    return analyzers


def _qwen(settings: InferenceSettings) -> QwenTagger:
    from inference.qwen import MODEL_ID, ChatCompletionsEngine, Engine, QwenTagger

    engine: Engine

    if settings.qwen_chat_url:
        engine = ChatCompletionsEngine(settings.qwen_chat_url, timeout_s=settings.qwen_timeout_s)
    elif settings.qwen_model_path:
        from inference.qwen_transformers import TransformersEngine

        engine = TransformersEngine.from_pretrained(settings.qwen_model_path)
    else:
        raise Unavailable("qwen2-audio needs QWEN_MODEL_PATH or QWEN_CHAT_URL")
    return QwenTagger(engine, version=MODEL_ID, max_windows=settings.qwen_max_windows)


def gcs_reader(
    timeout_s: float, client_factory: Callable[[], Any] | None = None
) -> GcsReader | None:
    """Read gs:// objects with google-cloud-storage (honours STORAGE_EMULATOR_HOST).

    The client is made on the first gs:// request, so a CPU-only server without Google
    credentials starts and serves bytes and local URIs.
    """
    try:
        from google.api_core import exceptions as gcp
        from google.auth import exceptions as auth
        from google.cloud import storage
    except ImportError:
        return None
    make_client = client_factory or storage.Client
    clients: list[Any] = []

    def read(bucket: str, name: str) -> bytes:
        try:
            if not clients:
                clients.append(make_client())
            blob = clients[0].bucket(bucket).blob(name)
            return bytes(blob.download_as_bytes(timeout=timeout_s))
        except gcp.NotFound:
            raise NotFound(f"gs://{bucket}/{name} does not exist") from None
        except auth.DefaultCredentialsError as exc:
            raise Unavailable(f"no Google credentials to read gs://{bucket}/{name}") from exc
        except gcp.GoogleAPIError as exc:
            raise Unavailable(f"Cloud Storage failed for gs://{bucket}/{name}: {exc}") from exc

    return read
