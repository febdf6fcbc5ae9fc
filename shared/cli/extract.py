"""`catalog extract FILE... [--json]`: what ingest reads from audio files, without a database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, is_tty, print_table, with_progress
from shared.domain.media import Extraction, UnreadableAudio

# The --json keys, in this order (the schema users script against).
TAG_KEYS = ("title", "artist", "album", "albumartist", "date", "tracknumber", "discnumber",
            "genre", "composer", "lyricist", "label", "copyright", "isrc", "barcode", "iswc",
            "bpm", "key", "language", "comment")  # fmt: skip


def register(cli: click.Group) -> None:
    """Add `catalog extract`."""
    cli.add_command(extract)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.option("--no-fingerprint", is_flag=True, help="Skip the Chromaprint fingerprint (faster).")
@click.pass_obj
def extract(ctx: CliContext, files: tuple[Path, ...], as_json: bool, no_fingerprint: bool) -> None:
    """Read tags, technical facts, sha256 and fingerprint of audio FILES.

    Exits 1 when any file could not be read (one line on stderr per such file).
    """
    from shared.bootstrap import build_extractor

    extractor = build_extractor(ctx.settings)
    rows: list[dict[str, Any]] = []
    failed = 0
    try:
        for path in with_progress(files, label="extracting", total=len(files)):
            row = _one(extractor, path, fingerprint=not no_fingerprint)
            if row is None:
                failed += 1
            elif as_json:
                emit_json(row)
            else:
                rows.append(row)
    finally:
        extractor.close()
    if rows:
        _table(rows)
    if failed:
        sys.exit(1)


def _one(extractor: Any, path: Path, *, fingerprint: bool) -> dict[str, Any] | None:
    if not path.is_file():
        click.echo(f"{path}: no such file", err=True)
        return None
    try:
        found: Extraction = extractor.extract(path.resolve(), fingerprint=fingerprint)
    except UnreadableAudio as exc:
        click.echo(f"{path}: {exc.message}", err=True)
        return None
    except PermissionError:
        click.echo(f"{path}: permission denied", err=True)
        return None
    return as_row(path, found)


def as_row(path: Path, found: Extraction) -> dict[str, Any]:
    """The --json object for one file."""
    technical = found.technical
    tags = found.tags.to_json()
    return {
        "file": str(path),
        "format": found.format,
        "codec": technical.codec,
        "duration_s": technical.duration_s,
        "sample_rate": technical.sample_rate,
        "bit_depth": technical.bit_depth,
        "channels": technical.channels,
        "bitrate": technical.bitrate,
        "sha256": found.sha256,
        "fingerprint": found.fingerprint,
        "tags": {key: tags[key] for key in TAG_KEYS},
        "warnings": [w.message for w in found.warnings],
    }


def _table(rows: list[dict[str, Any]]) -> None:
    """A table on a terminal; tab-separated lines (with a header) when piped."""
    columns = ("file", "format", "codec", "duration", "audio", "kbps", "title", "artist", "isrc",
               "warnings")  # fmt: skip
    cells = [_cells(row) for row in rows]
    if is_tty():
        print_table(f"{len(rows)} file(s)", columns, cells)
        return
    for line in (columns, *cells):
        click.echo("\t".join("" if cell is None else str(cell) for cell in line))


def _cells(row: dict[str, Any]) -> tuple[Any, ...]:
    audio = " ".join(
        part
        for part in (
            f"{row['sample_rate'] / 1000:g} kHz" if row["sample_rate"] else "",
            f"{row['bit_depth']}-bit" if row["bit_depth"] else "",
            f"{row['channels']} ch" if row["channels"] else "",
        )
        if part
    )
    tags = row["tags"]
    return (
        Path(row["file"]).name, row["format"], row["codec"], f"{row['duration_s']:.1f} s", audio,
        round((row["bitrate"] or 0) / 1000), tags["title"], tags["artist"], tags["isrc"],
        "; ".join(row["warnings"]),
    )  # fmt: skip
