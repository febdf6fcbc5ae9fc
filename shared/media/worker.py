"""The sandbox worker: ``python -m shared.media.worker MEMORY_MB`` reads one file per request.

Runs with an address-space limit (RLIMIT_AS), so a file that makes a parser allocate without end
gets a MemoryError here instead of taking the function down; the parent kills it on a timeout.
Requests and replies are length-prefixed JSON frames on stdin/stdout (a reply may be followed by
one raw frame: the cover's bytes). Anything printed by libraries goes to stderr.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import struct
import sys
import traceback
from pathlib import Path
from typing import Any, BinaryIO

from shared.domain.media import ProblemCode, UnreadableAudio
from shared.media.extract import extract_file
from shared.media.limits import Limits

_HEADER = struct.Struct(">I")
MAX_REQUEST_BYTES = 1 << 20


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame, or None at end of stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (length,) = _HEADER.unpack(header)
    return stream.read(length)


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    """One frame."""
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def answer(request: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """The reply to one request, and the cover's bytes when asked for."""
    try:
        extraction = extract_file(
            Path(request["path"]),
            Limits(**request["limits"]),
            sha256=request.get("sha256"),
            want_cover=bool(request.get("want_cover")),
        )
    except UnreadableAudio as exc:
        return {"ok": False, "code": exc.code.value, "message": exc.message}, None
    except FileNotFoundError:
        return {"ok": False, "code": "object_missing", "message": "the file does not exist"}, None
    except RecursionError:
        return {
            "ok": False,
            "code": "corrupt",
            "message": "the file nests structures too deep",
        }, None
    cover = extraction.cover_data
    reply = {"ok": True, "extraction": extraction.to_json(), "cover_bytes": len(cover or b"")}
    return reply, cover


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    """Serve requests until stdin closes."""
    memory_mb = int(sys.argv[1])
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of any library go to stderr, never into the protocol
    requests = sys.stdin.buffer
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    _limit_memory(memory_mb)
    while (frame := read_frame(requests)) is not None:
        try:
            reply, cover = answer(json.loads(frame))
        except MemoryError:
            write_frame(replies, json.dumps(_memory_reply(memory_mb)).encode())
            sys.exit(3)  # start afresh: the heap may be fragmented past use
        except Exception as exc:  # isolation boundary: a parser bug on one file, reported alone
            traceback.print_exc(file=sys.stderr)
            reply, cover = _crash_reply(exc), None
        write_frame(replies, json.dumps(reply).encode())
        if cover:
            write_frame(replies, cover)


def _memory_reply(memory_mb: int) -> dict[str, Any]:
    return {
        "ok": False,
        "code": ProblemCode.MEMORY_LIMIT.value,
        "message": f"reading the file needed more than {memory_mb} MB of memory: refused",
    }


def _crash_reply(exc: Exception) -> dict[str, Any]:
    return {
        "ok": False,
        "code": ProblemCode.CORRUPT.value,
        "message": f"the file could not be read ({type(exc).__name__}: {str(exc)[:200]})",
    }


if __name__ == "__main__":
    main()
