"""The JWT attack set, bad request bodies, and the tenant-isolation matrix."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, Tier
from tests.conftest import TEST_ACTOR

Headers = dict[str, str]


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(services: Services, partner: Partner, **override: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": services.settings.jwt_issuer,
        "aud": services.settings.jwt_audience,
        "sub": "attacker",
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "kind": "user",
        "role": "admin",
        "pid": str(partner.id),
        "tier": "enterprise",
    }
    claims.update(override)
    return claims


def _real_kid(services: Services) -> str:
    return str(services.tokens.jwks()["keys"][0]["kid"]) if services.tokens.jwks()["keys"] else ""


def _attacks(services: Services, partner: Partner) -> dict[str, str]:
    services.tokens.ensure_signing_key(now=datetime.now(UTC))
    kid = _real_kid(services)
    public_jwk = services.tokens.jwks()["keys"][0]
    rogue = ed25519.Ed25519PrivateKey.generate()
    rogue_jwk = jwt.algorithms.OKPAlgorithm.to_jwk(rogue.public_key(), as_dict=True)
    claims = _claims(services, partner)
    return {
        "alg none": f"{_b64({'alg': 'none', 'kid': kid})}.{_b64(claims)}.",
        "HS256 signed with the public key": _hs256(claims, kid, public_jwk),
        "embedded jwk": jwt.encode(
            claims, rogue, algorithm="EdDSA", headers={"kid": kid, "jwk": rogue_jwk}
        ),
        "remote jku": jwt.encode(
            claims, rogue, algorithm="EdDSA", headers={"kid": kid, "jku": "http://127.0.0.1:9/jwks"}
        ),
        "hostile kid": jwt.encode(
            claims, rogue, algorithm="EdDSA", headers={"kid": "../../etc/passwd' OR 1=1 --"}
        ),
        "unknown kid": jwt.encode(
            claims, rogue, algorithm="EdDSA", headers={"kid": "abcdefgh-unknown"}
        ),
        "forged signature": jwt.encode(claims, rogue, algorithm="EdDSA", headers={"kid": kid}),
        "expired": _signed(services, _claims(services, partner, exp=int(time.time()) - 60)),
        "not yet valid": _signed(services, _claims(services, partner, nbf=int(time.time()) + 600)),
        "wrong audience": _signed(services, _claims(services, partner, aud="someone-else")),
        "wrong issuer": _signed(services, _claims(services, partner, iss="https://evil.example")),
        "missing exp": _signed(services, {k: v for k, v in claims.items() if k != "exp"}),
        "garbage": "not.a.jwt",
    }


def _hs256(claims: dict[str, Any], kid: str, public_jwk: dict[str, Any]) -> str:
    """The key-confusion attack, made by hand (PyJWT itself refuses to make it)."""
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import serialization

    public = jwt.PyJWK(public_jwk).key
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{_b64(claims)}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def _signed(services: Services, claims: dict[str, Any]) -> str:
    """Signed with the server's real key: only the claims are wrong."""
    from cryptography.hazmat.primitives import serialization

    with services.uow() as uow:
        key = next(k for k in uow.identity.signing_keys() if k.retired_at is None)
    private = serialization.load_pem_private_key(key.private_pem.encode(), None)
    return jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": key.kid})  # type: ignore[arg-type]


ATTACKS = [
    "alg none",
    "HS256 signed with the public key",
    "embedded jwk",
    "remote jku",
    "hostile kid",
    "unknown kid",
    "forged signature",
    "expired",
    "not yet valid",
    "wrong audience",
    "wrong issuer",
    "missing exp",
    "garbage",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_jwt_attack_is_401(
    client: FlaskClient, services: Services, partner: Partner, attack: str
) -> None:
    token = _attacks(services, partner)[attack]

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401, response.json
    assert response.mimetype == "application/problem+json"
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("raw", "status", "words"),
    [
        (b'{"title": "a", "title": "b"}', 400, "duplicate key 'title'"),
        (b'{"title": "x", "bpm": NaN}', 400, "NaN"),
        (b'{"title": "x", "bpm": Infinity}', 400, "Infinity"),
        (b'{"title": "x",', 400, "malformed JSON at line 1"),
        (b'{"title": 12}', 422, "title"),
        (b'{"title": "x", "bpm": "120"}', 422, "bpm"),
        (
            b'{"title": "x", "partner_id": "6a1f0c4e-9b8e-4b7e-9d2a-1f2e3d4c5b6a"}',
            422,
            "may not be set",
        ),
        (b'{"title": "x", "id": "6a1f0c4e-9b8e-4b7e-9d2a-1f2e3d4c5b6a"}', 422, "may not be set"),
        (b'{"title": "x", "colour": "red"}', 422, "not a field"),
        (b'{"title": "' + b"x" * 600 + b'"}', 422, "title"),
        (b'{"title": "x", "moods": ' + b"[" * 50 + b"]" * 50 + b"}", 400, "nested deeper"),
        (b"\xff\xfe", 400, "not UTF-8"),
    ],
)
def test_bad_bodies_get_a_problem_naming_the_problem(
    client: FlaskClient, label: Headers, raw: bytes, status: int, words: str
) -> None:
    response = client.post(
        "/api/v1/tracks", data=raw, content_type="application/json", headers=label
    )

    assert response.status_code == status, response.json
    assert response.mimetype == "application/problem+json"
    assert words in response.json["detail"]


