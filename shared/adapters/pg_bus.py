"""The durable local bus: Pub/Sub's contract on a PostgreSQL table.

- At-least-once: a message is deleted only by an ack carrying its current lease token.
- Ack deadline: claiming a message hides it for the subscription's deadline; a worker that dies
  before acking leaves it to reappear when the deadline passes.
- Retries with exponential backoff; the delivery attempt is counted when the message is claimed,
  committed before the handler runs, so a crash counts as a failure too.
- After ``max_delivery_attempts`` failures the message moves, with its reason, to the
  subscription's dead-letter topic in the same transaction: nothing is lost, nothing doubled.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psutil
import sqlalchemy as sa

from shared.db.prepared import PreparedStatements
from shared.domain.dead_letters import (
    DELIVERY_COUNT_ATTRIBUTE,
    FAILURE_REASON_ATTRIBUTE,
    SOURCE_PUBLISH_TIME_ATTRIBUTE,
    SOURCE_SUBSCRIPTION_ATTRIBUTE,
    SOURCE_TOPIC_ATTRIBUTE,
)
from shared.errors import CatalogError, InvalidField

logger = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A local subscription: Terraform declares the same ones for Pub/Sub."""

    name: str
    topic: str
    dead_letter_topic: str | None = None
    ack_deadline_s: float = 600.0
    max_delivery_attempts: int = 3
    min_backoff_s: float = 1.0
    max_backoff_s: float = 60.0

    def backoff_s(self, attempt: int) -> float:
        """Exponential backoff after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.max_backoff_s, self.min_backoff_s * 2 ** max(0, attempt - 1)))


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message handed to one subscription's handler."""

    row_id: int
    message_id: str
    topic: str
    subscription: str
    data: bytes
    attributes: dict[str, str]
    published_at: datetime
    delivery_attempt: int
    lease_token: uuid.UUID


# statement_timestamp(), not clock_timestamp(): a stable value bounds the index scan of
# (subscription, available_at, id), so a claim reads its LIMIT rows in order instead of sorting
# every waiting message of the subscription; "id = ANY(ARRAY(...))" then updates them through the
# primary key (a join with the selection planned a scan of the whole table). The claimed messages
# come back as one JSON text, parsed by the json module's C code: pg8000 reads each row and
# column in pure Python (a UUID object for a uuid, a Decimal for a numeric, strptime for a
# timestamp), which was most of a claim's Python time
_CLAIM = """
    WITH claimed AS (
        UPDATE bus_messages AS b
        SET delivery_attempt = b.delivery_attempt + 1,
            available_at = clock_timestamp() + make_interval(secs => :deadline_s),
            lease_token = :token,
            lease_holder = :holder
        WHERE b.id = ANY(ARRAY(
            SELECT id FROM bus_messages
            WHERE subscription = :subscription AND available_at <= statement_timestamp()
            ORDER BY available_at, id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
        ))
        RETURNING b.id, b.message_id, b.topic, b.data, b.attributes, b.published_at,
                  b.delivery_attempt
    )
    SELECT CAST(json_agg(json_build_array(
        id, message_id, topic, encode(data, 'hex'), attributes,
        CAST(extract(epoch FROM published_at) * 1000000 AS bigint), delivery_attempt
    )) AS text) FROM claimed
    """
# the planner picks that index scan only when it knows how many messages wait: a burst of
# publishes into an empty table would otherwise be sorted at every claim until autovacuum came
ANALYZE_EVERY = 5_000

# one statement: the acked messages whose lease is still theirs go ("id = ANY" lets the planner
# use the primary key instead of scanning the table)
_ACK = """
    WITH deleted AS (
        DELETE FROM bus_messages AS b
        USING unnest(CAST(:ids AS bigint[]), CAST(:tokens AS uuid[])) AS acked(id, token)
        WHERE b.id = acked.id AND b.lease_token = acked.token
          AND b.id = ANY(CAST(:ids AS bigint[]))
        RETURNING 1
    )
    SELECT count(*) FROM deleted
"""

