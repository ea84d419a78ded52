"""How uvicorn serves the app: the settings ``nashra serve`` and ``bench/load.py`` share.

The event loop is asyncio's own, not uvloop (which uvicorn picks by default when it is
installed). Under saturation (100 connections, more requests than one process can answer) uvloop
lets some connections wait more than a second while the others are answered: on the front page of
97,352 articles, one process, p99 1,210 ms with uvloop against 126 ms with asyncio, for 2,071 and
1,756 requests/s, the median 34 and 58 ms (docs/benchmarks.md, "Web load"). The same gap shows
with a bare ASGI app that does 0.3 ms of work a request, so it is the loop's scheduling, not the
app: uvloop runs the callbacks of newly readable sockets before the tasks already waiting.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UVICORN_OPTIONS"]

UVICORN_OPTIONS: dict[str, Any] = {"loop": "asyncio", "log_level": "warning"}
"""Keyword arguments for ``uvicorn.run`` besides the app, host, port and workers."""
