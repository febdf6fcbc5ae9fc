"""History by name (issue 17, item 1): the history and audit APIs give the actor's display name
(or e-mail) beside the id, and a change that was undone says by whom, with the undo's id."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, User
from tests.auth_helpers import bearer_headers
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]


def _person(services: Services, partner: Partner, now: datetime, name: str = "") -> User:
    return services.identity.create_user(
        f"{uuid.uuid4().hex[:8]}@example.com", Role.LABEL, partner_id=partner.id,
        password=None, now=now, actor=TEST_ACTOR, display_name=name,
    )  # fmt: skip


def _as(services: Services, user: User) -> Headers:
    return bearer_headers(services, partner_id=user.partner_id, subject=str(user.id))


def test_history_names_who_changed_a_track_and_who_undid_it(
    client: FlaskClient, services: Services, partner: Partner, now: datetime
) -> None:
    anna = _person(services, partner, now, "Anna Editor")
    ben = _person(services, partner, now)  # no display name: the e-mail stands in
    track = client.post("/api/v1/tracks", json={"title": "Demo"}, headers=_as(services, anna))
    edit = client.patch(f"/api/v1/tracks/{track.json['id']}", json={"genre": "Jazz"},
                        headers=_as(services, anna)).json  # fmt: skip
    undo = client.post(f"/api/v1/changes/{edit['change_id']}/undo", headers=_as(services, ben))

    history = client.get(f"/api/v1/tracks/{track.json['id']}/history",
                         headers=_as(services, anna)).json["items"]  # fmt: skip

    assert undo.status_code == 200, undo.json
    edited = next(e for e in history if e["change_id"] == edit["change_id"])
    assert edited["actor"]["id"] == str(anna.id)
    assert edited["actor"]["name"] == "Anna Editor"
    assert edited["undone_by"]["change_id"] == undo.json["id"]
    assert edited["undone_by"]["actor_name"] == ben.email
    undoing = next(e for e in history if e["change_id"] == undo.json["id"])
    assert undoing["undoes"] == edit["change_id"]
    assert undoing["actor"]["name"] == ben.email
    assert undoing["undone_by"] is None


def test_the_audit_log_names_people_but_not_deleted_users_or_unknown_subjects(
    client: FlaskClient, services: Services, partner: Partner, now: datetime, label: Headers
) -> None:
    gone = _person(services, partner, now, "Gone Person")
    here = _person(services, partner, now, "Still Here")
    client.post("/api/v1/tracks", json={"title": "By someone gone"}, headers=_as(services, gone))
    client.post("/api/v1/tracks", json={"title": "By someone here"}, headers=_as(services, here))
    client.post("/api/v1/tracks", json={"title": "By a token"}, headers=label)
    services.identity.delete_user(gone.id, now=now, actor=TEST_ACTOR)

    items = client.get("/api/v1/audit?entity_type=track", headers=label).json["items"]

    by_actor = {e["actor"]["id"]: e["actor"]["name"] for e in items}
    assert by_actor.pop(str(here.id)) == "Still Here"
    assert by_actor.pop(str(gone.id)) is None  # a GDPR-deleted user is not named again
    assert set(by_actor.values()) == {None}  # a test token's subject is no user
