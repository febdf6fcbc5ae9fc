"""`catalog admin ...`: partners and their partitions."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table
from shared.domain.audit import Actor
from shared.domain.partners import Partner, Role, Tier

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


def _territories(text: str) -> list[str]:
    return [code for code in (part.strip() for part in text.split(",")) if code]


@admin.command("create-client")
@click.option("--partner", "partner_ref", required=True, help="Partner name or id.")
@click.option("--role", type=click.Choice([Role.API.value, Role.LABEL.value]), default="api",
              show_default=True)  # fmt: skip
@click.option("--name", default="", help="What the client is for.")
@click.option("--territories", default="", help="Comma-separated ISO codes it is limited to.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def create_client(
    ctx: CliContext, partner_ref: str, role: str, name: str, territories: str, as_json: bool
) -> None:
    """Create an OAuth2 client; its secret is printed this once (store it now)."""
    partner = ctx.services.partners.find(partner_ref)
    created = ctx.services.identity.create_client(
        partner.id, Role(role), now=datetime.now(UTC), actor=CLI_ACTOR, name=name,
        territories=_territories(territories),
    )  # fmt: skip
    if as_json:
        emit_json({"client_id": created.client.client_id, "client_secret": created.secret,
                   "partner_id": str(partner.id), "role": role})  # fmt: skip
        return
    click.echo(f"created {role} client for {partner.name}")
    click.echo(f"client_id:     {created.client.client_id}")
    click.echo(f"client_secret: {created.secret}   (shown once: store it now)")


@admin.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--partner", "partner_ref", default=None, help="Partner name or id (not for admin).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--territories", default="", help="Comma-separated ISO codes they are limited to.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def create_user(
    ctx: CliContext, email: str, role: str, partner_ref: str | None, display_name: str,
    territories: str, password_stdin: bool, as_json: bool,
) -> None:  # fmt: skip
    """Create a user who signs in to the UI (prompts for the password unless --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    partner_id = ctx.services.partners.find(partner_ref).id if partner_ref else None
    user = ctx.services.identity.create_user(
        email, Role(role), partner_id=partner_id, password=password, now=datetime.now(UTC),
        actor=CLI_ACTOR, display_name=display_name, territories=_territories(territories),
    )  # fmt: skip
    if as_json:
        emit_json({"id": str(user.id), "email": user.email, "role": user.role.value,
                   "partner_id": str(user.partner_id) if user.partner_id else None,
                   "territories": sorted(user.territories)})  # fmt: skip
        return
    click.echo(f"created {user.role.value} user {user.email}: {user.id}")


@admin.command("rotate-keys")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def rotate_keys(ctx: CliContext, as_json: bool) -> None:
    """Start signing access tokens with a new key; the old one verifies until tokens expire."""
    kid = ctx.services.tokens.rotate(now=datetime.now(UTC))
    if as_json:
        emit_json({"kid": kid})
    else:
        click.echo(f"new signing key {kid}")
