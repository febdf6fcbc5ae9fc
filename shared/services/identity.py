"""Users and API clients: create them, check their passwords and secrets, sign users in and out.

Passwords and client secrets are stored as argon2id hashes (argon2-cffi's defaults follow RFC 9106's
second recommended profile). Refresh tokens are random, stored as sha256, used once, and rotated;
presenting a spent one revokes its whole family (the usual sign of a stolen token).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.domain.audit import Actor, ActorType, AuditEvent, FieldChange, RetentionClass
from shared.domain.auth_failures import FailureCount
from shared.domain.partners import ApiClient, Role, Tier, User
from shared.domain.records import RefreshRecord
from shared.domain.territories import check_territories, normalise_territory
from shared.errors import Conflict, InvalidField, NotFound, Unauthorized
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()
# verified when the user does not exist, so a missing account takes as long as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A user who proved who they are, the partner's tier, and a fresh refresh token."""

    user: User
    tier: Tier
    refresh_token: str
    refresh_expires_in_s: int


@dataclass(frozen=True, slots=True)
class NewClient:
    """A client just created: the secret is shown this once and never stored in clear."""

    client: ApiClient
    secret: str


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _verify(secret_hash: str | None, offered: str) -> bool:
    try:
        return _HASHER.verify(secret_hash or _DUMMY_HASH, offered) and secret_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def territories_of(codes: Iterable[str], *, field: str = "territories") -> frozenset[str]:
    """Normalised, checked territory codes."""
    normalised = frozenset(normalise_territory(code) for code in codes)
    check_territories(normalised, field=field)
    return normalised


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField("password", f"must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1024:
        raise InvalidField("password", "must have at most 1024 characters")
    return _HASHER.hash(password)


def _audit(action: str, actor: Actor, partner_id: UUID | None, entity: str, entity_id: UUID,
           now: datetime, *changes: FieldChange) -> AuditEvent:  # fmt: skip
    return AuditEvent(
        uuid.uuid4(), now, action, actor, RetentionClass.OPERATIONAL, partner_id,
        entity, entity_id, changes=changes,
    )  # fmt: skip


class IdentityService:
    """People and machines that act for partners."""

    def __init__(self, uow: Callable[[], UnitOfWork], *, refresh_ttl_s: int) -> None:
        self._uow = uow
        self._refresh_ttl = timedelta(seconds=refresh_ttl_s)

    # ------------------------------------------------------------------ users

    def create_user(
        self, email: str, role: Role, *, partner_id: UUID | None, password: str | None,
        now: datetime, actor: Actor, display_name: str = "", territories: Iterable[str] = (),
    ) -> User:  # fmt: skip
        """A new user; admins act across partners, others belong to exactly one."""
        clean = email.strip()
        if not _EMAIL.match(clean):
            raise InvalidField("email", f"{email!r} is not an e-mail address")
        if role is not Role.ADMIN and partner_id is None:
            raise InvalidField("partner", f"a {role.value} user belongs to a partner: name it")
        password_hash = None if password is None else _checked_password(password)
        user = User(uuid.uuid4(), clean, role, now, None if role is Role.ADMIN else partner_id,
                    display_name.strip()[:200], territories_of(territories))  # fmt: skip
        with self._uow() as uow:
            if user.partner_id is not None:
                uow.partners.get(user.partner_id)
            uow.identity.add_user(user, password_hash)
            uow.audit.append([_audit("user.create", actor, user.partner_id, "user", user.id, now,
                                     FieldChange("email", None, user.email),
                                     FieldChange("role", None, role.value))])  # fmt: skip
        logger.info("created user %s (%s)", user.id, role.value)
        return user

    def get_user(self, user_id: UUID) -> User:
        """A live user."""
        with self._uow() as uow:
            return uow.identity.get_user(user_id)

    def list_users(self, partner_id: UUID | None) -> list[User]:
        """Users of a partner, or of every partner."""
        with self._uow() as uow:
            return uow.identity.list_users(partner_id)

    def update_user(
        self, user_id: UUID, *, now: datetime, actor: Actor, display_name: str | None = None,
        role: Role | None = None, territories: Iterable[str] | None = None,
        password: str | None = None,
    ) -> User:  # fmt: skip
        """Change a user's name, role, territories or password."""
        with self._uow() as uow:
            user = uow.identity.get_user(user_id)
            new_territories = None if territories is None else territories_of(territories)
            changed = replace(
                user,
                display_name=user.display_name if display_name is None else display_name.strip(),
                role=role or user.role,
                territories=user.territories if new_territories is None else new_territories,
            )
            if changed.role is not Role.ADMIN and changed.partner_id is None:
                raise InvalidField("role", "an admin without a partner cannot become a "
                                           f"{changed.role.value} user")  # fmt: skip
            new_hash = None if password is None else _checked_password(password)
            uow.identity.update_user(changed, new_hash)
            changes = [
                FieldChange(name, str(getattr(user, name)), str(getattr(changed, name)))
                for name in ("display_name", "role", "territories")
                if getattr(user, name) != getattr(changed, name)
            ] + ([FieldChange("password", None, "(changed)")] if password else [])
            uow.audit.append([_audit("user.update", actor, user.partner_id, "user", user.id, now,
                                     *changes)])  # fmt: skip
        return changed

    def delete_user(self, user_id: UUID, *, now: datetime, actor: Actor) -> None:
        """GDPR soft delete; the user's refresh tokens stop working at once."""
        with self._uow() as uow:
            user = uow.identity.get_user(user_id)
            uow.identity.delete_user(user_id, now=now)
            uow.audit.append([_audit("user.delete", actor, user.partner_id, "user", user_id, now)])

    # ------------------------------------------------------------------ clients

    def create_client(
        self, partner_id: UUID, role: Role, *, now: datetime, actor: Actor, name: str = "",
        territories: Iterable[str] = (),
    ) -> NewClient:  # fmt: skip
        """A new OAuth2 client of a partner; its secret is returned once."""
        if role not in (Role.API, Role.LABEL):
            raise InvalidField("role", "an API client's role is api or label")
        secret = secrets.token_urlsafe(32)
        client = ApiClient(uuid.uuid4(), f"cat_{secrets.token_hex(12)}", partner_id, role, now,
                           name.strip()[:200], territories_of(territories))  # fmt: skip
        with self._uow() as uow:
            uow.partners.get(partner_id)
            uow.identity.add_client(client, _HASHER.hash(secret))
            uow.audit.append([_audit("client.create", actor, partner_id, "client", client.id, now,
                                     FieldChange("client_id", None, client.client_id),
                                     FieldChange("role", None, role.value))])  # fmt: skip
        logger.info("created API client %s for partner %s", client.client_id, partner_id)
        return NewClient(client, secret)

    def list_clients(self, partner_id: UUID | None) -> list[ApiClient]:
        """Live clients."""
        with self._uow() as uow:
            return uow.identity.list_clients(partner_id)

    def get_client(self, client_id: str) -> ApiClient:
        """A live client."""
        with self._uow() as uow:
            return uow.identity.get_client(client_id)

    def revoke_client(self, client_id: str, *, now: datetime, actor: Actor) -> None:
        """The client's secret stops working."""
        with self._uow() as uow:
            client = uow.identity.get_client(client_id)
            uow.identity.revoke_client(client_id, now=now)
            uow.audit.append([_audit("client.revoke", actor, client.partner_id, "client",
                                     client.id, now)])  # fmt: skip

    def record_failed_authentication(
        self, failure: FailureCount, *, reason: str, claimed: str | None, where: str,
        request_id: str, now: datetime,
    ) -> None:  # fmt: skip
        """An audit event for a refused authentication: who it claimed to be (unverified),
        from which address, why it failed, and how many failures that address had this minute."""
        actor = Actor(ActorType.CLIENT, claimed, claimed, request_id)
        event = AuditEvent(
            uuid.uuid4(), now, "auth.failed", actor, RetentionClass.OPERATIONAL,
            detail={"reason": reason, "client_address": failure.address, "where": where,
                    "failures_this_minute": failure.count, "claimed_identity_verified": False},
        )  # fmt: skip
        with self._uow() as uow:
            uow.audit.append([event])

    def authenticate_client(self, client_id: str, secret: str) -> tuple[ApiClient, Tier]:
        """The client and its partner's tier; Unauthorized for any mismatch (never which)."""
        with self._uow() as uow:
            found = uow.identity.client_secret(client_id[:200])
            stored = found[1] if found else None
            if not _verify(stored.secret_hash if stored else None, secret) or not (
                found and found[1].usable
            ):
                raise Unauthorized("invalid client_id or client_secret")
            return found[0], uow.partners.get(found[0].partner_id).tier

    # ------------------------------------------------------------------ sign-in

    def sign_in(self, email: str, password: str, *, now: datetime) -> SignedIn:
        """Check the password and start a refresh-token family."""
        with self._uow() as uow:
            found = uow.identity.user_secret(email[:320])
            if not _verify(found[1].secret_hash if found else None, password[:1024]) or not found:
                raise Unauthorized("wrong e-mail or password")
            user = found[0]
            token = self._new_refresh(uow, user.id, uuid.uuid4(), now)
            tier = self._tier_of(uow, user)
        return SignedIn(user, tier, token, int(self._refresh_ttl.total_seconds()))

    def refresh(self, token: str, *, now: datetime) -> SignedIn:
        """Spend a refresh token for a new one; a reused token revokes its family."""
        with self._uow() as uow:
            record = uow.identity.find_refresh(_sha256(token))
            if record is None or record.revoked_at is not None or record.expires_at <= now:
                raise Unauthorized("the refresh token is not valid: sign in again")
            if record.used_at is not None:
                uow.identity.revoke_refresh_family(record.family_id, now=now)
                logger.warning("refresh token reused for user %s: family revoked", record.user_id)
                reused = True
            else:
                reused = False
                uow.identity.mark_refresh_used(record.id, now=now)
                user = uow.identity.get_user(record.user_id)
                new_token = self._new_refresh(uow, user.id, record.family_id, now)
                tier = self._tier_of(uow, user)
        if reused:  # outside the block, so the revocation commits
            raise Unauthorized("the refresh token was already used: sign in again")
        return SignedIn(user, tier, new_token, int(self._refresh_ttl.total_seconds()))

    def sign_out(self, token: str, *, now: datetime) -> None:
        """Revoke the token's family (every device signed in with it stays signed in)."""
        with self._uow() as uow:
            record = uow.identity.find_refresh(_sha256(token))
            if record is not None:
                uow.identity.revoke_refresh_family(record.family_id, now=now)

    def _new_refresh(self, uow: UnitOfWork, user_id: UUID, family: UUID, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        record = RefreshRecord(uuid.uuid4(), family, user_id, now + self._refresh_ttl, None, None)
        uow.identity.add_refresh(record, _sha256(token), now=now)
        return token

    @staticmethod
    def _tier_of(uow: UnitOfWork, user: User) -> Tier:
        if user.partner_id is None:
            return Tier.ENTERPRISE
        try:
            return uow.partners.get(user.partner_id).tier
        except NotFound:
            raise Conflict("the user's partner no longer exists") from None
