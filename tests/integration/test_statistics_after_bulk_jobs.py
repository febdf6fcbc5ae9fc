"""Bulk jobs leave the planner statistics of what they wrote fresh (issue 19).

Straight after a big import the new rows had no statistics until autovacuum got to them: the
planner estimated a handful of rows and the export that followed ran nested loops for a minute.
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from shared.bootstrap import Services
from shared.db.partitions import partition_name
from shared.db.repositories.exports import csv_select
from shared.domain.audit import Actor
from shared.domain.partners import Partner, Tier
from shared.domain.search import CatalogQuery
from shared.services.catalog import BulkEdit
from shared.services.import_runs import ImportOptions

ACTOR = Actor.system("tests")
TRACKS = 3_000
PER_RELEASE = 12
HEADER = "ISRC,Track Title,Artist,Album,UPC,Track Number,Duration\n"


def _csv(tracks: int) -> bytes:
    lines = [HEADER]
    for n in range(tracks):
        release = n // PER_RELEASE
        lines.append(
            f"QZAAA{n:07d},Song {n},Artist {release % 50},Album {release},,"
            f"{n % PER_RELEASE + 1},3:{n % 60:02d}\n"
        )
    return "".join(lines).encode()


def _big_partner(services: Services, now: datetime) -> Partner:
    """A partner with partitions of its own, so its statistics are its rows' alone."""
    partner = services.partners.create_partner(
        f"Big Label {uuid.uuid4().hex[:8]}", Tier.ENTERPRISE, now=now, actor=ACTOR
    )
    services.partners.dedicate_partition(partner.id, now=now, actor=ACTOR)
    return partner


def _import(services: Services, partner: Partner, now: datetime) -> dict[str, Any]:
    data = _csv(TRACKS)
    doc: dict[str, Any] = services.imports.run_file(
        partner.id, "big.csv", lambda: io.BytesIO(data), len(data), ImportOptions(), ACTOR, now=now
    )
    assert doc["state"] == "succeeded", doc
    return doc


def _analyze_count(conn: sa.Connection, table: str) -> int:
    return int(
        conn.execute(
            sa.text("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = :n"),
            {"n": table},
        ).scalar_one()
    )


def _plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _plan_nodes(child))]


def test_an_import_analyzes_its_partitions_and_the_export_plans_from_real_counts(
    services: Services, now: datetime
) -> None:
    partner = _big_partner(services, now)

    _import(services, partner, now)

    tracks, releases = partition_name("tracks", partner.id), partition_name("releases", partner.id)
    select = csv_select(partner.id, ("isrc", "title", "release_title", "upc"), ())
    with services.engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
        assert _analyze_count(conn, tracks) >= 1
        assert _analyze_count(conn, releases) >= 1
        plan = conn.execute(sa.text(f"EXPLAIN (FORMAT JSON) {select}")).scalar_one()
    nodes = _plan_nodes(plan[0]["Plan"])
    scans = [n for n in nodes if n.get("Relation Name") == tracks]
    assert scans, nodes
    assert scans[0]["Plan Rows"] > TRACKS / 2  # not the dozen rows of a never-analyzed table
    assert not any(n["Node Type"] == "Nested Loop" for n in nodes), nodes


def test_a_bulk_edit_of_many_rows_analyzes_the_partition_it_changed(
    services: Services, now: datetime
) -> None:
    partner = _big_partner(services, now)
    _import(services, partner, now)
    tracks = partition_name("tracks", partner.id)
    with services.engine.connect() as conn:
        before = _analyze_count(conn, tracks)

    services.catalog.bulk_edit(
        "track",
        partner.id,
        CatalogQuery(text="Song"),
        BulkEdit(set={"genre": "Jazz"}),
        actor=ACTOR,
        now=now,
    )

    with services.engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
        assert _analyze_count(conn, tracks) > before


def test_purging_a_partner_analyzes_the_partitions_it_emptied(
    services: Services, now: datetime
) -> None:
    partner = _big_partner(services, now)
    _import(services, partner, now)
    tracks = partition_name("tracks", partner.id)
    with services.engine.begin() as conn:
        before = _analyze_count(conn, tracks)
        conn.execute(
            sa.text("UPDATE partners SET deleted_at = :t WHERE id = :i"),
            {"t": now - timedelta(days=31), "i": partner.id},
        )

    report = services.cleanup.run(now=now)

    assert not report.errors, report.errors
    with services.engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
        assert _analyze_count(conn, tracks) > before
        left = conn.execute(sa.text(f"SELECT count(*) FROM {tracks}")).scalar_one()
    assert left == 0
