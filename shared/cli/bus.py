"""`catalog bus stats` and `catalog dlq list`: what is queued and what failed."""

from __future__ import annotations

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table


def register(cli: click.Group) -> None:
    """Add the bus and dlq groups."""
    cli.add_command(bus)
    cli.add_command(dlq)


@click.group()
def bus() -> None:
    """The local message bus."""


@bus.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.pass_obj
def stats(ctx: CliContext, as_json: bool) -> None:
    """Messages ready, in flight and waiting to retry, per subscription."""
    local_bus = ctx.services.bus
    if local_bus is None:
        raise click.UsageError("BACKEND=gcp: queue depth is in Cloud Monitoring, not here")
    depth = local_bus.depth()
    if as_json:
        emit_json(depth)
        return
    print_table("bus", ["subscription", "ready", "in flight", "retrying", "oldest (s)"],
                [(name, d["ready"], d["leased"], d["retrying"], d["oldest_s"])
                 for name, d in depth.items()])  # fmt: skip


@click.group()
def dlq() -> None:
    """Dead letters: messages that failed three times."""


@dlq.command("list")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_obj
def list_letters(ctx: CliContext, limit: int, as_json: bool) -> None:
    """Unresolved dead letters with their reason, newest first."""
    letters = ctx.services.dead_letters.open_letters(limit=limit)
    if as_json:
        for letter in letters:
            emit_json(letter)
        return
    rows = [(x["recorded_at"], x["topic"], x["delivery_attempts"], x["reason"]) for x in letters]
    print_table("dead letters", ["recorded", "topic", "attempts", "reason"], rows)
