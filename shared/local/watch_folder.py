"""The local watch folder: files dropped into $CATALOG_DATA_DIR/inbox/<partner>/ are ingested.

<partner> is the partner's name or id. A file is taken once its size and modification time stop
changing between two scans (so a copy in progress is never read half-way); it is moved into the
uploads bucket (the same path as an API upload from there on) and removed from the inbox only once
stored. A file refused before upload is moved to ``<partner>/_refused/`` with a note saying why
and a log line; nothing there is ever overwritten. Hidden files (a name starting with one dot:
``.DS_Store``, a copy tool's temporary file) are skipped, and said once in the log; a name
starting with two dots is not hidden, it is checked like any other (``..%2f..`` is refused).
A folder naming no partner is reported in the log, in /healthz and by a note inside it; its files
stay where they are.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.errors import CatalogError, NotFound

logger = logging.getLogger(__name__)

REFUSED = "_refused"
UNKNOWN_NOTE = "_UNKNOWN_PARTNER.txt"
LOOSE_NOTE = "_PUT_FILES_IN_A_PARTNER_FOLDER.txt"  # beside files dropped in the inbox itself
_MAX_NAME_BYTES = 255  # ext4 and most filesystems: a name is at most 255 bytes


class WatchFolder:
    """Scans the inbox; ``scan_once`` is what the thread repeats (tests call it directly)."""

    def __init__(self, services: Services, inbox: Path) -> None:
        self._services = services
        self.inbox = inbox
        self._seen: dict[Path, tuple[int, int]] = {}
        self.unknown: set[str] = set()
        self.loose: set[str] = set()  # files in the inbox itself: no partner to file them under
        self.ingested = 0
        self._hidden_told: set[Path] = set()

    def scan_once(self) -> list[str]:
        """Ingest every file that stopped changing; the upload ids started."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        started: list[str] = []
        current: dict[Path, tuple[int, int]] = {}
        self._tell_loose({p.name for p in self.inbox.iterdir() if p.is_file() and _visible(p)})
        for folder in sorted(p for p in self.inbox.iterdir() if p.is_dir() and _visible(p)):
            partner = self._partner(folder)
            if partner is None:
                continue
            for path in sorted(folder.rglob("*")):
                if not path.is_file() or REFUSED in path.parts or not self._wanted(path):
                    continue
                st = path.stat()
                current[path] = (st.st_size, st.st_mtime_ns)
                if self._seen.get(path) == current[path]:
                    started += self._take(partner, folder, path)
        self._seen = {p: s for p, s in current.items() if p.exists()}
        return started

    def _wanted(self, path: Path) -> bool:
        if _visible(path):
            return True
        if path.name.startswith(".") and path not in self._hidden_told:
            self._hidden_told.add(path)
            logger.info("watch folder: skipped the hidden file %s", path)
        return False

    def _tell_loose(self, names: set[str]) -> None:
        """Files dropped in the inbox itself are not read (whose are they?): say so once per
        file in the log, and keep a note beside them listing them while they are there."""
        if names - self.loose:
            logger.error(
                "watch folder: %s not read: files go in %s/<partner name or id>/",
                ", ".join(sorted(names - self.loose)), self.inbox,
            )  # fmt: skip
        note = self.inbox / LOOSE_NOTE
        if names:
            note.write_text(
                f"These files are not read: put each in the folder of the partner it belongs to, "
                f"{self.inbox}/<partner name or id>/\n" + "".join(f"{n}\n" for n in sorted(names)),
                encoding="utf-8",
            )
        elif self.loose:
            note.unlink(missing_ok=True)
        self.loose = names

    def _partner(self, folder: Path) -> Partner | None:
        try:
            partner = self._services.partners.find(folder.name)
        except NotFound:
            if folder.name not in self.unknown:
                self.unknown.add(folder.name)
                message = (
                    f"inbox folder {folder.name!r} names no partner: create the partner "
                    f"(catalog admin create-partner {folder.name!r} --tier ...) or rename the "
                    "folder to a partner's name or id; its files stay here until then"
                )
                logger.error("%s", message)
                (folder / UNKNOWN_NOTE).write_text(message + "\n")
            return None
        if folder.name in self.unknown:
            self.unknown.discard(folder.name)
            (folder / UNKNOWN_NOTE).unlink(missing_ok=True)
        return partner

    def _take(self, partner: Partner, folder: Path, path: Path) -> list[str]:
        try:
            upload_id = self._services.uploads.upload_file(partner.id, path, source="watch_folder")
        except CatalogError as exc:
            if exc.status >= 500:
                logger.warning("watch folder: %s stays for the next scan: %s", path, exc.message)
                return []
            self._refuse(folder, path, exc.message)
            return []
        path.unlink(missing_ok=True)
        self.ingested += 1
        logger.info("watch folder: %s -> upload %s", path.name, upload_id)
        return [upload_id]

    @staticmethod
    def _refuse(folder: Path, path: Path, reason: str) -> None:
        target = _free_name(folder / REFUSED, path.name)
        target.parent.mkdir(exist_ok=True)
        path.replace(target)
        note = _free_name(target.parent, _fitting(target.name, ".txt"))
        note.write_text(f"{path.name}: {reason}\n", encoding="utf-8")
        logger.warning("watch folder: refused %s (moved to %s): %s", path.name, target, reason)

    def state(self) -> str:
        """One line for /healthz."""
        line = f"watching {self.inbox}: {self.ingested} file(s) ingested"
        if self.unknown:
            line += f"; folders naming no partner: {', '.join(sorted(self.unknown))}"
        if self.loose:
            line += f"; {len(self.loose)} file(s) outside a partner folder, not read"
        return line


def _visible(path: Path) -> bool:
    name = path.name
    return name.startswith("..") or not name.startswith((".", "_"))


def _fitting(stem: str, tail: str) -> str:
    """``stem + tail``, the stem cut so the whole fits a filesystem's 255-byte names."""
    room = _MAX_NAME_BYTES - len(tail.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", "ignore") + tail


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``... when taken: a refused file never replaces another."""
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem) or len(extension) > 16:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    number = 1
    while True:
        candidate = folder / _fitting(stem, (f" ({number})" if number > 1 else "") + suffix)
        if not candidate.exists():
            return candidate
        number += 1


def start_watch_folder(services: Services) -> Callable[[], None]:
    """LOCAL_COMPONENTS entry: scan the inbox every WATCH_FOLDER_INTERVAL_S until stopped."""
    watcher = WatchFolder(services, services.settings.catalog_data_dir / "inbox")
    stopping = threading.Event()
    interval = services.settings.watch_folder_interval_s

    def loop() -> None:
        while not stopping.wait(interval):
            try:
                watcher.scan_once()
            except Exception:  # isolation boundary: the watcher must outlive one bad scan
                logger.exception("watch folder scan failed")

    thread = threading.Thread(target=loop, name="watch-folder", daemon=True)
    thread.start()
    services.health.add_check("watch_folder", watcher.state)

    def stop() -> None:
        stopping.set()
        thread.join(timeout=10)

    return stop
