"""A unit of work in memory, for fast service tests without a database (cosmicpython's
FakeUnitOfWork). It implements the port shared.unit_of_work.UnitOfWork: what a transaction wrote
is kept when it commits and undone when it raises. The repositories here pass the same contract
tests as PostgreSQL's (tests/integration/test_repository_contracts.py); those a test needs but no
fake implements raise NotImplementedError naming themselves, so a gap is plain.
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from shared.domain.assets import Asset
from shared.domain.audit import AuditEvent
from shared.domain.ddex_parties import DdexParties
from shared.domain.dead_letters import (
    SOURCE_SUBSCRIPTION_ATTRIBUTE,
    DeadLetter,
    OpenDeadLetter,
    subject_of,
)
from shared.domain.partners import Partner
from shared.domain.touched import TouchedRecords
from shared.domain.track_analysis import AnalysisProgress
from shared.errors import Conflict, NotFound


@dataclass
class FakeStore:
    """What the fake repositories hold between units of work (one "database")."""

    partners: dict[UUID, Partner] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)
    dead_letters: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    assets: dict[tuple[UUID, UUID], Asset] = field(default_factory=dict)
    attempts: dict[str, dict[str, Any]] = field(default_factory=dict)
    costs: list[tuple[UUID, date, str, float]] = field(default_factory=list)
    ab: dict[tuple[UUID, UUID], tuple[str, str]] = field(default_factory=dict)
    partitions: dict[UUID, list[str]] = field(default_factory=dict)
    ddex_parties: dict[UUID, DdexParties] = field(default_factory=dict)


class FakePartnerRepository:
    """Partners (names unique, case-insensitively)."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def add(self, partner: Partner) -> Partner:
        """Insert; Conflict when the name is taken."""
        if self.find_by_name(partner.name) is not None:
            raise Conflict(f"a partner named {partner.name!r} already exists")
        self._store.partners[partner.id] = partner
        return partner

    def get(self, partner_id: UUID) -> Partner:
        """The partner; NotFound otherwise."""
        try:
            return self._store.partners[partner_id]
        except KeyError:
            raise NotFound(f"partner {partner_id} not found") from None

    def find_by_name(self, name: str) -> Partner | None:
        """Case-insensitive lookup."""
        wanted = name.strip().lower()
        return next((p for p in self._store.partners.values() if p.name.lower() == wanted), None)

    def get_by_name_or_id(self, reference: str) -> Partner:
        """By id, else by name."""
        try:
            return self.get(UUID(reference))
        except ValueError:
            found = self.find_by_name(reference)
        if found is None:
            raise NotFound(f"no partner named {reference!r}")
        return found

    def list_all(self) -> list[Partner]:
        """By name."""
        return sorted(self._store.partners.values(), key=lambda p: p.name)

    def ddex_parties(self, partner_id: UUID) -> DdexParties:
        """Empty when never set."""
        return self._store.ddex_parties.get(partner_id, DdexParties())

    def save_ddex_parties(
        self, partner_id: UUID, parties: DdexParties, *, actor_id: str, now: datetime
    ) -> None:
        """Replace them."""
        self._store.ddex_parties[partner_id] = parties

    def update(self, partner: Partner) -> None:
        """Write tier, retention and legal hold."""
        self._store.partners[partner.id] = partner

    def dedicate_partitions(self, partner_id: UUID) -> list[str]:
        """Partitions are PostgreSQL's: here, only their names."""
        self.get(partner_id)
        names = [f"{table}_p_{partner_id.hex[:8]}" for table in ("tracks", "releases")]
        created = [n for n in names if n not in self._store.partitions.get(partner_id, [])]
        self._store.partitions.setdefault(partner_id, []).extend(created)
        return created


