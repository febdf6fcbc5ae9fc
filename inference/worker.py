"""An analysis worker process: loads the models once, then analyses one file per request.

``python -m inference.worker --tempo T --key K --loudness L`` is started and supervised by
``shared.adapters.analysis_workers``: a crash here (a native decoder, a model, JIT-compiled DSP)
ends this process only; the supervisor records it as that job's failure and starts another.

Protocol: length-prefixed JSON frames on stdin/stdout (``shared.media.worker``'s framing). The
first frame out is ``{"ready": true, "pid": N}`` once the models are loaded and warm; then each
request ``{"path": "/tmp/..."}`` gets ``{"ok": true, "analysis": {...}}`` or
``{"ok": false, "kind": "invalid" | "error", "message": "..."}``. Anything libraries print goes
to stderr, never into the protocol.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from shared.domain.enrichment import AudioAnalysis
from shared.errors import InvalidInput
from shared.media.worker import read_frame, write_frame

Analyse = Callable[[Path], AudioAnalysis]


def answer(analyse: Analyse, request: dict[str, Any]) -> dict[str, Any]:
    """The reply to one request: an analysis, or why there is none."""
    try:
        return {"ok": True, "analysis": analyse(Path(request["path"])).to_json()}
    except InvalidInput as exc:  # not audio we can read: the user's file, never retried
        return {"ok": False, "kind": "invalid", "message": exc.message}
    except MemoryError:
        raise
    except Exception as exc:  # isolation boundary: an engine failure on one file, reported alone
        traceback.print_exc(file=sys.stderr)
        return {"ok": False, "kind": "error", "message": f"{type(exc).__name__}: {exc}"[:300]}


def serve(load: Callable[[], Analyse]) -> None:
    """Load the analyser, say ready, answer requests until stdin closes."""
    replies: BinaryIO = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of any library go to stderr, never into the protocol
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file behind
    analyse = load()
    write_frame(replies, json.dumps({"ready": True, "pid": os.getpid()}).encode())
    requests = sys.stdin.buffer
    while (frame := read_frame(requests)) is not None:
        try:
            reply = answer(analyse, json.loads(frame))
        except MemoryError:
            write_frame(replies, json.dumps({"ok": False, "kind": "memory"}).encode())
            sys.exit(3)  # start afresh: the heap may be fragmented past use
        write_frame(replies, json.dumps(reply).encode())


def _load_engines(tempo: str, key: str, loudness: str) -> Callable[[], Analyse]:
    def load() -> Analyse:
        from inference.analyzer import build_analyzer

        analyzer = build_analyzer(tempo, key, loudness)
        analyzer.warm_up()
        return analyzer.analyze_file

    return load


def main() -> None:
    """Parse the engine choice and serve."""
    parser = argparse.ArgumentParser(prog="python -m inference.worker", description=__doc__)
    parser.add_argument("--tempo", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--loudness", required=True)
    args = parser.parse_args()
    serve(_load_engines(args.tempo, args.key, args.loudness))


if __name__ == "__main__":
    main()
