"""Read-through cache for hot metadata reads, with probabilistic early refresh (XFetch).

XFetch (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede Prevention",
VLDB 2015): each reader refreshes a value before it expires with probability rising as expiry
nears, ``delta * beta * -ln(rand()) >= ttl_remaining``, where ``delta`` is how long the last
recompute took. A reader that decides to refresh takes a short lock (SET NX), so one reader
recomputes while every other keeps being served the still-valid value: TTL expiry never sends
a herd to the database. On a cold miss the lock holder loads; the others wait briefly for it.
"""

from __future__ import annotations

import json
import logging
import math
import random
import struct
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

from shared.db.repositories.hot_records import HotRecordRepository
from shared.db.uow import UnitOfWork
from shared.domain.identifiers import Isrc
from shared.domain.recordings import SoundRecording
from shared.errors import Unavailable
from shared.ports import Cache, HotKeys
from shared.services.flags import FeatureFlags

logger = logging.getLogger(__name__)

_ENVELOPE = struct.Struct(">d")  # the last recompute's duration in seconds, then the value
KEY_PREFIX = "catalog:v1:"
TRACK_KIND = "track"


def pack(value: bytes, delta_s: float) -> bytes:
    """A cached value with the time its recompute took."""
    return _ENVELOPE.pack(delta_s) + value


def unpack(blob: bytes) -> tuple[float, bytes]:
    """``(delta_s, value)`` of a cached blob."""
    return _ENVELOPE.unpack_from(blob)[0], blob[_ENVELOPE.size :]


class ReadThroughCache:
    """``fetch(key, load)``: the cached value, loading (once, under a lock) when needed."""

    def __init__(
        self,
        cache: Cache,
        *,
        ttl_s: float,
        beta: float = 1.0,
        lock_ttl_s: float = 10.0,
        wait_s: float = 2.0,
        rng: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._cache = cache
        self._ttl_s = ttl_s
        self._beta = beta
        self._lock_ttl_s = lock_ttl_s
        self._wait_s = wait_s
        self._rng = rng
        self._clock = clock

    def fetch(self, key: str, load: Callable[[], bytes]) -> bytes:
        """The value for ``key``; a cache outage degrades to loading, never to an error."""
        try:
            return self._fetch(key, load)
        except Unavailable as exc:
            logger.warning("cache unavailable, reading through: %s", exc)
            return load()

    def _fetch(self, key: str, load: Callable[[], bytes]) -> bytes:
        entry = self._cache.get(key)
        if entry is not None:
            delta_s, value = unpack(entry.value)
            if not self.should_refresh(delta_s, entry.ttl_remaining_s):
                return value
            if self._cache.add(_lock(key), b"1", ttl_s=self._lock_ttl_s):
                return self._recompute(key, load)
            return value  # another reader is refreshing; this value is still valid
        if self._cache.add(_lock(key), b"1", ttl_s=self._lock_ttl_s):
            return self._recompute(key, load)
        return self._wait_for(key, load)

    def should_refresh(self, delta_s: float, ttl_remaining_s: float) -> bool:
        """XFetch's test: refresh early with a probability growing as expiry nears."""
        draw = 1.0 - self._rng()  # in (0, 1]: log stays finite
        return delta_s * self._beta * -math.log(draw) >= ttl_remaining_s

    def _recompute(self, key: str, load: Callable[[], bytes]) -> bytes:
        try:
            started = self._clock()
            value = load()
            self._cache.set(key, pack(value, self._clock() - started), ttl_s=self._ttl_s)
            return value
        finally:
            self._cache.delete(_lock(key))

    def _wait_for(self, key: str, load: Callable[[], bytes]) -> bytes:
        """Another reader holds the lock on a cold key: wait for its value, then give up."""
        deadline = self._clock() + self._wait_s
        pause_s = 0.005
        while self._clock() < deadline:
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.1)
            entry = self._cache.get(key)
            if entry is not None:
                return unpack(entry.value)[1]
        logger.info("lock holder of %s did not deliver in %.1f s: loading", key, self._wait_s)
        return load()

    def put(self, key: str, value: bytes, *, delta_s: float) -> None:
        """Store a value loaded elsewhere (the warm job)."""
        self._cache.set(key, pack(value, delta_s), ttl_s=self._ttl_s)

    def invalidate(self, *keys: str) -> None:
        """Forget values after a write."""
        self._cache.delete(*keys)


def _lock(key: str) -> str:
    return f"{key}:refreshing"


def track_key(partner_id: UUID, track_id: UUID) -> str:
    """Cache key of a track by id."""
    return f"{KEY_PREFIX}track:{partner_id}:{track_id}"


