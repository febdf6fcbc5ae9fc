"""`catalog cleanup` and `catalog retention ...`: retention rules, notices, extensions, holds."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table
from shared.domain.audit import Actor
from shared.domain.retention import CleanupReport

CLI_ACTOR = Actor.system("cli")


def register(cli: click.Group) -> None:
    """Add the cleanup command and the retention group."""
    cli.add_command(cleanup)
    cli.add_command(retention)


def _parse_time(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date or time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command()
@click.option("--dry-run", is_flag=True, help="List what would go; change nothing.")
@click.option("--as-of", "as_of", metavar="DATE", help="With --dry-run: as if it were DATE.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per item, then a summary.")
@click.pass_obj
def cleanup(ctx: CliContext, dry_run: bool, as_of: str | None, as_json: bool) -> None:
    """Apply retention: audio per tier (after a notice), uploads > 24 h, GDPR purge, audit
    partitions. Partners under legal hold lose nothing."""
    if as_of and not dry_run:
        raise click.UsageError("--as-of only goes with --dry-run: a real run happens now")
    now = _parse_time(as_of)
    report = ctx.services.cleanup.run(now=now, dry_run=dry_run)
    while not dry_run and not report.complete and not report.errors:
        _show(report, as_json)
        report = ctx.services.cleanup.run(now=datetime.now(UTC))
    _show(report, as_json)
    if report.errors:
        raise click.ClickException("; ".join(report.errors))


def _show(report: CleanupReport, as_json: bool) -> None:
    verb = "would remove" if report.dry_run else "removed"
    if as_json:
        for item in report.items:
            emit_json(
                {
                    "kind": item.kind.value,
                    "target": item.target,
                    "reason": item.reason,
                    "partner_id": str(item.partner_id) if item.partner_id else None,
                    "dry_run": report.dry_run,
                }
            )
        emit_json(
            {
                "summary": report.summary(),
                "dry_run": report.dry_run,
                "held_partners": [str(p) for p in report.held_partners],
                "complete": report.complete,
                "errors": list(report.errors),
            }
        )
        return
    if report.items:
        print_table(
            f"cleanup ({verb})",
            ["kind", "target", "reason"],
            [(i.kind.value, i.target, i.reason) for i in report.items],
        )
    counts = ", ".join(f"{n} {kind}" for kind, n in report.summary().items() if n) or "nothing"
    held = (
        f"; {len(report.held_partners)} partner(s) under legal hold" if report.held_partners else ""
    )
    click.echo(f"cleanup {verb}: {counts}{held}")


@click.group()
def retention() -> None:
    """Audio retention: pending deletions, Enterprise extensions, legal hold, notice targets."""


@retention.command("pending")
@click.argument("partner")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def pending(ctx: CliContext, partner: str, as_json: bool) -> None:
    """Audio of PARTNER (name or id) with a deletion notice, soonest first."""
    found = ctx.services.partners.find(partner)
    rows = ctx.services.retention.pending_deletions(found.id)
    if as_json:
        for row in rows:
            emit_json(row)
        return
    print_table(
        f"pending deletions: {found.name}",
        ["deletion", "asset", "audio", "notified"],
        [(r["deletion_at"], r["asset_id"], r["audio_object"], r["notified_at"]) for r in rows],
    )


@retention.command("extend")
@click.argument("partner")
@click.option("--days", type=click.IntRange(min=1), required=True, help="Days to add.")
@click.option(
    "--asset",
    "assets",
    multiple=True,
    type=click.UUID,
    help="An asset id (repeatable); default: every asset with a notice.",
)
@click.pass_obj
def extend(ctx: CliContext, partner: str, days: int, assets: tuple[UUID, ...]) -> None:
    """Keep an Enterprise PARTNER's audio DAYS longer."""
    found = ctx.services.partners.find(partner)
    done = ctx.services.retention.extend(
        found.id, days=days, asset_ids=list(assets), now=datetime.now(UTC), actor=CLI_ACTOR
    )
    for extension in done:
        click.echo(f"{extension.asset_id}: kept until {extension.retain_until:%Y-%m-%d %H:%M} UTC")
    if not done:
        click.echo(f"{found.name}: nothing to extend")


@retention.command("hold")
@click.argument("partner")
@click.option("--release", is_flag=True, help="Lift the hold instead.")
@click.pass_obj
def hold(ctx: CliContext, partner: str, release: bool) -> None:
    """Put PARTNER under legal hold (no deletion of any kind), or --release it."""
    found = ctx.services.partners.find(partner)
    ctx.services.retention.set_legal_hold(
        found.id, on=not release, now=datetime.now(UTC), actor=CLI_ACTOR
    )
    click.echo(f"{found.name}: legal hold {'lifted' if release else 'set'}")


@retention.command("notify")
@click.argument("partner")
@click.option("--webhook", metavar="URL", help="https URL receiving signed JSON notices.")
@click.option("--email", metavar="ADDRESS", help="Address receiving notices by email.")
@click.pass_obj
def notify(ctx: CliContext, partner: str, webhook: str | None, email: str | None) -> None:
    """Set where PARTNER's deletion notices go (omit both to clear)."""
    found = ctx.services.partners.find(partner)
    target = ctx.services.retention.set_target(
        found.id, webhook_url=webhook, email=email, now=datetime.now(UTC)
    )
    click.echo(f"{found.name}: notices to {target.webhook_url or '-'} / {target.email or '-'}")
