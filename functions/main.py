"""One bundle, many entry points: deploy with --entry-point <name>."""

from __future__ import annotations

from functions.analyze import on_analysis_requested
from functions.api import api
from functions.dlq import on_dead_letter

__all__ = ["api", "on_analysis_requested", "on_dead_letter"]