def isrc_key(partner_id: UUID, isrc: Isrc) -> str:
    """Cache key of a partner's tracks with one ISRC."""
    return f"{KEY_PREFIX}isrc:{partner_id}:{isrc}"


def track_document(track: SoundRecording) -> dict[str, Any]:
    """A track as JSON (the API may pass its own renderer instead)."""
    return {
        "id": str(track.id),
        "partner_id": str(track.partner_id),
        "title": track.title,
        "isrc": str(track.isrc) if track.isrc else None,
        "version_title": track.version_title,
        "display_artist": track.display_artist,
        "duration_ms": track.duration_ms,
        "release_id": _text(track.release_id),
        "work_id": _text(track.work_id),
        "asset_id": _text(track.asset_id),
        "genre": track.genre,
        "sub_genre": track.sub_genre,
        "moods": list(track.moods),
        "bpm": track.bpm,
        "key": str(track.key) if track.key else None,
        "explicit": track.explicit,
        "language": track.language,
        "disc_number": track.disc_number,
        "track_number": track.track_number,
        "status": track.status,
        "contributors": [
            {
                "party_id": str(c.party_id),
                "name": c.name,
                "role": c.role,
                "sequence": c.sequence,
                "share": c.share,
            }
            for c in track.contributors
        ],
    }


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def render_track(track: SoundRecording) -> bytes:
    """Default renderer: compact JSON."""
    return json.dumps(track_document(track), separators=(",", ":")).encode()


def render_tracks(tracks: list[SoundRecording]) -> bytes:
    """A JSON list of tracks (what a lookup by ISRC returns)."""
    return json.dumps([track_document(t) for t in tracks], separators=(",", ":")).encode()


Renderer = Callable[[SoundRecording], bytes]


class TrackReads:
    """GET track by id and by ISRC through the cache; counts reads for the warm job."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        cache: ReadThroughCache,
        hot: HotKeys,
        render: Renderer = render_track,
        flags: FeatureFlags | None = None,
    ) -> None:
        self._uow = uow
        self._cache = cache
        self._hot = hot
        self._render = render
        self._flags = flags

    def track(self, partner_id: UUID, track_id: UUID) -> bytes:
        """The rendered track; NotFound (never cached) when missing or another partner's."""

        def load() -> bytes:
            with self._uow() as uow:
                return self._render(uow.tracks.get(partner_id, track_id))

        self._count(f"{partner_id}:{track_id}")
        return self._fetch(partner_id, track_key(partner_id, track_id), load)

    def tracks_by_isrc(self, partner_id: UUID, isrc: Isrc) -> bytes:
        """The partner's tracks with this ISRC, rendered as a JSON list."""

        def load() -> bytes:
            with self._uow() as uow:
                return render_tracks(uow.tracks.find_by_isrc(partner_id, isrc))

        return self._fetch(partner_id, isrc_key(partner_id, isrc), load)

    def _fetch(self, partner_id: UUID, key: str, load: Callable[[], bytes]) -> bytes:
        """Through the cache, unless the cache.read_through flag is off for this partner."""
        if self._flags is not None and not self._flags.is_enabled("cache.read_through", partner_id):
            return load()
        return self._cache.fetch(key, load)

    def forget(self, track: SoundRecording) -> None:
        """Call after a track changed: its cached forms go."""
        keys = [track_key(track.partner_id, track.id)]
        if track.isrc:
            keys.append(isrc_key(track.partner_id, track.isrc))
        self._cache.invalidate(*keys)

    def _count(self, member: str) -> None:
        try:
            self._hot.record(TRACK_KIND, member)
        except Unavailable as exc:  # popularity is best effort; the read goes on
            logger.debug("read not counted: %s", exc)

    def warm_tracks(self, partner_id: UUID, track_ids: list[UUID]) -> int:
        """Load and cache a partner's tracks (and their ISRC lookups); return how many."""
        started = time.monotonic()
        with self._uow() as uow:
            repo = HotRecordRepository(uow.connection)
            tracks = repo.tracks(partner_id, track_ids)
            by_isrc = repo.tracks_sharing_isrcs(partner_id, [t.isrc for t in tracks if t.isrc])
        delta_s = (time.monotonic() - started) / max(1, len(tracks))
        for track in tracks:
            self._cache.put(track_key(partner_id, track.id), self._render(track), delta_s=delta_s)
        for isrc, same in by_isrc.items():
            self._cache.put(isrc_key(partner_id, isrc), render_tracks(same), delta_s=delta_s)
        return len(tracks)
