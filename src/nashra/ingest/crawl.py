"""The crawler: fetch the sources that are due, politely, and store what they bring.

One pass (:meth:`Crawler.crawl_once`) takes every enabled source whose ``next_fetch_at`` has
come and fetches them on a few threads, while the calling thread stores the results:

- **feeds**: each entry is an article; an entry with only a summary gets its page fetched and
  read as an article page (the feed's GUID, date and images kept); the feed's ``<ttl>`` and the
  response's ``Cache-Control: max-age`` set when it is due again;
- **news sitemaps** (and sitemap indexes, a few children deep): the listed pages not seen
  before are fetched, newest first, up to a cap per pass; ``changefreq`` is a schedule hint;
- **sites**: their feeds and sitemaps are discovered and added as sources of their own.

Politeness and safety: robots.txt (rules and ``Crawl-delay``), at most ``per_host`` requests at
once and ``host_interval`` seconds between requests to one host, conditional GET with the
stored ETag / Last-Modified, every request through :class:`~nashra.ingest.fetch.Fetcher` (SSRF
guard, timeouts, size and redirect caps). Entries already dealt with, by canonical URL or by
GUID, are neither fetched nor stored again, whichever source saw them first.

Failures: a source that fails (network, HTTP status, undecodable or malformed document, robots
refusal) keeps its error, counts a failure and is due again after an exponential backoff with
jitter (never sooner than a ``Retry-After``); after ``max_failures`` in a row it is disabled
until ``nashra sources enable``. Failed article pages are recorded on their source without
failing it; transient ones (timeouts, 5xx) are tried again next pass, pages with no article
text are not. One source's failure never stops the others, and what is stored stays stored:
pages are stored before their source's state is updated, so a killed crawl repeats at worst
the fetch of the sources it was doing.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urlsplit

import httpx

from nashra.errors import InputError, ParseError, UnsupportedInput
from nashra.ingest.decode import decode_bytes, utf8_xml
from nashra.ingest.discover import discover
from nashra.ingest.feed import read_feed
from nashra.ingest.fetch import Fetcher, FetchError, FetchPolicy, Response
from nashra.ingest.html import parse_html_page
from nashra.ingest.robots import RobotsCache
from nashra.ingest.sitemap import SitemapEntry, parse_sitemap
from nashra.ingest.sniff import Format, declared_charset, sniff_text
from nashra.model import Article, Image, ParsedPage
from nashra.analysis.connect import Connector
from nashra.analysis.entity_stage import EntityStage
from nashra.pipeline import IngestReport, analyse_page, connect_unplaced, store_batch
from nashra.store.base import CrawlFetch, CrawlSource, Store

__all__ = ["CrawlReport", "CrawlSettings", "Crawler", "HostGate", "SourceReport"]

_MAX_CRAWL_DELAY = 60.0
"""A robots.txt ``Crawl-delay`` above this is read as this: a worker thread waits that long."""
_CHANGEFREQ_SECONDS = {"always": 0, "hourly": 3600, "daily": 86400, "weekly": 7 * 86400,
                       "monthly": 30 * 86400, "yearly": 365 * 86400}


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    max_failures: int = 5
    """Consecutive failures after which a source is disabled."""
    workers: int = 4
    """Sources fetched at once."""
    per_host: int = 2
    """Requests at once to one host."""
    host_interval: float = 1.0
    """Seconds between the starts of two requests to one host (robots.txt Crawl-delay raises it)."""
    default_interval: float = 30 * 60
    """Seconds until a source is due again when neither the feed nor the server says."""
    min_interval: float = 5 * 60
    max_interval: float = 24 * 3600
    backoff_base: float = 5 * 60
    """Delay after a first failure; it doubles with each further one (with jitter)."""
    backoff_max: float = 12 * 3600
    max_pages: int = 50
    """Article pages fetched per source in one pass (the rest wait for the next)."""
    max_child_sitemaps: int = 5
    """Children of a sitemap index read in one pass, in the order the index lists them."""
    robots: bool = True
    language: bool = True
    """Run the language stage on what is stored (see :func:`nashra.pipeline.analyse_page`)."""
    connect: bool = True
    """Place what is stored in stories as it arrives (see :mod:`nashra.analysis.connect`)."""
    entities: bool = True
    """Link the names in what is stored to entities (with ``language``)."""


@dataclass(slots=True)
class SourceReport:
    id: int
    url: str
    status: str
    """``fetched``, ``not modified``, ``discovered`` or ``failed``."""
    stored: int = 0
    duplicates: int = 0
    error: str | None = None
    page_errors: list[str] = field(default_factory=list)
    discovered: list[str] = field(default_factory=list)
    next_fetch_at: str | None = None
    disabled: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "url": self.url, "status": self.status, "stored": self.stored,
            "duplicates": self.duplicates, "error": self.error, "page_errors": self.page_errors,
            "discovered": self.discovered, "next_fetch_at": self.next_fetch_at, "disabled": self.disabled,
        }


@dataclass(slots=True)
class CrawlReport:
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(s.stored for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(1 for s in self.sources if s.status == "failed")

    def to_json(self) -> dict[str, object]:
        return {
            "sources": len(self.sources), "stored": self.stored,
            "duplicates": sum(s.duplicates for s in self.sources), "failed": self.failed,
            "results": [s.to_json() for s in self.sources],
        }


@dataclass(slots=True)
class _Fetched:
    """What one source's fetch brought, handed from a worker thread to the storing thread."""

    source: CrawlSource
    pages: list[tuple[ParsedPage, list[str]]] = field(default_factory=list)
    """Each page with the keys (canonical URLs, ``guid:…``) it answers for."""
    empty_keys: list[str] = field(default_factory=list)
    """Entries that hold no article: seen, never fetched again."""
    page_errors: list[str] = field(default_factory=list)
    retry_pages: bool = False
    """Some pages failed in a way that may pass: keep the old validators so they come again."""
    error: InputError | None = None
    validators: tuple[str | None, str | None] | None = None
    hint: float | None = None
    not_modified: bool = False
    discovered: list[tuple[str, str]] = field(default_factory=list)


