"""The store interface: everything Nashra keeps, behind one contract that every backend satisfies.

Backends (SQLite embedded, PostgreSQL for servers) implement :class:`Store`; the contract tests in
``tests/store/`` run against each of them. The store does no linguistic work: it indexes the terms
that :func:`nashra.language.index_terms` gives and matches the terms a :class:`TermQuery` carries.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from nashra.model import Article, ParsedPage

__all__ = [
    "AddOutcome",
    "ArticleSummary",
    "CrawlFetch",
    "CrawlSource",
    "ReportOutcome",
    "SearchHit",
    "SourceSummary",
    "Store",
    "StoredArticle",
    "StoredImage",
    "TermQuery",
    "TickerHeadline",
]


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What became of one page handed to :meth:`Store.add_pages`."""

    status: Literal["stored", "duplicate"]
    article_id: str
    """The new article's id, or the id of the article it duplicates."""


@dataclass(frozen=True, slots=True)
class StoredImage:
    id: str
    url: str
    caption: str | None
    hidden: bool


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    article: Article
    images: list[StoredImage]
    ingested_at: str


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str
    source_name: str | None
    published_at: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    summary: ArticleSummary
    score: float
    """Higher is better."""
    body: str


@dataclass(frozen=True, slots=True)
class CrawlSource:
    """A feed, news sitemap or site Nashra fetches news from, with its last fetch's state."""

    id: int
    url: str
    name: str | None
    kind: Literal["feed", "sitemap", "site"]
    added_at: str
    last_fetch: str | None
    last_error: str | None
    consecutive_failures: int
    disabled: bool
    etag: str | None = None
    last_modified: str | None = None
    """The validators of the last full response, sent back as a conditional GET."""
    next_fetch_at: str | None = None
    """When the source is due again (ISO datetime, UTC); None: due now."""
    article_count: int = 0
    """Articles this source brought (stored, or found already stored)."""


@dataclass(frozen=True, slots=True)
class CrawlFetch:
    """The outcome of fetching one crawl source, for :meth:`Store.record_crawl_fetch`."""

    fetched_at: str
    failed: bool
    """A failure counts towards disabling the source; a success resets the count."""
    error: str | None = None
    """What went wrong, also on a success whose pages partly failed; None clears the last error."""
    validators: tuple[str | None, str | None] | None = None
    """New (ETag, Last-Modified); None keeps the stored ones."""
    next_fetch_at: str | None = None
    disable_after: int | None = None
    """Disable the source once it has failed this many times in a row."""


@dataclass(frozen=True, slots=True)
class SourceSummary:
    name: str
    domain: str | None
    article_count: int


@dataclass(frozen=True, slots=True)
class TickerHeadline:
    headline: str
    first_seen: str
    last_seen: str


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What one reader's report of an image or article did."""

    counted: bool
    """False when this reporter had already reported this target (a reporter counts once)."""
    reporters: int
    """How many different reporters have reported the target."""
    hidden: bool
    """Whether the target is now hidden (images only; an article is never hidden by reports)."""


@dataclass(frozen=True, slots=True)
class TermQuery:
    """A full-text query as index terms: every term in ``terms`` must match (AND).

    ``source`` is an outlet name; ``since``/``until`` bound ``published_at`` (inclusive dates).
    """

    terms: Sequence[str]
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 20
    offset: int = 0


class Store(abc.ABC):
    """Everything Nashra keeps. Methods are safe to call from several threads."""

    @abc.abstractmethod
    def add_pages(self, pages: Sequence[ParsedPage]) -> list[AddOutcome]:
        """Store each page's article (with its images, related links and ticker headlines, seen at
        the page's crawl time or now) in one transaction: all of the batch is stored, or none of
        it. A page whose article is already stored (same normalized text, or same URL) is reported
        as a duplicate and stores nothing."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value the application keeps about the database itself (e.g. that it is a demo)."""

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> StoredArticle | None: ...

    @abc.abstractmethod
    def latest_articles(
        self, *, limit: int = 20, offset: int = 0, source: str | None = None
    ) -> list[ArticleSummary]:
        """Newest first by publication date (undated articles by ingest time, after dated ones)."""

    @abc.abstractmethod
    def search(self, query: TermQuery) -> list[SearchHit]:
        """Ranked hits (BM25 or the backend's equivalent, title weighted above body)."""

    @abc.abstractmethod
    def latest_ticker(self, *, limit: int = 30) -> list[TickerHeadline]: ...

    @abc.abstractmethod
    def sources(self) -> list[SourceSummary]: ...

    @abc.abstractmethod
    def add_crawl_source(
        self, url: str, *, kind: Literal["feed", "sitemap", "site"], name: str | None = None
    ) -> tuple[CrawlSource, bool]:
        """Add a source to fetch (``url`` already canonical); the source and whether it is new
        (an existing source with that URL is returned unchanged)."""

    @abc.abstractmethod
    def crawl_sources(self) -> list[CrawlSource]:
        """Every crawl source, oldest first."""

    @abc.abstractmethod
    def remove_crawl_source(self, source_id: int) -> bool:
        """Forget a crawl source (its articles stay); whether there was one with that id."""

    @abc.abstractmethod
    def enable_crawl_source(self, source_id: int) -> CrawlSource | None:
        """Enable a source again: not disabled, no failures, due now; None if there is none."""

    @abc.abstractmethod
    def record_crawl_fetch(self, source_id: int, fetch: CrawlFetch) -> CrawlSource | None:
        """Record one fetch of a source in one transaction (last fetch and error, the failure
        count, disabling, validators, next due time); the updated source, None if there is none."""

    @abc.abstractmethod
    def unseen_crawl_keys(self, keys: Sequence[str]) -> list[str]:
        """The ``keys`` (canonical URLs, GUIDs) no crawl has recorded yet, in the given order."""

    @abc.abstractmethod
    def mark_crawl_seen(self, source_id: int, seen: Sequence[tuple[str, str | None]]) -> None:
        """Record ``(key, article_id)`` pairs a source's fetch has dealt with (``article_id`` None
        for an entry that holds no article); a key already recorded keeps its first record."""

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def add_report(
        self, kind: Literal["image", "article"], target_id: str, reporter: str, *,
        address: str | None = None, threshold: int = 3,
    ) -> ReportOutcome | None:
        """Record that ``reporter`` reported the image or article ``target_id`` (None when there is
        no such target). An image is hidden, for good, once ``threshold`` different reporters have
        reported it; reporting again changes nothing."""

    @abc.abstractmethod
    def schema_version(self) -> int: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
