"""The `catalog` command. Each module in COMMAND_MODULES adds its commands with ``register``."""

from __future__ import annotations

import importlib
import logging
import sys

import click

from shared.cli.context import CliContext
from shared.errors import CatalogError, SettingsError

logger = logging.getLogger(__name__)

# Each module defines register(cli: click.Group) -> None.
COMMAND_MODULES = (
    "shared.cli.core",
    "shared.cli.admin",
    "shared.cli.bus",
    "shared.cli.extract",
    "shared.cli.cleanup",  # issue 8: cleanup, retention
    "shared.cli.alerts",  # issue 8: alerts, metrics, cache
    "shared.cli.flags",  # issue 8: feature flags
    "shared.cli.batch",
    "shared.cli.analysis",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Music catalog metadata: ingest, enrich, validate and deliver."""
    ctx.obj = CliContext(verbose=verbose)
    ctx.call_on_close(ctx.obj.close)


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(cli)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one clear line on stderr for every error we expect, never a traceback."""
    try:
        cli.main(args=argv, prog_name="catalog", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except SettingsError as exc:
        click.echo(f"catalog: {exc.message}", err=True)
        sys.exit(2)
    except CatalogError as exc:
        click.echo(f"catalog: {exc.message}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # isolation boundary: the CLI shows one line, the log the details
        logger.debug("unexpected error", exc_info=True)
        click.echo(
            f"catalog: unexpected {type(exc).__name__}: {exc} (run with -v for details)", err=True
        )
        sys.exit(1)
