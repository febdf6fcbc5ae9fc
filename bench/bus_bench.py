"""Bus benchmark: enqueue+deliver+ack throughput, and publish-to-handler latency when idle.

    python -m bench.bus_bench [--messages 20000]

Targets (issue 2): >= 2,000 messages/s on 2 cores; idle p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import sqlalchemy as sa

from bench.common import percentile, throwaway_database
from shared.adapters.pg_bus import Delivery, PostgresBus, Subscription
from shared.local.bus_workers import BusWorkers

TOPIC = "bench"


def _bus(engine: sa.Engine) -> PostgresBus:
    return PostgresBus(engine, [Subscription("bench-sub", TOPIC, ack_deadline_s=60)])


def measure_throughput(engine: sa.Engine, messages: int, batch: int = 500) -> dict[str, float]:
    """Publish ``messages`` in batches, then time until workers have handled and acked them all."""
    bus = _bus(engine)
    handled = threading.Semaphore(0)
    workers = BusWorkers(bus, {"bench-sub": lambda d: handled.release()},
                         concurrency=4, poll_interval_s=0.02)  # fmt: skip
    payload = [(b'{"asset_id": "00000000-0000-0000-0000-000000000000"}', {"partner_id": "p"})]
    started = time.perf_counter()
    for _ in range(messages // batch):
        bus.publish_many(TOPIC, payload * batch)
    enqueued = time.perf_counter()
    workers.start()
    for _ in range(messages):
        handled.acquire()
    workers.stop()
    finished = time.perf_counter()
    with engine.connect() as conn:
        left = conn.execute(sa.text("SELECT count(*) FROM bus_messages")).scalar()
    return {
        "messages": messages,
        "enqueue_per_s": messages / (enqueued - started),
        "deliver_ack_per_s": messages / (finished - enqueued),
        "end_to_end_per_s": messages / (finished - started),
        "left_unacked": float(left or 0),
    }


def measure_idle_latency(
    engine: sa.Engine, samples: int, *, same_process: bool
) -> dict[str, float]:
    """Publish one message at a time into an idle bus; time publish -> handler start."""
    consumer = _bus(engine)
    # another process's publish cannot wake our workers: a separate bus object shows that case
    producer = consumer if same_process else _bus(engine)
    arrived: dict[str, float] = {}
    event = threading.Event()

    def handler(delivery: Delivery) -> None:
        arrived[delivery.attributes["n"]] = time.perf_counter()
        event.set()

    workers = BusWorkers(consumer, {"bench-sub": handler}, concurrency=2, poll_interval_s=0.02)
    workers.start()
    latencies = []
    for n in range(samples):
        time.sleep(0.05)  # idle between messages
        event.clear()
        sent = time.perf_counter()
        producer.publish(TOPIC, b"{}", {"n": str(n)})
        event.wait(5)
        latencies.append((arrived[str(n)] - sent) * 1000)
    workers.stop()
    return {
        "samples": samples,
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with throwaway_database("bench_bus") as (_, engine):
        results = {
            "throughput": measure_throughput(engine, args.messages),
            "idle_latency_same_process": measure_idle_latency(
                engine, args.samples, same_process=True
            ),
            "idle_latency_other_process": measure_idle_latency(
                engine, args.samples, same_process=False
            ),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
