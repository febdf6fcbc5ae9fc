"""CWR: exact record lengths, counted groups, share checks, tolerant reading of real files, ACKs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from shared.cwr.checks import acknowledgements, check_cwr
from shared.cwr.layout import record_length
from shared.cwr.model import CwrRecording, CwrSender, CwrWork, WorkOrigin
from shared.cwr.reader import read_cwr
from shared.cwr.writer import write_cwr
from shared.domain.identifiers import IpiNameNumber
from shared.domain.works import Shares
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle

SAMPLES = SHARED_RESOURCES / "standards" / "cwr" / "samples"
SENDER = CwrSender(IpiNameNumber.parse("00000000297"), "Example Songs", "EXS")
NOW = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
# the full lengths in LAYOUT.md's table, per version
LENGTHS = {
    "HDR": (101, 167),
    "GRH": (28, 28),
    "GRT": (37, 37),
    "TRL": (24, 24),
    "NWR": (260, 260),
    "REV": (260, 260),
    "SPU": (183, 183),
    "SPT": (58, 58),
    "SWR": (180, 180),
    "SWT": (52, 52),
    "PWR": (110, 112),
    "ALT": (83, 83),
    "PER": (118, 118),
    "REC": (266, 540),
    "ORN": (301, 348),
    "ACK": (159, 159),
    "MSG": (185, 185),
    "OPU": (183, 183),
    "OWR": (180, 180),
}


def works(**changes: object) -> list[CwrWork]:
    bundle = album_bundle()
    work = replace(bundle.works[0], alternate_titles=("First Song (Alt)",), **changes)  # type: ignore[arg-type]
    return [
        CwrWork(
            work,
            (CwrRecording(bundle.tracks[0], bundle.release),),
            bundle.parties,
            ("The Examples",),
            WorkOrigin("LIB", "Library Vol 1", "CD001", 3, "Example Library"),
        )
    ]


@pytest.mark.parametrize("version", ["2.1", "2.2"])
def test_every_record_has_its_full_length_and_the_counts_add_up(version: str) -> None:
    written = write_cwr(works(), SENDER, version=version, created_at=NOW)
    lines = written.text.split("\r\n")[:-1]

    assert [line[:3] for line in lines] == [
        "HDR",
        "GRH",
        "NWR",
        "SPU",
        "SPT",
        "SWR",
        "SWT",
        "PWR",
        "ALT",
        "PER",
        "REC",
        "ORN",
        "GRT",
        "TRL",
    ]
    for line in lines:
        assert len(line) == LENGTHS[line[:3]][0 if version == "2.1" else 1], line[:3]
    assert lines[-2] == "GRT000010000000100000012   0000000000"
    assert lines[-1] == "TRL000010000000100000014"
    assert written.name == f"CW260001EXS_000.V{version.replace('.', '')}"
    assert check_cwr(written.text)[1] == []


def test_fields_land_at_their_positions() -> None:
    lines = write_cwr(works(), SENDER, version="2.1", created_at=NOW).text.split("\r\n")
    header, work, publisher, writer = lines[0], lines[2], lines[3], lines[5]

    assert header[3:5] == "PB"
    assert header[5:14] == "000000297"
    assert header[14:27] == "EXAMPLE SONGS"
    assert header[59:64] == "01.10"
    assert header[64:72] == "20260301"
    assert header[72:78] == "123005"
    assert work[19:29] == "FIRST SONG"
    assert work[95:106] == "T0345246801"
    assert work[142:145] == "ORI"
    assert publisher[76:78] == "E "
    assert publisher[87:98] == "00000000297"
    assert publisher[115:120] == "05000"
    assert publisher[123:128] == "05000"
    assert writer[28:34] == "WRITER"
    assert writer[73:78] == "WENDY"
    assert writer[104:106] == "CA"
    assert writer[115:126] == "00000000199"
    assert writer[129:134] == "05000"


def test_an_eleven_digit_sender_ipi_uses_the_header_workaround() -> None:
    sender = CwrSender(IpiNameNumber.parse("09000000020"), "Test Publisher")

    header = write_cwr(works(), sender, version="2.1", created_at=NOW).text[:14]

    assert header == "HDR09000000020"


def test_share_totals_off_by_more_than_the_tolerance_are_found() -> None:
    bundle_work = works()[0].work
    writer = replace(bundle_work.writers[0], shares=Shares(Decimal(40), Decimal(50), Decimal(50)))
    item = replace(works()[0], work=replace(bundle_work, writers=(writer,)))

    _, findings = check_cwr(write_cwr([item], SENDER, version="2.1", created_at=NOW).text)

    assert [f.message for f in findings] == [
        f"NWR {item.work.id.hex[:14].upper()!r}: PR ownership totals 90%, expected 100% (or 0%)"
    ]


def test_a_work_without_a_composer_or_author_is_refused() -> None:
    bundle_work = works()[0].work
    arranger = replace(bundle_work.writers[0], role="AR")  # type: ignore[arg-type]
    item = replace(works()[0], work=replace(bundle_work, writers=(arranger,)))

    _, findings = check_cwr(write_cwr([item], SENDER, version="2.1", created_at=NOW).text)

    assert any("no writer composed or wrote it" in f.message for f in findings)


@pytest.mark.parametrize("sample", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_every_sample_file_reads_without_crashing(sample: Path) -> None:
    parsed, findings = check_cwr(sample.read_text(encoding="latin-1"))

    assert parsed.header is not None
    assert parsed.trailer is not None
    assert parsed.groups


def test_trimmed_lines_and_old_headers_are_padded() -> None:
    parsed = read_cwr((SAMPLES / "nwrexample2.V21").read_text(encoding="latin-1"))

    work = parsed.transactions("NWR")[0].header
    assert work.get("work_title")
    assert parsed.version == "2.1"


def test_the_2_2_sample_breaking_the_group_rule_is_flagged() -> None:
    _, findings = check_cwr((SAMPLES / "demo_cwr_cleaned.v22").read_text(encoding="latin-1"))

    assert any(
        f.rule == "cwr.group-type" and "NWR transaction in a REV group" in f.message
        for f in findings
    )


def test_a_wrong_trailer_count_is_reported() -> None:
    text = write_cwr(works(), SENDER, version="2.1", created_at=NOW).text.replace(
        "TRL000010000000100000014", "TRL000010000000100000099"
    )

    findings = check_cwr(text)[1]

    assert [f.message for f in findings] == ["TRL record count is '00000099', the file has 14"]


def test_society_acknowledgements_are_read_with_status_work_number_and_iswc() -> None:
    parsed = read_cwr((SAMPLES / "ackexample.V21").read_text(encoding="latin-1"))

    acks = acknowledgements(parsed)

    assert len(acks) == 20
    first = acks[0]
    assert (first.submitter_work_number, first.status, first.society_work_number, first.iswc) == (
        "256599",
        "AS",
        "250310HN",
        "T9110536293",
    )
    assert first.messages == ("005 COPYRIGHT DATE WAS NOT A VALID DATE - REPLACED WITH ZEROS",)
    assert parsed.sender_name == "PRS FOR MUSIC"


def test_iswc_notifications_count_as_acknowledgements() -> None:
    acks = acknowledgements(
        read_cwr((SAMPLES / "CW220001052_DMP.V21").read_text(encoding="latin-1"))
    )

    assert [a.status for a in acks[:5]] == ["AS", "RA", "RA", "NP", "NP"]
    assert acks[5].original_transaction_type == "ISW"
    assert acks[5].iswc == "T3221234234"


def test_every_layout_matches_the_documented_length() -> None:
    for record, (v21, v22) in LENGTHS.items():
        assert (record_length(record, "2.1"), record_length(record, "2.2")) == (v21, v22), record
