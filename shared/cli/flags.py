"""`catalog flags ...`: feature flags for safe rollouts (Cloud Build applies a file per env)."""

from __future__ import annotations

from pathlib import Path

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table
from shared.domain.flags import FLAG_DEFAULTS, FeatureFlag


def register(cli: click.Group) -> None:
    """Add the flags group."""
    cli.add_command(flags)


@click.group()
def flags() -> None:
    """Feature flags: ship dark, then roll out to a share of partners."""


@flags.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per flag.")
@click.pass_obj
def list_flags(ctx: CliContext, as_json: bool) -> None:
    """Stored flags, and the code defaults of flags never stored."""
    stored = {flag.name: flag for flag in ctx.services.flags.all()}
    if as_json:
        for flag in stored.values():
            emit_json(flag.to_json())
        return
    rows = [
        (f.name, "on" if f.enabled else "off", f"{f.rollout_percent}%", len(f.partners))
        for f in stored.values()
    ]
    rows += [
        (name, f"default {'on' if on else 'off'}", "-", 0)
        for name, on in FLAG_DEFAULTS.items()
        if name not in stored
    ]
    print_table("feature flags", ["flag", "state", "rollout", "named partners"], rows)


@flags.command("set")
@click.argument("name")
@click.option(
    "--percent",
    type=click.IntRange(0, 100),
    default=100,
    show_default=True,
    help="Share of partners it is on for.",
)
@click.option("--partner", "partners", multiple=True, help="A partner id it is always on for.")
@click.option("--off", is_flag=True, help="Turn it off for everyone.")
@click.pass_obj
def set_flag(
    ctx: CliContext, name: str, percent: int, partners: tuple[str, ...], off: bool
) -> None:
    """Turn NAME on for PERCENT of partners (and the named ones), or --off."""
    flag = FeatureFlag(name, not off, percent, frozenset(partners))
    ctx.services.flags.set(flag)
    click.echo(f"{name}: {'off' if off else f'on for {percent}% of partners'}")


@flags.command("apply")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def apply(ctx: CliContext, path: Path) -> None:
    """Set every flag in PATH (deploy/flags/<env>.json); all or nothing on a bad entry."""
    applied = ctx.services.flags.apply_file(path)
    for flag in applied:
        state = f"on {flag.rollout_percent}%" if flag.enabled else "off"
        click.echo(f"{flag.name}: {state}")
