"""The durable local bus on real PostgreSQL: at-least-once, ack deadline, retries, DLQ."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from shared.adapters.pg_bus import (
    Delivery,
    PostgresBus,
    Subscription,
    is_gone_from_this_host,
    process_identity,
)
from shared.bootstrap import Services
from shared.db.engine import another_statement_pool
from shared.local.bus_workers import BusWorkers
from tests.conftest import REPO_ROOT

TOPIC = "work"
DLQ = "work-dlq"


@pytest.fixture(params=["autocommit statements", "transactions only"])
def bus(
    request: pytest.FixtureRequest, engine: sa.Engine, services: Services, clean_bus: None
) -> Iterator[PostgresBus]:
    """The bus as bootstrap builds it (claims and acks on an autocommit pool), and without
    that pool (every statement in a transaction of the main engine)."""
    assert services.read_engine is not None
    auto = request.param.startswith("auto")
    statements = another_statement_pool(services.read_engine) if auto else None
    built = PostgresBus(
        engine,
        [
            Subscription("worker", TOPIC, dead_letter_topic=DLQ, ack_deadline_s=0.3,
                         max_delivery_attempts=3, min_backoff_s=0.0, max_backoff_s=0.0),
            Subscription("dlq-reader", DLQ, ack_deadline_s=5),
        ],
        statements=statements,
    )  # fmt: skip
    yield built
    built.close()


def _claim_one(bus: PostgresBus, subscription: str = "worker") -> Delivery:
    deliveries = bus.claim(subscription, 10)
    assert len(deliveries) == 1, deliveries
    return deliveries[0]


def test_a_message_comes_back_byte_for_byte_with_its_attributes(bus: PostgresBus) -> None:
    """Publish builds its array literals itself: awkward bytes and attribute text survive."""
    data = bytes(range(256)) + b'\\x{"},'
    attributes = {
        "quote": 'say "hi"',
        "slash": "a\\b\\\\c",
        "set": "{a,b}",
        "NULL": "NULL",
        "empty": "",
        "space": " x ",
        "unicode": "Bj\u00f6rk \u266b",
        "json": '{"k": [1]}',
    }
    before = datetime.now(UTC)

    bus.publish_many(TOPIC, [(data, attributes), (b"", {})])
    first, second = sorted(bus.claim("worker", 10), key=lambda d: len(d.data), reverse=True)

    assert (first.data, first.attributes) == (data, attributes)
    assert (second.data, second.attributes) == (b"", {})
    assert (first.topic, first.subscription, first.delivery_attempt) == (TOPIC, "worker", 1)
    assert abs(first.published_at - before) < timedelta(seconds=5)


def test_an_acked_message_is_never_delivered_again(bus: PostgresBus) -> None:
    bus.publish(TOPIC, b"hello", {"partner_id": "p1"})

    delivery = _claim_one(bus)
    assert bus.ack([delivery]) == 1
    time.sleep(0.4)  # past the ack deadline

    assert delivery.data == b"hello"
    assert delivery.attributes == {"partner_id": "p1"}
    assert bus.claim("worker", 10) == []


def test_a_message_leased_by_a_worker_that_died_comes_back_after_the_deadline(
    bus: PostgresBus,
) -> None:
    bus.publish(TOPIC, b"job", {})
    first = _claim_one(bus)  # the worker "crashes": no ack, no nack

    assert bus.claim("worker", 10) == []  # hidden while leased
    time.sleep(0.4)
    second = _claim_one(bus)

    assert second.message_id == first.message_id
    assert second.delivery_attempt == 2


def test_a_stale_ack_from_an_expired_lease_is_ignored(bus: PostgresBus) -> None:
    bus.publish(TOPIC, b"job", {})
    first = _claim_one(bus)
    time.sleep(0.4)
    second = _claim_one(bus)

    assert bus.ack([first]) == 0  # its lease is gone: the message stays for the new holder
    assert bus.ack([second]) == 1


def test_the_third_failure_goes_to_the_dead_letter_topic_with_its_reason(bus: PostgresBus) -> None:
    bus.publish(TOPIC, b"poison", {"partner_id": "p1"})

    for attempt in (1, 2, 3):
        delivery = _claim_one(bus)
        assert delivery.delivery_attempt == attempt
        dead = bus.nack(delivery, f"ValueError: bad input #{attempt}")
    letter = _claim_one(bus, "dlq-reader")

    assert dead is True
    assert bus.claim("worker", 10) == []
    assert letter.data == b"poison"
    assert letter.attributes["catalog_failure_reason"] == "ValueError: bad input #3"
    assert letter.attributes["CloudPubSubDeadLetterSourceDeliveryCount"] == "3"
    assert letter.attributes["catalog_source_topic"] == TOPIC
    assert letter.attributes["partner_id"] == "p1"


def test_a_handler_that_keeps_crashing_is_dead_lettered_too(bus: PostgresBus) -> None:
    bus.publish(TOPIC, b"crash", {})
    for _ in range(3):
        _claim_one(bus)  # leased, then the process dies every time
        time.sleep(0.35)

    assert bus.claim("worker", 10) == []
    letter = _claim_one(bus, "dlq-reader")
    assert "no ack after 3 deliveries" in letter.attributes["catalog_failure_reason"]


def test_publishing_to_a_topic_nobody_reads_is_refused(bus: PostgresBus) -> None:
    with pytest.raises(Exception, match="has no subscription"):
        bus.publish("nowhere", b"x", {})


def _run_workers(bus: PostgresBus, handler: Callable[[Delivery], None]) -> BusWorkers:
    workers = BusWorkers(bus, {"worker": handler}, concurrency=2, poll_interval_s=0.01)
    workers.start()
    return workers


def _in_flight(bus: PostgresBus) -> bool:
    """Messages ready, waiting for their retry or leased, from one snapshot: three separate
    reads could each miss a message moving between those states (retrying turns ready)."""
    depth = bus.depth()["worker"]
    return bool(depth["ready"] or depth["retrying"] or depth["leased"])


def test_workers_deliver_retry_and_dead_letter(bus: PostgresBus) -> None:
    seen: list[tuple[bytes, int]] = []
    done = threading.Event()

    def handler(delivery: Delivery) -> None:
        seen.append((delivery.data, delivery.delivery_attempt))
        if delivery.data == b"flaky" and delivery.delivery_attempt == 1:
            raise ConnectionError("storage unavailable")
        if delivery.data == b"poison":
            raise ValueError("cannot parse")
        if len(seen) >= 5:
            done.set()

    workers = _run_workers(bus, handler)
    try:
        bus.publish_many(TOPIC, [(b"ok", {}), (b"flaky", {}), (b"poison", {})])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _in_flight(bus):
            time.sleep(0.05)
    finally:
        workers.stop()

    assert (b"ok", 1) in seen
    assert (b"flaky", 2) in seen  # retried once, then succeeded
    assert [attempt for data, attempt in seen if data == b"poison"] == [1, 2, 3]
    letter = _claim_one(bus, "dlq-reader")
    assert letter.attributes["catalog_failure_reason"] == "ValueError: cannot parse"


def test_an_idle_bus_delivers_within_a_poll_interval(bus: PostgresBus) -> None:
    arrived = threading.Event()
    workers = _run_workers(bus, lambda delivery: arrived.set())
    try:
        time.sleep(0.1)
        started = time.perf_counter()
        bus.publish(TOPIC, b"now", {})
        assert arrived.wait(2)
        latency_s = time.perf_counter() - started
    finally:
        workers.stop()

    assert latency_s < 0.5


def test_stopping_idle_workers_does_not_wait_for_the_listeners_safety_poll(
    bus: PostgresBus,
) -> None:
    workers = _run_workers(bus, lambda delivery: None)
    time.sleep(0.3)  # the listener is in its 1 s wait for a notification

    started = time.perf_counter()
    workers.stop()
    stopped_s = time.perf_counter() - started

    assert not workers.is_alive()
    assert stopped_s < 0.5


def _patient_bus(engine: sa.Engine) -> PostgresBus:
    """A bus whose leases outlast the test (the fixture's 0.3 s would redeliver meanwhile)."""
    return PostgresBus(engine, [Subscription("worker", TOPIC, ack_deadline_s=60)])


def _stored(engine: sa.Engine) -> dict[bytes, bool]:
    """Each message still stored, and whether it is leased."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT data, lease_token IS NOT NULL FROM bus_messages"))
        return {bytes(data): leased for data, leased in rows}


def test_a_slow_handlers_message_is_acked_before_the_next_one_of_its_batch_ends(
    engine: sa.Engine, clean_bus: None
) -> None:
    """A batch's handled messages are acked together at its end, unless a handler was slow:
    then at once, so a crash later in the batch does not hand finished work out again."""
    bus = _patient_bus(engine)
    entered, release = threading.Event(), threading.Event()

    def handler(delivery: Delivery) -> None:
        if delivery.data == b"slow":
            time.sleep(0.05)
        else:
            entered.set()
            release.wait(10)

    workers = BusWorkers(bus, {"worker": handler}, concurrency=1, poll_interval_s=0.05,
                         prefetch=4)  # fmt: skip
    workers.start()
    try:
        bus.publish_many(TOPIC, [(b"slow", {}), (b"blocked", {})])
        assert entered.wait(10)
        while_blocked = _stored(engine)
    finally:
        release.set()
        workers.stop()

    assert while_blocked == {b"blocked": True}  # "slow" acked, its batch-mate still running
    assert _stored(engine) == {}


def test_a_stop_acks_what_was_handled_and_leaves_the_rest_of_the_batch_leased(
    engine: sa.Engine, clean_bus: None
) -> None:
    bus = _patient_bus(engine)
    seen: list[bytes] = []
    entered, go = threading.Event(), threading.Event()

    def handler(delivery: Delivery) -> None:
        seen.append(delivery.data)
        entered.set()
        go.wait(10)

    workers = BusWorkers(bus, {"worker": handler}, concurrency=1, poll_interval_s=0.05,
                         prefetch=4)  # fmt: skip
    workers.start()
    bus.publish_many(TOPIC, [(b"first", {}), (b"second", {}), (b"third", {})])
    assert entered.wait(10)
    stopper = threading.Thread(target=workers.stop)
    stopper.start()
    time.sleep(0.2)  # the stop is under way while the first handler still runs
    go.set()
    stopper.join(30)

    assert seen == [b"first"]
    assert _stored(engine) == {b"second": True, b"third": True}  # leased until the deadline


def test_a_publish_by_another_process_wakes_idle_workers_at_once_through_notify(
    engine: sa.Engine, database_url: str, clean_bus: None
) -> None:
    """Another process's publish cannot set this process's event: PostgreSQL NOTIFY must wake
    the workers, long before their 5 s safety poll."""
    subscriptions = [Subscription("worker", TOPIC, ack_deadline_s=5)]
    consumer = PostgresBus(engine, subscriptions)
    arrived = threading.Event()
    workers = BusWorkers(consumer, {"worker": lambda d: arrived.set()}, concurrency=1,
                         poll_interval_s=5.0)  # fmt: skip
    workers.start()
    producer = subprocess.Popen(
        [sys.executable, "-c", _PUBLISH_FROM_ANOTHER_PROCESS, database_url],
        cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert producer.stdout is not None
        assert producer.stdout.readline() == "ready\n"  # imports take seconds on a busy machine
        time.sleep(1.5)  # both sides settled: the consumer's first poll is long done
        assert producer.stdin is not None
        producer.stdin.write("go\n")
        producer.stdin.flush()
        started = time.perf_counter()
        assert arrived.wait(4), "not delivered before the 5 s safety poll"
        latency_s = time.perf_counter() - started
    finally:
        producer.communicate(timeout=30)
        workers.stop()

    assert latency_s < 1.0


_PUBLISH_FROM_ANOTHER_PROCESS = """
import sys
import sqlalchemy as sa
from shared.adapters.pg_bus import PostgresBus, Subscription
from shared.db.engine import PgTarget
target = PgTarget.from_url(sys.argv[1])
engine = sa.create_engine("postgresql+pg8000://", creator=lambda: target.connect(
    timeout_s=10, statement_timeout_s=60))
bus = PostgresBus(engine, [Subscription("worker", "work")])
print("ready", flush=True)
sys.stdin.readline()
bus.publish("work", b"from afar", {})
"""


_CONSUME_IN_ANOTHER_PROCESS = """
import json, sys, threading
import sqlalchemy as sa
from shared.adapters.pg_bus import PostgresBus, Subscription
from shared.db.engine import PgTarget
from shared.local.bus_workers import BusWorkers
target = PgTarget.from_url(sys.argv[1])
engine = sa.create_engine("postgresql+pg8000://", pool_size=6, creator=lambda: target.connect(
    timeout_s=10, statement_timeout_s=60))
bus = PostgresBus(engine, [Subscription("worker", "work", ack_deadline_s=60)])
handled, lock = [], threading.Lock()
def handler(delivery):
    with lock:
        handled.append(delivery.data.decode())
workers = BusWorkers(bus, {"worker": handler}, concurrency=2, poll_interval_s=0.05, prefetch=8)
workers.start()
print("ready", flush=True)
sys.stdin.readline()
workers.stop()
print(json.dumps(handled), flush=True)
"""


def test_two_processes_of_workers_share_a_burst_each_message_handled_once(
    engine: sa.Engine, database_url: str, clean_bus: None
) -> None:
    """Each handler thread of each process claims its own batches: under that contention
    (SKIP LOCKED) every message is handled exactly once and acked."""
    consumers = [
        subprocess.Popen(
            [sys.executable, "-c", _CONSUME_IN_ANOTHER_PROCESS, database_url],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    try:
        for consumer in consumers:
            assert consumer.stdout is not None
            assert consumer.stdout.readline() == "ready\n"
        publisher = _patient_bus(engine)
        sent = [f"m{n}" for n in range(1_000)]
        for start in range(0, len(sent), 100):
            publisher.publish_many(TOPIC, [(m.encode(), {}) for m in sent[start : start + 100]])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _stored(engine):
            time.sleep(0.1)
        left = _stored(engine)
    finally:
        outputs = [consumer.communicate("stop\n", timeout=60)[0] for consumer in consumers]

    handled = [json.loads(output.splitlines()[-1]) for output in outputs]
    assert left == {}  # every message acked
    assert sorted(handled[0] + handled[1]) == sorted(sent)  # each once, none twice


def test_dead_letters_reach_the_dlq_function_through_the_local_route(
    installed_services: Services, clean_bus: None
) -> None:
    """The real route: a message on analysis-dlq is recorded by functions.dlq.on_dead_letter."""
    from shared.local.triggers import handler_for
    from shared.topics import ANALYSIS_DLQ, ROUTES

    bus = installed_services.bus
    assert bus is not None
    route = next(r for r in ROUTES if r.topic == ANALYSIS_DLQ)
    bus.publish(ANALYSIS_DLQ, b'{"asset_id": "a1"}', {
        "catalog_failure_reason": "TimeoutError: model server did not answer",
        "catalog_source_topic": "analysis-high",
        "CloudPubSubDeadLetterSourceDeliveryCount": "3",
    })  # fmt: skip
    delivery = bus.claim(route.subscription, 1)[0]

    handler_for(route, project="test")(delivery)
    handler_for(route, project="test")(delivery)  # delivered twice: recorded once

    letters = installed_services.dead_letters.open_letters()
    assert len(letters) == 1
    assert letters[0]["reason"] == "TimeoutError: model server did not answer"
    assert letters[0]["topic"] == "analysis-high"
    assert letters[0]["delivery_attempts"] == 3


def test_leases_of_a_process_that_is_gone_are_released_at_once_and_still_counted(
    engine: sa.Engine, clean_bus: None
) -> None:
    subscriptions = [Subscription("worker", TOPIC, dead_letter_topic=DLQ, ack_deadline_s=600)]
    dead_pid = _pid_of_a_finished_process()
    gone = PostgresBus(engine, subscriptions, holder=f"{socket.gethostname()}/{dead_pid}/1.00")
    alive = PostgresBus(engine, subscriptions)  # this process: its leases are kept
    gone.publish(TOPIC, b"held by the dead", {})
    first = _claim_one(gone)
    alive.publish(TOPIC, b"held by the living", {})
    _claim_one(alive)

    released = alive.release_abandoned_leases(is_gone_from_this_host)
    again = _claim_one(alive)

    assert released == 1
    assert (again.data, again.message_id) == (b"held by the dead", first.message_id)
    assert again.delivery_attempt == 2  # the crash counted as a failed attempt


def test_holders_on_other_hosts_are_never_judged_from_here() -> None:
    assert not is_gone_from_this_host("some-other-host/1/1.00")
    assert not is_gone_from_this_host(process_identity())
    assert is_gone_from_this_host(f"{socket.gethostname()}/{_pid_of_a_finished_process()}/1.00")


def _pid_of_a_finished_process() -> int:
    probe = subprocess.Popen(["true"])
    probe.wait()
    return probe.pid
