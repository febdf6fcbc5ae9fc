"""CWR registration files (NWR/REV, 3.x WRK) imported into works, writers, publishers, shares,
societies and alternate titles, with a report of what could not be kept; society affiliations and
flags written as LAYOUT.md requires; CWR 3.0/3.1 written and read back.

The "other tool" file is written here by hand the way society and publisher systems write them:
the 86-character CWR 2.0 header, trailing fields trimmed, lower-case names, society codes short
("21 "), a PWR without the writer's IP number.
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import pytest

from shared.bootstrap import Services
from shared.cwr.checks import check_cwr
from shared.cwr.layout import record_length
from shared.cwr.model import CwrSender, CwrWork
from shared.cwr.writer import write_cwr
from shared.domain.audit import Actor
from shared.domain.identifiers import IpiNameNumber
from shared.domain.partners import Partner, Tier
from shared.domain.societies import Societies
from shared.domain.works import MusicalWork
from shared.services.exports import ExportFormat, ExportRequest
from shared.services.import_runs import ImportOptions
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle, store_bundle

ACTOR = Actor.system("tests")


@pytest.fixture
def other_partner(services: Services, now: datetime) -> Partner:
    """A second partner, to import what the first exported."""
    return services.partners.create_partner(
        f"Other Label {uuid.uuid4().hex[:8]}", Tier.PRO, now=now, actor=ACTOR
    )


SAMPLES = SHARED_RESOURCES / "standards" / "cwr" / "samples"


def _import(services: Services, partner: Partner, now: datetime, data: bytes, name: str) -> dict:  # type: ignore[type-arg]
    return services.imports.run_file(
        partner.id, name, lambda: io.BytesIO(data), len(data), ImportOptions(), ACTOR, now=now
    )


def _line(*parts: str) -> str:
    """A record as another tool writes it: trailing blanks trimmed."""
    return "".join(parts).rstrip()


def other_tools_file() -> bytes:
    """One NWR in the style of an older publisher system (CWR 2.0 header, trimmed lines)."""
    prefix = lambda kind, record: f"{kind}{0:08d}{record:08d}"  # noqa: E731
    lines = [
        f"HDRPB{'000000199':>9}{'Old Mill Music':<45}01.102025030112000020250301",  # 86: 2.0
        "GRHNWR0000102.10",
        _line(prefix("NWR", 0), f"{'Midnight Train':<60}EN{'OMM-0042':<14}T0345246801",
              "00000000", " " * 12, "POP", "000330", "Y", " " * 6, "ORI"),
        _line(prefix("SPU", 1), "01", f"{'P1':<9}", f"{'Old Mill Music':<45}", " ", "E ",
              " " * 9, "00000000199", " " * 14, "021", "05000", "034", "10000", "   ", "00000",
              " ", "N"),
        _line(prefix("SPT", 2), f"{'P1':<9}", " " * 6, "05000", "10000", "00000", "I", "2136",
              "N", "001"),
        _line(prefix("SPT", 3), f"{'P1':<9}", " " * 6, "02500", "05000", "00000", "I", "0826",
              "N", "002"),
        _line(prefix("OPU", 4), "02", " " * 9, " " * 45, "Y", "E "),
        _line(prefix("SWR", 5), f"{'W1':<9}", f"{'mill':<45}", f"{'ada':<30}", " ", "CA",
              " " * 9, "00000000297", "21 ", "05000", "   ", "00000", "   ", "00000", "N"),
        _line(prefix("SWT", 6), f"{'W1':<9}", "05000", "00000", "00000", "I", "2136", "N",
              "001"),
        _line(prefix("PWR", 7), f"{'P1':<9}", f"{'Old Mill Music':<45}"),  # 2.0: no writer IP
        _line(prefix("OWR", 8), " " * 9, f"{'stone':<45}", f"{'bo':<30}", " ", "A ",
              " " * 9, "00000000395", "052", "00000"),
        _line(prefix("ALT", 9), f"{'Night Train':<60}", "AT"),
        _line(prefix("ALT", 10), f"{'Le Train De Minuit':<60}", "TE", "FR"),
        _line(prefix("PER", 11), f"{'The Millers':<45}"),
        _line(prefix("REC", 12), "20250301", " " * 60, "000330", " " * 5, " " * 60, " " * 60,
              " " * 18, " " * 13, "GBUV71200495"),
        _line(prefix("ORN", 13), "LIB", " " * 60, f"{'OMM CD 7':<15}", "0004",
              f"{'Old Mill Library':<60}"),
        "GRT000010000000100000016",
        "TRL000010000000100000018",
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def test_a_registration_file_from_another_tool_becomes_works_and_names_what_it_could_not_keep(
    services: Services, partner: Partner, now: datetime
) -> None:
    data = other_tools_file()
    assert len(data.split(b"\r\n")[0]) == 86

    doc = _import(services, partner, now, data, "CW250001OMM_052.V21")

    assert doc["state"] == "succeeded", doc
    assert doc["counts"]["works_created"] == 1
    assert doc["counts"]["parties_created"] == 3
    with services.uow() as uow:
        (work,) = uow.works.find_by_iswc(partner.id, _iswc("T0345246801"))
    assert work.title == "MIDNIGHT TRAIN" or work.title == "Midnight Train"
    assert work.alternate_titles == ("Night Train", "Le Train De Minuit")
    assert work.language == "en"
    (publisher,) = work.publishers
    assert (publisher.name, str(publisher.role), publisher.controlled) == (
        "Old Mill Music", "E", True)  # fmt: skip
    assert (publisher.shares.pr, publisher.shares.mr) == (Decimal(50), Decimal(100))
    assert publisher.societies == Societies("021", "034", None)
    assert str(publisher.ipi_name_number) == "00000000199"
    ada, bo = work.writers
    assert (ada.name, str(ada.role), ada.controlled, ada.shares.pr) == (
        "ada mill", "CA", True, Decimal(50))  # fmt: skip
    assert ada.societies.pr == "021"  # written "21 " by the other tool
    assert ada.publisher_party_id == publisher.party_id  # 2.0 PWR: linked to the SWR before it
    assert (bo.name, bo.controlled, bo.societies.pr, str(bo.ipi_name_number)) == (
        "bo stone", False, "052", "00000000395")  # fmt: skip
    report = [(e["row"], e["field"], e["problem"]) for e in doc["not_kept"]]
    assert report == [
        (3, "NWR", "duration '000330' is not kept"),
        (6, "SPT", "collection shares for territory I 0826 are not kept: the catalog keeps "
                   "ownership shares"),
        (7, "OPU", "a publisher without a name (publisher unknown) is not kept"),
        (13, "ALT", "title type TE of 'Le Train De Minuit' is not kept (kept as an alternate "
                    "title, AT)"),
        (13, "ALT", "language FR of 'Le Train De Minuit' is not kept"),
        (14, "PER", "the performing artist is not kept"),
        (15, "REC", "first release date '20250301' is not kept"),
        (15, "REC", "duration '000330' is not kept"),
        (15, "REC", "no track has ISRC GBUV71200495; not linked"),
        (16, "ORN", "the work origin is not kept"),
    ]  # fmt: skip
    assert doc["counts"]["not_kept"] == len(doc["not_kept"])


def _iswc(text: str):  # type: ignore[no-untyped-def]
    from shared.domain.identifiers import Iswc

    return Iswc.parse(text)


def test_django_music_publishers_registration_sample_is_imported(
    services: Services, partner: Partner, now: datetime
) -> None:
    sample = (SAMPLES / "CW220001DMP_000.V21").read_bytes()

    doc = _import(services, partner, now, sample, "CW220001DMP_000.V21")

    assert doc["state"] == "succeeded", doc
    assert doc["counts"]["works_created"] >= 1
    problems = " | ".join(e["problem"] for e in doc["not_kept"])
    assert "the original work of this version is not kept" in problems  # VER
    assert "the work origin is not kept" in problems  # ORN
    with services.uow() as uow:
        (work,) = uow.works.find_by_iswc(partner.id, _iswc("T1234567894"))
    assert work.title == "MUSIC PUB CARTOONS"
    controlled = [w for w in work.writers if w.controlled]
    assert {w.name for w in controlled} == {"MATIJA KOLARIC", "ANN OTHER"}
    assert all(w.societies.pr == "010" for w in controlled)  # ASCAP, written 010 by DMP
    (publisher, *_) = work.publishers
    assert publisher.societies == Societies("052", "044", "044")


def test_our_cwr_export_imports_back_into_the_same_works(
    services: Services, partner: Partner, other_partner: Partner, now: datetime
) -> None:
    bundle = store_bundle(services, album_bundle(partner.id), now)
    doc = services.exports.run_now(
        partner.id, ExportRequest(ExportFormat.CWR, cwr_version="2.1"), ACTOR, now=now
    )
    with services.exports.open_output(partner.id, doc["id"]) as stream:
        cwr = stream.read()

    imported = _import(services, other_partner, now, cwr, str(doc["file_name"]))

    assert imported["state"] == "succeeded", imported
    assert imported["counts"]["works_created"] == len(bundle.works)
    # what a work does not hold (its recordings' facts, performers) is named, nothing else
    reported = {(e["field"], e["problem"].split(" ")[0]) for e in imported["not_kept"]}
    assert {kind for kind, _ in reported} <= {"NWR", "REC", "PER"}
    assert ("NWR", "duration") in reported
    assert ("REC", "no") in reported  # "no track has ISRC ...": the other partner has no tracks
    with services.uow() as uow:
        for original in bundle.works:
            (copy,) = uow.works.find_by_iswc(other_partner.id, original.iswc)  # type: ignore[arg-type]
            assert _people(copy) == _people(original)


def _people(work: MusicalWork) -> list[tuple[object, ...]]:
    return sorted(
        (p.name.upper(), str(p.role), p.shares, p.controlled, p.societies)
        for p in (*work.writers, *work.publishers)
    )


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_cwr_3_files_are_written_with_the_observed_layouts_and_read_back(
    version: str, services: Services, partner: Partner, other_partner: Partner, now: datetime
) -> None:
    bundle = album_bundle(partner.id)
    work = bundle.works[0]
    items = [CwrWork(work, (), bundle.parties)]
    sender = CwrSender(IpiNameNumber("00000000199"), "EXAMPLE PUBLISHING", code="EXP")

    written = write_cwr(items, sender, version=version, created_at=now, sequence=3)
    parsed, findings = check_cwr(written.text)
    imported = _import(services, other_partner, now, written.text.encode(), written.name)

    assert written.name == f"CW260003EXP_0000_V{version.replace('.', '-')}-0.SUB"
    lines = written.text.split("\r\n")[:-1]
    assert all(len(line) == record_length(line[:3], version) for line in lines)
    assert lines[1] == f"GRHWRK00001{'03.00' if version == '3.0' else '03.10'}0000000000"
    assert [f for f in findings if f.is_blocking] == []
    assert imported["state"] == "succeeded", imported
    with services.uow() as uow:
        (copy,) = uow.works.find_by_iswc(other_partner.id, work.iswc)  # type: ignore[arg-type]
    assert _people(copy) == _people(work)


def test_dmps_own_cwr_3_file_is_read_with_the_same_layouts(
    services: Services, partner: Partner, now: datetime
) -> None:
    sample = (SAMPLES / "CW220002DMP_0000_V3-0-0.SUB").read_bytes()

    doc = _import(services, partner, now, sample, "CW220002DMP_0000_V3-0-0.SUB")

    assert doc["state"] == "succeeded", doc
    with services.uow() as uow:
        (work,) = uow.works.find_by_iswc(partner.id, _iswc("T1234567894"))
    writers = {w.name: w for w in work.writers if w.controlled}
    assert writers["MATIJA KOLARIC"].shares.pr == Decimal(25)
    assert writers["MATIJA KOLARIC"].societies.pr == "010"  # "10  " in the 3.0 territory record


def test_society_affiliations_and_flags_are_written_where_layout_md_puts_them(
    now: datetime,
) -> None:
    bundle = album_bundle(UUID(int=1))
    work = bundle.works[0]
    writer = work.writers[0]
    publisher = work.publishers[0]
    from dataclasses import replace

    work = replace(
        work,
        writers=(replace(writer, societies=Societies("021", "034", None)), *work.writers[1:]),
        publishers=(replace(publisher, societies=Societies("052", "044", "044")),
                    *work.publishers[1:]),
    )  # fmt: skip
    sender = CwrSender(IpiNameNumber("00000000199"), "EXAMPLE PUBLISHING", code="EXP")

    text = write_cwr([CwrWork(work, (), bundle.parties)], sender, version="2.1",
                     created_at=now).text  # fmt: skip

    records = {line[:3]: line for line in reversed(text.split("\r\n"))}
    nwr, spu, swr = records["NWR"], records["SPU"], records["SWR"]
    assert nwr[196] == "N"  # Grand Rights Indicator, position 197
    assert nwr[259] == "N"  # Priority Flag, position 260
    assert (spu[112:115], spu[120:123], spu[128:131]) == ("052", "044", "044")
    assert spu[137] == "N"  # First Recording Refusal, position 138
    assert (swr[126:129], swr[134:137], swr[142:145]) == ("021", "034", "   ")
    assert swr[150:152] == "NN"  # Reversionary 151, First Recording Refusal 152
