"""A throwaway PostgreSQL server in a temporary folder, for the test suite and the benchmarks.

It uses the server binaries of the machine (Debian keeps them in ``/usr/lib/postgresql/N/bin``,
other systems put ``initdb`` on ``PATH``) and listens on 127.0.0.1 on a free port, with trust
authentication: never use it for data that matters. PostgreSQL refuses to run as root, so as root
the server runs as the ``postgres`` user (or ``nobody``), owning the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = ["ClusterUnavailable", "LocalCluster", "create_database", "drop_database", "find_bindir"]

USER = "nashra"
# Durability is not wanted from a throwaway server; speed is.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class ClusterUnavailable(RuntimeError):
    """No local PostgreSQL server could be started; the message says why."""


def find_bindir() -> Path | None:
    """The folder of the newest ``initdb`` on this machine."""
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _server_user() -> str | None:
    """Who runs the server: None (this user) unless this is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise ClusterUnavailable("running as root and there is no unprivileged user to run PostgreSQL")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalCluster:
    root: Path
    bindir: Path
    port: int
    run_as: str | None

    @classmethod
    def start(cls, settings: dict[str, str] | None = None) -> LocalCluster:
        """initdb into a new temporary folder and start the server; ``settings`` are server
        settings (``FAST_SETTINGS`` by default)."""
        bindir = find_bindir()
        if bindir is None:
            raise ClusterUnavailable("no PostgreSQL server binaries (initdb) on this machine")
        run_as = _server_user()
        root = Path(tempfile.mkdtemp(prefix="nashra-pg-"))
        if run_as:
            entry = pwd.getpwnam(run_as)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        cluster = cls(root=root, bindir=bindir, port=_free_port(), run_as=run_as)
        try:
            cluster._run("initdb", "-D", str(root / "data"), "-U", USER, "--auth=trust",
                         "--encoding=UTF8", "--locale=C", "--no-sync")
            options = [f"-h 127.0.0.1 -p {cluster.port} -k {root}"]
            options += [f"-c {k}={v}" for k, v in (FAST_SETTINGS if settings is None else settings).items()]
            cluster._run("pg_ctl", "-D", str(root / "data"), "-l", str(root / "server.log"),
                         "-w", "-t", "60", "-o", " ".join(options), "start")
        except ClusterUnavailable:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(
                f"{program} failed ({done.returncode}): {done.stderr.strip()[-2000:]}\n{tail}".strip()
            )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            create_database(conn, name, template=template)
        return self.url(name)

    def pid(self) -> int:
        """The server's (postmaster's) process id."""
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def create_database(conn: psycopg.Connection, name: str, *, template: str | None = None) -> None:
    """CREATE DATABASE on an autocommit connection, names quoted."""
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    conn.execute(statement)


def drop_database(conn: psycopg.Connection, name: str) -> None:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
