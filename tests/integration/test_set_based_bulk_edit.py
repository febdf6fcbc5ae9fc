"""A bulk edit by filter runs as one statement and leaves what the per-object path leaves
(issue 19): the same values, provenance, versions, audit events, undo and validation queue.

Each test builds two identical releases and edits one by filter (set-based) and the other by
ids (the per-object path), then compares them row by row.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.column_edits import PYTHON_WHITESPACE
from shared.domain.partners import Partner
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from shared.domain.search import CatalogQuery
from shared.errors import InvalidFields
from shared.services.catalog import BulkEdit, Changed, FindReplace

ACTOR = Actor.system("tests")
TITLES = [
    ("Song One", "Radio Mix", "Rock"),
    ("Song Two", "Mix", None),  # the version is emptied by the edit: it becomes null
    ("Other", None, "Jazz"),  # title untouched; genre already Jazz
    ("Song\u3000", "Club Mix", "Jazz"),
]
EDIT = BulkEdit(
    set={"genre": "Jazz", "explicit": True},
    find_replace=(
        FindReplace("title", "Song", "Tune"),
        FindReplace("title", "Tune One", "Tune 1"),  # sees the first rule's result
        FindReplace("version_title", "Mix", ""),  # "Radio Mix" becomes "Radio", stripped
    ),
)


def _release_of(services: Services, partner: Partner, now: datetime, rows: list[Any]) -> UUID:
    release = Release(uuid.uuid4(), partner.id, "Album", release_type="Album")
    with services.uow() as uow:
        uow.releases.add(release, now=now)
        for title, version, genre in rows:
            track = SoundRecording(
                uuid.uuid4(), partner.id, title, version_title=version, genre=genre,
                release_id=release.id,
            )  # fmt: skip
            uow.tracks.add(track, now=now)
    return release.id


def _ids_of(services: Services, partner: Partner, release_id: UUID) -> list[UUID]:
    with services.engine.connect() as conn:
        return list(
            conn.execute(
                sa.text("SELECT id FROM tracks WHERE partner_id = :p AND release_id = :r "
                        "ORDER BY title COLLATE \"C\", id"),
                {"p": partner.id, "r": release_id},
            ).scalars()
        )  # fmt: skip


def _state(services: Services, partner: Partner, ids: list[UUID]) -> list[tuple[Any, ...]]:
    """Each track's edited columns, version, provenance and audit changes, in ``ids`` order."""
    with services.engine.connect() as conn:
        rows = {
            row.id: row
            for row in conn.execute(
                sa.text(
                    "SELECT t.id, t.title, t.version_title, t.genre, t.explicit, t.version, "
                    "t.provenance, (SELECT jsonb_agg(a.changes || jsonb_build_array(a.action, "
                    "a.detail, a.retention_class, a.actor_id)) FROM audit_events a "
                    "WHERE a.entity_id = t.id AND a.change_set_id IS NOT NULL) AS audit "
                    "FROM tracks t WHERE t.partner_id = :p AND t.id = ANY(:ids)"
                ),
                {"p": partner.id, "ids": ids},
            )
        }
    return [tuple(rows[i])[1:] for i in ids]


def _both_ways(
    services: Services, partner: Partner, now: datetime, edit: BulkEdit
) -> tuple[Changed, list[UUID], Changed, list[UUID]]:
    by_filter = _release_of(services, partner, now, TITLES)
    by_ids = _release_of(services, partner, now, TITLES)
    filter_ids, each_ids = _ids_of(services, partner, by_filter), _ids_of(services, partner, by_ids)
    in_place = services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(release_id=by_filter), edit, actor=ACTOR, now=now
    )
    each = services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(ids=tuple(each_ids)), edit, actor=ACTOR, now=now
    )
    return in_place, filter_ids, each, each_ids


def test_an_edit_by_filter_leaves_what_the_per_object_path_leaves(
    services: Services, partner: Partner, now: datetime
) -> None:
    in_place, filter_ids, each, each_ids = _both_ways(services, partner, now, EDIT)

    assert in_place.objects == []  # the set-based path: no domain objects were made
    assert in_place.total == len(each.objects) == 4
    assert _state(services, partner, filter_ids) == _state(services, partner, each_ids)
    title, version, genre, explicit, version_number, provenance, audit = _state(
        services, partner, filter_ids
    )[0]
    assert (title, version, genre, explicit) == ("Other", None, "Jazz", True)
    assert version_number == 2
    assert set(provenance) == {"explicit"}  # only what changed gets the person's provenance
    assert [c["field"] for c in audit[0][:-4]] == ["explicit"]
    emptied = _state(services, partner, filter_ids)[2]
    assert emptied[:4] == ("Tune Two", None, "Jazz", True)


