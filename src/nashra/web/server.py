"""How uvicorn serves the app: ``nashra serve`` and ``bench/load.py`` both call :func:`run`.

**The event loop.** Under saturation (100 connections, more requests than a process can answer)
uvloop, which uvicorn picks when it is installed, left a few connections waiting more than a
second while the others were answered: one process, front page of 97,352 articles, p99 1,210 ms
with uvloop and 126 ms with asyncio's loop at 2,071 and 1,756 requests/s. A bare ASGI app doing
0.3 ms of work a request shows the same gap (1.12 s against 92 ms), so it is the loop, not the
app. asyncio's loop has its own flaw with several worker processes sharing one listening socket:
on each wake-up it accepts every pending connection (up to the backlog), so when wrk opened its
100 connections at once one worker took them all and the other idled (CPU seconds 3.1 and 0.0).
:func:`fair_accept_loop` is asyncio's loop accepting a few connections per wake-up: the workers
share a burst of connections (CPU seconds 1.4 and 1.8), and a busy worker, slower to wake, takes
fewer. It also sets TCP_NODELAY on every connection, which asyncio's loop left off for uvicorn's
workers (their p50 was ~45 ms whatever the load: Nagle's algorithm waiting for delayed ACKs).
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any, Literal

__all__ = ["ACCEPTS_PER_TURN", "LOOPS", "fair_accept_loop", "run"]

Loop = Literal["fair", "asyncio", "uvloop"]

LOOPS: dict[str, str] = {
    "fair": "nashra.web.server:fair_accept_loop",
    "asyncio": "asyncio",
    "uvloop": "uvloop",
}
"""uvicorn's ``loop`` setting for each choice (``fair`` is the default)."""


ACCEPTS_PER_TURN = 16
"""Connections accepted each time the listening socket is ready. One left the last of a burst of
100 waiting (one process: p99 450-500 ms); 8 and 16 both shared a burst between two workers."""


class _FairAcceptLoop(asyncio.SelectorEventLoop):
    def _accept_connection(self, protocol_factory: Any, sock: Any, sslcontext: Any = None,
                           server: Any = None, backlog: int = 100, *args: Any, **kwargs: Any) -> None:
        # asyncio accepts up to ``backlog`` connections (uvicorn: 2,048) each time the listening
        # socket is readable (CPython's selector_events); a few here, the next on the next turns.
        super()._accept_connection(protocol_factory, sock, sslcontext, server, ACCEPTS_PER_TURN,
                                   *args, **kwargs)


    def _make_socket_transport(self, sock: socket.socket, *args: Any, **kwargs: Any) -> Any:
        # asyncio sets TCP_NODELAY only on sockets whose ``proto`` is IPPROTO_TCP, and the
        # listening socket uvicorn binds for its workers is made with proto 0, as are the sockets
        # it accepts: Nagle's algorithm then held each response's body (a second write, after
        # the headers) until the client's delayed ACK, ~40 ms.
        if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return super()._make_socket_transport(sock, *args, **kwargs)


def fair_accept_loop() -> asyncio.AbstractEventLoop:
    """asyncio's selector loop, accepting :data:`ACCEPTS_PER_TURN` connections at most each time
    the listening socket is ready."""
    return _FairAcceptLoop()


def run(db: str, *, host: str, port: int, workers: int = 1, loop: Loop = "fair") -> None:
    """Serve the app over ``db`` with uvicorn: one process, or ``workers`` processes each with its
    own app over the same database."""
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "loop": LOOPS[loop], "log_level": "warning"}
    if workers == 1:
        from nashra.web.app import create_app

        uvicorn.run(create_app(db), **options)
        return
    os.environ["NASHRA_DB"] = db
    uvicorn.run("nashra.web.app:app_from_environment", factory=True, workers=workers, **options)
