"""The right to run the ordered stages (:mod:`nashra.store.stage_lock`) on a PostgreSQL database:
a session advisory lock, held on a connection of its own (not the pool's, whose connections
change hands) until the store is closed. The holder names itself in ``application_name``, so a
process that waits can say whom it waits for."""

from __future__ import annotations

import contextlib

import psycopg

from nashra.store.stage_lock import StageLock, holder_description

__all__ = ["AdvisoryStageLock"]

_KEY = 0x6E617368_73746167  # "nashstag"
_HOLDER = (
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database"
    " WHERE datname = current_database()) AND l.classid = %s AND l.objid = %s AND l.objsubid = 1"
)


class AdvisoryStageLock(StageLock[psycopg.Connection]):
    def __init__(self, url: str, name: str) -> None:
        super().__init__(name)
        self.url = url

    def _open(self) -> psycopg.Connection:
        # application_name is at most 63 bytes: the holder's description is cut to fit.
        holder = holder_description().encode()[:63].decode(errors="ignore")
        return psycopg.connect(self.url, autocommit=True, application_name=holder)

    def _try(self, conn: psycopg.Connection) -> bool:
        return conn.execute("SELECT pg_try_advisory_lock(%s)", (_KEY,)).fetchone()[0]

    def _wait(self, conn: psycopg.Connection) -> None:
        conn.execute("SELECT pg_advisory_lock(%s)", (_KEY,))

    def _holder(self, conn: psycopg.Connection) -> str | None:
        found = conn.execute(_HOLDER, (_KEY >> 32, _KEY & 0xFFFFFFFF)).fetchone()
        return found[0] if found and found[0] else None

    def _close(self, conn: psycopg.Connection) -> None:
        # Unlocked before closing: the server ends a closed session, and frees its locks, only
        # after the client has gone, so a claim right after this one's release could fail.
        with contextlib.suppress(psycopg.Error):
            conn.execute("SELECT pg_advisory_unlock_all()")
        conn.close()
