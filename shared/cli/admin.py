"""`catalog admin ...`: partners and their partitions."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table
from shared.domain.audit import Actor
from shared.domain.partners import Partner, Tier

CLI_ACTOR = Actor.system("cli")


def register(cli: click.Group) -> None:
    """Add the admin group."""
    cli.add_command(admin)


@click.group()
def admin() -> None:
    """Administer partners, users and API clients."""


def _partner_json(partner: Partner) -> dict[str, object]:
    return {
        "id": str(partner.id),
        "name": partner.name,
        "tier": partner.tier.value,
        "audio_retention_days": partner.audio_retention_days,
        "legal_hold": partner.legal_hold,
        "created_at": partner.created_at.isoformat(),
    }


@admin.command("create-partner")
@click.argument("name")
@click.option("--tier", type=click.Choice([t.value for t in Tier]), required=True)
@click.option("--retention-days", type=click.IntRange(min=1), default=None,
              help="Custom audio retention (Enterprise); default by tier.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def create_partner(
    ctx: CliContext, name: str, tier: str, retention_days: int | None, as_json: bool
) -> None:
    """Create a partner (a label, distributor or rights holder)."""
    partner = ctx.services.partners.create_partner(
        name,
        Tier(tier),
        now=datetime.now(UTC),
        actor=CLI_ACTOR,
        audio_retention_days=retention_days,
    )
    if as_json:
        emit_json(_partner_json(partner))
    else:
        click.echo(f"created partner {partner.name} ({partner.tier.value}): {partner.id}")


@admin.command("list-partners")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def list_partners(ctx: CliContext, as_json: bool) -> None:
    """List partners."""
    partners = ctx.services.partners.list_partners()
    if as_json:
        for partner in partners:
            emit_json(_partner_json(partner))
        return
    print_table("partners", ["name", "tier", "id", "created"],
                [(p.name, p.tier.value, p.id, p.created_at.date()) for p in partners])  # fmt: skip


@admin.command("dedicate-partition")
@click.argument("partner")
@click.pass_obj
def dedicate_partition(ctx: CliContext, partner: str) -> None:
    """Move a large PARTNER (name or id) into partitions of its own."""
    found = ctx.services.partners.find(partner)
    created = ctx.services.partners.dedicate_partition(
        found.id, now=datetime.now(UTC), actor=CLI_ACTOR
    )
    click.echo(
        f"{found.name}: {len(created)} partition(s) created"
        if created
        else f"{found.name} already has its own partitions"
    )
