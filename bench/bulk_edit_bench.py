"""A bulk edit of the 10,000 tracks of one release (issue 19): ``python -m bench.bulk_edit_bench``.

Three ways on the same rows, alternating, ``--rounds`` times: the product's edit by filter
(``release_id``: one statement), the per-object path (the same tracks selected by ids), and the
floor, a plain ``UPDATE tracks SET genre = ..., title = replace(title, ...) WHERE release_id =
...`` in its own transaction (the same columns, so the same index work; "genre only" is the
floor the issue first named).
Each edit changes every row (the genre and a word of the title alternate), so each writes the
same amount; ratios compare runs made back to back on the same machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import sqlalchemy as sa

from bench.common import throwaway_database
from shared.bootstrap import Services, build_services
from shared.domain.audit import Actor
from shared.domain.partners import Tier
from shared.domain.search import CatalogQuery
from shared.services.catalog import BulkEdit, FindReplace
from shared.services.import_runs import ImportOptions
from shared.settings import Settings

ACTOR = Actor.system("bench")


def _one_release(built: Services, partner_id: UUID, tracks: int) -> UUID:
    lines = ["ISRC,Track Title,Artist,Album,Disc Number,Track Number\n"]
    lines += [
        f"QZBBB{n:07d},Song {n},The Band,One Big Album,{n // 99 + 1},{n % 99 + 1}\n"
        for n in range(tracks)
    ]
    data = "".join(lines).encode()
    doc = built.imports.run_file(
        partner_id, "big.csv", lambda: io.BytesIO(data), len(data), ImportOptions(), ACTOR,
        now=datetime.now(UTC),
    )  # fmt: skip
    assert doc["state"] == "succeeded", doc
    with built.uow() as uow:
        return uow.tracks.where(partner_id, limit=1)[0].release_id  # type: ignore[no-any-return]


def _timed(action: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, throwaway_database("bench_bulk") as (url, eng):
        built = build_services(Settings(database_url=url, catalog_data_dir=Path(folder)))
        partner = built.partners.create_partner(
            "bulk", Tier.ENTERPRISE, now=datetime.now(UTC), actor=ACTOR
        )
        release_id = _one_release(built, partner.id, args.tracks)
        with eng.connect() as conn:
            ids = tuple(
                conn.execute(
                    sa.text("SELECT id FROM tracks WHERE release_id = :r"), {"r": release_id}
                ).scalars()
            )
        flips = [0]  # every edit swaps the title's first word, so every row changes each time

        def swap() -> tuple[str, str]:
            flips[0] += 1
            return ("Song", "Tune") if flips[0] % 2 else ("Tune", "Song")

        spent: dict[str, list[float]] = {
            "set-based": [], "per-object": [], "floor": [], "genre only": []
        }  # fmt: skip

        def edit(selection: CatalogQuery, turn: int) -> None:
            change = BulkEdit(
                set={"genre": f"Genre {turn}"},
                find_replace=(FindReplace("title", *swap()),),
            )
            changed = built.catalog.bulk_edit(
                "track", partner.id, selection, change, actor=ACTOR, now=datetime.now(UTC)
            )
            assert changed.total == args.tracks, changed.total

        def plain_update(turn: int, title_too: bool) -> None:
            title = ", title = replace(title, :find, :replace)" if title_too else ""
            find, replace = swap() if title_too else ("", "")
            with eng.begin() as conn:
                conn.execute(
                    sa.text(f"UPDATE tracks SET genre = :g{title} "
                            "WHERE partner_id = :p AND release_id = :r"),
                    {"g": f"Plain {turn}", "p": partner.id, "r": release_id,
                     "find": find, "replace": replace},
                )  # fmt: skip

        by_filter, by_ids = CatalogQuery(release_id=release_id), CatalogQuery(ids=ids)
        for turn in range(0, 2 * args.rounds, 2):
            spent["set-based"].append(_timed(edit, by_filter, turn))
            spent["per-object"].append(_timed(edit, by_ids, turn + 1))
            spent["floor"].append(_timed(plain_update, turn + 2, True))
            spent["genre only"].append(_timed(plain_update, turn, False))
        floor = statistics.median(spent["floor"])
        print(f"{args.tracks:,} tracks of one release, {args.rounds} rounds (median; each run)")
        for name, seconds in spent.items():
            runs = ", ".join(f"{s:.2f}" for s in seconds)
            median = statistics.median(seconds)
            print(f"  {name:10s} {median:6.2f} s  {median / floor:5.1f}x floor   [{runs}]")
        built.close()


if __name__ == "__main__":
    main()
