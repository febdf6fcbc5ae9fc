"""`catalog run`, `catalog migrate`, `catalog status`."""

from __future__ import annotations

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table


def register(cli: click.Group) -> None:
    """Add the core commands."""
    cli.add_command(run)
    cli.add_command(migrate_command)
    cli.add_command(status)


@click.command()
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="HTTP port (default PORT or 8080)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.pass_obj
def run(ctx: CliContext, port: int | None, host: str) -> None:
    """Start the whole product locally: database, workers, APIs and UI on one port."""
    from shared.local.stack import LocalStack
    from shared.logs import configure_logging

    settings = ctx.settings
    chosen = port or settings.port
    if "public_url" not in settings.model_fields_set:  # signed URLs must point at this server
        shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
        settings = settings.model_copy(update={"public_url": f"http://{shown}:{chosen}"})
    configure_logging("DEBUG" if ctx.verbose else settings.log_level, settings.log_format,
                      project=settings.google_cloud_project)  # fmt: skip
    stack = LocalStack(settings, host=host)
    stack.start()
    click.echo(f"catalog is running on http://{host}:{chosen}  (Ctrl-C stops it)", err=True)
    stack.serve_forever(chosen)


@click.command("migrate")
@click.option("--check", is_flag=True, help="Only list pending migrations; exit 1 if any.")
@click.pass_obj
def migrate_command(ctx: CliContext, check: bool) -> None:
    """Apply pending database migrations (safe to run while `catalog run` is running)."""
    from shared.bootstrap import build_services
    from shared.db.migrate import migrate, pending_migrations

    built = build_services(ctx.settings)
    try:
        if check:
            pending = pending_migrations(built.engine)
            for name in pending:
                click.echo(name)
            raise SystemExit(1 if pending else 0)
        applied = migrate(built.engine)
        click.echo(
            f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else "")
        )
    finally:
        built.close()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
@click.pass_obj
def status(ctx: CliContext, as_json: bool) -> None:
    """Check every component (database, storage, bus, cache); exit 1 if any is unhealthy."""
    components = ctx.services.health.check_all()
    if as_json:
        emit_json({c.name: {"ok": c.ok, "detail": c.detail} for c in components})
    else:
        print_table("catalog status", ["component", "ok", "detail"],
                    [(c.name, "yes" if c.ok else "NO", c.detail) for c in components])  # fmt: skip
    if not all(c.ok for c in components):
        raise SystemExit(1)
