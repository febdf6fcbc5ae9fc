"""Access tokens: JWTs signed with a rotating key pair, verified with every defence pinned.

One algorithm is pinned by settings (EdDSA or RS256); the header may not choose another, bring
its own key (jwk, jku, x5u, x5c) or name a key we do not hold. iss, aud, exp, nbf and iat are
required and checked. The newest active key signs; older keys keep verifying until they retire
(one access-token lifetime after the rotation), and the JWKS publishes exactly those.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from shared.domain.records import SigningKeyRecord
from shared.errors import Unauthorized
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

_KID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_FORBIDDEN_HEADERS = ("jwk", "jku", "x5u", "x5c", "x5t", "crit")
_RELOAD_EVERY_S = 60.0
_LEEWAY_S = 5  # seconds of clock skew allowed on exp and nbf
_UNKNOWN_KID_RELOAD_S = 5.0  # a flood of made-up kids costs at most one query per 5 s


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What an access token says about its bearer."""

    subject: str
    kind: str  # "user" or "client"
    role: str
    partner_id: str | None
    tier: str
    territories: tuple[str, ...] = ()
    client_id: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A signed access token and when it expires."""

    token: str
    expires_in_s: int
    kid: str


@dataclass
class _KeyRing:
    signing: tuple[str, Any] | None = None  # (kid, private key)
    verifying: dict[str, Any] = field(default_factory=dict)  # kid -> public key
    jwks: list[dict[str, Any]] = field(default_factory=list)
    loaded_at: float = float("-inf")


def _new_key(algorithm: str, now: datetime) -> SigningKeyRecord:
    private: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey
    if algorithm == "EdDSA":
        private = ed25519.Ed25519PrivateKey.generate()
        public_jwk = jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    kid = f"{now:%Y%m%d}-{secrets.token_hex(6)}"
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = {**public_jwk, "kid": kid, "alg": algorithm, "use": "sig"}
    return SigningKeyRecord(kid, algorithm, pem, jwk, now, None)


class TokenService:
    """Sign and verify access tokens; rotate the keys; publish the JWKS."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        *,
        issuer: str,
        audience: str,
        algorithm: str,
        access_ttl_s: int,
        key_max_age: timedelta,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow = uow
        self.issuer = issuer
        self.audience = audience
        self.algorithm = algorithm
        self.access_ttl_s = access_ttl_s
        self._key_max_age = key_max_age
        self._clock = clock
        self._ring = _KeyRing()
        self._lock = threading.Lock()
        self._last_unknown_reload = float("-inf")
        self._verified: _VerifiedTokens = _VerifiedTokens()

    # ------------------------------------------------------------------ keys

    def rotate(self, *, now: datetime) -> str:
        """Make a new signing key; the previous ones retire one token lifetime from now."""
        with self._uow() as uow:
            uow.identity.lock_signing_keys()
            record = self._rotate_in(uow, now)
        self._reload()
        return record.kid

    def _rotate_in(self, uow: UnitOfWork, now: datetime) -> SigningKeyRecord:
        retire_at = now + timedelta(seconds=self.access_ttl_s + 60)
        for key in uow.identity.signing_keys():
            if key.retired_at is None:
                uow.identity.retire_signing_key(key.kid, at=retire_at)
        record = _new_key(self.algorithm, now)
        uow.identity.add_signing_key(record)
        logger.info("new token signing key %s (%s)", record.kid, record.algorithm)
        return record

    def ensure_signing_key(self, *, now: datetime) -> None:
        """Create the first key, or rotate one older than the configured age."""
        with self._uow() as uow:
            uow.identity.lock_signing_keys()
            active = [
                k
                for k in uow.identity.signing_keys()
                if k.retired_at is None and k.algorithm == self.algorithm
            ]
            if not active or now - active[0].created_at > self._key_max_age:
                self._rotate_in(uow, now)
        self._reload()

    def _reload(self) -> None:
        with self._uow() as uow:
            keys = uow.identity.signing_keys()
        now_wall = datetime.now().astimezone()
        ring = _KeyRing(loaded_at=self._clock())
        for key in keys:
            if key.algorithm != self.algorithm:
                continue
            if key.retired_at is not None and key.retired_at <= now_wall:
                continue
            ring.verifying[key.kid] = jwt.PyJWK(key.public_jwk, algorithm=key.algorithm).key
            ring.jwks.append(key.public_jwk)
            if ring.signing is None and key.retired_at is None:
                private = serialization.load_pem_private_key(key.private_pem.encode(), None)
                ring.signing = (key.kid, private)
        with self._lock:
            self._ring = ring

    def _current_ring(self) -> _KeyRing:
        ring = self._ring
        if self._clock() - ring.loaded_at > _RELOAD_EVERY_S:
            self._reload()
            ring = self._ring
        return ring

    def jwks(self) -> dict[str, Any]:
        """The public keys that verify tokens now (RFC 7517 JWK Set)."""
        return {"keys": list(self._current_ring().jwks)}

    # ------------------------------------------------------------------ tokens

    def issue(self, claims: AccessClaims, *, now: datetime) -> IssuedToken:
        """A signed access token for ``claims``, valid from now for the configured life."""
        ring = self._current_ring()
        if ring.signing is None:
            self.ensure_signing_key(now=now)
            ring = self._ring
        assert ring.signing is not None
        kid, private = ring.signing
        stamp = int(now.timestamp())
        payload: dict[str, Any] = {
            "iss": self.issuer, "aud": self.audience, "sub": claims.subject,
            "iat": stamp, "nbf": stamp, "exp": stamp + self.access_ttl_s,
            "jti": uuid.uuid4().hex, "kind": claims.kind, "role": claims.role,
            "pid": claims.partner_id, "tier": claims.tier, "ter": list(claims.territories),
        }  # fmt: skip
        if claims.client_id:
            payload["cid"] = claims.client_id
        token = jwt.encode(payload, private, algorithm=self.algorithm, headers={"kid": kid})
        return IssuedToken(token, self.access_ttl_s, kid)

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid token; Unauthorized naming what is wrong otherwise.

        A token verified before is trusted again from memory while it is in its validity window
        and its key is still in the ring: the signature check is most of an API read's cost.
        """
        known = self._verified.get(token)
        if known is not None and known.usable(time.time(), self._current_ring()):
            return known.claims
        header = self._checked_header(token)
        key = self._key_for(header)
        try:
            payload = jwt.decode(
                token,
                key=key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=_LEEWAY_S,
                options={"require": ["iss", "aud", "sub", "exp", "nbf", "iat", "kind", "role"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the access token has expired: get a new one") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized("the access token is for another audience (aud)") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("the access token was issued by someone else (iss)") from None
        except jwt.ImmatureSignatureError:
            raise Unauthorized("the access token is not valid yet (nbf)") from None
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"invalid access token: {exc}") from None
        claims = _claims(payload)
        self._verified.put(token, _Verified(claims, header["kid"], payload["nbf"], payload["exp"]))
        return claims

    def _checked_header(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthorized("the bearer token is not a JWT") from None
        if header.get("alg") != self.algorithm:
            raise Unauthorized(f"token algorithm {header.get('alg')!r} is not accepted")
        present = [name for name in _FORBIDDEN_HEADERS if name in header]
        if present:
            raise Unauthorized(f"token header {present[0]!r} is not accepted")
        return header

    def _key_for(self, header: dict[str, Any]) -> Any:
        kid = header.get("kid")
        if not isinstance(kid, str) or not _KID.match(kid):
            raise Unauthorized("token kid is missing or malformed")
        ring = self._current_ring()
        if kid not in ring.verifying and self._may_reload_for_unknown_kid():
            self._reload()
            ring = self._ring
        key = ring.verifying.get(kid)
        if key is None:
            raise Unauthorized("token kid is not a key of this server (or it was retired)")
        return key

    def _may_reload_for_unknown_kid(self) -> bool:
        with self._lock:
            if self._clock() - self._last_unknown_reload < _UNKNOWN_KID_RELOAD_S:
                return False
            self._last_unknown_reload = self._clock()
            return True


@dataclass(frozen=True, slots=True)
class _Verified:
    claims: AccessClaims
    kid: str
    not_before: float
    expires: float

    def usable(self, now: float, ring: _KeyRing) -> bool:
        """Inside the window PyJWT checked (same leeway) and signed by a key still trusted."""
        inside = self.not_before - _LEEWAY_S <= now < self.expires + _LEEWAY_S
        return inside and self.kid in ring.verifying


class _VerifiedTokens:
    """A bounded memo of verified tokens (emptied when full: tokens live minutes anyway)."""

    def __init__(self, max_items: int = 10_000) -> None:
        self._items: dict[str, _Verified] = {}
        self._max_items = max_items

    def get(self, token: str) -> _Verified | None:
        return self._items.get(token)

    def put(self, token: str, verified: _Verified) -> None:
        if len(self._items) >= self._max_items:
            self._items = {}
        self._items[token] = verified


def _claims(payload: dict[str, Any]) -> AccessClaims:
    territories = payload.get("ter") or []
    partner_id = payload.get("pid")
    client_id = payload.get("cid")
    valid = (
        isinstance(payload["sub"], str)
        and payload["kind"] in ("user", "client")
        and isinstance(payload["role"], str)
        and (partner_id is None or isinstance(partner_id, str))
        and (client_id is None or isinstance(client_id, str))
        and isinstance(territories, list)
        and all(isinstance(t, str) for t in territories)
    )
    if not valid:
        raise Unauthorized("the access token's claims are malformed")
    return AccessClaims(
        subject=payload["sub"],
        kind=payload["kind"],
        role=payload["role"],
        partner_id=partner_id,
        tier=str(payload.get("tier") or "free"),
        territories=tuple(territories),
        client_id=client_id,
    )