CHANNEL = "catalog_bus"  # PostgreSQL NOTIFY channel: "a message was published"
_NOTIFY = sa.text(f"SELECT pg_notify('{CHANNEL}', '')")
# one statement for the whole batch: unnest the columns instead of a round trip per row
_INSERT = (
    "INSERT INTO bus_messages (message_id, topic, subscription, data, attributes) "
    "SELECT m, :topic, s, d, CAST(a AS jsonb) FROM unnest("
    "CAST(:ids AS uuid[]), CAST(:subs AS text[]), CAST(:datas AS bytea[]), "
    "CAST(:attrs AS text[])) AS t(m, s, d, a)"
)
# the insert and the notification in one autocommit statement: one round trip
_PUBLISH = (
    f"WITH inserted AS ({_INSERT} RETURNING 1) "
    f"SELECT pg_notify('{CHANNEL}', '') FROM (SELECT count(*) FROM inserted) AS done"
)

_READY_SUBSCRIPTIONS = """
    SELECT s FROM unnest(CAST(:subscriptions AS text[])) AS s
    WHERE EXISTS (SELECT 1 FROM bus_messages
                  WHERE subscription = s AND available_at <= statement_timestamp())
    """


_NEXT_AVAILABLE = """
    SELECT extract(epoch FROM min(available_at) - clock_timestamp()) FROM bus_messages
    WHERE subscription = ANY(CAST(:subscriptions AS text[]))
      AND available_at > statement_timestamp()
    """


