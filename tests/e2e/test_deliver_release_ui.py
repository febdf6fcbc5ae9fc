"""Issue 17's end-to-end test, in Debian's chromium against `catalog run`
(web/e2e/deliver-release.mjs): three real WAVs uploaded on the Upload page and analysed, their
artist, ISRCs (from a prefix registered in Settings), genre and explicit flag set in the grid, a
release made from them, reordered, given a UPC from the partner's range, a 3000x3000 cover, a
worldwide streaming deal and its P-line, label and date; a work created and linked on a track
page; the validation panel green; Deliver to the store set up in Settings (with the sender DPID)
clicked and the package downloaded. Here the zip is opened: its ERN 4.3 message validates against
the DDEX XSD, every File's MD5 and size match the file beside it, and the recordings are in the
order chosen in the UI. Screenshots in test-artifacts/web-e2e/deliver-*.png. Only the user is made
outside the UI (`catalog admin`)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import ERN_43, SchemaCatalog
from tests.conftest import SHARED_RESOURCES
from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_web_flow import PASSWORD, _create_user, write_click_track
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow

SENDER_DPID = "PADPIDA2007050901U"
STORE_DPID = "PADPIDA2009101501Y"
ISWC = "T0345246801"  # the work created and linked on the first track's page
UPC_PREFIX = "0360002"  # a GS1 company prefix: UPC-A codes 036000200000.. are the label's
TITLES = ("night-drive", "morning-light", "last-call")  # the tracks' titles: their file names


def _audio(folder: Path) -> list[Path]:
    """Three lossless masters a store takes: 16-bit WAV at 44.1 kHz, named for their titles."""
    melodies = ((220, 277, 330, 440), (523, 392, 349, 294), (196, 247, 294, 392))
    return [
        write_click_track(
            folder / f"{title}.wav",
            bpm=100 + 10 * index,
            melody=melody,
            seconds=4.0,
            rate=44_100,
        )
        for index, (title, melody) in enumerate(zip(TITLES, melodies, strict=True))
    ]


def _cover(path: Path) -> Path:
    """A spec cover: a square RGB JPEG of 3000x3000 px."""
    Image.new("RGB", (3000, 3000), (20, 40, 110)).save(path, quality=85)
    return path


def test_a_label_builds_validates_and_delivers_a_release_from_uploaded_audio(
    ui_catalog: RunningCatalog, tmp_path: Path
) -> None:
    email = "deliver@label.example"
    _create_user(ui_catalog, email)
    package_path = tmp_path / "package.zip"

    outcome = run_browser_script(
        "deliver-release.mjs",
        {
            "CATALOG_URL": ui_catalog.url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_AUDIO": ",".join(str(path) for path in _audio(tmp_path)),
            "E2E_COVER": str(_cover(tmp_path / "cover.jpg")),
            "E2E_UPC_PREFIX": UPC_PREFIX,
            "E2E_ISWC": ISWC,
            "E2E_SENDER_DPID": SENDER_DPID,
            "E2E_STORE_DPID": STORE_DPID,
            "E2E_PACKAGE": str(package_path),
            "E2E_ANALYSIS_TIMEOUT_S": os.environ.get("E2E_ANALYSIS_TIMEOUT_S", "180"),
        },
        timeout_s=300,
    )

    assert outcome["ok"] is True
    before, order = list(outcome["before"]), list(outcome["order"])  # type: ignore[call-overload]
    assert sorted(order) == sorted(TITLES)
    assert order == [*before[:-2], before[-1], before[-2]]  # the last track moved up one place
    assert outcome["green"] is True, outcome["findings"]  # no blocking finding left
    assert outcome["summary"] == "No findings: ready to deliver.", outcome["findings"]
    upc = str(outcome["upc"])
    assert (upc[: len(UPC_PREFIX)], len(upc)) == (UPC_PREFIX, 12)  # a UPC-A of the range
    with zipfile.ZipFile(package_path) as package:
        xml = package.read(f"{upc}/{upc}.xml")
        root = parse_xml(xml)
        assert SchemaCatalog(SHARED_RESOURCES / "standards" / "ddex").validate(root, ERN_43) == []
        files = root.findall(".//File")
        assert len(files) == 4  # three recordings and the cover
        for element in files:
            data = package.read(f"{upc}/{element.findtext('URI')}")
            assert element.findtext("HashSum/Algorithm") == "MD5"
            assert element.findtext("HashSum/HashSumValue") == hashlib.md5(data).hexdigest()
            assert Decimal(element.findtext("FileSize") or "") * 1024 == len(data)
        assert sorted(package.namelist()) == sorted(
            [f"{upc}/{upc}.xml"] + [f"{upc}/{e.findtext('URI')}" for e in files]
        )
    assert _recordings_in_release_order(root) == order
    assert _iswcs_by_title(root) == {order[0]: ISWC}  # the work linked in the UI, and only there
    assert root.findtext("MessageHeader/MessageSender/PartyId") == SENDER_DPID
    assert root.findtext("MessageHeader/MessageRecipient/PartyId") == STORE_DPID


def _recordings_in_release_order(root: etree._Element) -> list[str]:
    """The titles of the main release's tracks, in its ResourceGroup's sequence."""
    titles = {
        recording.findtext("ResourceReference"): recording.findtext("DisplayTitleText")
        for recording in root.iterfind("ResourceList/SoundRecording")
    }
    items = root.iterfind("ReleaseList/Release/ResourceGroup//ResourceGroupContentItem")
    ordered = sorted(items, key=lambda item: int(item.findtext("SequenceNumber") or 0))
    return [str(titles[item.findtext("ReleaseResourceReference")]) for item in ordered]


def _iswcs_by_title(root: etree._Element) -> dict[str, str]:
    """Each recording's title with the ISWC of its work, for those linked to one."""
    return {
        str(recording.findtext("DisplayTitleText")): str(recording.findtext("WorkId/ISWC"))
        for recording in root.iterfind("ResourceList/SoundRecording")
        if recording.find("WorkId") is not None
    }
