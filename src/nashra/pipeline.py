"""The ingest pipeline: inputs → bytes → text → pages → the store, in batches.

Each stage is a plain function; the only state is the store. A batch is stored in one
transaction, so stopping the process at any point leaves the database as it was after the last
whole batch, and running the same ingest again stores what is missing and reports the rest as
duplicates. One bad input never stops the others: its error is recorded and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from nashra.errors import InputError, UnsupportedInput
from nashra.ingest.decode import decode_bytes, read_input
from nashra.ingest.inputs import InputItem
from nashra.ingest.sniff import Format, sniff_text
from nashra.ingest.textpage import parse_text_page
from nashra.model import ParsedPage
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
    """Every page one input holds. Raises :class:`InputError` naming the input and the reason."""
    data = read_input(item.path, max_bytes=max_bytes)
    text = decode_bytes(data, origin=item.origin)
    fmt = sniff_text(text)
    if fmt is not Format.TEXT_PAGE:
        raise UnsupportedInput(item.origin, f"{fmt.value} input is not supported yet")
    return [parse_text_page(text, origin=item.origin)]


def ingest(
    store: Store,
    items: Iterable[InputItem | InputError],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    adjust: PageAdjuster | None = None,
    on_input_done: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read every input and store its articles; ``adjust`` may amend each page before storing
    (e.g. name the outlet of pages that do not). Errors are in the report, never raised."""
    report = IngestReport()
    batch: list[ParsedPage] = []
    for pages in _read_all(items, report, max_bytes, on_input_done):
        batch.extend(adjust(page) if adjust else page for page in pages)
        if len(batch) >= batch_size:
            _store(store, batch, report)
            batch = []
    if batch:
        _store(store, batch, report)
    return report


def _read_all(
    items: Iterable[InputItem | InputError],
    report: IngestReport,
    max_bytes: int,
    on_input_done: Callable[[str], None] | None,
) -> Iterator[list[ParsedPage]]:
    for item in items:
        if isinstance(item, InputError):
            report.fail(item)
            origin = item.input
        else:
            origin = item.origin
            try:
                yield read_pages(item, max_bytes=max_bytes)
            except InputError as error:
                report.fail(error)
        if on_input_done:
            on_input_done(origin)


def _store(store: Store, batch: list[ParsedPage], report: IngestReport) -> None:
    for outcome in store.add_pages(batch):
        if outcome.status == "stored":
            report.ingested += 1
        else:
            report.duplicates += 1
        report.article_ids.append(outcome.article_id)
