"""A bulk import stores its provenance stamp once per row (issue 19), and every reader sees each
field's full provenance as before: the domain, an edit by filter's audit and its undo, an edit of
one track, a later import that changes some fields, and the API's JSON.

A million-row import spent most of its time building the same stamp under each of a row's ten
fields (1.3 kB of jsonb a row); now the row holds the stamp under ``_import`` and each field a
``{"source": "import"}`` mark (shared.domain.provenance.stored_entries).
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.domain.provenance import ROW_STAMP, Source
from shared.domain.search import CatalogQuery
from shared.representations import track_json
from shared.services.catalog import BulkEdit, FindReplace
from shared.services.import_runs import ImportOptions

ACTOR = Actor.system("tests")
CSV = (
    "ISRC,Track Title,Artist,Album,UPC,Label,Release Date,Track Number,Genre,Language\n"
    "GBUV71200495,First Song,The Examples,Example Album,036000291452,Example Records,"
    "2026-03-06,1,Rock,en\n"
    "USRC17607839,Second Song,The Examples,Example Album,036000291452,Example Records,"
    "2026-03-06,2,Rock,en\n"
)
IMPORTED = {"isrc", "title", "display_artist", "genre", "language", "track_number", "release_id"}


def _import(services: Services, partner: Partner, data: str, now: datetime) -> str:
    doc = services.imports.run_file(
        partner.id, "t.csv", lambda: io.BytesIO(data.encode()), len(data), ImportOptions(),
        ACTOR, now=now,
    )  # fmt: skip
    assert doc["state"] == "succeeded", doc
    return str(doc["id"])


def _stored(services: Services, partner: Partner, title: str) -> tuple[UUID, dict[str, Any]]:
    with services.engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT id, provenance FROM tracks WHERE partner_id = :p AND title = :t"),
            {"p": partner.id, "t": title},
        ).one()
    return row[0], row[1]


def _provenance(services: Services, partner: Partner, track_id: UUID) -> dict[str, Any]:
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, track_id)
    return {name: p.to_json() for name, p in track.provenance.items()}


def test_an_imported_row_stores_its_stamp_once_and_reads_as_full_provenance(
    services: Services, partner: Partner, now: datetime
) -> None:
    job = _import(services, partner, CSV, now)

    track_id, stored = _stored(services, partner, "Second Song")
    stamp = {"source": "import", "at": now.isoformat(), "actor": ACTOR.id,
             "detail": f"import {job} row 3"}  # fmt: skip
    assert stored[ROW_STAMP] == stamp
    assert {name: entry for name, entry in stored.items() if name != ROW_STAMP} == {
        name: {"source": "import"} for name in IMPORTED
    }
    full = _provenance(services, partner, track_id)
    assert full == {name: stamp for name in IMPORTED}
    with services.uow() as uow:
        body = json.loads(track_json(uow.tracks.get(partner.id, track_id)))
    assert set(body["provenance"]) == IMPORTED  # the stamp's key is not a field
    assert body["provenance"]["title"]["detail"] == f"import {job} row 3"
    with services.engine.connect() as conn:  # what the stamp saves, measured by PostgreSQL
        stored_size, expanded_size = conn.execute(
            sa.text("SELECT pg_column_size(CAST(:a AS jsonb)), pg_column_size(CAST(:b AS jsonb))"),
            {"a": json.dumps(stored), "b": json.dumps(full)},
        ).one()
    assert stored_size * 2 < expanded_size


def test_an_edit_by_filter_records_and_undo_gives_back_the_full_import_provenance(
    services: Services, partner: Partner, now: datetime
) -> None:
    job = _import(services, partner, CSV, now)
    track_id, _ = _stored(services, partner, "First Song")
    with services.uow() as uow:
        release_id = uow.tracks.get(partner.id, track_id).release_id
    edit = BulkEdit(find_replace=(FindReplace("title", "Song", "Tune"),))

    changed = services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(release_id=release_id), edit, actor=ACTOR, now=now
    )

    assert changed.objects == []  # the set-based path
    assert changed.total == 2
    with services.engine.connect() as conn:
        changes = conn.execute(
            sa.text("SELECT changes FROM audit_events WHERE entity_id = :t AND partner_id = :p"),
            {"t": track_id, "p": partner.id},
        ).scalar_one()
    (title,) = [c for c in changes if c["field"] == "title"]
    assert title["before_provenance"]["detail"] == f"import {job} row 2"
    assert _provenance(services, partner, track_id)["title"]["source"] == "human"
    assert _provenance(services, partner, track_id)["genre"]["detail"] == f"import {job} row 2"

    services.catalog.undo(partner.id, changed.change_id, actor=ACTOR, now=now, may_restore=False)

    restored = _provenance(services, partner, track_id)
    assert restored["title"] == {"source": "import", "at": now.isoformat(), "actor": ACTOR.id,
                                 "detail": f"import {job} row 2"}  # fmt: skip


def test_an_edit_of_one_track_and_a_later_import_keep_each_fields_own_stamp(
    services: Services, partner: Partner, now: datetime
) -> None:
    first = _import(services, partner, CSV, now)
    track_id, _ = _stored(services, partner, "First Song")

    services.catalog.bulk_edit(  # by ids: the per-object path saves the domain object
        "track", partner.id, CatalogQuery(ids=(track_id,)), BulkEdit(set={"genre": "Jazz"}),
        actor=ACTOR, now=now,
    )  # fmt: skip
    later = now + timedelta(minutes=5)
    retitled = "ISRC,Track Title,Genre\nGBUV71200495,First Song (Edit),Rock\n"
    second = _import(services, partner, retitled, later)

    provenance = _provenance(services, partner, track_id)
    assert provenance["genre"]["source"] == Source.HUMAN.value  # kept: a person set it
    assert provenance["title"]["detail"] == f"import {second} row 2"
    assert provenance["title"]["at"] == later.isoformat()
    assert provenance["language"]["detail"] == f"import {first} row 2"  # unchanged since
    assert provenance["language"]["at"] == now.isoformat()
