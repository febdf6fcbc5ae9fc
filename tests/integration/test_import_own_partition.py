"""A partner's first big import loads an own tracks partition, indexes it once and attaches it
(shared/db/fresh_partition.py); the threshold is lowered to 20 rows so the tests stay fast."""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services, build_services
from shared.db import fresh_partition
from shared.db.partitions import partition_name
from shared.domain.audit import Actor
from shared.domain.partners import Partner, Tier
from shared.domain.recordings import SoundRecording
from shared.errors import Conflict
from shared.services.import_runs import ImportOptions
from shared.settings import Settings

ACTOR = Actor.system("tests")
ROWS = 30
HEADER = "ISRC,Track Title,Artist,Album,UPC,Label,Release Date,Track Number,Duration,Genre\n"


def _gtin(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _csv(rows: int = ROWS) -> bytes:
    lines = [
        f"QZC0126{n:05d},Song Number {n},Artist {n % 4},Album {n // 12},"
        f"{_gtin(f'{n // 12:011d}')},Label,2026-03-06,{n % 12 + 1},3:{n % 60:02d},Pop\n"
        for n in range(rows)
    ]
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def low_threshold(settings: Settings) -> Iterator[Services]:
    """Services whose imports load an own partition from 20 new tracks on."""
    built = build_services(settings.model_copy(update={"import_own_partition_rows": 20}))
    yield built
    built.close()


def _new_partner(services: Services, now: datetime) -> Partner:
    return services.partners.create_partner(
        f"First Big {uuid.uuid4().hex[:8]}", Tier.ENTERPRISE, now=now, actor=ACTOR
    )


def _import(
    services: Services, partner: Partner, data: bytes, now: datetime, **options: Any
) -> dict:  # type: ignore[type-arg]
    return services.imports.run_file(
        partner.id, "tracks.csv", lambda: io.BytesIO(data), len(data), ImportOptions(**options),
        ACTOR, now=now,
    )  # type: ignore[return-value]  # fmt: skip


def _partitions_of(conn: sa.Connection, partner: Partner) -> list[str]:
    rows = conn.execute(
        sa.text("SELECT DISTINCT tableoid::regclass::text FROM tracks WHERE partner_id = :p"),
        {"p": partner.id},
    )
    return [str(r[0]) for r in rows]


def _attached_indexes(conn: sa.Connection, table: str) -> list[tuple[str, bool, str | None]]:
    """(index, valid, the parent index it is attached to) of each index of ``table``."""
    rows = conn.execute(
        sa.text(
            "SELECT i.indexrelid::regclass::text, i.indisvalid, h.inhparent::regclass::text "
            "FROM pg_index i LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid "
            "WHERE i.indrelid = to_regclass(:t)"
        ),
        {"t": table},
    )
    return [(str(r[0]), bool(r[1]), None if r[2] is None else str(r[2])) for r in rows]


def _parent_indexes(conn: sa.Connection) -> set[str]:
    rows = conn.execute(sa.text("SELECT indexrelid::regclass::text FROM pg_index "
                                "WHERE indrelid = 'tracks'::regclass"))  # fmt: skip
    return {str(r[0]) for r in rows}


def _tracks(conn: sa.Connection, partner: Partner, job_id: str) -> list[dict[str, Any]]:
    """The partner's tracks without their ids, provenance naming the job as JOB."""
    rows = conn.execute(
        sa.text(
            "SELECT isrc, title, display_artist, duration_ms, genre, track_number, explicit, "
            "replace(provenance::text, :job, 'JOB') AS provenance, "
            "(SELECT upc FROM releases r WHERE r.partner_id = t.partner_id "
            " AND r.id = t.release_id) AS upc "
            "FROM tracks t WHERE partner_id = :p ORDER BY isrc"
        ),
        {"p": partner.id, "job": job_id},
    )
    return [dict(r._mapping) for r in rows]


def test_a_first_big_import_lands_in_an_own_partition_with_every_index_attached(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)

    doc = _import(low_threshold, partner, _csv(), now)

    assert doc["state"] == "succeeded", doc
    assert doc["counts"]["tracks_created"] == ROWS
    own = partition_name("tracks", partner.id)
    with low_threshold.engine.connect() as conn:
        assert _partitions_of(conn, partner) == [own]
        indexes = _attached_indexes(conn, own)
        assert {parent for _, _, parent in indexes} == _parent_indexes(conn)
        assert all(valid for _, valid, _ in indexes)
        dirty = conn.execute(
            sa.text(
                "SELECT count(DISTINCT release_id) FROM validation_dirty WHERE partner_id = :p"
            ),
            {"p": partner.id},
        ).scalar()
        assert dirty == 3  # 30 tracks, 12 to a release: the sweep re-checks each release


def test_title_search_by_trigram_uses_the_new_partitions_index_right_after(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)
    _import(low_threshold, partner, _csv(2_000), now)  # enough rows for the planner to want GIN

    own = partition_name("tracks", partner.id)
    with low_threshold.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        like = {"q": "%umber 1717%"}  # its trigrams ("171", "717") are rare: GIN is the way
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                sa.text(f"EXPLAIN SELECT 1 FROM {own} WHERE title ILIKE :q"), like
            )
        )
        found = (
            conn.execute(  # the search's fuzzy match (pg8000: %% is %)
                sa.text("SELECT title FROM tracks WHERE partner_id = :p AND title %% :q"),
                {"p": partner.id, "q": "Song Numbr 1717"},
            )
            .scalars()
            .all()
        )
        trigram = conn.execute(
            sa.text("SELECT inhrelid::regclass::text FROM pg_inherits h JOIN pg_index i "
                    "ON i.indexrelid = h.inhrelid "
                    "WHERE h.inhparent = 'tracks_title_trgm'::regclass "
                    "AND i.indrelid = to_regclass(:t)"),
            {"t": own},
        ).scalar_one()  # fmt: skip

    assert f"Bitmap Index Scan on {trigram}" in plan, plan
    assert "Song Number 1717" in found


