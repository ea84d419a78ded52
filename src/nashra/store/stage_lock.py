"""The right to run the ordered stages on a database, held by one process at a time.

The connect stage and entity linking keep state between articles (the recent stories and
storylines, the linker's spellings) and save it as they go. Two runs at once (a cron ingest
that overlaps the previous one, a relink during a crawl) would each place articles against a
state the other is changing: the same event told as two stories, one run's centroid written
over the other's, entities mixed from two linkers. Storing articles needs no such care (unique
keys and upserts keep it safe), so only runs of those stages claim this right, and keep it
until their store is closed; the operating system or the server gives it back if the process
dies.

The embedded store holds it as an ``flock`` on a file beside the database; PostgreSQL as a
session advisory lock (:mod:`nashra.store.postgres.stage_lock`).
"""

from __future__ import annotations

import abc
import datetime as dt
import fcntl
import os
import socket
import sys
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from nashra.errors import StagesBusy, StoreError

__all__ = ["FileStageLock", "StageLock", "holder_description"]

Handle = TypeVar("Handle")


def holder_description() -> str:
    """Who holds the right, as the process that wants it is told: ``nashra ingest (pid 4242 on
    host, since 2024-04-23T10:05:00+00:00)``."""
    program = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]]) if sys.argv and sys.argv[0] else "python"
    since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return f"{program} (pid {os.getpid()} on {socket.gethostname()}, since {since})"


class StageLock(abc.ABC, Generic[Handle]):
    """Claiming and giving back the right; a backend says how to hold it on a ``Handle`` (an
    open file, a database session) that keeps it while open."""

    def __init__(self, database: str) -> None:
        self.database = database
        """The database as messages name it."""
        self._held: Handle | None = None

    def claim(self, *, wait: bool) -> None:
        if self._held is not None:
            return
        handle = self._open()
        try:
            if not self._try(handle):
                if not wait:
                    raise StagesBusy(self.database, self._holder(handle) or "another process")
                self._wait(handle)
            self._record(handle)
        except BaseException:
            self._close(handle)
            raise
        self._held = handle

    def release(self) -> None:
        handle, self._held = self._held, None
        if handle is not None:
            self._close(handle)  # the right ends with the handle

    @abc.abstractmethod
    def _open(self) -> Handle: ...

    @abc.abstractmethod
    def _try(self, handle: Handle) -> bool:
        """Take the right if free; whether it was."""

    @abc.abstractmethod
    def _wait(self, handle: Handle) -> None:
        """Take the right, waiting as long as another holds it."""

    @abc.abstractmethod
    def _holder(self, handle: Handle) -> str | None:
        """Who holds the right, if the backend can tell."""

    def _record(self, handle: Handle) -> None:
        """Say who holds it now (where a later claimant reads it), when the backend needs to."""

    @abc.abstractmethod
    def _close(self, handle: Handle) -> None: ...


class FileStageLock(StageLock[TextIO]):
    """The right held as an exclusive ``flock`` on ``path``, which says who holds it."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def _open(self) -> TextIO:
        try:
            return self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot claim the connect and entity stages: {exc}") from exc

    def _try(self, handle: TextIO) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _wait(self, handle: TextIO) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _holder(self, handle: TextIO) -> str | None:
        handle.seek(0)
        return handle.read().strip() or None

    def _record(self, handle: TextIO) -> None:
        handle.seek(0)
        handle.truncate()
        handle.write(holder_description() + "\n")
        handle.flush()

    def _close(self, handle: TextIO) -> None:
        handle.close()
