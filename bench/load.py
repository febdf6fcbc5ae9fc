"""An open-loop HTTP/1.1 load generator on asyncio (keep-alive connections, no client library).

Request ``i`` is due at ``start + i / rate`` whatever happened before it, and its latency counts
from that due time, so a server falling behind shows up as queueing (wrk2's "corrected"
latency), not as a politely slower client. Plain asyncio streams cost the generator about a
tenth of a millisecond per request, leaving the two cores to the server it measures.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LoadResult:
    """Latencies in milliseconds and the answers that were not 200."""

    latencies_ms: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1


def open_loop(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str],
    *,
    rate: float,
    seconds: float,
    connections: int = 64,
) -> LoadResult:
    """GET ``paths`` round-robin at ``rate`` requests a second for ``seconds``."""
    return asyncio.run(_run(host, port, paths, headers, rate, seconds, connections))


async def _run(*plan: Any) -> LoadResult:
    host, port, paths, headers, rate, seconds, connections = plan
    result = LoadResult()
    due: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    requests = [
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode() for path in paths
    ]
    workers = [
        asyncio.create_task(_connection(host, port, due, result)) for _ in range(connections)
    ]
    start = time.perf_counter() + 0.2
    for i in range(int(rate * seconds)):
        at = start + i / rate
        pause = at - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        due.put_nowait((at, requests[i % len(requests)]))
    for _ in workers:
        due.put_nowait(None)
    await asyncio.gather(*workers)
    return result


async def _connection(
    host: str,
    port: int,
    due: asyncio.Queue[tuple[float, bytes] | None],
    result: LoadResult,
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while (job := await due.get()) is not None:
        at, request = job
        for attempt in (1, 2):  # the server may have closed an idle keep-alive connection
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                writer.write(request)
                status = await asyncio.wait_for(_response_status(reader), timeout=30)
                break
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                if writer is not None:
                    writer.close()
                reader = writer = None
                if attempt == 2:
                    status = type(exc).__name__
        result.latencies_ms.append((time.perf_counter() - at) * 1000)
        if status != "200":
            result.fail(status)
    if writer is not None:
        writer.close()


async def _response_status(reader: asyncio.StreamReader) -> str:
    """Read one response whole; its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return lines[0].split(" ", 2)[1]
