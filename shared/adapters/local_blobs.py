"""BlobStore on a local folder: <root>/<bucket>/<object name>."""

from __future__ import annotations

import mimetypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from shared.errors import InvalidField, NotFound
from shared.ports import BlobInfo


class LocalBlobStore:
    """Buckets as folders. Writes are atomic (temp file + rename), like an object store's."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()

    def path_of(self, bucket: str, name: str) -> Path:
        """The file behind an object; refuses names that would escape the bucket folder."""
        bucket_dir = (self._root / bucket).resolve()
        path = (bucket_dir / name).resolve()
        if not name or bucket_dir not in path.parents:
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
        self, bucket: str, name: str, data: bytes | BinaryIO, *, content_type: str
    ) -> BlobInfo:
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
        return self._info(bucket, name, path.stat(), content_type)

    def delete(self, bucket: str, name: str) -> None:
        self.path_of(bucket, name).unlink(missing_ok=True)

    def list(self, bucket: str, prefix: str = "") -> Iterator[BlobInfo]:
        bucket_dir = self._root / bucket
        if not bucket_dir.is_dir():
            return
        for path in sorted(bucket_dir.rglob("*")):
            name = path.relative_to(bucket_dir).as_posix()
            if path.is_file() and not path.name.startswith(".upload-") and name.startswith(prefix):
                yield self._info(bucket, name, path.stat())

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
