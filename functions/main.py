"""One bundle, many entry points: deploy with --entry-point <name>."""

from __future__ import annotations

from functions.analyze import on_analysis_requested
from functions.api import api
from functions.bulk_edits import on_bulk_edit_requested
from functions.cache_warm import on_cache_warm_scheduled
from functions.cleanup import on_cleanup_scheduled
from functions.dlq import on_dead_letter
from functions.exports import on_export_requested
from functions.imports import on_import_requested
from functions.ingest import on_upload_finalized
from functions.metrics import on_metrics_scheduled
from functions.validate import on_validation_scheduled

__all__ = [
    "api",
    "on_bulk_edit_requested",
    "on_analysis_requested",
    "on_cache_warm_scheduled",
    "on_cleanup_scheduled",
    "on_dead_letter",
    "on_export_requested",
    "on_import_requested",
    "on_metrics_scheduled",
    "on_upload_finalized",
    "on_validation_scheduled",
]
