"""The ingest pipeline: inputs → bytes → text → pages → the store, in batches.

Each stage is a plain function; the only state is the store. A batch is stored in one
transaction, so stopping the process at any point leaves the database as it was after the last
whole batch, and running the same ingest again stores what is missing and reports the rest as
duplicates. One bad input never stops the others: its error is recorded and the run goes on.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial

from nashra.errors import InputError, UnsupportedInput
from nashra.ingest.decode import decode_bytes, read_input
from nashra.ingest.inputs import InputItem
from nashra.ingest.sniff import Format, sniff_text
from nashra.ingest.textpage import parse_text_page
from nashra.model import IndexForm, ParsedPage
from nashra.store.base import Store

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_BYTES",
    "IngestReport",
    "InputFailure",
    "ingest",
    "read_pages",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_BATCH_SIZE = 500

PageAdjuster = Callable[[ParsedPage], ParsedPage]


@dataclass(frozen=True, slots=True)
class InputFailure:
    input: str
    error: str


@dataclass(slots=True)
class IngestReport:
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[InputFailure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    """Ids of the articles this run stored or found already stored, in input order."""

    def fail(self, error: InputError) -> None:
        self.failed += 1
        self.errors.append(InputFailure(error.input, error.reason))

    def to_json(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "errors": [{"input": e.input, "error": e.error} for e in self.errors],
        }


def read_pages(item: InputItem, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ParsedPage]:
    """Every page one input holds, analysed for the index. Raises :class:`InputError` naming
    the input and the reason."""
    data = read_input(item.path, max_bytes=max_bytes)
    text = decode_bytes(data, origin=item.origin)
    fmt = sniff_text(text)
    if fmt is not Format.TEXT_PAGE:
        raise UnsupportedInput(item.origin, f"{fmt.value} input is not supported yet")
    return [_analyse(parse_text_page(text, origin=item.origin))]


def _analyse(page: ParsedPage) -> ParsedPage:
    return replace(page, index_form=IndexForm.of(page.article))


def ingest(
    store: Store,
    items: Iterable[InputItem | InputError],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 0,
    adjust: PageAdjuster | None = None,
    on_input_done: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read every input and store its articles; ``adjust`` may amend each page before storing
    (e.g. name the outlet of pages that do not; it must not change title or body, which are
    already analysed). Errors are in the report, never raised.

    With ``workers`` > 0, inputs are read and parsed in that many processes while this one
    stores; results are taken in input order, so the outcome is the same as with none.
    """
    report = IngestReport()
    batch: list[ParsedPage] = []
    read_one = partial(_read_or_fail, max_bytes=max_bytes)
    pool = (
        ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),))
        if workers > 0
        else None
    )
    reader: Callable[[list[InputItem]], Iterator[ParsedOrFailed]] = (
        partial(_ordered_parallel_map, pool, workers, read_one) if pool else partial(map, read_one)
    )
    try:
        for pages in _read_all(items, report, reader, on_input_done):
            batch.extend(adjust(page) if adjust else page for page in pages)
            if len(batch) >= batch_size:
                _store(store, batch, report)
                batch = []
        if batch:
            _store(store, batch, report)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return report


ParsedOrFailed = list[ParsedPage] | InputError
_CHUNK = 32
_CHUNKS_IN_FLIGHT = 8  # per worker: enough to keep workers busy, few enough to bound memory


def _ordered_parallel_map(
    pool: ProcessPoolExecutor, workers: int, read_one: Callable[[InputItem], ParsedOrFailed],
    items: list[InputItem],
) -> Iterator[ParsedOrFailed]:
    """``map`` over a process pool, in order, with a bounded number of chunks in flight (the
    executor's own ``map`` submits everything at once and would hold every parsed page)."""
    chunks = (items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK))
    window = _CHUNKS_IN_FLIGHT * workers
    pending: deque[Future[list[ParsedOrFailed]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_read_chunk, read_one, chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _read_chunk(
    read_one: Callable[[InputItem], ParsedOrFailed], chunk: list[InputItem]
) -> list[ParsedOrFailed]:
    return [read_one(item) for item in chunk]


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end the worker when the ingesting process is gone (killed with
    SIGKILL, it cannot tell its workers, which would otherwise wait for work forever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="nashra-parent-watch").start()


def _read_or_fail(item: InputItem, *, max_bytes: int) -> ParsedOrFailed:
    try:
        return read_pages(item, max_bytes=max_bytes)
    except InputError as error:
        return error


def _read_all(
    items: Iterable[InputItem | InputError],
    report: IngestReport,
    reader: Callable[[list[InputItem]], Iterator[ParsedOrFailed]],
    on_input_done: Callable[[str], None] | None,
) -> Iterator[list[ParsedPage]]:
    listed = list(items)
    for error in (i for i in listed if isinstance(i, InputError)):
        report.fail(error)
        if on_input_done:
            on_input_done(error.input)
    readable = [i for i in listed if isinstance(i, InputItem)]
    for item, result in zip(readable, reader(readable)):
        if isinstance(result, InputError):
            report.fail(result)
        else:
            yield result
        if on_input_done:
            on_input_done(item.origin)


def _store(store: Store, batch: list[ParsedPage], report: IngestReport) -> None:
    for outcome in store.add_pages(batch):
        if outcome.status == "stored":
            report.ingested += 1
        else:
            report.duplicates += 1
        report.article_ids.append(outcome.article_id)
