"""BlobStore on Cloud Storage (or fake-gcs-server when STORAGE_EMULATOR_HOST is set), with V4
signed URLs. Library errors become ours here: NotFound, Unavailable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from google.api_core import exceptions as gcp_exceptions
from google.auth import credentials as auth_credentials
from google.auth.transport import requests as auth_requests
from google.cloud import storage  # type: ignore[attr-defined]
from google.oauth2 import service_account

from shared.errors import InvalidField, NotFound, Unavailable
from shared.ports import BlobInfo

# google-auth has no type hints on these
_Anonymous: Any = auth_credentials.AnonymousCredentials
_ServiceAccount: Any = service_account.Credentials

FinalizeHook = Callable[[BlobInfo], None]
_TRANSIENT = (
    gcp_exceptions.ServiceUnavailable,
    gcp_exceptions.InternalServerError,
    gcp_exceptions.TooManyRequests,
    gcp_exceptions.GatewayTimeout,
    gcp_exceptions.DeadlineExceeded,
    ConnectionError,
    TimeoutError,
)


class GcsBlobStore:
    """Buckets in Cloud Storage; every call has a timeout."""

    def __init__(
        self,
        client: storage.Client,
        *,
        timeout_s: float,
        signer: service_account.Credentials | None = None,
        api_endpoint: str | None = None,
        on_finalize: FinalizeHook | None = None,
    ) -> None:
        self._client = client
        self._timeout_s = timeout_s
        self._signer = signer
        self._api_endpoint = api_endpoint
        self._on_finalize = on_finalize

    @classmethod
    def connect(
        cls,
        *,
        project: str,
        timeout_s: float,
        emulator_host: str | None = None,
        signing_key_file: Path | None = None,
        on_finalize: FinalizeHook | None = None,
    ) -> GcsBlobStore:
        """A store for the real service, or fake-gcs-server at ``emulator_host``."""
        signer = (
            _ServiceAccount.from_service_account_file(str(signing_key_file))
            if signing_key_file
            else None
        )
        if emulator_host:
            endpoint = emulator_host if "://" in emulator_host else f"http://{emulator_host}"
            client = storage.Client(
                project=project,
                credentials=_Anonymous(),
                client_options={"api_endpoint": endpoint},
            )
            return cls(
                client,
                timeout_s=timeout_s,
                signer=signer or _emulator_signer(),
                api_endpoint=endpoint,
                on_finalize=on_finalize,
            )
        return cls(
            storage.Client(project=project),
            timeout_s=timeout_s,
            signer=signer,
            on_finalize=on_finalize,
        )

    def _call(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except gcp_exceptions.NotFound:
            raise NotFound(f"{what} does not exist") from None
        except _TRANSIENT as exc:
            raise Unavailable(f"Cloud Storage did not answer for {what}: {exc}") from exc

    def stat(self, bucket: str, name: str) -> BlobInfo:
        where = f"gs://{bucket}/{name}"
        _check_name(name)
        blob = self._call(
            where, lambda: self._client.bucket(bucket).get_blob(name, timeout=self._timeout_s)
        )
        if blob is None:
            raise NotFound(f"{where} does not exist")
        return _info(blob)

    def open_read(self, bucket: str, name: str) -> BinaryIO:
        where = f"gs://{bucket}/{name}"
        _check_name(name)
        blob = self._call(
            where, lambda: self._client.bucket(bucket).get_blob(name, timeout=self._timeout_s)
        )
        if blob is None:
            raise NotFound(f"{where} does not exist")
        # reads pinned to the generation just stat'ed: a concurrent rewrite cannot mix versions
        reader = self._call(
            where, lambda: blob.open("rb", chunk_size=8 << 20, timeout=self._timeout_s)
        )
        return _Reader(reader, where)  # type: ignore[return-value]

    def write(
        self, bucket: str, name: str, data: bytes | IO[bytes], *, content_type: str
    ) -> BlobInfo:
        where = f"gs://{bucket}/{name}"
        _check_name(name)
        blob = self._client.bucket(bucket).blob(name)

        def upload() -> None:
            if isinstance(data, bytes | bytearray):
                blob.upload_from_string(
                    bytes(data), content_type=content_type, timeout=self._timeout_s
                )
            else:
                blob.upload_from_file(data, content_type=content_type, timeout=self._timeout_s)

        self._call(where, upload)
        info = _info(blob)
        if self._on_finalize is not None:
            self._on_finalize(info)
        return info

    def delete(self, bucket: str, name: str) -> None:
        where = f"gs://{bucket}/{name}"
        _check_name(name)
        try:
            self._call(
                where,
                lambda: self._client.bucket(bucket).delete_blob(name, timeout=self._timeout_s),
            )
        except NotFound:
            pass  # deleting twice is fine, as locally

    def list(self, bucket: str, prefix: str = "") -> Iterator[BlobInfo]:
        where = f"gs://{bucket}/{prefix}"
        blobs = self._call(
            where,
            lambda: list(
                self._client.list_blobs(bucket, prefix=prefix or None, timeout=self._timeout_s)
            ),
        )
        for blob in sorted(blobs, key=lambda b: b.name):
            yield _info(blob)

    def signed_url(
        self,
        bucket: str,
        name: str,
        *,
        method: Literal["GET", "PUT"],
        expires_s: int,
        content_type: str | None = None,
    ) -> str:
        """A V4 signed URL, signed by the configured key or the runtime's service account."""
        _check_name(name)
        blob = self._client.bucket(bucket).blob(name)
        options: dict[str, Any] = {
            "version": "v4",
            "expiration": dt.timedelta(seconds=expires_s),
            "method": method,
            "content_type": content_type if method == "PUT" else None,
        }
        if self._api_endpoint:
            options["api_access_endpoint"] = self._api_endpoint
        if self._signer is not None:
            options["credentials"] = self._signer
        else:  # Cloud Functions' default credentials have no key: sign through IAM signBlob
            credentials = self._client._credentials
            credentials.refresh(auth_requests.Request())
            options["service_account_email"] = credentials.service_account_email
            options["access_token"] = credentials.token
        return str(blob.generate_signed_url(**options))


class _Reader:
    """A blob reader whose transport errors surface as ours."""

    def __init__(self, reader: Any, where: str) -> None:
        self._reader = reader
        self._where = where

    def read(self, size: int = -1) -> bytes:
        try:
            return bytes(self._reader.read(size))
        except _TRANSIENT as exc:
            raise Unavailable(
                f"Cloud Storage stopped answering while reading {self._where}"
            ) from exc

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _check_name(name: str) -> None:
    if not name or name.startswith("/") or "\x00" in name or len(name.encode()) > 1024:
        raise InvalidField("object name", f"{name!r} is not a valid object name")


def _info(blob: Any) -> BlobInfo:
    return BlobInfo(
        bucket=blob.bucket.name,
        name=blob.name,
        size_bytes=int(blob.size or 0),
        generation=int(blob.generation or 0),
        updated_at=blob.updated or dt.datetime.now(dt.UTC),
        content_type=blob.content_type,
    )


def _emulator_signer() -> service_account.Credentials:
    """fake-gcs-server does not check signatures, but the client needs a key to sign with:
    an ephemeral one, made for this process."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    signer: service_account.Credentials = _ServiceAccount.from_service_account_info(
        {
            "type": "service_account",
            "client_email": "local-signer@emulator.iam.gserviceaccount.com",
            "private_key": pem,
            "token_uri": "https://oauth2.googleapis.com/token",
            "project_id": "local",
        }
    )
    return signer
