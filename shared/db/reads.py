"""The database-only read path of the API: a track by id in one round trip (one prepared
statement).

Through the unit of work a GET cost five round trips (pool ping, BEGIN, the track, its credits,
COMMIT) through pure-Python pg8000, which capped two cores near 460 reads/s (issue 19). Here a
read is one statement on a connection in autocommit, so pg8000 sends no BEGIN and nothing
needs a COMMIT; the credits come with the track as a JSON array; and the read pool does not
ping a connection on checkout. A connection found dead when the read runs is thrown away and
the read tried once more on a fresh one, which is all the ping bought.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

import pg8000.dbapi
import sqlalchemy as sa
from pg8000.native import PreparedStatement

from shared.db.engine import describe_db_error
from shared.db.repositories.tracks import TrackRepository
from shared.db.tables import tracks
from shared.domain.recordings import Contributor, SoundRecording
from shared.errors import CatalogError, NotFound, Unavailable

logger = logging.getLogger(__name__)

_COLUMNS = ", ".join(
    f"t.{c.name}" for c in tracks.c if c.name not in ("created_at", "updated_at", "deleted_at")
)  # no timestamps: the body has none, and pg8000 parses each with strptime
_SELECT = f"""
SELECT {_COLUMNS}, (
    SELECT coalesce(json_agg(json_build_array(c.party_id, p.name, c.role, c.sequence, c.share)
                             ORDER BY c.sequence), '[]')
    FROM track_contributors c
    JOIN parties p ON p.partner_id = c.partner_id AND p.id = c.party_id
    WHERE c.partner_id = t.partner_id AND c.track_id = t.id
) AS credits
FROM tracks t
WHERE t.partner_id = :partner_id AND t.deleted_at IS NULL
"""
TRACK_WITH_CREDITS = sa.text(_SELECT + "AND t.id = :track_id\n")
# the list's default order (created_at, then id), as the read cache's ISRC entries keep it
_TRACKS_WITH_ISRC = _SELECT + "AND t.isrc = :isrc ORDER BY t.created_at, t.id LIMIT :limit\n"
_NAMES = [*(c.name for c in tracks.c if c.name not in ("created_at", "updated_at", "deleted_at")),
          "credits"]  # fmt: skip


_BY_ID = TRACK_WITH_CREDITS.text
_BY_ISRC = _TRACKS_WITH_ISRC


class PostgresTrackLookup:
    """TrackLookup on its own pool of autocommit connections (``create_engines``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def track(self, partner_id: UUID, track_id: UUID) -> SoundRecording:
        """The live track with its credits; NotFound when missing or another partner's."""
        rows = self._read(_BY_ID, {"partner_id": partner_id, "track_id": track_id})
        if not rows:
            raise NotFound(f"track {track_id} not found")
        return _track(rows[0])

    def tracks_with_isrc(self, partner_id: UUID, isrc: str, *, limit: int) -> list[SoundRecording]:
        """Up to ``limit`` live tracks with this ISRC, with their credits, oldest first."""
        found = self._read(_BY_ISRC, {"partner_id": partner_id, "isrc": isrc, "limit": limit})
        return [_track(row) for row in found]

    def _read(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            return self._fetch(statement, params)
        except Unavailable as exc:
            if not _lost(exc.__cause__):
                raise
            logger.info("a pooled read connection was dead; reading again on a new one")
            return self._fetch(statement, params)

    def _fetch(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        # the driver, not SQLAlchemy's result: setting up a result's processors for 25 columns
        # cost more CPU than pg8000 reading the row; and a statement prepared once per
        # connection, which pg8000 runs in one round trip (an unprepared one takes three)
        with self._engine.connect() as conn:
            driver = conn.connection.driver_connection
            prepared: dict[str, PreparedStatement] = conn.connection.info.setdefault(
                "prepared_reads", {}
            )
            try:
                if statement not in prepared:
                    prepared[statement] = PreparedStatement(driver, statement)
                found = prepared[statement].run(**params) or []
            except (OSError, pg8000.dbapi.Error) as exc:
                if _lost(exc):
                    conn.invalidate()  # never back into the pool
                raise _translated(exc) from exc
        return [dict(zip(_NAMES, row, strict=True)) for row in found]


def _track(row: dict[str, Any]) -> SoundRecording:
    return TrackRepository.from_row_with_credits(row, _credits(row["credits"]))


def _credits(raw: list[list[Any]] | None) -> tuple[Contributor, ...]:
    return tuple(
        Contributor(UUID(party_id), name, role, sequence, None if share is None else float(share))
        for party_id, name, role, sequence, share in raw or ()
    )


def _lost(exc: BaseException | None) -> bool:
    """A socket that broke or a server that closed the connection (not a timeout)."""
    return isinstance(exc, OSError | pg8000.dbapi.InterfaceError)


def _translated(exc: OSError | pg8000.dbapi.Error) -> Exception:
    """Our error for a driver error, as the engine's handle_error hook words it."""
    fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    if _lost(exc) or str(fields.get("C", "")).startswith(("57", "53", "40")):
        return Unavailable(f"PostgreSQL: {describe_db_error(exc)}")
    return CatalogError(f"PostgreSQL: {describe_db_error(exc)}")
