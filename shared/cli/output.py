"""CLI output: JSON lines for machines, tables and progress bars for people on a TTY."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

T = TypeVar("T")


def emit_json(obj: Any) -> None:
    """One JSON object on one line of stdout."""
    click.echo(json.dumps(obj, default=str, ensure_ascii=False))


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A readable table on stdout."""
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    Console().print(table)


def is_tty() -> bool:
    """True when a person is watching stderr."""
    return sys.stderr.isatty()


def with_progress(
    items: Sequence[T] | Iterable[T], *, label: str, total: int | None = None
) -> Iterator[T]:
    """Yield ``items``; draw a progress bar on stderr when it is a terminal."""
    if not is_tty():
        yield from items
        return
    count = total if total is not None else (len(items) if isinstance(items, Sequence) else None)
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task(label, total=count)
        for item in items:
            yield item
            progress.advance(task)
