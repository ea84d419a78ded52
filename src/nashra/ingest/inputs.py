"""What the user named on the command line, expanded into the inputs to read.

Folders are walked recursively in a stable order, hidden files and folders (``.git``, ``.DS_Store``)
skipped. A path that cannot be listed is an input failure, reported like any other.

An http(s) URL is fetched with :class:`~nashra.ingest.fetch.Fetcher` (the SSRF guard, timeouts,
size and redirect caps of the crawler) into a temporary file that lives until the process ends;
private and loopback addresses are refused unless ``NASHRA_ALLOW_PRIVATE=1``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nashra.errors import InputError

__all__ = ["ALLOW_PRIVATE_ENV", "InputItem", "allow_private_from_env", "expand_inputs"]

ALLOW_PRIVATE_ENV = "NASHRA_ALLOW_PRIVATE"
"""Environment setting: ``1`` lets Nashra fetch private, loopback and link-local addresses."""


def allow_private_from_env() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class InputItem:
    origin: str
    """How the input is named in reports: the path as the user gave it (joined for folders)."""
    path: Path


def expand_inputs(names: Iterable[str]) -> Iterator[InputItem | InputError]:
    """Each file to read, or the error that stops one named input from being read at all."""
    names = list(names)
    urls = [name for name in names if name.lower().startswith(("http://", "https://"))]
    fetched = _fetch_all(urls) if urls else {}
    for name in names:
        if name in fetched:
            yield fetched[name]
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield InputItem(origin=name, path=path)
        else:
            yield InputError(name, "no such file or directory")


def _walk(folder: Path) -> Iterator[InputItem | InputError]:
    errors: list[InputError] = []

    def on_error(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename or folder), f"cannot list folder: {exc.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(root, name)
                yield InputItem(origin=str(path), path=path)
    yield from errors


def _fetch_all(urls: list[str]) -> dict[str, InputItem | InputError]:
    """Each URL fetched into a temporary file (removed when the process exits)."""
    # Imported here: reading files needs no HTTP client.
    from nashra.ingest.fetch import Fetcher, FetchPolicy

    folder = Path(tempfile.mkdtemp(prefix="nashra-fetch-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    results: dict[str, InputItem | InputError] = {}
    with Fetcher(FetchPolicy(allow_private=allow_private_from_env())) as fetcher:
        for number, url in enumerate(dict.fromkeys(urls)):
            try:
                response = fetcher.get(url)
            except InputError as error:
                results[url] = error
                continue
            path = folder / f"{number}.input"
            path.write_bytes(response.content)
            results[url] = InputItem(origin=url, path=path)
    return results
