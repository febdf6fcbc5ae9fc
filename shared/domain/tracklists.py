"""A release's tracklist: which tracks it holds, on which disc, at which number.

Pure rules, no IO: the tracklist service reads the release's tracks, asks these functions for
the new positions (each refusal names the field), and writes only the tracks whose place moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from shared.errors import InvalidField

MAX_DISC = 999
MAX_TRACK_NUMBER = 9999


@dataclass(frozen=True, slots=True)
class TrackPosition:
    """Where one track sits on a release."""

    track_id: UUID
    disc_number: int
    track_number: int


def numbered_in_order(
    track_ids: Sequence[UUID], *, field: str = "track_ids"
) -> list[TrackPosition]:
    """Tracks in the order given, all on disc 1, numbered from 1."""
    if not track_ids:
        raise InvalidField(field, "name at least one track")
    _refuse_repeats(track_ids, field)
    return [TrackPosition(track_id, 1, number) for number, track_id in enumerate(track_ids, 1)]


def checked_positions(
    positions: Sequence[TrackPosition], on_release: set[UUID], *, field: str = "tracks"
) -> list[TrackPosition]:
    """A whole new tracklist: every track of the release exactly once, each place taken once."""
    _refuse_repeats([p.track_id for p in positions], field, suffix=".track_id")
    taken: dict[tuple[int, int], int] = {}
    for index, position in enumerate(positions):
        where = f"{field}[{index}]"
        if position.track_id not in on_release:
            raise InvalidField(f"{where}.track_id", f"track {position.track_id} is not on it")
        _check_numbers(position.disc_number, position.track_number, where)
        place = (position.disc_number, position.track_number)
        if place in taken:
            raise InvalidField(
                f"{where}.track_number",
                f"disc {place[0]} track {place[1]} is already {field}[{taken[place]}]",
            )
        taken[place] = index
    missing = on_release - {p.track_id for p in positions}
    if missing:
        raise InvalidField(field, f"leaves out track {sorted(map(str, missing))[0]}: list them all")
    return list(positions)


def appended(
    current: Sequence[TrackPosition],
    track_id: UUID,
    *,
    disc_number: int = 1,
    track_number: int | None = None,
) -> list[TrackPosition]:
    """The tracklist with ``track_id`` added: at the end of its disc, or at ``track_number``
    with the tracks from there on moved down one."""
    _check_numbers(disc_number, track_number or 1, "")
    on_disc = [p for p in current if p.disc_number == disc_number]
    last = max((p.track_number for p in on_disc), default=0)
    number = last + 1 if track_number is None else min(track_number, last + 1)
    if number > MAX_TRACK_NUMBER:
        raise InvalidField("track_number", f"disc {disc_number} is full ({MAX_TRACK_NUMBER})")
    moved = [
        TrackPosition(p.track_id, p.disc_number, p.track_number + 1)
        if p.disc_number == disc_number and p.track_number >= number
        else p
        for p in current
    ]
    return [*moved, TrackPosition(track_id, disc_number, number)]


def without(current: Sequence[TrackPosition], track_id: UUID) -> list[TrackPosition]:
    """The tracklist with ``track_id`` taken off and its disc renumbered without a gap."""
    gone = next((p for p in current if p.track_id == track_id), None)
    if gone is None:
        raise InvalidField("track_id", f"track {track_id} is not on this release")
    return [
        TrackPosition(p.track_id, p.disc_number, p.track_number - 1)
        if p.disc_number == gone.disc_number and p.track_number > gone.track_number
        else p
        for p in current
        if p.track_id != track_id
    ]


def _check_numbers(disc_number: int, track_number: int, where: str) -> None:
    prefix = f"{where}." if where else ""
    if not 1 <= disc_number <= MAX_DISC:
        raise InvalidField(f"{prefix}disc_number", f"{disc_number} is outside 1..{MAX_DISC}")
    if not 1 <= track_number <= MAX_TRACK_NUMBER:
        raise InvalidField(
            f"{prefix}track_number", f"{track_number} is outside 1..{MAX_TRACK_NUMBER}"
        )


def _refuse_repeats(track_ids: Sequence[UUID], field: str, *, suffix: str = "") -> None:
    seen: dict[UUID, int] = {}
    for index, track_id in enumerate(track_ids):
        if track_id in seen:
            raise InvalidField(
                f"{field}[{index}]{suffix}",
                f"track {track_id} is already {field}[{seen[track_id]}]",
            )
        seen[track_id] = index
