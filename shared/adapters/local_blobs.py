"""BlobStore on a local folder: <root>/<bucket>/<object name>, with signed URLs served by
`catalog run` (shared/api/local_blobs.py) the way GCS serves V4 signed URLs."""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, BinaryIO, Literal
from urllib.parse import quote, urlencode

from shared.errors import Forbidden, InvalidField, NotFound
from shared.ports import BlobInfo

FinalizeHook = Callable[[BlobInfo], None]


class LocalBlobStore:
    """Buckets as folders. Writes are atomic (temp file + rename), like an object store's."""

    def __init__(
        self,
        root: Path,
        *,
        public_url: str = "http://localhost:8080",
        signing_key: bytes = b"",
        on_finalize: FinalizeHook | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._root = root.resolve()
        self._public_url = public_url.rstrip("/")
        self._signing_key = signing_key or _key_file(self._root.parent / "signing.key")
        self._on_finalize = on_finalize
        self._clock = clock

    def path_of(self, bucket: str, name: str) -> Path:
        """The file behind an object; refuses names that would escape the bucket folder."""
        bucket_dir = (self._root / bucket).resolve()
        path = (bucket_dir / name).resolve()
        if not name or bucket_dir not in path.parents or "/." in f"/{name}":
            raise InvalidField("object name", f"{name!r} is not a valid object name")
        return path

    def stat(self, bucket: str, name: str) -> BlobInfo:
        path = self.path_of(bucket, name)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise NotFound(f"{bucket}/{name} does not exist") from None
        return self._info(bucket, name, st)

    def open_read(self, bucket: str, name: str) -> BinaryIO:
        path = self.path_of(bucket, name)
        try:
            return path.open("rb")
        except FileNotFoundError:
            raise NotFound(f"{bucket}/{name} does not exist") from None

    def write(
        self, bucket: str, name: str, data: bytes | IO[bytes], *, content_type: str
    ) -> BlobInfo:
        """Store an object; then, like GCS's finalize notification, tell the hook."""
        path = self.path_of(bucket, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, bytes | bytearray):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, length=1 << 20)
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        info = self._info(bucket, name, path.stat(), content_type)
        if self._on_finalize is not None:
            self._on_finalize(info)
        return info

    def delete(self, bucket: str, name: str) -> None:
        self.path_of(bucket, name).unlink(missing_ok=True)

    def list(self, bucket: str, prefix: str = "") -> Iterator[BlobInfo]:
        bucket_dir = self._root / bucket
        if not bucket_dir.is_dir():
            return
        for path in sorted(bucket_dir.rglob("*")):
            name = path.relative_to(bucket_dir).as_posix()
            if path.is_file() and not path.name.startswith(".") and name.startswith(prefix):
                yield self._info(bucket, name, path.stat())

    def signed_url(
        self,
        bucket: str,
        name: str,
        *,
        method: Literal["GET", "PUT"],
        expires_s: int,
        content_type: str | None = None,
    ) -> str:
        """A URL `catalog run` honours until it expires, signed with HMAC-SHA256."""
        self.path_of(bucket, name)  # refuse bad names now, not when the URL is used
        expires = int(self._clock()) + expires_s
        query = {"method": method, "expires": str(expires)}
        query["signature"] = self._signature(bucket, name, method, expires)
        path = f"/local-blobs/{quote(bucket)}/{quote(name)}"
        return f"{self._public_url}{path}?{urlencode(query)}"

    def verify_signature(
        self, bucket: str, name: str, method: str, expires: str, signature: str
    ) -> None:
        """Forbidden unless the URL was signed by us for this object and method and is fresh."""
        if not expires.isdigit() or int(expires) < self._clock():
            raise Forbidden("this signed URL has expired")
        expected = self._signature(bucket, name, method, int(expires))
        if not hmac.compare_digest(expected, signature):
            raise Forbidden("this signed URL's signature does not match")

    def _signature(self, bucket: str, name: str, method: str, expires: int) -> str:
        message = f"{method}\n{bucket}\n{name}\n{expires}".encode()
        return hmac.new(self._signing_key, message, hashlib.sha256).hexdigest()

    @staticmethod
    def _info(
        bucket: str, name: str, st: os.stat_result, content_type: str | None = None
    ) -> BlobInfo:
        return BlobInfo(
            bucket=bucket,
            name=name,
            size_bytes=st.st_size,
            generation=st.st_mtime_ns // 1000,  # GCS generations are microsecond timestamps too
            updated_at=datetime.fromtimestamp(st.st_mtime, tz=UTC),
            content_type=content_type or mimetypes.guess_type(name)[0],
        )


def _key_file(path: Path) -> bytes:
    """A signing key kept beside the buckets, so URLs survive restarts and other processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as out:
        key = os.urandom(32)
        out.write(key)
    return key
