"""Partner administration: create tenants, set their tier, give large ones their own partition."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, FieldChange, RetentionClass
from shared.domain.ddex_parties import DdexParties
from shared.domain.partners import Partner, Tier
from shared.errors import InvalidField
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


class PartnerAdmin:
    """Tenant lifecycle."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    def create_partner(
        self,
        name: str,
        tier: Tier,
        *,
        now: datetime,
        actor: Actor,
        audio_retention_days: int | None = None,
    ) -> Partner:
        """Create a partner; Conflict when the name is taken."""
        clean = name.strip()
        if not clean or len(clean) > 200:
            raise InvalidField("name", "a partner name has 1 to 200 characters")
        if audio_retention_days is not None and audio_retention_days < 1:
            raise InvalidField("audio_retention_days", "must be at least 1 day")
        partner = Partner(uuid.uuid4(), clean, tier, now, audio_retention_days)
        with self._uow() as uow:
            uow.partners.add(partner)
            uow.audit.append([_created(partner, actor, now)])
        logger.info("created partner %s (%s)", partner.id, tier.value)
        return partner

    def find(self, reference: str) -> Partner:
        """A partner by name or id."""
        with self._uow() as uow:
            return uow.partners.get_by_name_or_id(reference)

    def list_partners(self) -> list[Partner]:
        """Every partner."""
        with self._uow() as uow:
            return uow.partners.list_all()

    def dedicate_partition(self, partner_id: UUID, *, now: datetime, actor: Actor) -> list[str]:
        """Move a partner's rows into partitions of its own (one transaction)."""
        with self._uow() as uow:
            partner = uow.partners.get(partner_id)
            created = uow.partners.dedicate_partitions(partner.id)
            uow.audit.append([
                AuditEvent(uuid.uuid4(), now, "partner.dedicate_partition", actor,
                           RetentionClass.OPERATIONAL, partner.id, "partner", partner.id,
                           detail={"partitions": created})
            ])  # fmt: skip
        return created

    def ddex_parties(self, partner_id: UUID) -> DdexParties:
        """The partner's DDEX sender and stores (empty when never set)."""
        with self._uow() as uow:
            uow.partners.get(partner_id)  # NotFound for a deleted partner
            return uow.partners.ddex_parties(partner_id)

    def set_ddex_parties(
        self, partner_id: UUID, parties: DdexParties, *, now: datetime, actor: Actor
    ) -> DdexParties:
        """Replace the partner's DDEX sender and stores, audited, in one transaction."""
        with self._uow() as uow:
            uow.partners.get(partner_id)
            before = uow.partners.ddex_parties(partner_id)
            uow.partners.save_ddex_parties(
                partner_id, parties, actor_id=actor.id or actor.type.value, now=now
            )
            detail = {"before": _parties_json(before), "after": _parties_json(parties)}
            uow.audit.append([
                AuditEvent(uuid.uuid4(), now, "partner.ddex_parties", actor,
                           RetentionClass.OPERATIONAL, partner_id, "partner", partner_id,
                           detail=detail)
            ])  # fmt: skip
        logger.info("DDEX parties of partner %s set: %d stores", partner_id, len(parties.stores))
        return parties


def _parties_json(parties: DdexParties) -> dict[str, object]:
    return {
        "sender_dpid": str(parties.sender_dpid) if parties.sender_dpid else None,
        "sender_name": parties.sender_name,
        "stores": [
            {"name": s.name, "dpid": str(s.dpid), "is_default": s.is_default}
            for s in parties.stores
        ],
    }


def _created(partner: Partner, actor: Actor, now: datetime) -> AuditEvent:
    return AuditEvent(
        id=uuid.uuid4(),
        occurred_at=now,
        action="partner.create",
        actor=actor,
        retention_class=RetentionClass.OPERATIONAL,
        partner_id=partner.id,
        entity_type="partner",
        entity_id=partner.id,
        changes=(
            FieldChange("name", None, partner.name),
            FieldChange("tier", None, partner.tier.value),
        ),
    )
