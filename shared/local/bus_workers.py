"""Local bus workers: claim messages, run each subscription's handler, ack or nack.

One dispatcher thread polls (an in-process publish wakes it at once) and hands each claimed
message to its subscription's handler threads through a queue; one acker thread deletes
acknowledged messages in batches.
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

_ACK_BATCH = 500
_ACK_FLUSH_S = 0.005


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
        # like Pub/Sub's flow control: up to ``prefetch`` messages per handler thread are leased
        # ahead, so one claim query feeds many deliveries (their ack deadline runs meanwhile)
        self._free = {name: concurrency * prefetch for name in handlers}
        # claim again once half the window is free, not for each message finished: a claim of
        # one message costs as much as a claim of many
        self._claim_at = max(1, concurrency * prefetch // 2)
        self._free_lock = threading.Lock()
        # SimpleQueue, not a thread pool: a put and a get are C calls, where an executor builds
        # a Future and takes two locks per message (most of the dispatch cost at 10,000/s)
        self._inboxes: dict[str, queue.SimpleQueue[Delivery | None]] = {
            name: queue.SimpleQueue() for name in handlers
        }
        self._acks: queue.SimpleQueue[Delivery | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._handler_threads: dict[str, list[threading.Thread]] = {}
        self.delivered = 0
        self.failed = 0

    def start(self) -> None:
        """Start the dispatcher, the acker and the listener (woken by other processes)."""
        for target, name in ((self._dispatch_loop, "bus-dispatch"), (self._ack_loop, "bus-ack"),
                             (self._listen_loop, "bus-listen")):  # fmt: skip
            self._threads.append(_started(target, name))

    def _listen_loop(self) -> None:
        self._bus.listen(self._stopping)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop claiming, let running handlers finish (up to ``timeout_s``), flush acks.
        Messages claimed but not started stay leased: their deadline (or the next start's
        release of abandoned leases) hands them back."""
        self._stopping.set()
        self._bus.published.set()
        self._bus.wake_listeners()  # or the listener would finish its safety poll (up to 1 s)
        dispatcher = self._threads[0] if self._threads else None
        if dispatcher is not None:
            dispatcher.join(timeout_s)  # no new deliveries from here on
        for name, threads in list(self._handler_threads.items()):
            _drain(self._inboxes[name])
            for _ in threads:
                self._inboxes[name].put(None)
        for threads in list(self._handler_threads.values()):
            for thread in threads:
                thread.join(timeout_s)
        self._acks.put(None)
        for thread in self._threads:
            thread.join(timeout_s)

    def is_alive(self) -> bool:
        """True while the dispatcher and acker threads run."""
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
            if claimed is None:  # every window is full: a finished handler wakes us
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
        """How many messages were claimed; None when no subscription had room to claim."""
        with self._free_lock:
            open_names = [name for name in self._order if self._free[name] >= self._claim_at]
        if not open_names:
            return None
        claimed = 0
        # with one subscription open, claiming is the readiness check (one statement either way)
        ready = open_names if len(open_names) == 1 else self._bus.ready_subscriptions(open_names)
        for name in ready:
            with self._free_lock:
                room = self._free[name]
            if room <= 0:
                continue
            deliveries = self._bus.claim(name, room)
            if not deliveries:
                continue
            with self._free_lock:
                self._free[name] -= len(deliveries)
            self._start_handlers(name)
            inbox = self._inboxes[name]
            for delivery in deliveries:
                inbox.put(delivery)
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
        inbox = self._inboxes[name]
        while (delivery := inbox.get()) is not None:
            self._run(delivery)

    def _run(self, delivery: Delivery) -> None:
        try:
            self._handlers[delivery.subscription](delivery)
        except Exception as exc:  # isolation boundary: one message's failure is recorded alone
            self.failed += 1
            reason = f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, CatalogError):
                logger.exception("handler for %s failed", delivery.subscription)
            self._nack(delivery, reason)
        else:
            self.delivered += 1
            self._acks.put(delivery)
        finally:
            with self._free_lock:
                self._free[delivery.subscription] += 1
                window_open = self._free[delivery.subscription] == self._claim_at
            if window_open:  # half the window is free: claim more now
                self._bus.published.set()

    def _nack(self, delivery: Delivery, reason: str) -> None:
        try:
            self._bus.nack(delivery, reason)
        except Exception:  # the lease will expire and the message come back: nothing lost
            logger.exception("could not nack message %s", delivery.message_id)

    def _ack_loop(self) -> None:
        done = False
        while not done:
            batch: list[Delivery] = []
            item = self._acks.get()
            deadline = time.monotonic() + _ACK_FLUSH_S
            while item is not None:
                batch.append(item)
                if len(batch) >= _ACK_BATCH:
                    break
                try:
                    item = self._acks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
            done = item is None
            self._flush(batch)

    def _flush(self, batch: list[Delivery]) -> None:
        if not batch:
            return
        try:
            self._bus.ack(batch)
        except Exception:  # unacked messages come back after their deadline: nothing lost
            logger.exception("could not ack %d messages", len(batch))


def _started(target: Callable[[], None], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def _drain(inbox: queue.SimpleQueue[Delivery | None]) -> None:
    """Drop what no handler has started (each stays leased until its deadline)."""
    try:
        while True:
            inbox.get_nowait()
    except queue.Empty:
        pass
