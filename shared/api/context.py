"""What a view needs from the app handling the request: its services and their one clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import flask

from shared.bootstrap import Services

ServicesFactory = Callable[[], Services]


def current_services() -> Services:
    """The Services of the app handling the current request."""
    factory: ServicesFactory = flask.current_app.extensions["catalog.services"]
    return factory()


def services() -> Services:
    """The app's services (the short name the catalog views use)."""
    return current_services()


def now() -> datetime:
    """The time of this request, from the services' one clock."""
    return current_services().clock()
