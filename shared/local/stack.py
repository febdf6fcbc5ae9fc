"""`catalog run`: the whole product in one process, with the same code paths as GCP.

Embedded PostgreSQL (unless DATABASE_URL is set), migrations, bus workers delivering CloudEvents to
the functions, and every HTTP function mounted on one server at http://localhost:PORT.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import flask
from waitress.server import create_server

from shared.adapters.pg_bus import is_gone_from_this_host
from shared.api import create_app
from shared.bootstrap import Services, build_services, install_services
from shared.db.migrate import migrate
from shared.errors import Unavailable
from shared.local.bus_workers import BusWorkers, Handler
from shared.local.triggers import handler_for
from shared.settings import Settings
from shared.topics import ROUTES

logger = logging.getLogger(__name__)

Stopper = Callable[[], None]
# Background components of local mode, as "module:function"; the function takes the Services and
# returns a callable that stops it (e.g. the watch folder of the ingestion issue).
LOCAL_COMPONENTS: tuple[str, ...] = (
    "shared.local.watch_folder:start_watch_folder",  # ingestion: $CATALOG_DATA_DIR/inbox
    "shared.local.scheduler:start_scheduler",  # issue 8: Cloud Scheduler's role locally
)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@dataclass
class LocalStack:
    """Everything `catalog run` starts, so tests can start and stop it in-process too."""

    settings: Settings
    host: str = "127.0.0.1"
    services: Services | None = None
    workers: BusWorkers | None = None
    missing_functions: dict[str, str] = field(default_factory=dict)
    _server: object | None = None
    _stoppers: list[Stopper] = field(default_factory=list)

    def start(self) -> None:
        """Database, migrations, workers: everything but the blocking HTTP loop."""
        built = build_services(self.settings)
        self.services = built
        install_services(built)  # functions the workers call use this process's services
        applied = migrate(built.engine)
        if applied:
            logger.info("applied migrations: %s", ", ".join(applied))
        assert built.bus is not None, "local mode always has the PostgreSQL bus"
        # messages a killed predecessor was handling come back now, not after the ack deadline
        built.bus.release_abandoned_leases(is_gone_from_this_host)
        self.workers = self._start_workers(built)
        built.health.add_check("bus_workers", self._workers_state)
        for reference in LOCAL_COMPONENTS:
            module_name, function_name = reference.split(":")
            starter = getattr(importlib.import_module(module_name), function_name)
            self._stoppers.append(starter(built))

    def _start_workers(self, built: Services) -> BusWorkers:
        assert built.bus is not None, "local mode always has the PostgreSQL bus"
        handlers: dict[str, Handler] = {}
        for route in ROUTES:
            try:
                handlers[route.subscription] = handler_for(
                    route, project=self.settings.google_cloud_project
                )
            except (ImportError, AttributeError) as exc:
                # its messages stay queued, nothing lost, until a build with that function runs
                self.missing_functions[route.subscription] = f"{route.entry_point}: {exc}"
                logger.error("no function for subscription %s: %s", route.subscription, exc)
        workers = BusWorkers(
            built.bus,
            handlers,
            concurrency=self.settings.bus_workers,
            poll_interval_s=self.settings.bus_poll_interval_s,
            priority=[route.subscription for route in ROUTES],
            prefetch=self.settings.bus_prefetch,
        )
        workers.start()
        return workers

    def _workers_state(self) -> str:
        if self.workers is None or not self.workers.is_alive():
            raise Unavailable("bus workers are not running")
        if self.missing_functions:
            missing = ", ".join(sorted(self.missing_functions))
            raise Unavailable(f"no function installed for subscriptions: {missing}")
        return f"running: {self.workers.delivered} delivered, {self.workers.failed} failed"

    def wsgi_app(self) -> flask.Flask:
        """The one Flask app serving every HTTP function."""
        built = self.services
        assert built is not None, "start() first"
        return create_app(lambda: built)

    def serve_forever(self, port: int) -> None:
        """Serve HTTP until interrupted (Ctrl-C), then stop cleanly."""
        server = create_server(self.wsgi_app(), host=self.host, port=port, threads=8)
        self._server = server
        signal.signal(signal.SIGTERM, _interrupt)  # systemd, docker and `timeout` send SIGTERM
        # Ctrl-C, and `kill -INT`: set here too, because a shell starts background jobs with
        # SIGINT ignored and Python then installs no handler of its own (the process would
        # keep serving until killed)
        signal.signal(signal.SIGINT, _interrupt)
        logger.info("catalog running on http://%s:%d", self.host, port)
        try:
            server.run()
        except KeyboardInterrupt:
            logger.info("stopping")
        finally:
            self.stop()

    def serve_in_thread(self, port: int) -> threading.Thread:
        """Serve HTTP on a background thread (tests)."""
        server = create_server(self.wsgi_app(), host=self.host, port=port, threads=8)
        self._server = server
        thread = threading.Thread(target=server.run, name="http", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop HTTP, components and workers, then release the database."""
        server = self._server
        if server is not None:
            server.close()  # type: ignore[attr-defined]
            self._server = None
        for stopper in reversed(self._stoppers):
            stopper()
        self._stoppers.clear()
        if self.workers is not None:
            self.workers.stop()
            self.workers = None
        if self.services is not None:
            install_services(None)
            self.services.close()
            self.services = None
