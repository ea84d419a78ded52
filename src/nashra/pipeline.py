"""The ingest pipeline: inputs → bytes → text → pages → the store, in batches.

Each stage is a plain function; the only state is the store. A batch is stored in one
transaction, so stopping the process at any point leaves the database as it was after the last
whole batch, and running the same ingest again stores what is missing and reports the rest as
duplicates. One bad input never stops the others: its error is recorded and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import importlib
import multiprocessing
import os
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, partial
from types import ModuleType
from typing import TypeVar

from nashra.analysis.connect import ConnectSettings, Connector, NewArticle, placement_time
from nashra.analysis.entity_stage import ArticleNames, EntityStage, find_mentions
from nashra.analysis.features import connect_features
from nashra.errors import DecodeError, InputError, InputTooLarge, UnsupportedInput
from nashra.ingest.decode import decode_bytes, read_input
from nashra.ingest.inputs import InputItem
from nashra.ingest.jsonl import read_lines
from nashra.ingest.records import DEFAULT_MAX_RECORD_BYTES, RecordBatch, batches, open_stream
from nashra.ingest.sniff import (
    JSONL_HEAD_BYTES,
    Format,
    declared_charset,
    is_gzip,
    looks_like_jsonl,
    looks_like_warc,
    sniff_text,
)
from nashra.ingest.textpage import parse_text_page
from nashra.language.analyze import article_language
from nashra.model import Article, BodyDate, IndexForm, ParsedPage
from nashra.search.reindex import mark_index_current
from nashra.store.base import Store

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RECORD_BYTES",
    "IngestReport",
    "InputFailure",
    "analyse_page",
    "connect_unplaced",
    "do_work",
    "ingest",
    "plan_work",
    "read_pages",
    "store_batch",
    "with_language",
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
    """Every page one whole-file input holds, as its reader made it (a gzip-compressed input is
    read as what it holds, the cap applying to the uncompressed size). Raises :class:`InputError`
    naming the input and the reason. Streamed formats (JSONL, WARC) go through :func:`ingest`."""
    data = read_input(item.path, max_bytes=max_bytes)
    if is_gzip(data):
        data = _gunzip(data, origin=item.origin, max_bytes=max_bytes)
    text = decode_bytes(data, origin=item.origin, declared=declared_charset(data))
    fmt = sniff_text(text)
    if fmt is Format.TEXT_PAGE:
        return [parse_text_page(text, origin=item.origin)]
    if fmt is Format.HTML:
        base = item.origin if item.origin.startswith(("http://", "https://")) else None  # relative links
        return [_reader("html", item.origin).parse_html_page(text, origin=item.origin, base_url=base)]
    if fmt is Format.XML:
        return list(_reader("feed", item.origin).parse_feed(data, origin=item.origin))
    if fmt is Format.SITEMAP:
        sitemap = _reader("sitemap", item.origin).parse_sitemap(data, origin=item.origin)
        listed = f"{len(sitemap.children)} sitemaps" if sitemap.is_index else f"{len(sitemap.entries)} pages"
        raise UnsupportedInput(item.origin, f"a sitemap lists pages to fetch ({listed}), not articles: crawl it")
    # What is left: JSON that is not one article object per line (JSONL is streamed, never here).
    raise UnsupportedInput(item.origin, "a JSON document, not JSON Lines (one article object per line)")


def _reader(name: str, origin: str) -> ModuleType:
    """A format's reader module, imported when first needed: the HTML, feed, sitemap and WARC
    readers need packages (trafilatura, lxml, feedparser, warcio) that text pages do not."""
    try:
        return importlib.import_module(f"nashra.ingest.{name}")
    except ModuleNotFoundError as exc:
        raise UnsupportedInput(origin, f"reading this format needs the Python package {exc.name!r}") from None


def _gunzip(data: bytes, *, origin: str, max_bytes: int) -> bytes:
    """Every member of a gzip file, refusing more than ``max_bytes`` of output."""
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise DecodeError(origin, f"compressed data is corrupt ({exc})") from None
        if len(out) > max_bytes:
            raise InputTooLarge(origin, f"uncompressed data is over the size cap of {max_bytes:,} bytes")
        if not inflater.eof:
            raise DecodeError(origin, "compressed data is truncated")
        data = inflater.unused_data
    return bytes(out)


def analyse_page(
    page: ParsedPage, *, language: bool = True, connect: bool = True, entities: bool = True
) -> ParsedPage:
    """The analysis stage: the language layer (body dates resolved against the source's date,
    variety, and a publication-date estimate when the source gives none, and with ``entities``
    the names the NER tagger finds), then the index form and, with ``connect``, the features the
    connect stage compares articles by. With ``language`` off only the index form is computed
    (search still works)."""
    article = with_language(page.article, page.crawled_at) if language else page.article
    form = IndexForm.of(article)
    return replace(
        page, article=article, index_form=form, features=connect_features(form) if connect else None,
        mentions=find_mentions(article) if language and entities else None,
    )


def with_language(article: Article, crawled_at: dt.datetime | None = None) -> Article:
    """The article with what the language layer finds: body dates resolved against the source's
    date, the variety of the article and of its headline, and a publication-date estimate when
    the source gives none (a feed's or sitemap's date for the item is such an estimate's basis)."""
    found = article_language(
        article.title, article.body, article.published_at, crawl_time=crawled_at,
        published_from=article.provenance.get("published_at"),
    )
    return replace(
        article,
        variety=found.variety,
        title_variety=found.title_variety,
        dates=[BodyDate(m.text, m.start, m.end, m.value.isoformat()) for m in found.dates],
        published_estimate=article.published_estimate or found.published_estimate,
    )


def ingest(
    store: Store,
    items: Iterable[InputItem | InputError],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 0,
    adjust: PageAdjuster | None = None,
    on_input_done: Callable[[str], None] | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    language: bool = True,
    connect: bool = True,
    entities: bool = True,
    connect_settings: ConnectSettings | None = None,
) -> IngestReport:
    """Read every input and store its articles; ``adjust`` may amend each page before storing
    (e.g. name the outlet of pages that do not; it must not change title or body, which are
    already analysed). Errors are in the report, never raised.

    Whole-file inputs are capped at ``max_bytes``; streamed inputs (JSONL and WARC back-fills,
    plain or gzip) have no size cap, only ``max_record_bytes`` per record, and are read a batch of lines at
    a time, so memory stays flat however large they are. A bad record is an error naming
    ``file:line``; the rest of the file goes on.

    With ``workers`` > 0 (started from a fork server: a script calling this with workers must
    keep its own code under ``if __name__ == "__main__":``, as for any process pool that does not
    fork), inputs are parsed in that many processes while this one reads the
    streamed inputs' lines and stores; results are taken in input order, so the outcome is the
    same as with none. ``language`` switches the language stage (see :func:`analyse_page`);
    ``connect`` the connect stage (copies, stories, storylines: :mod:`nashra.analysis.connect`),
    which places each stored batch in the order of the inputs, after placing any article an
    earlier, interrupted run stored but did not place; ``entities`` (with ``language``) the
    names and their linking to entities (:mod:`nashra.analysis.entity_stage`), likewise.
    """
    report = IngestReport()
    batch: list[ParsedPage] = []
    mark_index_current(store)
    connector = connect_unplaced(store, connect_settings) if connect else None
    entity_stage = EntityStage.open(store) if language and entities else None
    work = partial(do_work, max_bytes=max_bytes, language=language, connect=connect, entities=entities)
    plan = plan_work(items, report, on_input_done, max_record_bytes)
    with parallel_map(work, plan, workers) as results:
        for chunk in results:
            for result in chunk:
                if isinstance(result, ParsedPage):
                    batch.append(adjust(result) if adjust else result)
                    if len(batch) >= batch_size:
                        store_batch(store, batch, report, connector, entity_stage)
                        batch = []
                elif isinstance(result, InputFailure):
                    report.failed += 1
                    report.errors.append(result)
                elif on_input_done:
                    on_input_done(result.origin)
        if batch:
            store_batch(store, batch, report, connector, entity_stage)
    return report


@dataclass(frozen=True, slots=True)
class _Done:
    """Marks the end of one input's results."""

    origin: str


Work = list[InputItem] | RecordBatch
"""One unit for a worker: whole-file inputs, or a batch of one streamed input's records."""
Result = ParsedPage | InputFailure | _Done
"""Errors travel as :class:`InputFailure`, which (unlike an exception) pickles as it is."""
U = TypeVar("U")
R = TypeVar("R")
_CHUNK = 32
_CHUNKS_IN_FLIGHT = 8  # per worker: enough to keep workers busy, few enough to bound memory


def plan_work(
    items: Iterable[InputItem | InputError],
    report: IngestReport,
    on_input_done: Callable[[str], None] | None,
    max_record_bytes: int,
) -> Iterator[Work]:
    """The work, lazily: inputs that could not be named fail first; whole files go in chunks of
    ``_CHUNK``; a streamed input is cut into record batches as the workers take them."""
    listed = list(items)
    for error in (i for i in listed if isinstance(i, InputError)):
        report.fail(error)
        if on_input_done:
            on_input_done(error.input)
    chunk: list[InputItem] = []
    for item in (i for i in listed if isinstance(i, InputItem)):
        kind = _stream_kind(item)
        if kind is None:
            chunk.append(item)
            if len(chunk) >= _CHUNK:
                yield chunk
                chunk = []
            continue
        if chunk:
            yield chunk
            chunk = []
        try:
            read = read_lines if kind == "jsonl" else _reader("warc", item.origin).read_warc
        except InputError as error:
            report.fail(error)
            if on_input_done:
                on_input_done(item.origin)
            continue
        with open_stream(item.path) if kind == "jsonl" else item.path.open("rb") as stream:
            yield from batches(read(stream, max_record_bytes=max_record_bytes), origin=item.origin)
    if chunk:
        yield chunk


def _stream_kind(item: InputItem) -> str | None:
    """``"jsonl"`` or ``"warc"`` for a streamed input, else ``None``; any trouble reading it is
    left for :func:`read_pages` to report."""
    try:
        with item.path.open("rb") as handle:
            head = handle.read(JSONL_HEAD_BYTES)
    except OSError:
        return None
    if is_gzip(head):  # the start of the first member is enough, even of a cut file
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, JSONL_HEAD_BYTES)
        except zlib.error:
            return None
    return "jsonl" if looks_like_jsonl(head) else "warc" if looks_like_warc(head) else None


