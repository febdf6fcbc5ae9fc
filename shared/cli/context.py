"""What every command shares: settings, services (built lazily) and output helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.bootstrap import Services, build_services
from shared.logs import configure_logging
from shared.settings import Settings, load_settings


@dataclass
class CliContext:
    """Lazily-built settings and services for one CLI invocation."""

    verbose: bool = False
    _settings: Settings | None = None
    _services: Services | None = None
    _closers: list[object] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        """Settings from the environment; a bad variable stops the command (SettingsError)."""
        if self._settings is None:
            self._settings = load_settings()
            level = "DEBUG" if self.verbose else "WARNING"
            configure_logging(
                level, self._settings.log_format, project=self._settings.google_cloud_project
            )
        return self._settings

    @property
    def services(self) -> Services:
        """Services with the schema migrated, so every command works on a fresh data dir."""
        if self._services is None:
            from shared.db.migrate import migrate

            self._services = build_services(self.settings)
            migrate(self._services.engine)
        return self._services

    def close(self) -> None:
        """Release connections."""
        if self._services is not None:
            self._services.close()
            self._services = None