def test_an_unchanged_row_gets_no_version_no_event_and_no_provenance(
    services: Services, partner: Partner, now: datetime
) -> None:
    edit = BulkEdit(set={"genre": "Jazz"})
    release_id = _release_of(services, partner, now, [("Same", None, "Jazz"), ("New", None, None)])
    ids = _ids_of(services, partner, release_id)

    changed = services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(release_id=release_id), edit, actor=ACTOR, now=now
    )

    assert changed.total == 1
    (new, same) = _state(services, partner, ids)
    assert same[4:] == (1, {}, None)
    assert new[4] == 2
    assert new[6][0][:-4] == [
        {"field": "genre", "before": None, "after": "Jazz", "before_provenance": None}
    ]


def test_undo_of_an_edit_by_filter_restores_what_the_per_object_undo_restores(
    services: Services, partner: Partner, now: datetime
) -> None:
    in_place, filter_ids, each, each_ids = _both_ways(services, partner, now, EDIT)

    for changed in (in_place, each):
        services.catalog.undo(
            partner.id, changed.change_id, actor=ACTOR, now=now, may_restore=False
        )

    restored = [row[:5] for row in _state(services, partner, filter_ids)]
    assert restored == [row[:5] for row in _state(services, partner, each_ids)]
    assert [row[:4] for row in restored] == [
        ("Other", None, "Jazz", None),
        ("Song One", "Radio Mix", "Rock", None),
        ("Song Two", "Mix", None, None),
        ("Song", "Club Mix", "Jazz", None),  # undo parses the old value: stripped
    ]


def test_an_edit_by_filter_queues_its_release_for_validation(
    services: Services, partner: Partner, now: datetime
) -> None:
    release_id = _release_of(services, partner, now, TITLES)
    with services.engine.begin() as conn:
        conn.execute(
            sa.text("DELETE FROM validation_dirty WHERE partner_id = :p"), {"p": partner.id}
        )

    services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(release_id=release_id), EDIT, actor=ACTOR, now=now
    )

    with services.engine.connect() as conn:
        queued = conn.execute(
            sa.text("SELECT DISTINCT release_id FROM validation_dirty WHERE partner_id = :p"),
            {"p": partner.id},
        ).scalars()
        assert list(queued) == [release_id]


@pytest.mark.parametrize(
    ("rule", "reason", "rows"),
    [
        (FindReplace("title", "Song", "x" * 500), "at most 500 allowed", 3),  # "Other" has none
        (FindReplace("title", "Song", PYTHON_WHITESPACE), "is required", 1),  # "Song\u3000"
    ],
)
def test_a_refused_value_names_the_rows_as_the_per_object_path_does_and_saves_nothing(
    services: Services, partner: Partner, now: datetime, rule: FindReplace, reason: str,
    rows: int,
) -> None:  # fmt: skip
    edit = BulkEdit(set={"genre": "Jazz"}, find_replace=(rule,))
    by_filter = _release_of(services, partner, now, TITLES)
    by_ids = _release_of(services, partner, now, TITLES)
    each_ids = _ids_of(services, partner, by_ids)
    with pytest.raises(InvalidFields) as refused:
        services.catalog.bulk_edit(
            "track", partner.id, CatalogQuery(release_id=by_filter), edit, actor=ACTOR, now=now
        )
    with pytest.raises(InvalidFields) as refused_each:
        services.catalog.bulk_edit(
            "track", partner.id, CatalogQuery(ids=tuple(each_ids)), edit, actor=ACTOR, now=now
        )

    problems = refused.value.problems
    assert len(problems) == len(refused_each.value.problems) == rows
    assert all(f.endswith(".title") and reason in r for f, r in problems)
    with services.engine.connect() as conn:
        untouched = conn.execute(
            sa.text("SELECT count(*) FROM tracks WHERE release_id = :r AND version = 1"),
            {"r": by_filter},
        ).scalar_one()
    assert untouched == 4


def test_python_whitespace_is_what_str_strip_removes() -> None:
    every = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())

    assert sorted(PYTHON_WHITESPACE) == sorted(every)
