"""What the user named on the command line, expanded into the inputs to read.

Folders are walked recursively in a stable order, hidden files and folders (``.git``, ``.DS_Store``)
skipped. A path that cannot be listed is an input failure, reported like any other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nashra.errors import InputError

__all__ = ["InputItem", "expand_inputs"]


@dataclass(frozen=True, slots=True)
class InputItem:
    origin: str
    """How the input is named in reports: the path as the user gave it (joined for folders)."""
    path: Path


def expand_inputs(names: Iterable[str]) -> Iterator[InputItem | InputError]:
    """Each file to read, or the error that stops one named input from being read at all."""
    for name in names:
        if name.startswith(("http://", "https://")):
            yield InputError(name, "fetching URLs is not supported yet: save the page to a file")
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
