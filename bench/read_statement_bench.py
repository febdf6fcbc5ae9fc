"""The read by id, prepared against unprepared (issue 19): ``python -m bench.read_statement_bench``.

200 tracks, 5 rounds of 400 sequential reads each way on the same autocommit pool, alternating:
``PostgresTrackLookup.track`` (a statement prepared once per connection: one round trip) and the
same statement through the pg8000 cursor as before (unprepared: parse, describe and bind,
execute: three round trips). Prints the median wall and Python CPU time per read.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.common import statement_engine_for, throwaway_database
from shared.bootstrap import build_services
from shared.db import reads
from shared.domain.audit import Actor
from shared.domain.partners import Tier
from shared.domain.recordings import SoundRecording
from shared.settings import Settings


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        throwaway_database("bench_read_statement") as (url, eng),
    ):
        built = build_services(Settings(database_url=url, catalog_data_dir=Path(folder)))
        now, actor = datetime.now(UTC), Actor.system("bench")
        partner = built.partners.create_partner("r", Tier.PRO, now=now, actor=actor)
        ids = [uuid.uuid4() for _ in range(200)]
        with built.uow() as uow:
            for i in ids:
                uow.tracks.add(SoundRecording(i, partner.id, "T"), now=now)
        engine = statement_engine_for(url)
        lookup = reads.PostgresTrackLookup(engine)
        old_sql = reads._BY_ID.replace(":partner_id", "%s").replace(":track_id", "%s")

        def unprepared(track_id: uuid.UUID) -> None:
            with engine.connect() as conn:
                cur = conn.connection.driver_connection.cursor()
                cur.execute(old_sql, (partner.id, track_id))
                cur.fetchall()
                cur.close()

        def prepared(track_id: uuid.UUID) -> None:
            lookup.track(partner.id, track_id)

        ways = {"unprepared (before)": unprepared, "prepared (after)": prepared}
        for read in ways.values():
            read(ids[0])  # a pooled connection, the statement prepared
        res: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for _ in range(5):
            for name, read in ways.items():
                w, c = time.perf_counter(), time.process_time()
                for i in range(400):
                    read(ids[i % 200])
                res[name].append(
                    ((time.perf_counter() - w) / 400 * 1000, (time.process_time() - c) / 400 * 1000)
                )
        for name, runs in res.items():
            walls = sorted(r[0] for r in runs)
            cpus = sorted(r[1] for r in runs)
            runs_ms = ", ".join(f"{wall:.2f}" for wall in walls)
            print(f"{name}: median {walls[2]:.3f} ms a read, CPU {cpus[2]:.3f} ms [{runs_ms}]")
        built.close()
        engine.dispose()


if __name__ == "__main__":
    main()
