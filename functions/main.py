"""One bundle, many entry points: deploy with --entry-point <name>."""

from __future__ import annotations

from functions.api import api
from functions.dlq import on_dead_letter
from functions.ingest import on_upload_finalized

__all__ = ["api", "on_dead_letter", "on_upload_finalized"]
