"""Local bus workers: claim messages, run each subscription's handler, ack or nack.

Each subscription has ``concurrency`` handler threads. While messages wait, each thread claims
its own batch of up to ``prefetch``, handles them and acks the handled ones in one statement,
then claims again: the database serves several claims at once, and no message passes between
threads. When a thread finds nothing it falls idle; one dispatcher thread then watches for
work (an in-process publish wakes it at once, another process's through LISTEN/NOTIFY) and
hands idle threads their first batch.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from shared.adapters.pg_bus import Delivery, PostgresBus
from shared.errors import CatalogError

logger = logging.getLogger(__name__)

Handler = Callable[[Delivery], None]

_ACK_SLOW_HANDLER_S = 0.005
"""A handler that ran this long is acked at once, not with the rest of its batch."""


class BusWorkers:
    """Deliver messages of the given subscriptions to their handlers until stopped."""

    def __init__(
        self,
        bus: PostgresBus,
        handlers: Mapping[str, Handler],
        *,
        concurrency: int,
        poll_interval_s: float,
        priority: Sequence[str] = (),
        prefetch: int = 16,
    ) -> None:
        self._bus = bus
        self._handlers = dict(handlers)
        # subscriptions named in ``priority`` are claimed first (analysis-high before -low)
        self._order = [n for n in priority if n in handlers] + [
            n for n in handlers if n not in priority
        ]
        self._poll_interval_s = poll_interval_s
        self._concurrency = concurrency
        # like Pub/Sub's flow control: each handler thread leases up to ``prefetch`` messages
        # ahead, so one claim statement feeds many deliveries (their ack deadline runs meanwhile)
        self._prefetch = prefetch
        # handler threads of each subscription waiting for the dispatcher to hand them a batch
        self._idle = dict.fromkeys(handlers, concurrency)
        self._idle_lock = threading.Lock()
        self._inboxes: dict[str, queue.SimpleQueue[list[Delivery] | None]] = {
            name: queue.SimpleQueue() for name in handlers
        }
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._handler_threads: dict[str, list[threading.Thread]] = {}
        self.delivered = 0
        self.failed = 0

    def start(self) -> None:
        """Start the dispatcher and the listener (woken by other processes)."""
        for target, name in ((self._dispatch_loop, "bus-dispatch"),
                             (self._listen_loop, "bus-listen")):  # fmt: skip
            self._threads.append(_started(target, name))

    def _listen_loop(self) -> None:
        self._bus.listen(self._stopping)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop claiming, let running handlers finish (up to ``timeout_s``) and ack what they
        handled. Messages claimed but not started stay leased: their deadline (or the next
        start's release of abandoned leases) hands them back."""
        self._stopping.set()
        self._bus.published.set()
        self._bus.wake_listeners()  # or the listener would finish its safety poll (up to 1 s)
        dispatcher = self._threads[0] if self._threads else None
        if dispatcher is not None:
            dispatcher.join(timeout_s)  # no new batches from here on
        for name, threads in list(self._handler_threads.items()):
            _drain(self._inboxes[name])
            for _ in threads:
                self._inboxes[name].put(None)
        for threads in list(self._handler_threads.values()):
            for thread in threads:
                thread.join(timeout_s)
        for thread in self._threads:
            thread.join(timeout_s)

    def is_alive(self) -> bool:
        """True while the dispatcher and listener threads run."""
        return bool(self._threads) and all(t.is_alive() for t in self._threads)

    def _dispatch_loop(self) -> None:
        while not self._stopping.is_set():
            self._bus.published.clear()  # before looking: a wake-up from now on is kept
            try:
                claimed = self._dispatch_once()
            except CatalogError as exc:  # the database is away: wait and try again
                logger.warning("bus dispatcher: %s", exc)
                claimed = 0
                time.sleep(1.0)
            except Exception:  # isolation boundary: the loop must survive any one failure
                logger.exception("bus dispatcher failed; retrying")
                claimed = 0
                time.sleep(1.0)
            if claimed is None:  # every handler thread is busy: a thread falling idle wakes us
                self._bus.published.wait(self._poll_interval_s)
            elif not claimed:
                self._bus.published.wait(self._idle_wait_s())

    def _idle_wait_s(self) -> float:
        """How long to sleep when nothing is ready: until a publish wakes us (this process's,
        or another's through LISTEN/NOTIFY), the next retry or lease expiry, or at most the
        poll interval (a safety net)."""
        try:
            upcoming = self._bus.seconds_until_next(self._order)
        except CatalogError:
            return self._poll_interval_s
        return self._poll_interval_s if upcoming is None else min(upcoming, self._poll_interval_s)

    def _dispatch_once(self) -> int | None:
        """How many messages were claimed for idle handler threads; None when every thread is
        busy (busy threads claim their own next batches)."""
        with self._idle_lock:
            open_names = [name for name in self._order if self._idle[name] > 0]
        if not open_names:
            return None
        claimed = 0
        # with one subscription open, claiming is the readiness check (one statement either way)
        ready = open_names if len(open_names) == 1 else self._bus.ready_subscriptions(open_names)
        for name in ready:
            with self._idle_lock:
                idle = self._idle[name]
            if idle <= 0:
                continue
            deliveries = self._bus.claim(name, idle * self._prefetch)
            if not deliveries:
                continue
            batches = [
                deliveries[i : i + self._prefetch]
                for i in range(0, len(deliveries), self._prefetch)
            ]
            with self._idle_lock:
                self._idle[name] -= len(batches)
            self._start_handlers(name)
            for batch in batches:
                self._inboxes[name].put(batch)
            claimed += len(deliveries)
        return claimed

    def _start_handlers(self, name: str) -> None:
        """A subscription's handler threads, started at its first message (most local
        subscriptions never see one in a session)."""
        if name not in self._handler_threads:
            self._handler_threads[name] = [
                _started(lambda: self._handle_loop(name), f"bus-{name}-{n}")
                for n in range(self._concurrency)
            ]

    def _handle_loop(self, name: str) -> None:
        """Take a batch from the dispatcher, then keep claiming this thread's own batches
        while the subscription has messages ready (as pgbench's clients do: claim, handle, ack,
        no hand-off between threads), then fall idle again."""
        inbox = self._inboxes[name]
        while (batch := inbox.get()) is not None:
            while batch and not self._stopping.is_set():
                self._run_batch(batch)
                if self._stopping.is_set():
                    break
                try:
                    batch = self._bus.claim(name, self._prefetch)
                except CatalogError as exc:  # the database is away: the dispatcher retries
                    logger.warning("bus worker for %s: %s", name, exc)
                    batch = []
                except Exception:  # isolation boundary: the dispatcher claims for us again
                    logger.exception("bus worker for %s could not claim", name)
                    batch = []
            with self._idle_lock:
                self._idle[name] += 1
            self._bus.published.set()  # the dispatcher may claim for this thread again

    def _run_batch(self, batch: list[Delivery]) -> None:
        """Handle each delivery in turn (none once stopping); ack the handled ones in one
        statement at the end, or after each one when handlers are slow (a crash then loses no
        finished work). Failures are nacked one by one."""
        handled: list[Delivery] = []
        for delivery in batch:
            if self._stopping.is_set():
                break  # left leased: handed back by its deadline or the next start
            started = time.monotonic()
            if self._run(delivery):
                handled.append(delivery)
            if handled and time.monotonic() - started >= _ACK_SLOW_HANDLER_S:
                self._ack(handled)
                handled = []
        self._ack(handled)

    def _run(self, delivery: Delivery) -> bool:
        try:
            self._handlers[delivery.subscription](delivery)
        except Exception as exc:  # isolation boundary: one message's failure is recorded alone
            self.failed += 1
            reason = f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, CatalogError):
                logger.exception("handler for %s failed", delivery.subscription)
            self._nack(delivery, reason)
            return False
        self.delivered += 1
        return True

    def _nack(self, delivery: Delivery, reason: str) -> None:
        try:
            self._bus.nack(delivery, reason)
        except Exception:  # the lease will expire and the message come back: nothing lost
            logger.exception("could not nack message %s", delivery.message_id)

    def _ack(self, handled: list[Delivery]) -> None:
        if not handled:
            return
        try:
            self._bus.ack(handled)
        except Exception:  # unacked messages come back after their deadline: nothing lost
            logger.exception("could not ack %d messages", len(handled))


def _started(target: Callable[[], None], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def _drain(inbox: queue.SimpleQueue[list[Delivery] | None]) -> None:
    """Drop what no handler has started (each stays leased until its deadline)."""
    try:
        while True:
            inbox.get_nowait()
    except queue.Empty:
        pass