def do_work(work: Work, *, max_bytes: int, language: bool, connect: bool, entities: bool = True) -> list[Result]:
    analyse = partial(analyse_page, language=language, connect=connect, entities=entities)
    if isinstance(work, RecordBatch):
        return _read_records(work, analyse)
    results: list[Result] = []
    for item in work:
        try:
            results.extend(map(analyse, read_pages(item, max_bytes=max_bytes)))
        except InputError as error:
            results.append(InputFailure(error.input, error.reason))
        results.append(_Done(item.origin))
    return results


def _read_records(batch: RecordBatch, analyse: Callable[[ParsedPage], ParsedPage]) -> list[Result]:
    results: list[Result] = [InputFailure(f"{batch.origin}:{e.number}", e.reason) for e in batch.errors]
    for record in batch.records:
        try:
            results.append(analyse(record.parse(batch.origin)))
        except InputError as error:
            results.append(InputFailure(error.input, error.reason))
    if batch.last:
        results.append(_Done(batch.origin))
    return results


@contextmanager
def parallel_map(work: Callable[[U], R], plan: Iterator[U], workers: int) -> Iterator[Iterator[R]]:
    """``map(work, plan)`` in order, on ``workers`` worker processes (started as
    :func:`_worker_start` says, each ending with this process), or in this process when
    ``workers`` is 0. The workers stop at the end of the block, pending work cancelled."""
    if workers <= 0:
        yield map(work, plan)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_start(), initializer=_exit_with_parent,
                               initargs=(os.getpid(),))
    try:
        yield _ordered_parallel_map(pool, workers, work, plan)
    finally:
        pool.shutdown(cancel_futures=True)


