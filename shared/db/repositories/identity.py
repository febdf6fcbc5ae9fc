"""Users, API clients, refresh tokens and token-signing keys (not partitioned: few rows)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import Row
from shared.db.tables import api_clients, refresh_tokens, signing_keys, users
from shared.domain.partners import ApiClient, Role, User
from shared.domain.records import RefreshRecord, SigningKeyRecord, StoredSecret
from shared.errors import Conflict, NotFound


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def _user(row: Row) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        role=Role(row["role"]),
        created_at=row["created_at"],
        partner_id=row["partner_id"],
        display_name=row["display_name"],
        territories=frozenset(row["territories"] or ()),
    )


def _client(row: Row) -> ApiClient:
    return ApiClient(
        id=row["id"],
        client_id=row["client_id"],
        partner_id=row["partner_id"],
        role=Role(row["role"]),
        created_at=row["created_at"],
        name=row["name"],
        territories=frozenset(row["territories"] or ()),
    )


class IdentityRepository:
    """Who may sign in, and the material tokens are made from."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    # ------------------------------------------------------------------ users

    def add_user(self, user: User, password_hash: str | None) -> User:
        """Insert; Conflict when the e-mail is taken (case-insensitively)."""
        if self.find_user_by_email(user.email) is not None:
            raise Conflict(f"a user with e-mail {user.email!r} already exists")
        self._conn.execute(
            sa.insert(users).values(
                id=user.id, partner_id=user.partner_id, email=user.email,
                display_name=user.display_name, role=user.role.value,
                password_hash=password_hash, territories=sorted(user.territories),
                created_at=user.created_at,
            )
        )  # fmt: skip
        return user

    def _user_row(self, *conditions: sa.ColumnElement[bool]) -> Row | None:
        return (
            self._conn.execute(sa.select(users).where(users.c.deleted_at.is_(None), *conditions))
            .mappings()
            .first()
        )

    def find_user_by_email(self, email: str) -> User | None:
        """A live user by e-mail."""
        row = self._user_row(sa.func.lower(users.c.email) == email.strip().lower())
        return None if row is None else _user(row)

    def user_secret(self, email: str) -> tuple[User, StoredSecret] | None:
        """A live user and its password hash, for sign-in."""
        row = self._user_row(sa.func.lower(users.c.email) == email.strip().lower())
        if row is None:
            return None
        return _user(row), StoredSecret(row["password_hash"], True)

    def get_user(self, user_id: UUID) -> User:
        """A live user; NotFound otherwise."""
        row = self._user_row(users.c.id == user_id)
        if row is None:
            raise NotFound(f"user {user_id} not found")
        return _user(row)

    def list_users(self, partner_id: UUID | None, *, limit: int = 1000) -> list[User]:
        """Live users (of one partner, or all), by e-mail."""
        query = sa.select(users).where(users.c.deleted_at.is_(None))
        if partner_id is not None:
            query = query.where(users.c.partner_id == partner_id)
        rows = self._conn.execute(query.order_by(users.c.email).limit(limit)).mappings()
        return [_user(row) for row in rows]

    def display_names(self, user_ids: Collection[str]) -> dict[str, str]:
        """Each live user's display name, else e-mail, by id (ids that are not users, or
        users deleted, are left out)."""
        wanted = [UUID(i) for i in user_ids if _is_uuid(i)]
        if not wanted:
            return {}
        rows = self._conn.execute(
            sa.select(users.c.id, users.c.display_name, users.c.email).where(
                users.c.id.in_(wanted), users.c.deleted_at.is_(None)
            )
        ).mappings()
        return {str(r["id"]): (r["display_name"] or "").strip() or r["email"] for r in rows}

    def update_user(self, user: User, password_hash: str | None = None) -> None:
        """Write name, role, territories (and the password hash when given)."""
        values: dict[str, Any] = {
            "display_name": user.display_name,
            "role": user.role.value,
            "territories": sorted(user.territories),
        }
        if password_hash is not None:
            values["password_hash"] = password_hash
        self._conn.execute(sa.update(users).where(users.c.id == user.id).values(**values))

    def delete_user(self, user_id: UUID, *, now: datetime) -> None:
        """GDPR soft delete: the user can no longer sign in and disappears from lists."""
        result = self._conn.execute(
            sa.update(users)
            .where(users.c.id == user_id, users.c.deleted_at.is_(None))
            .values(deleted_at=now)
        )
        if not result.rowcount:
            raise NotFound(f"user {user_id} not found")

    # ------------------------------------------------------------------ API clients

    def add_client(self, client: ApiClient, secret_hash: str) -> ApiClient:
        """Insert a client with the hash of its secret."""
        self._conn.execute(
            sa.insert(api_clients).values(
                id=client.id, client_id=client.client_id, secret_hash=secret_hash,
                partner_id=client.partner_id, role=client.role.value, name=client.name,
                territories=sorted(client.territories), created_at=client.created_at,
            )
        )  # fmt: skip
        return client

    def client_secret(self, client_id: str) -> tuple[ApiClient, StoredSecret] | None:
        """A client (also a revoked one, reported as unusable) and its secret's hash."""
        row = (
            self._conn.execute(sa.select(api_clients).where(api_clients.c.client_id == client_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        return _client(row), StoredSecret(row["secret_hash"], row["revoked_at"] is None)

    def get_client(self, client_id: str) -> ApiClient:
        """A live client; NotFound otherwise."""
        found = self.client_secret(client_id)
        if found is None or not found[1].usable:
            raise NotFound(f"API client {client_id} not found")
        return found[0]

    def list_clients(self, partner_id: UUID | None) -> list[ApiClient]:
        """Live clients (of one partner, or all)."""
        query = sa.select(api_clients).where(api_clients.c.revoked_at.is_(None))
        if partner_id is not None:
            query = query.where(api_clients.c.partner_id == partner_id)
        rows = self._conn.execute(query.order_by(api_clients.c.created_at)).mappings()
        return [_client(row) for row in rows]

    def revoke_client(self, client_id: str, *, now: datetime) -> None:
        """The client's secret stops working (tokens already issued expire on their own)."""
        result = self._conn.execute(
            sa.update(api_clients)
            .where(api_clients.c.client_id == client_id, api_clients.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        if not result.rowcount:
            raise NotFound(f"API client {client_id} not found")

    # ------------------------------------------------------------------ refresh tokens

    def add_refresh(self, record: RefreshRecord, token_hash: str, *, now: datetime) -> None:
        """Store a new refresh token (its hash)."""
        self._conn.execute(
            sa.insert(refresh_tokens).values(
                id=record.id, family_id=record.family_id, user_id=record.user_id,
                token_hash=token_hash, created_at=now, expires_at=record.expires_at,
            )
        )  # fmt: skip

    def find_refresh(self, token_hash: str) -> RefreshRecord | None:
        """The refresh token with this hash, locked for the rotation."""
        row = (
            self._conn.execute(
                sa.select(refresh_tokens)
                .where(refresh_tokens.c.token_hash == token_hash)
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return RefreshRecord(
            row["id"], row["family_id"], row["user_id"], row["expires_at"],
            row["used_at"], row["revoked_at"],
        )  # fmt: skip

    def mark_refresh_used(self, token_id: UUID, *, now: datetime) -> None:
        """A refresh token works once."""
        self._conn.execute(
            sa.update(refresh_tokens).where(refresh_tokens.c.id == token_id).values(used_at=now)
        )

    def revoke_refresh_family(self, family_id: UUID, *, now: datetime) -> None:
        """Revoke every token descended from one sign-in (sign-out, or reuse detected)."""
        self._conn.execute(
            sa.update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    # ------------------------------------------------------------------ signing keys

    def lock_signing_keys(self) -> None:
        """Serialise key rotation between processes (released at commit)."""
        self._conn.execute(sa.select(sa.func.pg_advisory_xact_lock(7_262_611_005)))

    def signing_keys(self) -> list[SigningKeyRecord]:
        """Every key, newest first."""
        rows = self._conn.execute(
            sa.select(signing_keys).order_by(signing_keys.c.created_at.desc())
        ).mappings()
        return [
            SigningKeyRecord(
                row["kid"], row["algorithm"], row["private_pem"], row["public_jwk"],
                row["created_at"], row["retired_at"],
            )
            for row in rows
        ]  # fmt: skip

    def add_signing_key(self, key: SigningKeyRecord) -> None:
        """Store a new key."""
        self._conn.execute(
            sa.insert(signing_keys).values(
                kid=key.kid, algorithm=key.algorithm, private_pem=key.private_pem,
                public_jwk=key.public_jwk, created_at=key.created_at, retired_at=key.retired_at,
            )
        )  # fmt: skip

    def retire_signing_key(self, kid: str, *, at: datetime) -> None:
        """From ``at`` on, tokens signed by this key are refused and the JWKS omits it."""
        self._conn.execute(
            sa.update(signing_keys)
            .where(signing_keys.c.kid == kid, signing_keys.c.retired_at.is_(None))
            .values(retired_at=at)
        )