def test_the_own_partition_holds_the_same_rows_and_provenance_as_the_normal_path(
    low_threshold: Services, services: Services, now: datetime
) -> None:
    fresh, normal = _new_partner(low_threshold, now), _new_partner(services, now)

    fresh_doc = _import(low_threshold, fresh, _csv(), now)
    normal_doc = _import(services, normal, _csv(), now)

    assert fresh_doc["counts"] == normal_doc["counts"]
    with services.engine.connect() as conn:
        assert _partitions_of(conn, normal) == ["tracks_default"]
        assert _partitions_of(conn, fresh) == [partition_name("tracks", fresh.id)]
        assert _tracks(conn, fresh, fresh_doc["id"]) == _tracks(conn, normal, normal_doc["id"])


def test_a_run_rolled_back_after_the_attach_leaves_no_table_index_or_row(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)

    doc = _import(low_threshold, partner, _csv(), now, dry_run=True)  # rolls back at the end

    assert doc["counts"]["tracks_created"] == ROWS
    with low_threshold.engine.connect() as conn:
        left = conn.execute(
            sa.text("SELECT relname FROM pg_class WHERE relname LIKE :n"),
            {"n": f"tracks_%{partner.id.hex}%"},
        ).all()
        count = conn.execute(
            sa.text("SELECT count(*) FROM tracks WHERE partner_id = :p"), {"p": partner.id}
        ).scalar()
    assert left == []
    assert count == 0


def test_an_empty_dedicated_partition_is_replaced_by_the_loaded_one(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)
    low_threshold.partners.dedicate_partition(partner.id, now=now, actor=ACTOR)

    doc = _import(low_threshold, partner, _csv(), now)

    assert doc["state"] == "succeeded", doc
    own = partition_name("tracks", partner.id)
    with low_threshold.engine.connect() as conn:
        assert _partitions_of(conn, partner) == [own]
        assert {p for _, _, p in _attached_indexes(conn, own)} == _parent_indexes(conn)
        loading = conn.execute(
            sa.text("SELECT to_regclass(:n)"), {"n": f"tracks_l_{partner.id.hex}"}
        ).scalar()
    assert loading is None


def test_two_first_imports_of_one_partner_at_once_take_turns(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)
    docs: list[dict] = []  # type: ignore[type-arg]

    def run() -> None:
        docs.append(_import(low_threshold, partner, _csv(), now))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [d["state"] for d in docs] == ["succeeded", "succeeded"], docs
    assert sorted(d["counts"]["tracks_created"] for d in docs) == [0, ROWS]  # the second updates
    with low_threshold.engine.connect() as conn:
        assert _partitions_of(conn, partner) == [partition_name("tracks", partner.id)]
        count = conn.execute(
            sa.text("SELECT count(*) FROM tracks WHERE partner_id = :p"), {"p": partner.id}
        ).scalar()
    assert count == ROWS


def test_a_track_written_elsewhere_meanwhile_makes_the_attach_refuse_and_roll_back(
    low_threshold: Services, now: datetime
) -> None:
    partner = _new_partner(low_threshold, now)
    with low_threshold.engine.begin() as conn:
        table = fresh_partition.create_load_table(conn, partner.id)
        with low_threshold.uow() as uow:  # another writer commits a track of the partner
            uow.tracks.add(SoundRecording(uuid.uuid4(), partner.id, "Elsewhere"), now=now)

        with pytest.raises(Conflict, match="written elsewhere while the import ran"):
            fresh_partition.attach(conn, table, partner.id)
        conn.rollback()

    with low_threshold.engine.connect() as conn:
        assert _partitions_of(conn, partner) == ["tracks_default"]


def test_an_unknown_insert_trigger_on_tracks_keeps_imports_on_the_normal_path(
    services: Services, now: datetime
) -> None:
    partner = _new_partner(services, now)
    with services.engine.begin() as conn:
        assert fresh_partition.can_load_fresh(conn, partner.id)

        conn.exec_driver_sql(
            "CREATE TRIGGER audit_each_insert AFTER INSERT ON tracks FOR EACH STATEMENT "
            "EXECUTE FUNCTION suppress_redundant_updates_trigger()"
        )  # never fires: the transaction rolls back

        assert not fresh_partition.can_load_fresh(conn, partner.id)
        conn.rollback()
