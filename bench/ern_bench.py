"""ERN 4.3 benchmark: build 1,000 releases x 12 tracks, then validate them with the XSD.

    python -m bench.ern_bench [--releases 1000] [--tracks 12]

Build and validation are timed separately (targets: build <= 5 s, XSD validation <= 10 s).
Validation also reports the allowed-value-set and business-rule layers on their own line.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from shared.domain.identifiers import Gtin, Isrc
from shared.ern.model import Envelope, MessageParty, build_messages
from shared.ern.rules import check_business_rules
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import ERN_43, SchemaCatalog
from tests.support.catalog import album_bundle


def _gtin(number: int) -> Gtin:
    body = f"{number:011d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return Gtin(body + str((10 - total % 10) % 10))


def bundles(releases: int, tracks: int) -> list:  # type: ignore[type-arg]
    """``releases`` distinct albums of ``tracks`` tracks each."""
    template = album_bundle(tracks=1)
    made = []
    for r in range(releases):
        release = replace(template.release, id=uuid.uuid4(), upc=_gtin(r), title=f"Album {r}")
        recordings = tuple(
            replace(template.tracks[0], id=uuid.uuid4(), title=f"Song {r}-{t}", track_number=t + 1,
                    isrc=Isrc(f"QZB{r // 1000:02d}26{(r % 1000) * 100 + t:05d}"), work_id=None)
            for t in range(tracks)
        )  # fmt: skip
        made.append(replace(template, release=release, tracks=recordings))
    return made


def main() -> None:
    """Run and print one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--tracks", type=int, default=12)
    args = parser.parse_args()
    work = bundles(args.releases, args.tracks)
    sender = MessageParty("PADPIDA2007050901U", "Bench Records")
    envelope = Envelope(
        sender, MessageParty("PADPIDA2009101501Y", "Bench Store"), datetime.now(UTC)
    )
    schemas = SchemaCatalog()
    schemas.schema(ERN_43)  # compile outside the timings (about 50 ms, once per process)
    schemas.avs(ERN_43)

    started = time.perf_counter()
    messages = [build_messages(bundle, envelope)[0].xml for bundle in work]
    built = time.perf_counter() - started

    started = time.perf_counter()
    roots = [parse_xml(xml) for xml in messages]
    failures = sum(len(schemas.validate(root, ERN_43)) for root in roots)
    validated = time.perf_counter() - started

    started = time.perf_counter()
    findings = sum(
        len(schemas.avs(ERN_43).check(r)) + len(check_business_rules(r, "4.3")) for r in roots
    )
    other_layers = time.perf_counter() - started

    print(json.dumps({
        "benchmark": "ern43", "releases": args.releases, "tracks_per_release": args.tracks,
        "build_s": round(built, 3), "xsd_validate_s": round(validated, 3),
        "avs_and_business_rules_s": round(other_layers, 3), "xsd_errors": failures,
        "other_findings": findings, "megabytes": round(sum(map(len, messages)) / 1e6, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
