"""numba's on-disk JIT cache, made safe for any number of processes analysing at once.

librosa compiles its numba functions with ``cache=True``. numba writes each cached function as an
index file plus data files, and a gufunc as two entries (its kernel and its wrapper); it takes no
lock. Two processes compiling at once can leave an index naming the other process's data, or a
kernel and a wrapper from two processes whose symbol tags differ (numba issues #4807 and #10128).
Every later process that loads such an entry dies with SIGSEGV, long after the race.

The fix here: the cache lives in a folder the product owns, one per numba version and CPU,
gufunc wrappers are never cached (each process builds its own from the kernel it holds), and
**one process at a time writes it**. The first process to take the folder's writer lock keeps it
for its whole life (the kernel releases it when the process ends, however it ends); every other
process loads what is there and compiles anything missing in memory only. Loading is safe while
the writer writes: numba replaces each file atomically, and an entry whose data is not written yet
is a cache miss.

Measured on the project machine (README, "Tests"): a process with a warm cache starts librosa's
functions in about 2.5 s; with no on-disk cache every process would compile for 15-30 s.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ENV_VARIABLE = "CATALOG_JIT_CACHE_DIR"
_state: dict[str, Any] = {}


def default_root() -> Path:
    """``$CATALOG_JIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/catalog/jit`` (``~/.cache/...``)."""
    chosen = os.environ.get(ENV_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "catalog" / "jit"


def cache_folder(root: Path) -> Path:
    """The folder for this numba version and this CPU (name and feature set)."""
    import llvmlite.binding as llvm
    import numba

    features = llvm.get_host_cpu_features().flatten()
    cpu = f"{llvm.get_host_cpu_name()}-{hashlib.sha256(features.encode()).hexdigest()[:10]}"
    return root / f"numba-{numba.__version__}" / cpu


def configure_jit_cache(root: Path | None = None) -> Path:
    """Point numba's cache at the product's folder and let one process at a time write it.

    Idempotent; call it before librosa is imported (numba picks a function's cache folder when
    the function is decorated). Returns the folder in use.
    """
    if "folder" in _state and _state["pid"] == os.getpid():
        return Path(_state["folder"])
    folder = _usable_folder(root or default_root())
    os.environ["NUMBA_CACHE_DIR"] = str(folder)  # read by numba's config, also on a reload
    import numba.core.caching
    import numba.core.config

    numba.core.config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]
    import numba.np.ufunc.wrappers

    lock = _take_writer_lock(folder)
    _state.update(folder=str(folder), pid=os.getpid(), lock=lock, writer=lock is not None)
    _guard_writes(numba.core.caching.Cache)
    _never_cache(numba.np.ufunc.wrappers.GufWrapperCache)
    logger.debug("numba cache %s (%s)", folder, "writer" if lock else "reader")
    return folder


def is_writer() -> bool:
    """True when this process holds the cache folder's writer lock."""
    return bool(_state.get("writer")) and _state.get("pid") == os.getpid()


def _usable_folder(root: Path) -> Path:
    try:
        folder = cache_folder(root)
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return folder
    except OSError as exc:
        private = cache_folder(Path(tempfile.mkdtemp(prefix="catalog-jit-")))
        private.mkdir(parents=True)
        logger.warning("JIT cache folder %s is not writable (%s); using %s", root, exc, private)
        return private


def _take_writer_lock(folder: Path) -> int | None:
    """The lock's file descriptor, held (never closed) for the life of the process; or None."""
    fd = os.open(folder / ".writer.lock", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _never_cache(cache_class: Any) -> None:
    """A gufunc's wrapper is cached apart from its kernel and names the kernel's symbol, whose
    tag depends on the compiling process: a wrapper from disk beside a kernel compiled here (or
    the other way round) calls a symbol that is not there (numba #10128). Wrappers are small:
    every process builds its own, from the kernel it holds."""
    if getattr(cache_class, "_catalog_never", False):
        return
    cache_class.load_overload = lambda self, sig, target_context: None
    cache_class.save_overload = lambda self, sig, data: None
    cache_class._catalog_never = True


def _guard_writes(cache_class: Any) -> None:
    """Wrap numba's Cache.save_overload and flush: a no-op unless this process is the writer."""
    if getattr(cache_class, "_catalog_guarded", False):
        return
    save, flush = cache_class.save_overload, cache_class.flush

    def save_overload(self: Any, sig: Any, data: Any) -> None:
        if is_writer():
            save(self, sig, data)

    def guarded_flush(self: Any) -> None:
        if is_writer():
            flush(self)

    cache_class.save_overload = save_overload
    cache_class.flush = guarded_flush
    cache_class._catalog_guarded = True
