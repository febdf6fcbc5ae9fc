"""`catalog alerts`, `catalog metrics` and `catalog cache warm`: operations at a glance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from shared.cli.context import CliContext
from shared.cli.output import emit_json, is_tty, print_table
from shared.domain.alerts import AlertState


def register(cli: click.Group) -> None:
    """Add alerts, metrics and cache."""
    cli.add_command(alerts)
    cli.add_command(metrics)
    cli.add_command(cache)


def _state_json(state: AlertState) -> dict[str, object]:
    return {
        "alert": state.rule.name,
        "status": state.status,
        "value": state.value,
        "threshold": state.rule.threshold,
        "for_s": state.rule.for_s,
        "since": state.since.isoformat() if state.since else None,
        "summary": state.rule.summary,
    }


@click.command()
@click.option(
    "--lookback",
    type=click.IntRange(1, 24 * 60),
    default=60,
    show_default=True,
    help="Minutes of recorded snapshots to evaluate.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per rule.")
@click.pass_obj
def alerts(ctx: CliContext, lookback: int, as_json: bool) -> None:
    """Evaluate every alert rule over the recorded metrics; exit 1 when one fires."""
    now = datetime.now(UTC)
    states = ctx.services.metrics.alerts(now=now, lookback=timedelta(minutes=lookback))
    if as_json:
        for state in states:
            emit_json(_state_json(state))
    else:
        print_table(
            "alerts",
            ["alert", "status", "value", "threshold", "for", "summary"],
            [
                (
                    s.rule.name,
                    s.status,
                    _number(s.value),
                    _number(s.rule.threshold),
                    f"{s.rule.for_s:.0f} s",
                    s.rule.summary,
                )
                for s in states
            ],
        )
    firing = [s.rule.name for s in states if s.firing]
    if firing:
        click.echo(f"firing: {', '.join(firing)}", err=True)
        raise click.exceptions.Exit(1)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


@click.group()
def metrics() -> None:
    """Operational metrics (also at GET /metrics while `catalog run` runs)."""


@metrics.command("show")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per gauge.")
@click.pass_obj
def show(ctx: CliContext, as_json: bool) -> None:
    """Every gauge over the current window."""
    snapshot = ctx.services.metrics.snapshot(now=datetime.now(UTC))
    if as_json:
        for gauge in snapshot.gauges:
            emit_json({"name": gauge.name, "labels": dict(gauge.labels), "value": gauge.value})
        return
    print_table(
        f"metrics (last {snapshot.window_s:.0f} s)",
        ["name", "labels", "value"],
        [
            (g.name, ",".join(f"{k}={v}" for k, v in g.labels), _number(g.value))
            for g in snapshot.gauges
        ],
    )


@metrics.command("record")
@click.pass_obj
def record(ctx: CliContext) -> None:
    """Record one snapshot now (what the scheduled metrics function does every minute)."""
    snapshot = ctx.services.metrics.record(now=datetime.now(UTC))
    click.echo(f"recorded {len(snapshot.gauges)} gauge(s) at {snapshot.taken_at:%H:%M:%S} UTC")


@click.group()
def cache() -> None:
    """The read cache."""


@cache.command("warm")
@click.option(
    "--top",
    type=click.IntRange(0, 1_000_000),
    default=None,
    help="How many records (default CACHE_WARM_TOP_N, 10,000).",
)
@click.pass_obj
def warm(ctx: CliContext, top: int | None) -> None:
    """Load the most read records into the cache (what the scheduled job does before peak)."""
    top_n = ctx.services.settings.cache_warm_top_n if top is None else top
    if is_tty():
        bar = Progress(
            TextColumn("warming"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        with bar:
            task = bar.add_task("warm", total=top_n)
            report = ctx.services.cache_warmer.warm(
                top_n=top_n, progress=lambda n: bar.advance(task, n)
            )
    else:
        report = ctx.services.cache_warmer.warm(top_n=top_n)
    click.echo(
        f"cached {report.cached} record(s) ({report.from_reads} most read, "
        f"{report.from_recent} recently changed) in {report.seconds:.1f} s"
    )
