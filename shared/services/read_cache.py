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
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

from shared.domain.identifiers import Isrc
from shared.domain.recordings import SoundRecording
from shared.domain.touched import TouchedRecords
from shared.errors import NotFound, Unavailable
from shared.ports import Cache, HotKeys, ReadCount, TrackLookup
from shared.services.flags import FeatureFlags
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

_ENVELOPE = struct.Struct(">d")  # the last recompute's duration in seconds, then the value
KEY_PREFIX = "catalog:v2:"  # v2: keys start with the partner; ISRC entries hold ids
TRACK_KIND = "track"


def pack(value: bytes, delta_s: float) -> bytes:
    """A cached value with the time its recompute took."""
    return _ENVELOPE.pack(delta_s) + value


def unpack(blob: bytes) -> tuple[float, bytes]:
    """``(delta_s, value)`` of a cached blob."""
    return _ENVELOPE.unpack_from(blob)[0], blob[_ENVELOPE.size :]


class ReadThroughCache:
    """``fetch(key, load)``: the cached value, loading (once, under a lock) when needed.

    Writers call ``invalidate`` after their COMMIT. A reader whose load began before that commit
    could otherwise store the old value just after the delete; so ``invalidate`` also leaves a
    short-lived marker with a new random value, a reader notes the markers before it loads, and
    stores what it loaded only if they are unchanged (checked and set atomically).
    """

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

    def fetch(
        self,
        key: str,
        load: Callable[[], bytes],
        *,
        markers: tuple[str, ...] = (),
        count: ReadCount | None = None,
        also: Callable[[], dict[str, bytes]] | None = None,
    ) -> bytes:
        """The value for ``key``; a cache outage degrades to loading, never to an error.

        ``markers``: more invalidation markers that forbid storing a reload (a whole prefix's).
        ``count``: a read to count in the same round trip as the lookup.
        ``also``: called after a load, more values that load read, stored in the same round
        trip as its value (each only while no write has marked its key).
        """
        try:
            return self._fetch(key, load, (stale_marker(key), *markers), count, also)
        except Unavailable as exc:
            logger.warning("cache unavailable, reading through: %s", exc)
            return load()

    def _fetch(
        self,
        key: str,
        load: Callable[[], bytes],
        markers: tuple[str, ...],
        count: ReadCount | None,
        also: Callable[[], dict[str, bytes]] | None,
    ) -> bytes:
        # one round trip: the read counted, the value, or on a miss the lock and the markers
        entry, locked, seen = self._cache.get_or_lock(
            key, lock=_lock(key), lock_ttl_s=self._lock_ttl_s, markers=markers, count=count
        )
        if entry is not None:
            delta_s, value = unpack(entry.value)
            if not self.should_refresh(delta_s, entry.ttl_remaining_s):
                return value
            if self._cache.add(_lock(key), b"1", ttl_s=self._lock_ttl_s):
                return self._recompute(key, load, markers, also=also)
            return value  # another reader is refreshing; this value is still valid
        if locked:
            seen_now = dict(zip(markers, seen, strict=True))
            return self._recompute(key, load, markers, seen_now, also=also)
        return self._wait_for(key, load)

    def should_refresh(self, delta_s: float, ttl_remaining_s: float) -> bool:
        """XFetch's test: refresh early with a probability growing as expiry nears."""
        draw = 1.0 - self._rng()  # in (0, 1]: log stays finite
        return delta_s * self._beta * -math.log(draw) >= ttl_remaining_s

    def _recompute(
        self,
        key: str,
        load: Callable[[], bytes],
        markers: tuple[str, ...],
        seen: dict[str, bytes | None] | None = None,
        *,
        also: Callable[[], dict[str, bytes]] | None = None,
    ) -> bytes:
        try:
            if seen is None:
                seen = dict(zip(markers, self._cache.get_values(*markers), strict=True))
            started = self._clock()
            value = load()
        except BaseException:
            self._cache.delete(_lock(key))
            raise
        delta_s = self._clock() - started
        more = also() if also is not None else {}
        self._cache.set_unless_marked(  # a marker: a write committed while we read
            key,
            pack(value, delta_s),
            ttl_s=self._ttl_s,
            markers=seen,
            unlock=_lock(key),
            also=[(k, pack(v, delta_s), stale_marker(k)) for k, v in more.items()],
        )
        return value

    def _wait_for(self, key: str, load: Callable[[], bytes]) -> bytes:
        """Another reader holds the lock on a cold key: wait for its value; load it ourselves
        when the holder let the lock go without storing one (its load failed, a write raced
        it, or it was not to be stored), or after ``wait_s``."""
        deadline = self._clock() + self._wait_s
        pause_s = 0.005
        while self._clock() < deadline:
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.1)
            value, lock = self._cache.get_values(key, _lock(key))
            if value is not None:
                return unpack(value)[1]
            if lock is None:
                return load()
        logger.info("lock holder of %s did not deliver in %.1f s: loading", key, self._wait_s)
        return load()

    def put(self, key: str, value: bytes, *, delta_s: float) -> None:
        """Store a value loaded elsewhere (the warm job)."""
        self._cache.set(key, pack(value, delta_s), ttl_s=self._ttl_s)

    def invalidate(self, *keys: str) -> None:
        """Forget values after a write (in batches: a bulk edit forgets thousands)."""
        for chunk in _chunks(keys, 1000):
            # a fresh value each time: a reader that noted an earlier write's marker must see
            # this one as a change (the same value twice let a straddling reader store)
            fresh = uuid.uuid4().bytes
            self._cache.set_many(
                {stale_marker(key): fresh for key in chunk}, ttl_s=self._lock_ttl_s
            )
            self._cache.delete(*chunk)

    def invalidate_prefix(self, prefix: str) -> int:
        """Forget every value under ``prefix`` (readers pass ``prefix_marker(prefix)``)."""
        self._cache.set(prefix_marker(prefix), uuid.uuid4().bytes, ttl_s=self._lock_ttl_s)
        return self._cache.delete_prefix(prefix)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lock(key: str) -> str:
    return f"{key}:refreshing"


