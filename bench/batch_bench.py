"""Bulk import and export benchmarks (issue 6).

    python -m bench.batch_bench import [--rows 1000000]
    python -m bench.batch_bench export [--rows 1000000]

Import: a CSV of N track rows (12 tracks per release) through the real import service (COPY
into a staging table, set-based upserts) into an empty partner: from IMPORT_OWN_PARTITION_ROWS
(100,000) rows that is a first import into an own tracks partition, indexed once. Export: CSV of
N tracks through the real export service (COPY ... TO STDOUT). Each runs in a fresh process so
its peak RSS (getrusage maxrss) is the job's own. Targets: import 1M rows <= 60 s (issue 19;
120 s before), peak RSS <= 500 MB;
export 1M tracks <= 60 s, peak RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import throwaway_database

TRACKS_PER_RELEASE = 12
_WORDS = ("Night", "River", "Gold", "Echo", "Summer", "Paper", "Glass", "Fire", "Blue", "Stone")


def _gtin(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def write_csv(path: Path, rows: int) -> None:
    """N realistic track rows: ISRC, titles, artists, release columns, durations."""
    rng = random.Random(6)
    header = "ISRC,Track Title,Artist,Album,UPC,Label,Release Date,Track Number,Duration,"
    header += "Explicit,Genre\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for n in range(rows):
            release = n // TRACKS_PER_RELEASE
            artist = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {release % 5000}"
            title = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {n}"
            out.write(
                f"QZB{n // 100000:02d}26{n % 100000:05d},{title},{artist},Album {release},"
                f"{_gtin(f'{release:011d}')},Label {release % 300},2026-03-06,"
                f"{n % TRACKS_PER_RELEASE + 1},"
                f"{rng.randint(120, 420) // 60}:{rng.randint(0, 59):02d},"
                f"{'yes' if n % 9 == 0 else 'no'},Pop\n"
            )


def run_child(mode: str, url: str, rows: int, csv_path: Path | None) -> dict[str, float]:
    """Run one measured job in a fresh process; its report as a dict."""
    command = [
        sys.executable,
        "-m",
        "bench.batch_bench",
        "child",
        mode,
        url,
        str(rows),
        str(csv_path or ""),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(mode: str, url: str, rows: int, csv_path: str) -> None:
    """Inside the measured process."""
    from shared.bootstrap import build_services
    from shared.domain.audit import Actor
    from shared.domain.partners import Tier
    from shared.services.exports import ExportFormat, ExportRequest
    from shared.services.import_runs import ImportOptions
    from shared.settings import Settings

    analyzed = _record_analyze()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    built = build_services(Settings(database_url=url, catalog_data_dir=data_dir, db_pool_size=2))
    now = datetime.now(UTC)
    actor = Actor.system("bench")
    partner = built.partners.create_partner(
        f"bench-{mode}-{time.time_ns()}", Tier.ENTERPRISE, now=now, actor=actor
    )
    if mode == "import":
        path = Path(csv_path)
        started = time.perf_counter()
        doc = built.imports.run_file(
            partner.id,
            path.name,
            lambda: path.open("rb"),
            path.stat().st_size,
            ImportOptions(),
            actor,
            now=now,
        )
        elapsed = time.perf_counter() - started
        assert doc["state"] == "succeeded", doc.get("failure")
        result = {
            "rows": rows,
            "seconds": elapsed,
            "tracks_created": doc["counts"]["tracks_created"],
            "releases_created": doc["counts"]["releases_created"],
        }
    else:
        _seed(built, partner.id, Path(csv_path), now)
        started = time.perf_counter()
        doc = built.exports.run_now(partner.id, ExportRequest(ExportFormat.CSV), actor, now=now)
        elapsed = time.perf_counter() - started
        assert doc["state"] == "succeeded", doc.get("failure")
        result = {"rows": doc["counts"]["rows"], "seconds": elapsed, "bytes": doc["size_bytes"]}
        result["floor_psql_copy_s"] = _psql_copy_seconds(url, partner.id)
    result["analyze_s"] = sum(analyzed.values())
    result["analyzed"] = analyzed  # type: ignore[assignment]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    built.close()
    print(json.dumps(result))


def _record_analyze() -> dict[str, float]:
    """Seconds the jobs' ANALYZE of each partition took (shared/db/statistics.py)."""
    from shared.db import uow

    spent: dict[str, float] = {}
    analyze = uow.analyze_partitions

    def recording(*args: Any, **kwargs: Any) -> dict[str, float]:
        done = analyze(*args, **kwargs)
        spent.update(done)
        return done

    uow.analyze_partitions = recording  # type: ignore[assignment]
    if os.environ.get("BENCH_SKIP_ANALYZE"):  # the state before issue 19, for comparison
        uow.ANALYZE_AFTER_ROWS = sys.maxsize  # type: ignore[misc]
    return spent


def _psql_copy_seconds(url: str, partner_id: Any) -> float:
    """The floor: psql's own COPY (the export's query) TO STDOUT, into /dev/null."""
    from shared.batch.presets import preset
    from shared.db.engine import PgTarget
    from shared.db.repositories.exports import csv_select

    target = PgTarget.from_url(url)
    fields = [f for _, f in preset("catalog").columns]  # ExportRequest's default
    copy = f"COPY ({csv_select(partner_id, fields, ())}) TO STDOUT WITH (FORMAT csv)"
    started = time.perf_counter()
    subprocess.run(
        ["psql", "-X", "-q", "-h", target.host or "127.0.0.1", "-p", str(target.port),
         "-U", target.user, "-d", target.database, "-c", copy],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def _seed(built: object, partner_id: object, path: Path, now: datetime) -> None:
    """Fill the catalog for the export benchmark with the import (not measured)."""
    from shared.domain.audit import Actor
    from shared.services.import_runs import ImportOptions

    services = built  # type: ignore[assignment]
    doc = services.imports.run_file(
        partner_id,
        path.name,
        lambda: path.open("rb"),
        path.stat().st_size,  # type: ignore[attr-defined]
        ImportOptions(),
        Actor.system("bench"),
        now=now,
    )
    assert doc["state"] == "succeeded", doc.get("failure")


def main() -> None:
    """Parse arguments and run a benchmark."""
    if sys.argv[1:2] == ["child"]:
        child(*sys.argv[2:4], int(sys.argv[4]), sys.argv[5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["import", "export"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, throwaway_database("bench_batch") as (url, _):
        csv_path = Path(folder) / "tracks.csv"
        write_csv(csv_path, args.rows)
        report = run_child(args.mode, url, args.rows, csv_path)
    print(json.dumps({"benchmark": args.mode, **report}))


if __name__ == "__main__":
    main()