def _ordered_parallel_map(
    pool: ProcessPoolExecutor, workers: int, work: Callable[[U], R], plan: Iterator[U],
) -> Iterator[R]:
    """``map`` over a process pool, in order, with a bounded number of units in flight (the
    executor's own ``map`` submits everything at once and would hold every parsed page)."""
    window = _CHUNKS_IN_FLIGHT * workers
    pending: deque[Future[R]] = deque()
    for unit in plan:
        pending.append(pool.submit(work, unit))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@cache
def _worker_start() -> multiprocessing.context.BaseContext:
    """How parse workers start: from a fork server that has imported the pipeline, not forked
    from the ingesting process. Forked from it, each worker would inherit the connect state and
    the entity linker it loaded (hundreds of MB on a large archive) and, as reference counts touch
    their pages, copy them: 360 MB each (proportional set size) 50,000 articles into a back-fill,
    against 95 MB started from the fork server. (Where there is no fork server, Windows, workers
    are spawned, which inherit nothing either.)"""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["nashra.pipeline"])
    return context


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end the worker when the ingesting process is gone (killed with
    SIGKILL, it cannot tell its workers, which would otherwise wait for work forever). The
    worker's own parent is the fork server, so the ingesting process is watched by its id."""

    def watch() -> None:
        while _alive(parent):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="nashra-parent-watch").start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or its id now another user's process
        return False
    return True


