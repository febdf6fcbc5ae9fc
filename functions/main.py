"""One bundle, many entry points: deploy with --entry-point <name>."""

from __future__ import annotations

from functions.api import api
from functions.dlq import on_dead_letter

__all__ = ["api", "on_dead_letter"]