class HostGate:
    """At most ``per_host`` requests at once to a host, starting ``interval`` seconds apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self._per_host = per_host
        self._interval = interval
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, interval: float | None = None) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with semaphore:
            # A start is claimed when it happens, not booked ahead: a thread that oversleeps
            # (a busy machine) cannot end up closer than the interval to the next one.
            while True:
                with self._lock:
                    now = time.monotonic()
                    wait = self._next_start.get(host, now) - now
                    if wait <= 0:
                        self._next_start[host] = now + max(self._interval, interval or 0.0)
                        break
                time.sleep(wait)
            yield


class Crawler:
    """Fetches due sources and stores their articles; see the module docstring."""

    def __init__(self, store: Store, settings: CrawlSettings | None = None, *,
                 fetcher: Fetcher | None = None, rng: random.Random | None = None) -> None:
        self.store = store
        self.settings = settings or CrawlSettings()
        self._fetcher = fetcher or Fetcher(self.settings.policy)
        self._owns_fetcher = fetcher is None
        self._rng = rng or random.Random()
        self._gate = HostGate(self.settings.per_host, self.settings.host_interval)
        self._robots = RobotsCache(self._fetcher)
        # One pool for the crawler's life: its threads (and the store connections they open)
        # are reused from pass to pass.
        self._pool = ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="nashra-crawl")
        self._stages: tuple[Connector | None, EntityStage | None] | None = None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._owns_fetcher:
            self._fetcher.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- scheduling -------------------------------------------------------------------------

    def due(self, now: dt.datetime | None = None) -> list[CrawlSource]:
        stamp = _iso(now or _utcnow())
        return [s for s in self.store.crawl_sources()
                if not s.disabled and (s.next_fetch_at is None or s.next_fetch_at <= stamp)]

    def seconds_until_due(self, now: dt.datetime | None = None) -> float | None:
        """Seconds until the next enabled source is due (0 if one is), None if there is none."""
        now = now or _utcnow()
        waits = [max(0.0, (dt.datetime.fromisoformat(s.next_fetch_at) - now).total_seconds())
                 if s.next_fetch_at else 0.0
                 for s in self.store.crawl_sources() if not s.disabled]
        return min(waits) if waits else None

    def crawl_once(self, *, now: dt.datetime | None = None,
                   on_source: Callable[[SourceReport], None] | None = None) -> CrawlReport:
        """Fetch every due source once and store what they bring."""
        self._robots = RobotsCache(self._fetcher)  # robots.txt is read afresh each pass
        report = CrawlReport()
        due = self.due(now)
        if not due:
            return report
        jobs = [self._pool.submit(self._fetch_source, source) for source in due]
        for job in as_completed(jobs):
            outcome = self._keep(job.result())
            report.sources.append(outcome)
            if on_source:
                on_source(outcome)
        report.sources.sort(key=lambda s: s.id)
        return report

    def run(self, *, stop: threading.Event, on_report: Callable[[CrawlReport], None],
            max_sleep: float = 60.0) -> None:
        """Crawl until ``stop`` is set, sleeping until the next source is due."""
        while not stop.is_set():
            on_report(self.crawl_once())
            wait = self.seconds_until_due()
            stop.wait(max_sleep if wait is None else min(max(wait, 1.0), max_sleep))

    # -- storing (the calling thread) -------------------------------------------------------

    def _keep(self, fetched: _Fetched) -> SourceReport:
        source = fetched.source
        report = SourceReport(source.id, source.url, "fetched", page_errors=fetched.page_errors)
        seen: list[tuple[str, str | None]] = [(key, None) for key in fetched.empty_keys]
        if fetched.pages:
            stored = IngestReport()
            store_batch(self.store, [page for page, _ in fetched.pages], stored, *self._after_storing())
            for (_, keys), article_id in zip(fetched.pages, stored.article_ids, strict=True):
                seen.extend((key, article_id) for key in keys)
            report.stored += stored.ingested
            report.duplicates += stored.duplicates
        if seen:
            self.store.mark_crawl_seen(source.id, seen)
        for url, kind in fetched.discovered:
            added, is_new = self.store.add_crawl_source(url, kind=kind, name=source.name)
            if is_new:
                report.discovered.append(added.url)
        now = _utcnow()
        error = fetched.error
        if error is not None:
            report.status = "failed"
            report.error = error.reason if error.input == source.url else str(error)
            delay = self._backoff(source.consecutive_failures + 1)
            retry_after = getattr(error, "retry_after", None)
            if retry_after is not None:
                delay = max(delay, min(retry_after, self.settings.max_interval))
        else:
            report.status = ("not modified" if fetched.not_modified
                             else "discovered" if source.kind == "site" else "fetched")
            if fetched.page_errors:
                report.error = (f"{len(fetched.page_errors)} page(s) failed; first: "
                                f"{fetched.page_errors[0]}")
            hint = self.settings.default_interval if fetched.hint is None else fetched.hint
            delay = min(max(hint, self.settings.min_interval), self.settings.max_interval)
        report.next_fetch_at = _iso(now + dt.timedelta(seconds=delay))
        updated = self.store.record_crawl_fetch(source.id, CrawlFetch(
            fetched_at=_iso(now), failed=error is not None, error=report.error,
            validators=None if error or fetched.retry_pages else fetched.validators,
            next_fetch_at=report.next_fetch_at, disable_after=self.settings.max_failures,
        ))
        report.disabled = bool(updated and updated.disabled)
        return report

    def _backoff(self, failures: int) -> float:
        """Exponential backoff with "equal jitter": half the delay fixed, half random."""
        delay = min(self.settings.backoff_max, self.settings.backoff_base * 2 ** (failures - 1))
        return delay / 2 + self._rng.uniform(0, delay / 2)

    # -- fetching (worker threads) ----------------------------------------------------------

    def _fetch_source(self, source: CrawlSource) -> _Fetched:
        fetched = _Fetched(source)
        try:
            if source.kind == "site":
                self._discover(fetched)
            else:
                self._fetch_document(fetched)
        except InputError as exc:
            fetched.error = exc
        except Exception as exc:  # noqa: BLE001  (a bug on one source must not stop the crawl)
            fetched.error = InputError(source.url, f"internal error: {type(exc).__name__}: {exc}")
        return fetched

    def _discover(self, fetched: _Fetched) -> None:
        found = discover(self._fetcher, fetched.source.url)
        fetched.discovered = [(url, "feed") for url in found.feeds] + [(url, "sitemap") for url in found.sitemaps]
        if not fetched.discovered:
            reason = "; ".join(found.errors) or "the home page links no feed and robots.txt lists no sitemap"
            raise InputError(fetched.source.url, f"no feeds or sitemaps found ({reason})")
        fetched.hint = self.settings.max_interval
        fetched.page_errors = found.errors

    def _get(self, url: str, **options: object) -> Response:
        """One request under robots.txt and the per-host limits."""
        delay = None
        if self.settings.robots:
            robots = self._robots.get(url)
            if robots.error is not None:
                raise FetchError(url, robots.error, transient=True)
            if not robots.allowed(url):
                raise FetchError(url, "disallowed by the site's robots.txt")
            delay = min(robots.crawl_delay or 0.0, _MAX_CRAWL_DELAY)
        with self._gate.slot(urlsplit(url).netloc.lower(), delay):
            return self._fetcher.get(url, **options)

    def _fetch_document(self, fetched: _Fetched) -> None:
        source = fetched.source
        response = self._get(source.url, etag=source.etag, last_modified=source.last_modified)
        fetched.hint = _cache_seconds(response.headers)
        if response.not_modified:
            fetched.not_modified = True
            return
        fetched.validators = (response.headers.get("etag"), response.headers.get("last-modified"))
        text = _decode(response)
        fmt = sniff_text(text)
        if fmt is Format.XML:
            self._read_feed(fetched, text, response)
        elif fmt is Format.SITEMAP:
            self._read_sitemap(fetched, text, response)
        elif fmt is Format.HTML:
            raise ParseError(source.url, "an HTML page, not a feed or sitemap: add the site's address "
                                         "with `nashra sources add` to discover its feeds")
        else:
            raise UnsupportedInput(source.url, f"not a feed or sitemap ({fmt.value})")

    def _read_feed(self, fetched: _Fetched, text: str, response: Response) -> None:
        feed = read_feed(utf8_xml(text), origin=fetched.source.url)
        if feed.ttl_minutes is not None:
            fetched.hint = max(fetched.hint or 0.0, feed.ttl_minutes * 60.0)
        entries = [(page, _keys(page.article)) for page in feed.pages]
        unseen = set(self.store.unseen_crawl_keys([k for _, keys in entries for k in keys]))
        fetches = 0
        # An entry with neither link nor GUID has no keys: the store knows it by its text.
        for page, keys in entries:
            if any(k not in unseen for k in keys):
                continue  # seen before, or earlier in this feed
            unseen.difference_update(keys)
            article = page.article
            if article.provenance.get("body") == "feed:summary" and article.url:
                if fetches >= self.settings.max_pages:
                    fetched.retry_pages = True  # its page is read next pass
                    continue
                fetches += 1
                try:
                    article = _with_feed_fields(self._read_page(article.url).article, article)
                except FetchError as exc:
                    fetched.page_errors.append(str(exc))
                    if exc.transient:
                        fetched.retry_pages = True
                        continue  # tried again next pass
                except InputError as exc:
                    fetched.page_errors.append(str(exc))  # no article on the page: keep the summary
            stored = self._analysed(ParsedPage(article, crawled_at=response.fetched_at))
            fetched.pages.append((stored, [*keys, *_keys(stored.article)]))

    def _read_sitemap(self, fetched: _Fetched, text: str, response: Response) -> None:
        origin = fetched.source.url
        sitemap = parse_sitemap(utf8_xml(text), origin=origin)
        entries = list(sitemap.entries)
        for child in sitemap.children[: self.settings.max_child_sitemaps]:
            try:
                entries += parse_sitemap(utf8_xml(_decode(self._get(child))), origin=child).entries
            except InputError as exc:
                fetched.page_errors.append(str(exc))
                fetched.retry_pages = True
        if sitemap.is_index and not entries and fetched.page_errors:
            raise InputError(origin, f"no child sitemap could be read; first: {fetched.page_errors[0]}")
        hints = [_CHANGEFREQ_SECONDS[e.changefreq] for e in entries if e.changefreq in _CHANGEFREQ_SECONDS]
        if hints:
            fetched.hint = min(hints) if fetched.hint is None else min(fetched.hint, min(hints))
        unseen = set(self.store.unseen_crawl_keys([e.url for e in entries]))
        fresh = sorted((e for e in entries if e.url in unseen),
                       key=lambda e: e.published_at or e.lastmod or "", reverse=True)
        if len(fresh) > self.settings.max_pages:
            fetched.retry_pages = True  # the rest come next pass
        for entry in fresh[: self.settings.max_pages]:
            try:
                page = self._read_page(entry.url)
            except FetchError as exc:
                fetched.page_errors.append(str(exc))
                if exc.transient:
                    fetched.retry_pages = True
                else:
                    fetched.empty_keys.append(entry.url)
                continue
            except InputError as exc:
                fetched.page_errors.append(str(exc))
                fetched.empty_keys.append(entry.url)
                continue
            stored = self._analysed(replace(page, article=_with_sitemap_fields(page.article, entry)))
            fetched.pages.append((stored, [entry.url, *_keys(stored.article)]))

    def _read_page(self, url: str) -> ParsedPage:
        response = self._get(url)
        page = parse_html_page(_decode(response), origin=url, base_url=response.url)
        return replace(page, crawled_at=response.fetched_at)

    def _analysed(self, page: ParsedPage) -> ParsedPage:
        s = self.settings
        return analyse_page(page, language=s.language, connect=s.connect, entities=s.entities)

    def _after_storing(self) -> tuple[Connector | None, EntityStage | None]:
        """The connect and entity stages, opened (from the store) on the first stored page."""
        if self._stages is None:
            s = self.settings
            self._stages = (connect_unplaced(self.store) if s.connect else None,
                            EntityStage.open(self.store) if s.language and s.entities else None)
        return self._stages


def _decode(response: Response) -> str:
    """The response's text: the HTTP charset, else the document's own declaration, each only
    a hint the bytes must bear out (a windows-1256 page served as ISO-8859-1 reads as Arabic)."""
    return decode_bytes(response.content, origin=response.url,
                        declared=response.charset or declared_charset(response.content))


def _keys(article: Article) -> list[str]:
    keys = [article.url] if article.url else []
    return keys + ([f"guid:{article.external_id}"] if article.external_id else [])


def _with_feed_fields(page: Article, entry: Article) -> Article:
    """The article page's text, with what the feed entry said and the page did not."""
    provenance = {**{k: v for k, v in entry.provenance.items() if k != "body"}, **page.provenance,
                  "body": "page"}
    return replace(
        page,
        url=page.url or entry.url,
        published_at=page.published_at or entry.published_at,
        source_name=page.source_name or entry.source_name,
        source_domain=page.source_domain or entry.source_domain,
        category=page.category or entry.category,
        author=page.author or entry.author,
        external_id=entry.external_id,
        images=page.images or entry.images,
        provenance=provenance,
    )


def _with_sitemap_fields(page: Article, entry: SitemapEntry) -> Article:
    provenance = dict(page.provenance)
    published_at = page.published_at
    if published_at is None and entry.published_at:
        published_at, provenance["published_at"] = entry.published_at, "sitemap:publication_date"
    source_name = page.source_name
    if source_name is None and entry.publication:
        source_name, provenance["source_name"] = entry.publication, "sitemap:publication"
    seen = {image.url for image in page.images}
    images = page.images + [Image(url) for url in entry.images if url not in seen]
    return replace(page, url=page.url or entry.url, published_at=published_at,
                   source_name=source_name, images=images, provenance=provenance)


def _cache_seconds(headers: httpx.Headers) -> float | None:
    """How long the server says the document stays fresh: ``Cache-Control: max-age``, else
    ``Expires`` minus ``Date``."""
    for directive in (headers.get("cache-control") or "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip().strip('"').isdigit():
            return float(value.strip().strip('"'))
    expires, date = headers.get("expires"), headers.get("date")
    if expires and date:
        try:
            return max(0.0, (parsedate_to_datetime(expires) - parsedate_to_datetime(date)).total_seconds())
        except (TypeError, ValueError):
            return None
    return None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.UTC).isoformat(timespec="seconds")
