"""`catalog import`, `catalog export` and `catalog validate`."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from shared.batch.mapping import load_mapping_file
from shared.batch.presets import PRESETS
from shared.cli.context import CliContext
from shared.cli.output import emit_json, is_tty
from shared.domain.audit import Actor
from shared.ern.model import Flow
from shared.ern.schemas import catalog_for
from shared.ern.validation import ErnValidator
from shared.errors import InvalidInput
from shared.ports import JsonValue
from shared.services.exports import ExportFormat, ExportRequest
from shared.services.import_runs import ImportMode, ImportOptions
from shared.services.validation import FileValidator

CLI_ACTOR = Actor.system("cli")


def register(cli: click.Group) -> None:
    """Add import, export and validate."""
    cli.add_command(import_command)
    cli.add_command(export_command)
    cli.add_command(validate_command)


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[dict[str, JsonValue]], None] | None]:
    """A bar on stderr when a person is watching; the callback takes progress documents."""
    if not is_tty():
        yield None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=100, detail="")

        def update(progress: dict[str, JsonValue]) -> None:
            done, total = _fraction(progress)
            detail = ", ".join(
                f"{k} {v}"
                for k, v in progress.items()
                if k in ("rows", "releases") and v is not None
            )
            bar.update(task, completed=100 * done / total if total else 0, detail=detail)

        yield update


def _fraction(progress: dict[str, JsonValue]) -> tuple[float, float]:
    percent = progress.get("percent")
    if isinstance(percent, int | float):
        return float(percent), 100.0
    done = progress.get("rows", progress.get("releases", 0))
    total = progress.get("total", 0)
    numbers = [float(v) if isinstance(v, int | float) else 0.0 for v in (done, total)]
    return numbers[0], numbers[1]


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--partner", required=True, help="Partner name or id.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON file {"file column": "field" or null} overriding the detected mapping.',
)
@click.option(
    "--dry-run", is_flag=True, help="Validate and count what would change; write nothing."
)
@click.option(
    "--mode",
    type=click.Choice(["all-or-nothing", "skip-invalid"]),
    default="all-or-nothing",
    show_default=True,
    help="What to do with the valid rows when some are invalid.",
)
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"]),
    help="The file's encoding (default: detected).",
)
@click.option(
    "--delimiter", type=click.Choice([",", ";", "tab"]), help="CSV delimiter (default: detected)."
)
@click.option(
    "--person-set-values",
    "person_set_values",
    type=click.Choice(["keep", "overwrite"]),
    default="keep",
    show_default=True,
    help="Values a person set on existing tracks: keep them, or overwrite them with the file's.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the row report (row, field, problem) to this CSV file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the final job document as JSON.")
@click.pass_obj
def import_command(
    ctx: CliContext,
    file: Path,
    partner: str,
    mapping_file: Path | None,
    dry_run: bool,
    mode: str,
    encoding: str | None,
    delimiter: str | None,
    person_set_values: str,
    report_path: Path | None,
    as_json: bool,
) -> None:
    """Import tracks and releases from CSV, JSON, DDEX XML, or a CWR acknowledgement file."""
    if not file.is_file():
        raise click.ClickException(f"{file}: no such file")
    options = ImportOptions(
        ImportMode(mode.replace("-", "_")),
        dry_run,
        load_mapping_file(mapping_file.read_text(encoding="utf-8")) if mapping_file else {},
        encoding,
        "\t" if delimiter == "tab" else delimiter,
        keep_person_values=person_set_values == "keep",
    )
    built = ctx.services
    found = built.partners.find(partner)
    with _progress_bar(f"importing {file.name}") as tick:
        doc = built.imports.run_file(
            found.id,
            file.name,
            lambda: file.open("rb"),
            file.stat().st_size,
            options,
            CLI_ACTOR,
            now=datetime.now(UTC),
            on_progress=tick,
        )
    if report_path is not None and doc.get("report_object"):
        with (
            built.imports.read_report(found.id, str(doc["id"])) as source,
            report_path.open("wb") as out,
        ):
            shutil.copyfileobj(source, out)
    if as_json:
        emit_json(doc)
    else:
        _print_import(doc, report_path)
    if doc.get("state") != "succeeded":
        sys.exit(1)


def _print_import(doc: dict[str, Any], report_path: Path | None) -> None:
    counts = doc.get("counts") or {}
    for error in doc.get("errors") or []:
        where = f"row {error['row']}" + (f", {error['field']}" if error.get("field") else "")
        click.echo(f"{where}: {error['problem']}")
    summary = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
    prefix = "dry run (nothing written): " if doc.get("dry_run") else ""
    if doc.get("state") == "succeeded":
        click.echo(f"{prefix}import {doc['id']} succeeded: {summary}")
    else:
        click.echo(f"catalog: import failed: {doc.get('failure')}", err=True)
        if summary:
            click.echo(summary, err=True)
    if report_path is not None:
        click.echo(f"report: {report_path}")


@click.command("export")
@click.option("--partner", required=True, help="Partner name or id.")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ExportFormat]), required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--preset",
    type=click.Choice(sorted(PRESETS)),
    default="catalog",
    show_default=True,
    help="CSV/JSON column layout.",
)
@click.option("--release", "releases", multiple=True, help="Only this release id (repeatable).")
@click.option(
    "--ern-version",
    "ern_versions",
    multiple=True,
    type=click.Choice(["4.3", "3.8.2"]),
    help="DDEX versions to write (repeat to dual-write); default 4.3.",
)
@click.option(
    "--flow", type=click.Choice([f.value for f in Flow]), default="new", show_default=True
)
@click.option(
    "--takedown-on", type=click.DateTime(["%Y-%m-%d"]), help="Takedown: the day availability ends."
)
@click.option("--test-message", is_flag=True, help="DDEX MessageControlType TestMessage.")
@click.option("--sender-dpid", help="DDEX MessageSender PartyId (default DDEX_SENDER_DPID).")
@click.option(
    "--recipient-dpid", help="DDEX MessageRecipient PartyId (default DDEX_RECIPIENT_DPID)."
)
@click.option("--recipient-name", help="DDEX MessageRecipient name.")
@click.option(
    "--cwr-version",
    type=click.Choice(["2.1", "2.2", "3.0", "3.1"]),
    default="2.1",
    show_default=True,
)
@click.option("--cwr-sender-ipi", help="IPI name number of the submitting publisher.")
@click.option("--cwr-sender-code", default="XXX", help="2-3 character submitter code (file name).")
@click.option(
    "--force",
    is_flag=True,
    help="Deliver despite blocking findings or placeholder sender/recipient DPIDs.",
)
@click.option(
    "--ai-unreviewed/--no-ai-unreviewed",
    default=True,
    show_default=True,
    help="CSV/JSON: end each row with the fields an AI set and no person reviewed.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the final job document as JSON.")
@click.pass_obj
def export_command(
    ctx: CliContext,
    fmt: str,
    out_path: Path,
    preset: str,
    releases: tuple[str, ...],
    ern_versions: tuple[str, ...],
    flow: str,
    takedown_on: datetime | None,
    test_message: bool,
    sender_dpid: str | None,
    recipient_dpid: str | None,
    recipient_name: str | None,
    cwr_version: str,
    cwr_sender_ipi: str | None,
    cwr_sender_code: str,
    partner: str,
    force: bool,
    ai_unreviewed: bool,
    as_json: bool,
) -> None:
    """Export the catalog as CSV, JSON lines, DDEX ERN (a zip, one message per release) or CWR."""
    try:
        release_ids = tuple(UUID(r) for r in releases)
    except ValueError:
        raise click.BadParameter("release ids are UUIDs", param_hint="--release") from None
    request = ExportRequest(
        ExportFormat(fmt),
        preset,
        release_ids,
        ern_versions or ("4.3",),
        Flow(flow),
        takedown_on.date() if takedown_on else None,
        test_message,
        sender_dpid,
        None,
        recipient_dpid,
        recipient_name,
        cwr_version,
        cwr_sender_ipi,
        None,
        cwr_sender_code,
        force,
        ai_unreviewed,
    )
    built = ctx.services
    found = built.partners.find(partner)
    with _progress_bar(f"exporting {fmt}") as tick:
        doc = built.exports.run_now(
            found.id, request, CLI_ACTOR, now=datetime.now(UTC), on_progress=tick
        )
    if doc.get("state") != "succeeded":
        raise InvalidInput(f"export failed: {doc.get('failure')}")
    with built.exports.open_output(found.id, str(doc["id"])) as source, out_path.open("wb") as out:
        shutil.copyfileobj(source, out)
    if as_json:
        emit_json(doc)
        return
    _print_export(dict(doc), out_path)


def _print_export(doc: dict[str, Any], out_path: Path) -> None:
    findings = doc.get("findings") or {}
    for finding in (findings.get("first") or [])[:20]:
        click.echo(f"{finding['location']}: {finding['message']}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in (doc.get("counts") or {}).items())
    click.echo(
        f"wrote {out_path} ({counts}; {findings.get('blocking', 0)} blocking, "
        f"{findings.get('warning', 0)} warning findings)"
    )


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding.")
@click.pass_obj
def validate_command(ctx: CliContext, file: Path, as_json: bool) -> None:
    """Validate a DDEX, CSV, JSON or CWR file: exit 0 valid, 1 invalid, 2 unreadable or unsafe."""
    if not file.is_file():
        click.echo(f"catalog: {file}: cannot read the file (no such file)", err=True)
        sys.exit(2)
    service = FileValidator(ErnValidator(catalog_for(ctx.settings.ddex_schema_dir)))
    try:
        result = service.validate_file(lambda: file.open("rb"), file.name)
    except OSError as exc:
        click.echo(f"catalog: {file}: cannot read the file ({exc.strerror})", err=True)
        sys.exit(2)
    for finding in result.findings:
        click.echo(emit_line(finding.to_json()) if as_json else finding.render())
    if result.unreadable:
        click.echo(f"catalog: {file}: {result.unreadable}", err=True)
    elif not as_json:
        blocking = sum(1 for f in result.findings if f.is_blocking)
        verdict = "valid" if result.exit_code == 0 else "invalid"
        click.echo(
            f"{file}: {verdict} {result.kind} ({blocking} blocking, "
            f"{len(result.findings) - blocking} warnings)",
            err=True,
        )
    sys.exit(result.exit_code)


def emit_line(obj: dict[str, Any]) -> str:
    """One JSON object on a line."""
    return json.dumps(obj, ensure_ascii=False, default=str)
