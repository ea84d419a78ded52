"""Back-fills on a Dask cluster: the pipeline's pure stages on the workers, storing here, in order.

The inputs are cut into the pipeline's own units of work (chunks of whole-file pages, batches of
a WARC or JSONL file's records: :mod:`nashra.pipeline`), each unit is parsed and analysed on a
worker (:func:`nashra.pipeline.analyse_page` and the readers, which are pure), and the results
are taken back in input order, with a bounded number of units in flight. This process stores
them a batch at a time through the pipeline's :func:`~nashra.pipeline.store_batch`, which also
runs the stateful connect stage (dedup index, stories) on each stored batch: the same batches in
the same order as ``nashra ingest``, so a back-fill gives the same articles and stories.

A worker that dies loses nothing: Dask runs its units again on another worker, and since results
are stored only here, once each, nothing is stored twice. Streamed files are read here and their
records shipped to the workers; whole files are read by the workers, so on a real cluster they
must see the same paths (a shared file system).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from distributed import Client, LocalCluster

from nashra.analysis.entity_stage import EntityStage
from nashra.errors import InputError
from nashra.ingest.inputs import InputItem
from nashra.model import ParsedPage
from nashra.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_RECORD_BYTES,
    IngestReport,
    InputFailure,
    connect_unplaced,
    do_work,
    plan_work,
    store_batch,
)
from nashra.store.base import Store

__all__ = ["backfill", "dask_client"]

_UNITS_IN_FLIGHT = 8  # per worker: enough to keep workers busy, few enough to bound memory


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of ``scheduler``: ``tcp://host:port`` (a running cluster), ``processes`` (the
    default: a local cluster of ``workers`` single-threaded processes, one per CPU unless given)
    or ``threads`` (one local process, ``workers`` threads)."""
    if scheduler and scheduler not in ("processes", "threads"):
        with Client(scheduler) as client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    processes = scheduler != "threads"
    with LocalCluster(
        n_workers=count if processes else 1, threads_per_worker=1 if processes else count,
        processes=processes, dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def backfill(
    store: Store,
    items: Iterable[InputItem | InputError],
    *,
    client: Client,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    language: bool = True,
    connect: bool = True,
    entities: bool = True,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Parse and analyse ``items`` on the cluster of ``client`` and store their articles here, as
    :func:`nashra.pipeline.ingest` would; ``on_batch`` is called after each stored batch."""
    report = IngestReport()
    connector = connect_unplaced(store) if connect else None
    entity_stage = EntityStage.open(store) if language and entities else None
    work = partial(do_work, max_bytes=max_bytes, language=language, connect=connect, entities=entities)
    window = _UNITS_IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]))
    batch: list[ParsedPage] = []

    def flush() -> None:
        store_batch(store, batch, report, connector, entity_stage)
        batch.clear()
        if on_batch:
            on_batch(report)

    for results in _in_order(client, work, plan_work(items, report, None, max_record_bytes), window):
        for result in results:
            if isinstance(result, ParsedPage):
                batch.append(result)
                if len(batch) >= batch_size:
                    flush()
            elif isinstance(result, InputFailure):
                report.failed += 1
                report.errors.append(result)
    if batch:
        flush()
    return report


def _in_order(client: Client, work: Callable, units: Iterator, window: int) -> Iterator[list]:
    """``map(work, units)`` on the cluster, results in the units' order, at most ``window``
    units in flight. Each unit is a new task (``pure=False``): Dask reruns it elsewhere if its
    worker dies, and forgets it once its result is taken."""
    pending: deque = deque()
    for unit in units:
        pending.append(client.submit(work, unit, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
