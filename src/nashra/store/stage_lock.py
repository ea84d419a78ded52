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

import datetime as dt
import fcntl
import os
import socket
import sys
from pathlib import Path
from typing import TextIO

from nashra.errors import StagesBusy, StoreError

__all__ = ["FileStageLock", "holder_description"]


def holder_description() -> str:
    """Who holds the right, as the process that wants it is told: ``nashra ingest (pid 4242 on
    host, since 2024-04-23T10:05:00+00:00)``."""
    program = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]]) if sys.argv and sys.argv[0] else "python"
    since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return f"{program} (pid {os.getpid()} on {socket.gethostname()}, since {since})"


class FileStageLock:
    """The right held as an exclusive ``flock`` on ``path``, which says who holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None

    def claim(self, *, wait: bool) -> None:
        if self._file is not None:
            return
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot claim the connect and entity stages: {exc}") from exc
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    handle.seek(0)
                    raise StagesBusy(str(self.path), handle.read().strip() or "another process") from None
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            handle.write(holder_description() + "\n")
            handle.flush()
        except BaseException:
            handle.close()
            raise
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is not None:
            handle.close()  # closing the file gives the lock back
