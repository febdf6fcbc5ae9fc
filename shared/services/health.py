"""Health: the state of every component, for GET /healthz and `catalog status`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shared.errors import CatalogError, NotFound, Unavailable
from shared.ports import BlobStore, Cache, StatusStore

logger = logging.getLogger(__name__)

Check = Callable[[], str]  # returns a one-line state; raises when the component is unhealthy


@dataclass(frozen=True, slots=True)
class ComponentHealth:
    """One component's state."""

    name: str
    ok: bool
    detail: str
    latency_ms: float


class HealthService:
    """Run named checks; each one isolated so one failure does not hide the others."""

    def __init__(self, checks: Mapping[str, Check]) -> None:
        self._checks = dict(checks)
        self._features: dict[str, Check] = {}

    def add_check(self, name: str, check: Check) -> None:
        """Register another component (the local stack adds its bus workers)."""
        self._checks[name] = check

    def add_feature(self, name: str, check: Check) -> None:
        """Register an optional feature: reported, but its absence leaves the service healthy
        (similar-track search without pgvector)."""
        self._features[name] = check

    def features(self) -> list[ComponentHealth]:
        """Every optional feature's state (ok: available)."""
        return [self._run(name, check) for name, check in self._features.items()]

    def check_all(self) -> list[ComponentHealth]:
        """Every component's state, in registration order."""
        return [self._run(name, check) for name, check in self._checks.items()]

    @staticmethod
    def _run(name: str, check: Check) -> ComponentHealth:
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except CatalogError as exc:
            detail, ok = exc.message, False
        except Exception as exc:  # isolation boundary: report, never crash the health endpoint
            logger.exception("health check %s failed", name)
            detail, ok = f"{type(exc).__name__}: {exc}", False
        return ComponentHealth(name, ok, detail, (time.perf_counter() - started) * 1000)


# Probes of the components every process has, through their ports (the database's own probe
# needs SQL: shared/db/health.py). Each returns a one-line state or raises.


def blob_store_state(blobs: BlobStore, bucket: str) -> str:
    """Reaching the store and hearing "no such object" is healthy."""
    try:
        blobs.stat(bucket, "healthz-probe")
    except NotFound:
        pass
    return f"bucket {bucket} reachable"


def status_store_state(status: StatusStore) -> str:
    """A read of a document that need not exist."""
    status.get("health", "probe")
    return "reachable"


def cache_state(cache: Cache) -> str:
    """A value set and read back."""
    cache.set("healthz", b"1", ttl_s=5)
    if cache.get("healthz") is None:
        raise Unavailable("the cache lost a value it was just given")
    return type(cache).__name__


def bus_state(depth: Mapping[str, Mapping[str, int]]) -> str:
    """The local bus's backlog, from its depth per subscription."""
    ready = sum(d["ready"] for d in depth.values())
    in_flight = sum(d["leased"] for d in depth.values())
    return f"{ready} ready, {in_flight} in flight across {len(depth)} subscriptions"
