"""`catalog analyze FILE...` and `catalog ab-report`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from shared.cli.context import CliContext
from shared.cli.output import emit_json, print_table, with_progress
from shared.domain.enrichment import AudioAnalysis, Label
from shared.errors import CatalogError


def register(cli: click.Group) -> None:
    """Add the AI enrichment commands."""
    cli.add_command(analyze)
    cli.add_command(ab_report)


def _line(path: Path, result: AudioAnalysis, seconds: float) -> dict[str, Any]:
    return {
        "file": str(path),
        "bpm": result.bpm,
        "key": result.key,
        "key_confidence": result.key_confidence,
        "genres": [{"label": g.label, "score": g.score} for g in result.genres],
        "moods": [{"label": m.label, "score": m.score} for m in result.moods],
        "loudness_lufs": result.loudness_lufs,
        "model": result.model,
        "model_version": result.model_version,
        "confidence": result.confidence,
        "vocals": _labelled(result.vocals),
        "vocal_gender": _labelled(result.vocal_gender),
        "seconds": round(seconds, 3),
    }


def _labelled(label: Label | None) -> dict[str, Any] | None:
    return None if label is None else {"label": label.label, "score": label.score}


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per file.")
@click.option(
    "--backend",
    default=None,
    help="Model server backend (default: local, or ANALYSIS_PRIMARY when QWEN_ENDPOINT is set).",
)
@click.pass_obj
def analyze(ctx: CliContext, files: tuple[Path, ...], as_json: bool, backend: str | None) -> None:
    """BPM, key, loudness, genre and mood of audio files (exit 1 if any file failed)."""
    from shared.bootstrap import audio_analyzer

    settings = ctx.settings
    analyzer = audio_analyzer(settings)
    chosen = backend or (settings.analysis_primary if settings.qwen_endpoint else "local")
    rows, failed = [], 0
    for path in with_progress(files, label="analysing"):
        started = time.perf_counter()
        try:
            result = analyzer.analyze(_read(path), backend=chosen)
        except CatalogError as exc:
            failed += 1
            click.echo(f"catalog: {path}: {exc.message}", err=True)
            continue
        line = _line(path, result, time.perf_counter() - started)
        if as_json:
            emit_json(line)
        rows.append(line)
    if not as_json and rows:
        _print(rows)
    if failed:
        raise SystemExit(1)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogError(exc.strerror or str(exc)) from None


def _print(rows: list[dict[str, Any]]) -> None:
    def top(items: list[dict[str, Any]]) -> str:
        return items[0]["label"] if items else ""

    print_table(
        None,
        ["file", "bpm", "key", "LUFS", "genre", "mood", "conf"],
        [
            (
                Path(r["file"]).name,
                r["bpm"],
                r["key"],
                r["loudness_lufs"],
                top(r["genres"]),
                top(r["moods"]),
                r["confidence"],
            )
            for r in rows
        ],
    )


@click.command("ab-report")
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=7,
    show_default=True,
    help="Report window, ending now.",
)
@click.option("--dry-run", is_flag=True, help="Report only; never promote the challenger.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of tables.")
@click.pass_obj
def ab_report(ctx: CliContext, days: int, dry_run: bool, as_json: bool) -> None:
    """Compare the A/B arms; promote the challenger when the configured rule says so."""
    from shared.bootstrap import routing_config
    from shared.services.analysis.ab_report import AbReportService

    built, settings = ctx.services, ctx.settings
    service = AbReportService(
        analytics=built.analytics,
        status=built.status,
        uow=built.uow,
        routing=lambda: routing_config(settings, built.status),
        metric=settings.ab_promotion_metric,
        min_samples=settings.ab_min_samples,
        min_improvement=settings.ab_min_improvement,
    )
    now = datetime.now(UTC)
    report = service.report(since=now - timedelta(days=days), now=now, apply=not dry_run)
    if as_json:
        emit_json(report.to_json())
        return
    print_table(
        f"A/B arms, last {days} days",
        [
            "arm",
            "models",
            "tracks",
            "mean conf",
            "fallback",
            "p50 ms",
            "p95 ms",
            "$/track",
            "failed",
        ],
        [
            (
                a.arm,
                a.models,
                a.tracks,
                a.mean_confidence,
                f"{a.fallback_rate:.1%}",
                a.p50_latency_ms,
                a.p95_latency_ms,
                f"{a.cost_per_track:.6f}",
                f"{a.failure_rate:.1%}",
            )
            for a in report.arms
        ],
    )
    for field in report.agreements:
        share = "n/a" if field.agreement is None else f"{field.agreement:.1%}"
        click.echo(f"agreement between models, {field.field}: {share} of {field.assets} assets")
    action = "PROMOTED" if report.applied else "kept"
    click.echo(f"rule ({report.metric}): {report.decision.reason} -> challenger {action}")
