"""Bus benchmark: enqueue + deliver + ack throughput beside pgbench running the bus's own SQL,
and publish-to-handler latency when idle, in the same process and from another process.

    python -m bench.bus_bench [--messages 20000] [--samples 200]

Targets (issue 19): end to end at least half of the pgbench floor for the same statements;
idle p95 under 5 ms across processes (LISTEN/NOTIFY), as in the same process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from bench.common import engine_for, percentile, statement_engine_for, throwaway_database
from shared.adapters.pg_bus import Delivery, PostgresBus, Subscription
from shared.local.bus_workers import BusWorkers

TOPIC = "bench"
BATCH = 500
CONCURRENCY, PREFETCH = 4, 16
PAYLOAD = b'{"asset_id": "00000000-0000-0000-0000-000000000000"}'

# pgbench scripts: the bus's own statements (shared/adapters/pg_bus.py), one round trip each; the
# claim sends the client what the bus's claim sends (the messages as one JSON text), not only the
# ids and lease tokens the ack needs. Each of the CONCURRENCY clients claims up to the prefetch
# and acks what it claimed, as each of the bus's handler threads does
# (shared/local/bus_workers.py)
_PUBLISH_SQL = f"""
BEGIN;
INSERT INTO bus_messages (message_id, topic, subscription, data, attributes)
  SELECT gen_random_uuid(), '{TOPIC}', 'bench-sub', convert_to('{PAYLOAD.decode()}', 'UTF8'),
         CAST('{{"partner_id": "p"}}' AS jsonb) FROM generate_series(1, {BATCH});
SELECT pg_notify('catalog_bus', '');
COMMIT;
"""
_CLAIM_ACK_SQL = """
WITH claimed AS (
  UPDATE bus_messages AS b SET delivery_attempt = b.delivery_attempt + 1,
         available_at = clock_timestamp() + make_interval(secs => 60),
         lease_token = gen_random_uuid(), lease_holder = 'pgbench'
  WHERE b.id = ANY(ARRAY(SELECT id FROM bus_messages WHERE subscription = 'bench-sub'
                         AND available_at <= statement_timestamp() ORDER BY available_at, id
                         LIMIT {limit} FOR UPDATE SKIP LOCKED))
  RETURNING b.id, b.message_id, b.topic, b.data, b.attributes, b.published_at,
            b.delivery_attempt, b.lease_token)
SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(lease_token), '{}') AS tokens,
       CAST(json_agg(json_build_array(id, message_id, topic, encode(data, 'hex'), attributes,
            CAST(extract(epoch FROM published_at) * 1000000 AS bigint), delivery_attempt))
            AS text) AS messages
  FROM claimed \\gset
DELETE FROM bus_messages AS b USING unnest(CAST(:ids AS bigint[]), CAST(:tokens AS uuid[]))
  AS acked(id, token) WHERE b.id = acked.id AND b.lease_token = acked.token
  AND b.id = ANY(CAST(:ids AS bigint[]));