class FakeAuditRepository:
    """The audit log."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def append(self, events: Sequence[AuditEvent]) -> None:
        """Record events."""
        self._store.audit.extend(events)

    def of_entity(self, entity_id: UUID, *, limit: int = 200) -> list[AuditEvent]:
        """Newest first."""
        found = [e for e in self._store.audit if e.entity_id == entity_id]
        return sorted(found, key=lambda e: e.occurred_at, reverse=True)[:limit]

    def of_partner(
        self, partner_id: UUID | None, *, since: datetime | None = None, limit: int = 200
    ) -> list[AuditEvent]:
        """Newest first."""
        found = [
            e
            for e in self._store.audit
            if (partner_id is None or e.partner_id == partner_id)
            and (since is None or e.occurred_at >= since)
        ]
        return sorted(found, key=lambda e: e.occurred_at, reverse=True)[:limit]


class FakeDeadLetterRepository:
    """One record per message id and topic."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def record(self, letter: DeadLetter, *, partner_id: UUID | None, now: datetime) -> UUID:
        """Insert unless recorded before; the record's id."""
        for letter_id, row in self._store.dead_letters.items():
            if (row["message_id"], row["topic"]) == (letter.message_id, letter.source_topic):
                return letter_id
        letter_id = uuid.uuid4()
        self._store.dead_letters[letter_id] = {
            "id": letter_id,
            "topic": letter.source_topic,
            "source_subscription": letter.attributes.get(SOURCE_SUBSCRIPTION_ATTRIBUTE),
            "message_id": letter.message_id,
            "reason": letter.reason,
            "delivery_attempts": letter.delivery_attempts,
            "partner_id": partner_id,
            "failed_at": letter.published_at,
            "recorded_at": now,
            "resolved_at": None,
            "data": letter.data,
            "attributes": dict(letter.attributes),
        }
        return letter_id

    def open_letters_of(self, partner_id: UUID, *, limit: int) -> list[OpenDeadLetter]:
        """The partner's unresolved ones, newest first, with their subjects."""
        rows = [
            r
            for r in self._store.dead_letters.values()
            if r["resolved_at"] is None and r["partner_id"] == partner_id
        ]
        rows.sort(key=lambda r: (-r["recorded_at"].timestamp(), str(r["id"])))
        letters = []
        for r in rows[:limit]:
            kind, subject = subject_of(r["topic"], r["data"], r["attributes"])
            letters.append(
                OpenDeadLetter(
                    r["id"],
                    r["topic"],
                    r["recorded_at"],
                    r["delivery_attempts"],
                    r["reason"],
                    kind,
                    subject,
                )  # fmt: skip
            )
        return letters

    def resolve_about(self, partner_id: UUID, subject_ids: set[str], *, now: datetime) -> int:
        """Resolve the partner's open ones about these subjects; how many."""
        about = [
            x for x in self.open_letters_of(partner_id, limit=10**9) if x.subject_id in subject_ids
        ]
        for letter in about:
            self._store.dead_letters[letter.id]["resolved_at"] = now
        return len(about)

    def open_letters(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Unresolved, newest first."""
        rows = [dict(r) for r in self._store.dead_letters.values() if r["resolved_at"] is None]
        return sorted(rows, key=lambda r: r["recorded_at"], reverse=True)[:limit]

    def count_open(self) -> tuple[int, float]:
        """How many are unresolved, and the oldest's age in seconds."""
        open_ = self.open_letters(limit=10**9)
        if not open_:
            return 0, 0.0
        oldest = min(r["recorded_at"] for r in open_)
        return len(open_), (datetime.now(oldest.tzinfo) - oldest).total_seconds()

    def resolve(self, letter_id: UUID, *, now: datetime, partner_id: UUID | None = None) -> bool:
        """False when it was not open (or not the named partner's)."""
        row = self._store.dead_letters.get(letter_id)
        if row is None or row["resolved_at"] is not None:
            return False
        if partner_id is not None and row["partner_id"] != partner_id:
            return False
        row["resolved_at"] = now
        return True


class FakeAssetRepository:
    """Assets, keyed by partner and id; (bucket, object, generation) unique per partner."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def find(self, partner_id: UUID, obj_id: UUID) -> Asset | None:
        """The asset, or None."""
        return self._store.assets.get((partner_id, obj_id))

    def get(self, partner_id: UUID, obj_id: UUID) -> Asset:
        """The asset; NotFound otherwise."""
        found = self.find(partner_id, obj_id)
        if found is None:
            raise NotFound(f"asset {obj_id} not found")
        return found

    def add(self, obj: Asset, *, now: datetime) -> Asset:
        """Insert; Conflict on a duplicate id."""
        if not self.add_if_absent(obj, now=now):
            raise Conflict(f"asset {obj.id} exists already")
        return obj

    def add_if_absent(self, obj: Asset, *, now: datetime) -> bool:
        """Insert unless the same object generation is stored; True when inserted."""
        if self.find_by_object(obj.partner_id, obj.bucket, obj.object_name, obj.generation):
            return False
        self._store.assets[(obj.partner_id, obj.id)] = obj
        return True

    def save(self, obj: Asset, *, now: datetime, expected_version: int | None = None) -> int:
        """Write; assets carry no version."""
        self.get(obj.partner_id, obj.id)
        self._store.assets[(obj.partner_id, obj.id)] = obj
        return 1

    def find_by_object(
        self, partner_id: UUID, bucket: str, object_name: str, generation: int
    ) -> Asset | None:
        """The asset of one object generation."""
        key = (bucket, object_name, generation)
        return next(
            (
                a
                for (p, _), a in self._store.assets.items()
                if p == partner_id and (a.bucket, a.object_name, a.generation) == key
            ),
            None,
        )

    def find_by_sha256(self, partner_id: UUID, sha256: str) -> list[Asset]:
        """Assets with identical content."""
        return [
            a for (p, _), a in self._store.assets.items() if p == partner_id and a.sha256 == sha256
        ]

    def lock(self, partner_id: UUID, asset_id: UUID) -> Asset:
        """One process at a time here anyway."""
        return self.get(partner_id, asset_id)

    def set_status(self, partner_id: UUID, asset_id: UUID, status: str, *, now: datetime) -> None:
        """Move the asset along the pipeline."""
        asset = self.get(partner_id, asset_id)
        self._store.assets[(partner_id, asset_id)] = dataclasses.replace(asset, status=status)


class FakeAnalysisAttemptRepository:
    """Attempts per message key."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def begin(self, message_key: str, partner_id: UUID, asset_id: UUID, *, now: datetime) -> int:
        """One more attempt; its number."""
        row = self._store.attempts.setdefault(message_key, {"attempts": 0, "state": "running"})
        row["attempts"] += 1
        return int(row["attempts"])

    def state_of(self, message_key: str) -> str | None:
        """None when never tried."""
        row = self._store.attempts.get(message_key)
        return None if row is None else str(row["state"])

    def finish(
        self, message_key: str, state: str, *, now: datetime, error: str | None = None
    ) -> None:
        """How the attempt ended."""
        if message_key in self._store.attempts:
            self._store.attempts[message_key].update(state=state, error=error)

    def progress_of(self, partner_id: UUID, asset_id: UUID) -> AnalysisProgress | None:
        """The fake keeps no times or assets per attempt: it knows no progress."""
        return None


class FakeCostLedgerRepository:
    """Costs per partner, day and kind."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def add(
        self,
        partner_id: UUID,
        asset_id: UUID | None,
        model: str,
        kind: str,
        cost_usd: float,
        *,
        now: datetime,
    ) -> None:
        """Record one call's cost (to the micro-dollar, as the table keeps it)."""
        self._store.costs.append((partner_id, now.date(), kind, round(cost_usd, 6)))

    def spent(self, partner_id: UUID, day: date, kind: str) -> float:
        """What ``kind`` calls cost the partner on ``day``."""
        return float(
            sum(c for p, d, k, c in self._store.costs if (p, d, k) == (partner_id, day, kind))
        )


class FakeAbAssignmentRepository:
    """The first arm each asset got."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def assign(
        self, partner_id: UUID, asset_id: UUID, arm: str, backend: str, *, now: datetime
    ) -> tuple[str, str]:
        """Keep the first assignment; return the kept one."""
        return self._store.ab.setdefault((partner_id, asset_id), (arm, backend))


class _NotFaked:
    """A repository no fake implements yet: any use says which."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, method: str) -> Any:
        raise NotImplementedError(f"the fake unit of work has no {self._name}.{method}")


_FAKED = {
    "partners": FakePartnerRepository,
    "audit": FakeAuditRepository,
    "dead_letters": FakeDeadLetterRepository,
    "assets": FakeAssetRepository,
    "analysis_attempts": FakeAnalysisAttemptRepository,
    "ai_costs": FakeCostLedgerRepository,
    "ab_assignments": FakeAbAssignmentRepository,
}
_NOT_FAKED = (
    "parties", "releases", "tracks", "works", "deals", "merge_proposals", "identity", "changes",
    "analyses", "embeddings", "timelines", "delivery_reads", "hot_records", "retention", "purge",
    "audit_retention", "stats", "validation_results", "exports", "bulk_import", "registrations",
    "code_sources",
)  # fmt: skip


class FakeUnitOfWork:
    """``with uow:`` keeps what it wrote when the block ends, and undoes it on an exception."""

    def __init__(self, store: FakeStore | None = None) -> None:
        self.store = store if store is not None else FakeStore()
        self.commits = 0
        self.touched = TouchedRecords()
        self._before: FakeStore | None = None
        for name in _NOT_FAKED:
            setattr(self, name, _NotFaked(name))

    def __call__(self) -> Self:
        """Services take a factory of units of work: this one hands out itself."""
        return self

    def __enter__(self) -> Self:
        self._before = copy.deepcopy(self.store)
        self.touched = TouchedRecords()
        for name, repository in _FAKED.items():
            setattr(self, name, repository(self.store))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commits += 1
        elif self._before is not None:
            for name in dataclasses.fields(FakeStore):
                setattr(self.store, name.name, getattr(self._before, name.name))
        self._before = None

    def long_statements(self, seconds: float) -> Any:
        """Nothing runs long in memory."""
        import contextlib

        return contextlib.nullcontext()

    def analyze_after_commit(self, partner_id: Any, tables: Any, rows: int) -> None:
        """Memory has no planner statistics."""
