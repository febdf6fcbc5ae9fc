"""Hostile import files (issue 15), each made here: every one gets one clear message naming the
row, field or column, is recorded as permanent (never retried), writes nothing, and leaves no
job running; no PostgreSQL error text reaches the user."""

from __future__ import annotations

import base64
import io
import json
import uuid
from datetime import datetime

import flask
import pytest
import sqlalchemy as sa

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.events import PubsubMessage
from shared.domain.partners import Partner, Role
from shared.ports import JsonObject
from shared.services.import_runs import ImportMode, ImportOptions
from shared.services.jobs import run_delivered_job
from shared.topics import IMPORTS, JOBS_DLQ
from tests.conftest import SHARED_RESOURCES

CLI = Actor.system("cli")
BIG = "1" * 5000


class RecordingPublisher:
    """Keeps what a job would publish (the jobs DLQ)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def publish(self, topic: str, data: bytes, attributes: object) -> str:
        self.sent.append(topic)
        return str(len(self.sent))


def _cli_import(
    services: Services,
    partner: Partner,
    name: str,
    data: bytes,
    now: datetime,
    options: ImportOptions | None = None,
) -> JsonObject:
    return services.imports.run_file(
        partner.id, name, lambda: io.BytesIO(data), len(data), options or ImportOptions(), CLI,
        now=now,
    )  # fmt: skip


def _tracks(services: Services, partner: Partner) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM tracks WHERE partner_id = :p"), {"p": partner.id}
            ).scalar_one()
        )


def _report(services: Services, partner: Partner, doc: JsonObject) -> str:
    with services.imports.read_report(partner.id, str(doc["id"])) as stream:
        return stream.read().decode("utf-8")


HOSTILE_ROWS = [
    pytest.param("a.csv", b"title,isrc\nA\x00B,GBUV71200495\n", 2, "title", "NUL", id="csv-nul"),
    pytest.param("a.json", b'[{"title": "A\\u0000B"}]', 1, "title", "NUL", id="json-nul-escape"),
    pytest.param(
        "a.json", b'[{"title": "x\\ud800y"}]', 1, "title", "lone UTF-16 surrogate", id="json-surr"
    ),
    pytest.param(
        "a.jsonl", b'{"title": "x\\udc00y"}\n', 1, "title", "lone UTF-16 surrogate", id="jsonl-surr"
    ),
    pytest.param(
        "a.json",
        f'[{{"title": "x", "bpm": {BIG}}}]'.encode(),
        1,
        "bpm",
        "a number of 5,000 characters",
        id="json-long-number",
    ),
    pytest.param(
        "a.jsonl",
        f'{{"title": "x", "track_number": {BIG}}}\n'.encode(),
        1,
        "track_number",
        "a number of 5,000 characters",
        id="jsonl-long-number",
    ),
    pytest.param(
        "a.csv",
        b"title,isrc,release_title\nA,GBUV71200496,Album\nB,Album\n",
        3,
        "",
        "has 2 cells but the header has 3",
        id="csv-short-row",
    ),
]


@pytest.mark.parametrize(("name", "data", "row", "field", "said"), HOSTILE_ROWS)
def test_a_hostile_row_is_named_and_nothing_is_written(
    services: Services,
    partner: Partner,
    now: datetime,
    name: str,
    data: bytes,
    row: int,
    field: str,
    said: str,
) -> None:
    doc = _cli_import(services, partner, name, data, now)

    assert doc["state"] == "failed"  # finished: never left running
    assert doc["failure"] == (
        "1 row(s) are invalid; nothing was imported (all-or-nothing): see the report"
    )
    [error] = doc["errors"]
    assert (error["row"], error["field"]) == (row, field)
    assert said in error["problem"]
    assert "'S': 'ERROR'" not in json.dumps(doc)  # no PostgreSQL error dict
    assert _tracks(services, partner) == 0


def test_a_short_row_is_not_shifted_into_other_columns(
    services: Services, partner: Partner, now: datetime
) -> None:
    data = b"title,isrc,release_title\nA,GBUV71200497,Album\nB,Album\n"

    doc = _cli_import(
        services, partner, "a.csv", data, now, ImportOptions(mode=ImportMode.SKIP_INVALID)
    )

    with services.uow() as uow:
        titles = sorted(t.title for t in uow.tracks.where(partner.id))
    assert doc["state"] == "succeeded"
    assert titles == ["A"]  # "B" is never imported with "Album" as its ISRC
    assert doc["counts"]["invalid"] == 1


def test_a_nul_in_an_import_run_by_the_imports_function_is_not_retried(
    services: Services, partner: Partner, now: datetime
) -> None:
    doc = services.imports.create_job(partner.id, "tracks.csv", CLI, now=now)
    services.imports.store_file(partner.id, doc["id"], io.BytesIO(b"title\nA\x00\n"), now=now)
    services.imports.start(partner.id, doc["id"], ImportOptions(), now=now)
    publisher = RecordingPublisher()
    payload = json.dumps({"job_id": doc["id"]}).encode()
    message = PubsubMessage.from_event_data(
        {"message": {"data": base64.b64encode(payload).decode(), "messageId": "1"},
         "deliveryAttempt": 1}
    )  # fmt: skip

    run_delivered_job(
        message,
        source_topic=IMPORTS,
        publisher=publisher,  # type: ignore[arg-type]
        jobs=services.imports.jobs,
        run=lambda job_id: services.imports.run_job(job_id, now=now),
        now=now,
    )  # returns: acked, not raised for a redelivery

    finished = services.imports.jobs.get(doc["id"], str(partner.id))
    assert finished["state"] == "failed"
    assert finished["errors"][0]["field"] == "title"
    assert JOBS_DLQ not in publisher.sent


def test_an_unexpected_failure_of_a_cli_import_ends_the_job(
    services: Services, partner: Partner, now: datetime
) -> None:
    def broken() -> io.BytesIO:
        raise RuntimeError("the disk went away")

    doc = services.imports.run_file(partner.id, "a.csv", broken, 10, ImportOptions(), CLI, now=now)

    assert doc["state"] == "failed"
    assert doc["failure"] == (
        "the import stopped on an unexpected RuntimeError (see the log); nothing was imported"
    )


def test_server_assigned_and_unknown_columns_are_reported_as_ignored(
    services: Services, partner: Partner, now: datetime
) -> None:
    other = uuid.uuid4()
    data = f"title,partner_id,role,id,colour\nA,{other},admin,7,red\n".encode()

    doc = _cli_import(services, partner, "a.csv", data, now)
    report = _report(services, partner, doc)

    with services.uow() as uow:
        [track] = uow.tracks.where(partner.id)
    assert doc["state"] == "succeeded"
    assert track.partner_id == partner.id
    assert doc["counts"]["not_kept"] == 4
    assert [n["field"] for n in doc["not_kept"]] == ["partner_id", "role", "id", "colour"]
    assert doc["not_kept"][0]["problem"] == (
        "column 'partner_id' is ignored: the server (or an admin) assigns it, an import cannot "
        "set it"
    )
    assert "1,colour,not kept: column 'colour' matches no field and is ignored" in report
    assert doc["mapping"]["ignored"][1] == {
        "column": "role",
        "reason": "column 'role' is ignored: the server (or an admin) assigns it, an import "
        "cannot set it",
    }


def test_json_keys_the_server_assigns_are_reported_once(
    services: Services, partner: Partner, now: datetime
) -> None:
    data = json.dumps([{"title": "A", "id": 1}, {"title": "B", "id": 2, "partner_id": "x"}])

    doc = _cli_import(services, partner, "a.json", data.encode(), now)

    assert doc["state"] == "succeeded"
    assert [(n["row"], n["field"]) for n in doc["not_kept"]] == [(1, "id"), (2, "partner_id")]


def test_twenty_thousand_columns_are_refused_at_once_in_a_short_message(
    services: Services, partner: Partner, now: datetime
) -> None:
    header = ",".join(f"c{i}" for i in range(20_000))

    doc = _cli_import(services, partner, "a.csv", f"{header}\n{header}\n".encode(), now)

    assert doc["state"] == "failed"
    assert doc["failure"] == "row 1: the header has 20,000 columns; an import has at most 500"


def test_a_long_column_list_is_cut_in_messages(
    services: Services, partner: Partner, now: datetime
) -> None:
    header = ",".join(f"c{i}" for i in range(400))

    doc = _cli_import(services, partner, "a.csv", f"{header}\n{header}\n".encode(), now)

    assert doc["state"] == "failed"
    assert len(str(doc["failure"])) < 300
    assert "c9 and 390 more" in str(doc["failure"])


def test_a_200_kb_cell_is_named_as_too_long_not_as_broken_quoting(
    services: Services, partner: Partner, now: datetime
) -> None:
    doc = _cli_import(services, partner, "a.csv", b"title\n" + b"x" * 200_000 + b"\n", now)

    assert doc["state"] == "failed"
    assert str(doc["failure"]).startswith(
        "row 2: a cell is longer than 131,072 characters (128 KiB)"
    )


@pytest.mark.parametrize("encoding", [None, "utf-16"])
def test_a_utf16_csv_is_read_as_csv(
    services: Services, partner: Partner, now: datetime, encoding: str | None
) -> None:
    data = "title,isrc\nZoë,GBUV71200498\n".encode("utf-16")

    doc = _cli_import(services, partner, "a.csv", data, now, ImportOptions(encoding=encoding))

    assert doc["state"] == "succeeded"
    assert doc["file"]["format"] == "csv"
    assert doc["counts"]["tracks_created"] == 1


def test_changed_text_is_reported_with_the_original(
    services: Services, partner: Partner, now: datetime
) -> None:
    data = "title,display_artist\n\tLead Tab,Zoe\u0308 \x1bEsc\n".encode()

    doc = _cli_import(services, partner, "a.csv", data, now)
    report = _report(services, partner, doc)

    with services.uow() as uow:
        [track] = uow.tracks.where(partner.id)
    assert (track.title, track.display_artist) == ("Lead Tab", "Zoë Esc")
    assert doc["counts"]["changed"] == 2
    assert doc["changed"][0] == {
        "row": 2,
        "field": "title",
        "problem": "removed a leading tab; the file has '\\tLead Tab'",
    }
    assert "removed control characters U+001B (ESCAPE)" in doc["changed"][1]["problem"]
    assert "composed to Unicode NFC" in doc["changed"][1]["problem"]
    assert "2,title,changed: removed a leading tab" in report


# ---------------------------------------------------------------- through the API


@pytest.fixture
def client(services: Services, partner: Partner) -> flask.testing.FlaskClient:
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: Principal("u1", "user", Role.LABEL, partner.id))
    return app.test_client()


@pytest.mark.parametrize(
    ("name", "data", "location"),
    [
        ("a.csv", b"title,isrc\nA\x00B,GBUV71200495\n", "row 2, title"),
        ("a.json", b'[{"title": "A\\u0000B"}]', "item 1, title"),
        ("a.json", b'[{"title": "x\\ud800y"}]', "item 1, title"),
        ("a.json", f'[{{"title": "x", "bpm": {BIG}}}]'.encode(), "item 1, bpm"),
        ("a.csv", b"title,isrc\nA\n", "row 2"),
    ],
)
def test_validate_does_not_call_a_hostile_file_valid(
    client: flask.testing.FlaskClient, name: str, data: bytes, location: str
) -> None:
    response = client.post(f"/api/v1/validate?name={name}", data=data)

    assert response.status_code == 200
    assert response.json["valid"] is False
    assert response.json["findings"][0]["location"] == location


def test_a_long_number_in_an_import_request_is_a_422_naming_the_field(
    client: flask.testing.FlaskClient, services: Services, partner: Partner
) -> None:
    response = client.post(
        "/api/v1/imports", data=f'{{"file_name": {BIG}}}', content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json["field"] == "file_name"
    with services.engine.connect() as conn:
        jobs = conn.execute(
            sa.text("SELECT count(*) FROM status_documents WHERE collection = 'imports' "
                    "AND partner_id = :p"), {"p": str(partner.id)}
        ).scalar_one()  # fmt: skip
    assert jobs == 0


@pytest.mark.parametrize("file_name", ["..%2f..%2fetc%2fpasswd.csv", "\U0001f3b5" * 70 + ".csv"])
def test_an_import_file_name_that_is_a_path_or_too_long_is_refused(
    client: flask.testing.FlaskClient, partner: Partner, file_name: str
) -> None:
    response = client.post("/api/v1/imports", json={"file_name": file_name})

    assert response.status_code == 422
    assert response.json["field"] == "file_name"
    assert str(partner.id) not in response.json["detail"]


def test_starting_an_import_before_its_upload_names_no_object(
    client: flask.testing.FlaskClient, partner: Partner
) -> None:
    job = client.post("/api/v1/imports", json={"file_name": "later.csv"}).json

    response = client.post(f"/api/v1/imports/{job['id']}/start", json={})

    assert response.status_code == 404
    assert response.json["detail"] == f"import {job['id']} has no file yet: upload it first"
    assert str(partner.id) not in response.json["detail"]


def test_a_nul_in_a_cwr_file_names_its_line_and_writes_nothing(
    services: Services, partner: Partner, now: datetime, client: flask.testing.FlaskClient
) -> None:
    sample = (SHARED_RESOURCES / "standards/cwr/samples/CW220001000_DMP.V21").read_bytes()
    at = sample.index(b"THE MODIFIED WORK")
    data = sample[:at] + b"\x00" + sample[at + 1 :]

    doc = _cli_import(services, partner, "x.V21", data, now)
    validated = client.post("/api/v1/validate?name=x.V21", data=data)

    assert doc["state"] == "failed"
    assert doc["failure"] == (
        "line 3: contains a NUL character (U+0000): a CWR file is plain text (is it UTF-16?)"
    )
    assert validated.json["valid"] is False
    assert validated.json["unreadable"] == doc["failure"]