def store_batch(
    store: Store, batch: list[ParsedPage], report: IngestReport, connector: Connector | None = None,
    entity_stage: EntityStage | None = None,
) -> None:
    """Store one batch of analysed pages (one transaction), then, with a ``connector``, place
    the articles it stored and, with an ``entity_stage``, link their names (a transaction each:
    an interruption in between is repaired when the next run opens them)."""
    stored_at = dt.datetime.now(dt.UTC)
    placing, naming = [], []
    for page, outcome in zip(batch, store.add_pages(batch), strict=True):
        if outcome.status == "stored":
            report.ingested += 1
            new = _new_article(outcome.article_id, page, stored_at)
            placing.append(new)
            if entity_stage is not None:
                mentions = page.mentions if page.mentions is not None else find_mentions(page.article)
                naming.append(ArticleNames(new.article_id, new.time, mentions))
        else:
            report.duplicates += 1
        report.article_ids.append(outcome.article_id)
    if connector is not None and placing:
        connector.place(placing)
    if entity_stage is not None and naming:
        entity_stage.link(naming)


def connect_unplaced(store: Store, settings: ConnectSettings | None = None) -> Connector:
    """The store's connector, after placing the articles an interrupted run left unplaced."""
    connector = Connector.open(store, settings)
    unplaced = [stored for stored in map(store.get_article, store.unplaced_article_ids()) if stored]
    if unplaced:
        connector.place(
            _new_article(stored.id, analyse_page(ParsedPage(stored.article), language=False),
                         dt.datetime.fromisoformat(stored.ingested_at))
            for stored in unplaced
        )
    return connector


def _new_article(article_id: str, page: ParsedPage, stored_at: dt.datetime) -> NewArticle:
    features = page.features or connect_features(page.index_form or IndexForm.of(page.article))
    return NewArticle(
        article_id, page.article.title, placement_time(page.article, page.crawled_at or stored_at), features,
        outlet=page.article.source_name,
    )
