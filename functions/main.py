"""One bundle, many entry points: deploy with --entry-point <name>."""

from __future__ import annotations

from functions.api import api
from functions.dlq import on_dead_letter
from functions.exports import on_export_requested
from functions.imports import on_import_requested

__all__ = ["api", "on_dead_letter", "on_export_requested", "on_import_requested"]
