"""The database-only read path of the API: a track by id in one round trip.

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

import sqlalchemy as sa

from shared.db.repositories.tracks import TrackRepository
from shared.domain.recordings import Contributor, SoundRecording
from shared.errors import NotFound, Unavailable

logger = logging.getLogger(__name__)

_TRACK_WITH_CREDITS = sa.text(
    """
SELECT t.*, (
    SELECT coalesce(json_agg(json_build_array(c.party_id, p.name, c.role, c.sequence, c.share)
                             ORDER BY c.sequence), '[]')
    FROM track_contributors c
    JOIN parties p ON p.partner_id = c.partner_id AND p.id = c.party_id
    WHERE c.partner_id = t.partner_id AND c.track_id = t.id
) AS credits
FROM tracks t
WHERE t.partner_id = :partner_id AND t.id = :track_id AND t.deleted_at IS NULL
"""
)


class PostgresTrackLookup:
    """TrackLookup on its own pool of autocommit connections (``create_read_engine``)."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def track(self, partner_id: UUID, track_id: UUID) -> SoundRecording:
        """The live track with its credits; NotFound when missing or another partner's."""
        params = {"partner_id": partner_id, "track_id": track_id}
        try:
            row = self._fetch(params)
        except Unavailable as exc:
            if not _connection_lost(exc):
                raise
            logger.info("a pooled read connection was dead; reading again on a new one")
            row = self._fetch(params)
        if row is None:
            raise NotFound(f"track {track_id} not found")
        return TrackRepository.from_row_with_credits(row, _credits(row["credits"]))

    def _fetch(self, params: dict[str, Any]) -> sa.RowMapping | None:
        with self._engine.connect() as conn:
            return conn.execute(_TRACK_WITH_CREDITS, params).mappings().first()


def _credits(raw: list[list[Any]] | None) -> tuple[Contributor, ...]:
    return tuple(
        Contributor(UUID(party_id), name, role, sequence, None if share is None else float(share))
        for party_id, name, role, sequence, share in raw or ()
    )


def _connection_lost(exc: Unavailable) -> bool:
    """A socket that broke or a server that closed the connection, not a timeout or overload."""
    cause = exc.__cause__
    return isinstance(cause, OSError) or type(cause).__name__ == "InterfaceError"
