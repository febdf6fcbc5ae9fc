"""What a unit of work tells the read cache: only committed writes, with what they touched; and
pg8000's memoised placeholder rewrite giving what pg8000 itself gives."""

from __future__ import annotations

import uuid
from datetime import datetime

import pg8000.dbapi
import pytest

from shared.bootstrap import Services
from shared.db.uow import UnitOfWork
from shared.domain.identifiers import Isrc
from shared.domain.partners import Partner
from shared.domain.recordings import SoundRecording
from shared.domain.touched import TouchedRecords


def test_a_commit_reports_the_tracks_and_isrcs_it_wrote(
    services: Services, partner: Partner, now: datetime
) -> None:
    told: list[TouchedRecords] = []
    track = SoundRecording(uuid.uuid4(), partner.id, "Song", isrc=Isrc.parse("USRC17607839"))

    with UnitOfWork(services.engine, after_commit=told.append) as uow:
        uow.tracks.add(track, now=now)

    assert len(told) == 1
    assert told[0].tracks == {(partner.id, track.id)}
    assert told[0].isrcs == {(partner.id, "USRC17607839")}


def test_a_rolled_back_write_reports_nothing(
    services: Services, partner: Partner, now: datetime
) -> None:
    told: list[TouchedRecords] = []
    track = SoundRecording(uuid.uuid4(), partner.id, "Song")

    def write_then_fail() -> None:
        with UnitOfWork(services.engine, after_commit=told.append) as uow:
            uow.tracks.add(track, now=now)
            raise RuntimeError("the service failed after writing")

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert told == []


def test_a_read_only_unit_of_work_reports_nothing(services: Services, partner: Partner) -> None:
    told: list[TouchedRecords] = []

    with UnitOfWork(services.engine, after_commit=told.append) as uow:
        uow.tracks.find(partner.id, uuid.uuid4())

    assert told == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT %s, %s", "SELECT $1, $2"),
        ("SELECT '%s' || %s", "SELECT '%s' || $1"),  # inside a string: left alone
        ("SELECT 7 %% 3 + %s", "SELECT 7 % 3 + $1"),
        ('SELECT "a%s" FROM t WHERE x = %s', 'SELECT "a%s" FROM t WHERE x = $1'),
    ],
)
def test_the_memoised_placeholder_rewrite_matches_pg8000(statement: str, expected: str) -> None:
    convert = pg8000.dbapi.convert_paramstyle

    first = convert("format", statement, (1, 2))
    again = convert("format", statement, (3, 4))

    assert getattr(convert, "memoized", False)
    assert first == (expected, (1, 2))
    assert again == (expected, (3, 4))
