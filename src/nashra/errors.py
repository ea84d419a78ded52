"""Nashra's exceptions: a small hierarchy so callers catch exactly what they can handle."""

from __future__ import annotations

__all__ = [
    "DecodeError",
    "InputError",
    "InputTooLarge",
    "NashraError",
    "ParseError",
    "StagesBusy",
    "StoreError",
    "UnsupportedInput",
]


class NashraError(Exception):
    """Base of every error Nashra raises on purpose."""


class InputError(NashraError):
    """One input (a file, a URL, a record) could not be taken in; the others go on."""

    def __init__(self, input: str, reason: str) -> None:
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Errors cross process boundaries (parse workers); the default would call
        # ``cls(message)`` and fail, since ``__init__`` takes input and reason apart.
        return (type(self), (self.input, self.reason))


class DecodeError(InputError):
    """The bytes are not text in any encoding Nashra recognises (or are binary)."""


class InputTooLarge(InputError):
    """The input is over the configured size cap."""


class UnsupportedInput(InputError):
    """The input's format is not one Nashra reads."""


class ParseError(InputError):
    """The format was recognised but no article could be taken from it."""


class StoreError(NashraError):
    """The store cannot be opened, migrated or written."""


class StagesBusy(StoreError):
    """Another process is running the ordered stages (connect, entity linking) on this database
    (:mod:`nashra.store.stage_lock`)."""

    def __init__(self, database: str, holder: str) -> None:
        super().__init__(f"{database}: the connect and entity stages are held by {holder}")
        self.database = database
        self.holder = holder