class PostgresBus:
    """Publisher port plus the consumer side the local workers use."""

    def __init__(
        self,
        engine: sa.Engine,
        subscriptions: Iterable[Subscription],
        *,
        holder: str | None = None,
        statements: sa.Engine | None = None,
    ) -> None:
        self._engine = engine
        # autocommit pool for publishes, claims, acks and idle checks: each is one prepared
        # statement, so one round trip (the main pool adds a ping, BEGIN and COMMIT to each, and
        # pg8000 three round trips to an unprepared statement)
        self._statements = None if statements is None else PreparedStatements(statements)
        self.holder = holder or process_identity()  # recorded with every lease this bus takes
        self._subscriptions = {s.name: s for s in subscriptions}
        self._by_topic: dict[str, list[Subscription]] = {}
        for subscription in self._subscriptions.values():
            self._by_topic.setdefault(subscription.topic, []).append(subscription)
        self.published = threading.Event()  # wakes local workers at once on in-process publish
        self._since_analyze = 0  # messages this process published since its last ANALYZE
        self._analyze_lock = threading.Lock()
        self._wakers: set[socket.socket] = set()  # one per running listen(): wake_listeners

    @property
    def subscriptions(self) -> Mapping[str, Subscription]:
        """Every subscription by name."""
        return self._subscriptions

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> str:
        """Store the message once per subscription of ``topic``; return its message id."""
        return self.publish_many(topic, [(data, attributes)])[0]

    def publish_many(
        self, topic: str, messages: Sequence[tuple[bytes, Mapping[str, str]]]
    ) -> list[str]:
        """Publish several messages in one transaction; its commit wakes every listener."""
        ids, rows = self._rows(topic, messages)
        if self._statements is not None:  # one statement: it commits, and NOTIFY goes, at once
            self._statements.run(_PUBLISH, **rows)
        else:
            with self._engine.begin() as conn:
                conn.execute(sa.text(_INSERT), rows)
                conn.execute(_NOTIFY)  # delivered at commit, to every process LISTENing
        self.published.set()
        self._analyze_now_and_then(len(ids))
        return ids

    def _analyze_now_and_then(self, published: int) -> None:
        with self._analyze_lock:
            self._since_analyze += published
            if self._since_analyze < ANALYZE_EVERY:
                return
            self._since_analyze = 0
        self._run("ANALYZE bus_messages")

    def listen(self, stopping: threading.Event, *, safety_poll_s: float = 1.0) -> None:
        """Set ``published`` whenever any process publishes (PostgreSQL LISTEN/NOTIFY), until
        ``stopping`` is set. Runs on its own connection, outside the pool; reconnects after a
        failure. ``safety_poll_s`` bounds the wait for a notification pg8000 has buffered;
        ``wake_listeners`` ends a wait at once, so a stop need not wait for it."""
        waker, woken = socket.socketpair()
        self._wakers.add(waker)
        try:
            while not stopping.is_set():
                try:
                    self._listen_on_one_connection(stopping, safety_poll_s, woken)
                except (
                    Exception
                ) as exc:  # isolation boundary: the listener must outlive any failure
                    logger.warning("bus listener: %s; reconnecting", exc)
                    self.published.set()  # poll once meanwhile
                    stopping.wait(1.0)
        finally:
            self._wakers.discard(waker)
            waker.close()
            woken.close()

    def wake_listeners(self) -> None:
        """End every listener's wait now, so it sees its ``stopping`` event."""
        for waker in list(self._wakers):
            with contextlib.suppress(OSError):
                waker.send(b"x")

    def _listen_on_one_connection(
        self, stopping: threading.Event, safety_poll_s: float, woken: socket.socket
    ) -> None:
        pooled = self._engine.raw_connection()
        pooled.detach()  # held for as long as we listen: not a pool slot
        conn: Any = pooled.dbapi_connection
        try:
            conn.autocommit = True
            cursor = conn.cursor()
            cursor.execute(f"LISTEN {CHANNEL}")
            raw_socket = conn._usock  # pg8000's socket: readable when the server sends
            while not stopping.is_set():
                readable = select.select([raw_socket, woken], [], [], safety_poll_s)[0]
                if woken in readable:  # wake_listeners: look at ``stopping`` again
                    woken.recv(64)
                    continue
                cursor.execute("SELECT 1")  # reads what arrived, notifications included
                cursor.fetchall()
                if conn.notifications or not readable:
                    conn.notifications.clear()
                    self.published.set()
        finally:
            pooled.close()

    def _insert(
        self,
        conn: sa.Connection,
        topic: str,
        messages: Sequence[tuple[bytes, Mapping[str, str]]],
    ) -> list[str]:
        ids, rows = self._rows(topic, messages)
        conn.execute(sa.text(_INSERT), rows)
        return ids

    def _rows(
        self, topic: str, messages: Sequence[tuple[bytes, Mapping[str, str]]]
    ) -> tuple[list[str], dict[str, Any]]:
        """New message ids, and ``_INSERT``'s parameters: one row per message and subscription."""
        subscriptions = self._by_topic.get(topic)
        if not subscriptions:
            raise CatalogError(f"topic {topic!r} has no subscription: the message would be lost")
        ids = [str(uuid.uuid4()) for _ in messages]
        attributes_json = [json.dumps(_check_attributes(a)) for _, a in messages]
        names = [subscription.name for subscription in subscriptions]
        # array literals built here, with C string methods: pg8000 escapes a list's items
        # character by character, which was most of a publish's Python time
        return ids, {
            "topic": topic,
            "ids": "{" + ",".join(i for i in ids for _ in names) + "}",
            "subs": _text_array([n for _ in ids for n in names]),
            "datas": "{" + ",".join(f"\\\\x{d.hex()}" for d, _ in messages for _ in names) + "}",
            "attrs": _text_array([a for a in attributes_json for _ in names]),
        }

    def close(self) -> None:
        """Release the statement pool (the main engine is its owner's)."""
        if self._statements is not None:
            self._statements.dispose()

    def _run(self, sql: str, **params: Any) -> Sequence[Sequence[Any]]:
        """One self-contained statement (named ``:parameters``): prepared on the autocommit
        pool, or in a transaction of the main engine when there is none."""
        if self._statements is not None:
            return self._statements.run(sql, **params)
        with self._engine.begin() as conn:
            result = conn.execute(sa.text(sql), params)
            return [list(row) for row in result] if result.returns_rows else []

    def ready_subscriptions(self, names: Sequence[str]) -> list[str]:
        """Which of ``names`` have a message ready now (one cheap query for idle polling)."""
        return [row[0] for row in self._run(_READY_SUBSCRIPTIONS, subscriptions=list(names))]

    def seconds_until_next(self, names: Sequence[str]) -> float | None:
        """Seconds until the next message of ``names`` becomes available (a retry after its
        backoff, a lease running out), or None when none waits."""
        found = self._run(_NEXT_AVAILABLE, subscriptions=list(names))[0][0]
        return None if found is None else max(0.0, float(found))

    def claim(self, subscription_name: str, limit: int) -> list[Delivery]:
        """Lease up to ``limit`` ready messages; exhausted ones go to the dead-letter topic.

        The lease is one statement (it commits on its own); a message whose attempts are spent
        is then dead-lettered in a transaction of its own, guarded by the new lease token."""
        subscription = self._subscriptions[subscription_name]
        token = uuid.uuid4()
        rows = self._run(
            _CLAIM,
            subscription=subscription_name,
            limit=limit,
            deadline_s=subscription.ack_deadline_s,
            token=str(token),
            holder=self.holder,
        )
        claimed = rows[0][0]  # NULL when nothing was ready
        deliveries = [
            _delivery(row, subscription_name, token) for row in json.loads(claimed or "[]")
        ]
        expired = [d for d in deliveries if d.delivery_attempt > subscription.max_delivery_attempts]
        for delivery in expired:  # its leases ran out without an ack: the handler kept dying
            reason = (
                f"no ack after {delivery.delivery_attempt - 1} deliveries "
                "(the handler crashed or overran the ack deadline)"
            )
            with self._engine.begin() as conn:
                self._dead_letter(
                    conn, subscription, delivery, reason, attempts=delivery.delivery_attempt - 1
                )
        return [d for d in deliveries if d not in expired]

    def ack(self, deliveries: Sequence[Delivery]) -> int:
        """Delete acknowledged messages in one statement; a stale lease (redelivered since) is
        ignored."""
        if not deliveries:
            return 0
        deleted = self._run(  # array literals: pg8000 escapes list items character by character
            _ACK,
            ids="{" + ",".join(str(d.row_id) for d in deliveries) + "}",
            tokens="{" + ",".join(str(d.lease_token) for d in deliveries) + "}",
        )
        return int(deleted[0][0])

    def nack(self, delivery: Delivery, reason: str) -> bool:
        """Record a failed attempt: retry after backoff or dead-letter it (then return True)."""
        subscription = self._subscriptions[delivery.subscription]
        with self._engine.begin() as conn:
            if delivery.delivery_attempt >= subscription.max_delivery_attempts:
                return self._dead_letter(
                    conn, subscription, delivery, reason, attempts=delivery.delivery_attempt
                )
            conn.execute(
                sa.text(
                    "UPDATE bus_messages SET lease_token = NULL, lease_holder = NULL, "
                    "last_error = :reason, "
                    "available_at = clock_timestamp() + make_interval(secs => :backoff) "
                    "WHERE id = :id AND lease_token = :token"
                ),
                {
                    "reason": reason[:2000],
                    "backoff": subscription.backoff_s(delivery.delivery_attempt),
                    "id": delivery.row_id,
                    "token": delivery.lease_token,
                },
            )
        return False

    def _dead_letter(
        self,
        conn: sa.Connection,
        subscription: Subscription,
        delivery: Delivery,
        reason: str,
        *,
        attempts: int,
    ) -> bool:
        removed = conn.execute(
            sa.text("DELETE FROM bus_messages WHERE id = :id AND lease_token = :token"),
            {"id": delivery.row_id, "token": delivery.lease_token},
        ).rowcount
        if not removed:
            return False  # someone else holds it now
        logger.warning(
            "message %s dead-lettered from %s after %d attempts: %s",
            delivery.message_id,
            subscription.name,
            attempts,
            reason,
        )
        if subscription.dead_letter_topic is None:
            return True
        attributes = {
            **delivery.attributes,
            DELIVERY_COUNT_ATTRIBUTE: str(attempts),
            SOURCE_SUBSCRIPTION_ATTRIBUTE: subscription.name,
            SOURCE_PUBLISH_TIME_ATTRIBUTE: delivery.published_at.isoformat(),
            FAILURE_REASON_ATTRIBUTE: reason[:1000],
            SOURCE_TOPIC_ATTRIBUTE: delivery.topic,
        }
        self._insert(conn, subscription.dead_letter_topic, [(delivery.data, attributes)])
        return True

    def release_abandoned_leases(self, is_gone: Callable[[str], bool]) -> int:
        """Hand back at once the messages leased by processes that are gone (``is_gone`` tells
        from a holder's identity): their deliveries were counted when claimed, so a crash still
        counts as a failed attempt. Returns how many messages were released."""
        with self._engine.begin() as conn:
            holders = conn.execute(
                sa.text(
                    "SELECT DISTINCT lease_holder FROM bus_messages WHERE lease_token IS NOT NULL"
                    " AND lease_holder IS NOT NULL AND available_at > clock_timestamp()"
                )
            ).scalars()
            gone = [holder for holder in holders if is_gone(holder)]
            if not gone:
                return 0
            released = conn.execute(
                sa.text(
                    "UPDATE bus_messages SET lease_token = NULL, lease_holder = NULL,"
                    " available_at = clock_timestamp(), last_error = :reason"
                    " WHERE lease_holder = ANY(CAST(:gone AS text[])) AND lease_token IS NOT NULL"
                ),
                {"gone": gone, "reason": "the process handling it stopped (released at restart)"},
            ).rowcount
        logger.warning("released %d messages held by stopped processes %s", released, gone)
        return int(released)

    def depth(self) -> dict[str, dict[str, int]]:
        """Per subscription: messages ready, leased (in flight) and waiting to retry."""
        query = sa.text(
            "SELECT subscription,"
            " count(*) FILTER (WHERE available_at <= now() ) AS ready,"
            " count(*) FILTER (WHERE available_at > now() AND lease_token IS NOT NULL) AS leased,"
            " count(*) FILTER (WHERE available_at > now() AND lease_token IS NULL) AS retrying,"
            " coalesce(extract(epoch FROM now() - min(published_at)), 0) AS oldest_s"
            " FROM bus_messages GROUP BY subscription"
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        found = {
            row.subscription: {
                "ready": row.ready,
                "leased": row.leased,
                "retrying": row.retrying,
                "oldest_s": int(row.oldest_s),
            }
            for row in rows
        }
        empty = {"ready": 0, "leased": 0, "retrying": 0, "oldest_s": 0}
        return {name: found.get(name, dict(empty)) for name in self._subscriptions}


def process_identity(pid: int | None = None) -> str:
    """``host/pid/start time``: names a process uniquely, even after its pid is reused."""
    process = psutil.Process(pid or os.getpid())
    return f"{socket.gethostname()}/{process.pid}/{process.create_time():.2f}"


def is_gone_from_this_host(holder: str) -> bool:
    """True when ``holder`` was a process on this host that no longer runs. Holders on other
    hosts are never judged: only their ack deadline can tell."""
    host, _, rest = holder.partition("/")
    pid_text, _, started = rest.partition("/")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        return process_identity(int(pid_text)) != holder
    except psutil.Error:
        return True  # no such process


def _check_attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    for key, value in attributes.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidField("attributes", f"{key!r}: Pub/Sub attributes are strings")
    return dict(attributes)


def _text_array(items: Sequence[str]) -> str:
    """A PostgreSQL array literal of ``items``, each quoted (a backslash or a double quote
    escaped), so commas, braces and spaces inside them stay theirs."""
    quoted = (item.replace("\\", "\\\\").replace('"', '\\"') for item in items)
    return "{" + ",".join(f'"{item}"' for item in quoted) + "}"


def _delivery(row: list[Any], subscription: str, token: uuid.UUID) -> Delivery:
    """A claimed message (``_CLAIM``'s JSON array of columns) as a Delivery."""
    row_id, message_id, topic, data_hex, attributes, published_us, attempt = row
    return Delivery(
        row_id=row_id,
        message_id=message_id,
        topic=topic,
        subscription=subscription,
        data=bytes.fromhex(data_hex),
        attributes=attributes,
        published_at=_EPOCH + timedelta(microseconds=published_us),
        delivery_attempt=attempt,
        lease_token=token,
    )