def test_oversized_and_non_json_bodies_are_refused(
    client: FlaskClient, label: Headers, services: Services
) -> None:
    big = b'{"title": "' + b"x" * (services.settings.api_max_body_bytes + 10) + b'"}'

    too_big = client.post(
        "/api/v1/tracks", data=big, content_type="application/json", headers=label
    )
    form = client.post("/api/v1/tracks", data={"title": "x"}, headers=label)

    assert too_big.status_code == 413
    assert form.status_code == 415


# ---------------------------------------------------------------- tenant isolation matrix


def _other_partner_objects(client: FlaskClient, headers: Headers) -> dict[str, str]:
    party = client.post("/api/v1/parties", json={"name": "P"}, headers=headers).json["id"]
    release = client.post("/api/v1/releases", json={"title": "R"}, headers=headers).json["id"]
    work = client.post("/api/v1/works", json={"title": "W"}, headers=headers).json["id"]
    track = client.post("/api/v1/tracks", json={"title": "T"}, headers=headers).json["id"]
    deal = client.post(
        "/api/v1/deals",
        headers=headers,
        json={
            "release_id": release,
            "commercial_models": ["SubscriptionModel"],
            "use_types": ["Stream"],
            "start_date": "2026-01-01",
        },
    ).json["id"]
    change = client.patch(f"/api/v1/tracks/{track}", json={"genre": "Jazz"}, headers=headers).json[
        "change_id"
    ]
    return {
        "party": party,
        "release": release,
        "work": work,
        "track": track,
        "deal": deal,
        "change": change,
    }


PLURAL = {
    "party": "parties",
    "release": "releases",
    "work": "works",
    "track": "tracks",
    "deal": "deals",
}


def _requests(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any] | None]]:
    calls: list[tuple[str, str, dict[str, Any] | None]] = []
    for kind, plural in PLURAL.items():
        base = f"/api/v1/{plural}/{ids[kind]}"
        calls += [
            ("GET", base, None),
            ("PATCH", base, {}),
            ("DELETE", base, None),
            ("GET", f"{base}/history", None),
        ]
    calls += [
        ("GET", f"/api/v1/tracks/{ids['track']}/estimates", None),
        ("POST", f"/api/v1/tracks/{ids['track']}/estimates/{uuid.uuid4()}/accept", None),
        ("PATCH", "/api/v1/tracks", {"ids": [ids["track"]], "set": {"genre": "x"}}),
        ("GET", f"/api/v1/changes/{ids['change']}", None),
        ("POST", f"/api/v1/changes/{ids['change']}/undo", None),
        ("POST", "/api/v1/tracks", {"title": "x", "release_id": ids["release"]}),
    ]
    return calls


@pytest.mark.parametrize("role", [Role.LABEL, Role.API])
def test_no_endpoint_reaches_another_partners_objects(
    client: FlaskClient,
    services: Services,
    auth: Callable[..., Headers],
    partner: Partner,
    role: Role,
) -> None:
    other = services.partners.create_partner(
        f"Victim {uuid.uuid4().hex[:6]}", Tier.PRO, now=datetime.now(UTC), actor=TEST_ACTOR
    )
    ids = _other_partner_objects(client, auth(other, Role.LABEL))
    intruder = auth(partner, role)

    answers = {
        f"{method} {path}": client.open(path, method=method, json=body, headers=intruder)
        for method, path, body in _requests(ids)
    }
    other_scope = client.get(f"/api/v1/tracks?partner_id={other.id}", headers=intruder)
    gql = client.post(
        "/graphql",
        headers=intruder,
        json={"query": f'{{ track(id: "{ids["track"]}") {{ title }} }}'},
    )

    leaked = {call: r.status_code for call, r in answers.items() if r.status_code not in (404, 422)}
    assert leaked == {}
    assert answers[f"POST /api/v1/tracks"].json["field"] == "release_id"  # noqa: F541
    assert other_scope.status_code == 404
    assert gql.json["data"]["track"] is None
    survivor = client.get(f"/api/v1/tracks/{ids['track']}", headers=auth(other, Role.LABEL))
    assert survivor.json["genre"] == "Jazz"


def test_admin_only_routes_refuse_label_and_api_roles(
    client: FlaskClient, auth: Callable[..., Headers], partner: Partner
) -> None:
    for role in (Role.LABEL, Role.API):
        headers = auth(partner, role)
        statuses = {
            client.get(path, headers=headers).status_code
            for path in ("/api/v1/partners", "/api/v1/users", "/api/v1/clients")
        }
        assert statuses == {403}