def stale_marker(key: str) -> str:
    """The marker ``invalidate`` leaves for a key."""
    return f"{key}:stale"


def prefix_marker(prefix: str) -> str:
    """The marker ``invalidate_prefix`` leaves (outside the prefix, or it would delete it)."""
    return f"{prefix.rstrip(':')}#stale"


def partner_prefix(partner_id: UUID) -> str:
    """The start of every cache key of one partner's records."""
    return f"{KEY_PREFIX}{partner_id}:"


def track_key(partner_id: UUID, track_id: UUID) -> str:
    """Cache key of a track by id."""
    return f"{partner_prefix(partner_id)}track:{track_id}"


def isrc_key(partner_id: UUID, isrc: Isrc | str) -> str:
    """Cache key of the ids of a partner's tracks with one ISRC."""
    return f"{partner_prefix(partner_id)}isrc:{isrc}"


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


Renderer = Callable[[SoundRecording], bytes]


class TrackReads:
    """GET track by id and by ISRC through the cache; counts reads for the warm job.

    A value is a track as ``render`` makes it (the API passes its own JSON). An ISRC's entry
    holds only the ids of its tracks, each then read by id; one whose ISRC has since changed is
    dropped. So a write forgets just the track and the ISRC it now has (``forget``).
    """

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        cache: ReadThroughCache,
        hot: HotKeys,
        render: Renderer = render_track,
        flags: FeatureFlags | None = None,
        lookup: TrackLookup | None = None,
    ) -> None:
        self._uow = uow
        self._lookup = lookup
        self._cache = cache
        self._hot = hot
        self._render = render
        self._flags = flags

    def track(self, partner_id: UUID, track_id: UUID) -> bytes:
        """The rendered track; NotFound (never cached) when missing or another partner's."""
        return self._track(partner_id, track_id, ReadCount(TRACK_KIND, f"{partner_id}:{track_id}"))

    def track_from_database(self, partner_id: UUID, track_id: UUID) -> bytes:
        """The rendered track read from the database, without the cache (no shared cache)."""
        if self._lookup is not None:
            return self._render(self._lookup.track(partner_id, track_id))
        with self._uow() as uow:
            return self._render(uow.tracks.get(partner_id, track_id))

    def tracks_by_isrc_from_database(
        self, partner_id: UUID, isrc: Isrc | str, *, limit: int
    ) -> list[bytes]:
        """Up to ``limit`` + 1 rendered tracks with this ISRC, oldest first, without the cache
        (one more than asked, so the caller knows when a list needs a cursor)."""
        return [self._render(track) for track in self._with_isrc(partner_id, isrc, limit + 1)]

    def _with_isrc(self, partner_id: UUID, isrc: Isrc | str, limit: int) -> list[SoundRecording]:
        if self._lookup is not None:
            return self._lookup.tracks_with_isrc(partner_id, str(isrc), limit=limit)
        with self._uow() as uow:
            ids = uow.tracks.ids_with_isrc(partner_id, str(isrc))[:limit]
            found = {track.id: track for track in uow.tracks.find_many(partner_id, ids)}
        return [found[i] for i in ids if i in found]

    def _track(self, partner_id: UUID, track_id: UUID, count: ReadCount | None = None) -> bytes:
        def load() -> bytes:
            return self.track_from_database(partner_id, track_id)

        return self._fetch(partner_id, track_key(partner_id, track_id), load, count)

    def tracks_by_isrc(self, partner_id: UUID, isrc: Isrc | str, *, limit: int) -> list[bytes]:
        """The partner's live tracks with this ISRC, each rendered (more than ``limit``: the
        caller pages them from the database).

        A miss reads the tracks in the one statement the database-only path uses and answers
        with them; the ids (the ISRC's entry) and the tracks are stored in one Redis round trip.
        Reading the ids in a transaction and then each track through the cache as a miss of
        its own cost four statements, then a statement and two Redis round trips a track.
        """
        loaded: dict[UUID, bytes] = {}

        def load() -> bytes:
            tracks = self._with_isrc(partner_id, isrc, limit + 1)
            loaded.clear()
            loaded.update((track.id, self._render(track)) for track in tracks)
            if len(tracks) > limit:  # not all of them: an entry must list every one
                raise _TooManyToCache(list(loaded.values()))
            return _id_list(list(loaded))

        def also() -> dict[str, bytes]:  # stored with the entry: a read by id finds them
            return {track_key(partner_id, i): rendered for i, rendered in loaded.items()}

        try:
            ids = json.loads(self._fetch(partner_id, isrc_key(partner_id, isrc), load, also=also))
        except _TooManyToCache as exc:
            return exc.rendered
        if loaded or not ids:
            return list(loaded.values())
        return self._cached_tracks(partner_id, isrc, ids)

    def _cached_tracks(self, partner_id: UUID, isrc: Isrc | str, ids: list[str]) -> list[bytes]:
        """An ISRC entry's tracks, each read by id (one whose ISRC has since moved is dropped)."""
        found = []
        for track_id in ids:
            try:
                rendered = self._track(partner_id, UUID(track_id))
            except NotFound:  # deleted since the entry was made
                continue
            if json.loads(rendered).get("isrc") == str(isrc):  # else it has a new ISRC now
                found.append(rendered)
        return found

    def _fetch(
        self,
        partner_id: UUID,
        key: str,
        load: Callable[[], bytes],
        count: ReadCount | None = None,
        *,
        also: Callable[[], dict[str, bytes]] | None = None,
    ) -> bytes:
        """Through the cache (counting the read in the same round trip), unless the
        cache.read_through flag is off for this partner."""
        if self._flags is not None and not self._flags.is_enabled("cache.read_through", partner_id):
            if count is not None:
                self._count(count)
            return load()
        markers = (prefix_marker(partner_prefix(partner_id)),)
        return self._cache.fetch(key, load, markers=markers, count=count, also=also)

    def forget(self, touched: TouchedRecords) -> None:
        """Call after a commit: the cached forms of what it wrote go (best effort: a cache
        outage leaves them to expire with CACHE_TTL_S)."""
        keys = [track_key(p, t) for p, t in touched.tracks if p not in touched.partners]
        keys += [isrc_key(p, i) for p, i in touched.isrcs if p not in touched.partners]
        try:
            for partner_id in touched.partners:
                self._cache.invalidate_prefix(partner_prefix(partner_id))
            self._cache.invalidate(*keys)
        except Unavailable as exc:
            logger.warning("cache not told of %d changed records: %s", len(keys), exc)

    def _count(self, count: ReadCount) -> None:
        try:
            self._hot.record(count.kind, count.member)
        except Unavailable as exc:  # popularity is best effort; the read goes on
            logger.debug("read not counted: %s", exc)

    def warm_tracks(self, partner_id: UUID, track_ids: list[UUID]) -> int:
        """Load and cache a partner's tracks (and their ISRC lookups); return how many."""
        started = time.monotonic()
        with self._uow() as uow:
            repo = uow.hot_records
            tracks = repo.tracks(partner_id, track_ids)
            by_isrc = repo.tracks_sharing_isrcs(partner_id, [t.isrc for t in tracks if t.isrc])
        delta_s = (time.monotonic() - started) / max(1, len(tracks))
        for track in tracks:
            self._cache.put(track_key(partner_id, track.id), self._render(track), delta_s=delta_s)
        for isrc, same in by_isrc.items():
            ids = _id_list([t.id for t in same])
            self._cache.put(isrc_key(partner_id, isrc), ids, delta_s=delta_s)
        return len(tracks)


class _TooManyToCache(Exception):
    """An ISRC's tracks outnumber the page asked for: answered, not stored."""

    def __init__(self, rendered: list[bytes]) -> None:
        super().__init__(f"{len(rendered)} tracks")
        self.rendered = rendered


def _id_list(ids: Sequence[UUID]) -> bytes:
    return json.dumps([str(i) for i in ids]).encode()
