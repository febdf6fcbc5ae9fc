"""DDEX parties as a partner setting (issue 17, item 3): the sender DPID and name and the stores
(name, DPID, one default) are saved per partner through /api/v1/ddex-parties, checked (PADPIDA +
10 alphanumerics + the MOD 37-36 character), and used by the ERN exporter before the
installation's DDEX_* settings; the validation warning about unset DPIDs points to the setting."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, Tier
from shared.ern.safe_xml import parse_xml
from tests.conftest import TEST_ACTOR
from tests.support.catalog import store_album_with_files

Headers = dict[str, str]
SENDER = "PADPIDA2007050901U"
SHOP = "PADPIDA2009101501Y"
STREAMER = "PADPIDA2014120301L"
SETTINGS: dict[str, Any] = {
    "sender_dpid": SENDER,
    "sender_name": "Example Records",
    "stores": [
        {"name": "Example Shop", "dpid": SHOP},
        {"name": "Example Streamer", "dpid": STREAMER, "is_default": True},
    ],
}


def _put(client: FlaskClient, headers: Headers, body: dict[str, Any]) -> Any:
    return client.put("/api/v1/ddex-parties", json=body, headers=headers)


def _message_header(services: Services, partner: Partner, job_id: str) -> dict[str, str]:
    with services.exports.open_output(partner.id, job_id) as stream:
        package = zipfile.ZipFile(io.BytesIO(stream.read()))
    xml = next(name for name in package.namelist() if name.endswith(".xml"))
    header = parse_xml(package.read(xml)).find("MessageHeader")
    assert header is not None
    return {
        "sender": header.findtext("MessageSender/PartyId") or "",
        "sender_name": header.findtext("MessageSender/PartyName/FullName") or "",
        "recipient": header.findtext("MessageRecipient/PartyId") or "",
        "recipient_name": header.findtext("MessageRecipient/PartyName/FullName") or "",
    }


def test_saved_parties_are_read_back_in_order_with_dpids_normalised(
    client: FlaskClient, label: Headers
) -> None:
    body = {**SETTINGS, "sender_dpid": "pa-dpida-2007050901-u"}

    saved = _put(client, label, body)
    read = client.get("/api/v1/ddex-parties", headers=label)

    assert saved.status_code == 200, saved.json
    assert read.json == {
        "sender_dpid": SENDER,
        "sender_name": "Example Records",
        "stores": [
            {"name": "Example Shop", "dpid": SHOP, "is_default": False},
            {"name": "Example Streamer", "dpid": STREAMER, "is_default": True},
        ],
    }


def test_a_bad_store_dpid_is_a_422_naming_the_row_and_nothing_is_saved(
    client: FlaskClient, label: Headers
) -> None:
    assert _put(client, label, SETTINGS).status_code == 200
    wrong_check = {**SETTINGS, "sender_dpid": None, "stores": [
        {"name": "Example Shop", "dpid": SHOP},
        {"name": "Typo Store", "dpid": "PADPIDA2009101501X"},
    ]}  # fmt: skip

    refused = _put(client, label, wrong_check)
    short = _put(client, label, {"sender_dpid": "PADPIDA12345"})

    assert refused.status_code == 422, refused.json
    assert refused.json["field"] == "stores[1].dpid"
    assert "MOD 37-36" in refused.json["detail"]
    assert short.status_code == 422
    assert short.json["field"] == "sender_dpid"
    assert "18" in short.json["detail"]
    assert client.get("/api/v1/ddex-parties", headers=label).json["sender_dpid"] == SENDER


def test_two_defaults_or_a_store_named_twice_are_refused(
    client: FlaskClient, label: Headers
) -> None:
    two_defaults = {"stores": [
        {"name": "A", "dpid": SHOP, "is_default": True},
        {"name": "B", "dpid": STREAMER, "is_default": True},
    ]}  # fmt: skip
    twice = {"stores": [{"name": "Shop", "dpid": SHOP}, {"name": " shop ", "dpid": STREAMER}]}

    first = _put(client, label, two_defaults)
    second = _put(client, label, twice)

    assert (first.status_code, first.json["field"]) == (422, "stores")
    assert (second.status_code, second.json["field"]) == (422, "stores[1].name")
    assert client.get("/api/v1/ddex-parties", headers=label).json["stores"] == []


def test_a_delivery_goes_to_the_default_store_or_the_store_named_with_the_partners_sender(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    assert _put(client, label, SETTINGS).status_code == 200
    url = f"/api/v1/releases/{bundle.release.id}/deliveries"

    default = client.post(url, json={}, headers=label)
    named = client.post(url, json={"store": "example shop"}, headers=label)
    unknown = client.post(url, json={"store": "Nowhere"}, headers=label)
    for job in (default.json, named.json):
        services.exports.run_job(job["id"], now=now)

    assert (default.status_code, named.status_code) == (202, 202), (default.json, named.json)
    assert _message_header(services, partner, default.json["id"]) == {
        "sender": SENDER,
        "sender_name": "Example Records",
        "recipient": STREAMER,
        "recipient_name": "Example Streamer",
    }
    assert _message_header(services, partner, named.json["id"])["recipient"] == SHOP
    assert unknown.status_code == 422
    assert unknown.json["field"] == "store"
    assert "Example Shop" in unknown.json["detail"]


def test_without_settings_the_dpid_warning_points_to_the_settings_page(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)

    refused = client.post(f"/api/v1/releases/{bundle.release.id}/deliveries", json={},
                          headers=label)  # fmt: skip
    report = services.validation.release_findings(partner.id, bundle.release.id, now=now)

    assert refused.status_code == 422
    assert "Settings, DDEX parties" in refused.json["detail"]
    findings = report["findings"]
    assert isinstance(findings, list)
    warning = next(f for f in findings if isinstance(f, dict) and f["rule"] == "ddex.dpid")
    assert "/settings#ddex-parties" in str(warning["hint"])


def test_only_the_partners_own_settings_are_used_and_api_clients_cannot_change_them(
    client: FlaskClient,
    auth: Callable[..., Headers],
    label: Headers,
    services: Services,
    partner: Partner,
    now: datetime,
) -> None:
    other = services.partners.create_partner(
        f"Other Label {partner.id.hex[:8]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )
    assert _put(client, label, SETTINGS).status_code == 200

    theirs = client.get("/api/v1/ddex-parties", headers=auth(other, Role.LABEL))
    machine = _put(client, auth(partner, Role.API), {"sender_dpid": None})

    assert theirs.json == {"sender_dpid": None, "sender_name": None, "stores": []}
    assert machine.status_code == 403
