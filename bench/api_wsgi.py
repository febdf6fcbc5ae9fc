"""The API app for gunicorn in the benchmark (settings from the environment)."""

from __future__ import annotations

from shared.api import create_app
from shared.bootstrap import services

app = create_app(services)