"""


def _bus(url: str) -> PostgresBus:
    """The bus as bootstrap builds it: claims and acks on an autocommit pool of their own."""
    return PostgresBus(
        engine_for(url),
        [Subscription("bench-sub", TOPIC, ack_deadline_s=60)],
        statements=statement_engine_for(url),
    )


def measure_throughput(
    engine: sa.Engine, url: str, messages: int, prefetch: int = PREFETCH
) -> dict[str, float]:
    """Publish ``messages`` in batches, then time until workers have handled and acked them all."""
    bus = _bus(url)
    handled = threading.Semaphore(0)
    workers = BusWorkers(bus, {"bench-sub": lambda d: handled.release()},
                         concurrency=CONCURRENCY, poll_interval_s=1.0,
                         prefetch=prefetch)  # fmt: skip
    payload = [(PAYLOAD, {"partner_id": "p"})]
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(messages // BATCH):
        bus.publish_many(TOPIC, payload * BATCH)
    enqueued, cpu_enqueued = time.perf_counter(), time.process_time()
    workers.start()
    for _ in range(messages):
        handled.acquire()
    workers.stop()  # its acks flushed: every message acked
    finished, cpu_finished = time.perf_counter(), time.process_time()
    with engine.connect() as conn:
        left = conn.execute(sa.text("SELECT count(*) FROM bus_messages")).scalar()
    return {
        "messages": messages,
        "enqueue_per_s": messages / (enqueued - started),
        "deliver_ack_per_s": messages / (finished - enqueued),
        "end_to_end_per_s": messages / (finished - started),
        "left_unacked": float(left or 0),
        # this process's CPU (every thread): moves less with the machine's load than wall time
        "enqueue_python_cpu_us_per_message": (cpu_enqueued - cpu_started) / messages * 1e6,
        "deliver_ack_python_cpu_us_per_message": (cpu_finished - cpu_enqueued) / messages * 1e6,
    }


def measure_pgbench_floor(url: str, messages: int, prefetch: int = PREFETCH) -> dict[str, float]:
    """The same statements driven by pgbench (C, no application in between): the floor."""
    with tempfile.TemporaryDirectory() as folder:
        publish, claim = Path(folder, "publish.sql"), Path(folder, "claim_ack.sql")
        publish.write_text(_PUBLISH_SQL)
        claim.write_text(_CLAIM_ACK_SQL.replace("{limit}", str(prefetch)))
        batches = messages // BATCH
        publish_s = _pgbench(url, publish, clients=1, transactions=batches)
        per_client = -(-messages // (prefetch * CONCURRENCY))
        claim_s = _pgbench(url, claim, clients=CONCURRENCY, transactions=per_client)
    return {
        "enqueue_per_s": messages / publish_s,
        "deliver_ack_per_s": messages / claim_s,
        "end_to_end_per_s": messages / (publish_s + claim_s),
    }


def _pgbench(url: str, script: Path, *, clients: int, transactions: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["pgbench", "-n", "-M", "extended", "-c", str(clients), "-j", str(clients),
         "-t", str(transactions), "-f", str(script), url],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return time.perf_counter() - started


_PRODUCER = """
import sys, time
from bench.bus_bench import _bus, TOPIC
bus = _bus(sys.argv[1])
for line in sys.stdin:
    sent = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process on the machine
    bus.publish(TOPIC, b"{}", {"n": line.strip()})
    print(sent, flush=True)
"""


def measure_idle_latency(
    engine: sa.Engine, url: str, samples: int, *, same_process: bool
) -> dict[str, float]:
    """Publish one message at a time into an idle bus; time publish -> handler start."""
    consumer = _bus(url)
    arrived: dict[str, float] = {}
    event = threading.Event()

    def handler(delivery: Delivery) -> None:
        arrived[delivery.attributes["n"]] = time.monotonic()
        event.set()

    workers = BusWorkers(consumer, {"bench-sub": handler}, concurrency=2, poll_interval_s=1.0)
    workers.start()
    producer = None if same_process else _start_producer(url)
    latencies = []
    try:
        time.sleep(0.5)  # the listener is up
        for n in range(samples):
            time.sleep(0.05)  # idle between messages
            event.clear()
            sent = _publish(consumer, producer, str(n))
            event.wait(5)
            latencies.append((arrived[str(n)] - sent) * 1000)
    finally:
        workers.stop()
        if producer is not None:
            producer.communicate(timeout=30)
    return {
        "samples": samples,
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
    }


def _start_producer(url: str) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[1]
    return subprocess.Popen(
        [sys.executable, "-c", _PRODUCER, url], cwd=root, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip


def _publish(bus: PostgresBus, producer: subprocess.Popen[str] | None, n: str) -> float:
    if producer is None:
        sent = time.monotonic()
        bus.publish(TOPIC, b"{}", {"n": n})
        return sent
    assert producer.stdin is not None
    assert producer.stdout is not None
    producer.stdin.write(n + "\n")
    producer.stdin.flush()
    return float(producer.stdout.readline())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--prefetch", type=int, default=PREFETCH,
        help="messages each handler thread (and each pgbench client) claims at once",
    )  # fmt: skip
    args = parser.parse_args()
    with throwaway_database("bench_bus") as (url, engine):
        ours = measure_throughput(engine, url, args.messages, args.prefetch)
        floor = measure_pgbench_floor(url, args.messages, args.prefetch)
        results = {
            "prefetch": args.prefetch,
            "throughput": ours,
            "pgbench_floor": floor,
            "end_to_end_share_of_floor": ours["end_to_end_per_s"] / floor["end_to_end_per_s"],
            "idle_latency_same_process": measure_idle_latency(
                engine, url, args.samples, same_process=True
            ),
            "idle_latency_other_process": measure_idle_latency(
                engine, url, args.samples, same_process=False
            ),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
