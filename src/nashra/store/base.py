"""The store interface: everything Nashra keeps, behind one contract that every backend satisfies.

Backends (SQLite embedded, PostgreSQL for servers) implement :class:`Store`; the contract tests in
``tests/store/`` run against each of them. The store does no linguistic work: it indexes the terms
that :func:`nashra.language.index_terms` gives and matches the terms a :class:`TermQuery` carries.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from nashra.model import Article, IndexForm, ParsedPage

__all__ = [
    "AddOutcome",
    "ArticleCopy",
    "ArticlePlacement",
    "ArticleSummary",
    "ConnectState",
    "ConnectUpdate",
    "CrawlFetch",
    "CrawlSource",
    "FacetCount",
    "ReportOutcome",
    "SearchFacets",
    "SearchHit",
    "SourceSummary",
    "Store",
    "StoredArticle",
    "StoredImage",
    "StoryRecord",
    "StorySummary",
    "StorylineRecord",
    "StorylineSummary",
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
    story_id: str | None = None
    """``None`` until the connect stage has placed the article."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    summary: ArticleSummary
    score: float
    """Higher is better."""
    body: str


# -- search facets (see nashra.store.sqlite_search, nashra.store.postgres.search) ----------------


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchFacets:
    """How a query's hits spread: what a results page offers to narrow them by."""

    total: int
    """Every hit of the query and its filters (not only a page of them)."""
    sources: list[FacetCount]
    """The outlets with the most hits, most first (then by name)."""
    days: list[FacetCount]
    """Hits per publication day (``YYYY-MM-DD``), oldest first; undated hits are not counted."""
    counted: int = 0
    """How many hits ``sources`` and ``days`` count: every hit, or the newest ``FACET_WINDOW``
    of them (in storage order) when there are more: counting a hit costs microseconds, and a
    common word has hundreds of thousands in a large archive."""


FACET_WINDOW = 5_000


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
    """A full-text query as index terms: every term in ``terms`` must match (AND) unless
    ``match`` says otherwise.

    ``source`` is an outlet name; ``since``/``until`` bound ``published_at`` (inclusive dates);
    ``entity`` keeps the articles that name that entity (an id of :meth:`Store.entities`).
    """

    terms: Sequence[str]
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 20
    offset: int = 0
    match: Literal["all", "any"] = "all"
    """``any``: an article matching some of the terms is a hit, ranked by how well it matches
    (used to find similar articles from an article's strongest terms)."""
    exclude: Sequence[str] = ()
    """Article ids that are not hits (e.g. the article whose similar articles are sought)."""
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleCopy:
    """Another place an article's text was published ("also published in")."""

    source_name: str | None
    url: str | None
    published_at: str | None
    article_id: str | None
    """The near-copy's own article id; ``None`` for an exact copy, which is not stored twice."""
    similarity: float
    """Estimated share of the text in common (1.0 for an exact copy)."""


@dataclass(frozen=True, slots=True)
class ArticlePlacement:
    """Where the connect stage placed one stored article."""

    article_id: str
    placed_at: str
    """The time the article is placed at: ``YYYY-MM-DDTHH:MM:SS``, UTC."""
    story_id: str
    duplicate_of: str | None
    """The canonical article when this one is a near-copy of it."""
    similarity: float | None
    signature: bytes
    """The MinHash signature of the text, kept so the dedup index can be rebuilt."""


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story's state as the connect stage keeps it (times as in :class:`ArticlePlacement`)."""

    id: str
    title: str
    title_score: float
    first_seen: str
    last_seen: str
    article_count: int
    storyline_id: str
    centroid: dict[str, float]


@dataclass(frozen=True, slots=True)
class StorylineRecord:
    id: str
    title: str
    first_seen: str
    last_seen: str
    story_count: int
    centroid: dict[str, float]


@dataclass(frozen=True, slots=True)
class ConnectUpdate:
    """What one batch changed, saved in one transaction."""

    placements: Sequence[ArticlePlacement]
    stories: Sequence[StoryRecord]
    """New and changed stories (a merged story is not here: see ``story_redirects``)."""
    storylines: Sequence[StorylineRecord]
    story_redirects: Mapping[str, str]
    """Merged story id → the id that absorbed it; its articles move there."""
    storyline_redirects: Mapping[str, str]
    clock: str
    """The latest time the connect stage has seen."""


@dataclass(frozen=True, slots=True)
class ConnectState:
    """What the connect stage needs to go on after a restart: the recent part of its state."""

    clock: str | None
    stories: list[StoryRecord]
    storylines: Iterator[StorylineRecord]
    """Read as they are consumed, which must be before the next call on the store: a year of
    storylines is most of what the connect stage holds, and should not be held twice."""
    signatures: list[tuple[str, str, bytes, str, str]]
    """``(article_id, placed_at, signature, canonical_id, story_id)`` of recent articles, oldest
    first (the story id resolved through merges)."""


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    title: str
    first_seen: str
    last_seen: str
    article_count: int
    storyline_id: str
    sources: list[str]
    """The outlets that carried the story, by number of its articles (most first)."""
    velocity: float
    """Articles per hour over the six hours up to its latest article."""


@dataclass(frozen=True, slots=True)
class StorylineSummary:
    id: str
    title: str
    first_seen: str
    last_seen: str
    stories: list[StorySummary]
    """Its stories in time order: the storyline's timeline."""


# -- entities (written by nashra.analysis.entity_stage) --------------------------------------


@dataclass(frozen=True, slots=True)
class EntityAlias:
    """One spelling of an entity, with the evidence for it (see nashra.analysis.entities)."""

    type: str
    key: str
    """The folded spelling: what later mentions are matched against."""
    entity_id: str
    surface: str
    reason: str
    """Why it joined: new, exact, clitic, typo, truncated, surname, first-name, full-name, split."""
    matched: str | None
    """The known spelling it was matched to."""
    first_article: str
    count: int
    """Mentions of this spelling so far."""


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One mention the tagger found in an article, and the entity it was linked to."""

    text: str
    start: int
    end: int
    """Character offsets in the article's ``part`` (``title`` or ``body``)."""
    type: str
    part: str
    entity_id: str
    key: str
    """The alias key it counted as (a split moves mentions by it)."""


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    article_id: str
    seen_at: str
    """The article's time (its placement time): entities' first and last seen."""
    mentions: list[MentionRecord]


@dataclass(frozen=True, slots=True)
class ArticleToLink:
    """A stored article as a rebuild of the entities reads it (:meth:`Store.articles_to_link`)."""

    position: int
    """Its storage position (articles are linked in this order, as an ingest links them)."""
    article_id: str
    title: str
    body: str
    placed_at: str | None
    """Where the connect stage placed it in time; None when it was not placed."""


@dataclass(frozen=True, slots=True)
class EntityUpdate:
    """What linking a batch of articles changed, saved in one transaction."""

    entities: list[tuple[str, str, str]]
    """``(id, type, canonical name)`` of every entity created or renamed."""
    aliases: list[EntityAlias]
    """Spellings created or counted again (with their counts so far)."""
    articles: list[LinkedArticle]


@dataclass(frozen=True, slots=True)
class EntitySummary:
    id: str
    name: str
    type: str
    aliases: list[str]
    """Its spellings, most used first."""
    article_count: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class ArticleEntity:
    """An entity as one article names it."""

    id: str
    name: str
    type: str
    mentions: list[str]
    """The article's distinct surface forms of it, in order of first mention."""


@dataclass(frozen=True, slots=True)
class EntityDetail:
    entity: EntitySummary
    aliases: list[EntityAlias]
    """Every spelling with the reason it joined: the merge made explainable."""
    articles: list[ArticleSummary]
    """Its latest articles, newest first."""
    stories: list[StorySummary]
    """The stories it is named in most, with how many of their articles name it."""
    story_mentions: dict[str, int]
    cooccurring: list[tuple[EntitySummary, int]]
    """Entities named in the same articles, with the number of articles shared (most first)."""


# -- moderation (nashra.web.moderation, nashra admin) ----------------------------------------


@dataclass(frozen=True, slots=True)
class Moderator:
    name: str
    password_hash: str
    """The password hasher's string (argon2id): the password itself is never stored."""
    created_at: str


@dataclass(frozen=True, slots=True)
class ModerationState:
    """A reported target's state as moderators see it, before and after an action."""

    reporters: int
    hidden: bool
    """An image hidden from readers (by reports or a removal); an article: removed."""
    removed: bool
    """Removed for good by a moderator: later reports change nothing until a moderator restores."""


@dataclass(frozen=True, slots=True)
class ReportedTarget:
    """An image or article readers reported (or a moderator removed), for the moderation page."""

    kind: Literal["image", "article"]
    id: str
    state: ModerationState
    last_reported: str | None
    article_id: str
    """The article itself, or the article the image belongs to."""
    article_title: str
    image_url: str | None
    image_caption: str | None
    addresses: int = 0
    """Different client addresses (keyed hashes) among its reporters: far fewer than reporters
    suggests one person reporting with several cookies."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    """The moderator's name, or ``cli`` for the ``nashra admin`` command."""
    action: str
    """restore, remove, create-user, remove-user."""
    target_kind: str
    """image, article or moderator."""
    target_id: str
    before: ModerationState | None
    after: ModerationState | None


class Store(abc.ABC):
    """Everything Nashra keeps. Methods are safe to call from several threads."""

    @abc.abstractmethod
    def claim_stages(self, *, wait: bool = True) -> None:
        """Hold, until :meth:`close`, the right to run the ordered stages (the connect stage,
        entity linking) on this database; one process at a time may (see
        :mod:`nashra.store.stage_lock`). Claiming it again is a no-op. While another process
        holds it, wait, or with ``wait=False`` raise :class:`~nashra.errors.StagesBusy` naming
        the holder."""

    @abc.abstractmethod
    def add_pages(self, pages: Sequence[ParsedPage]) -> list[AddOutcome]:
        """Store each page's article (with its images, related links and ticker headlines, seen at
        the page's crawl time or now) in one transaction: all of the batch is stored, or none of
        it. A page whose article is already stored (same normalized text, or same URL) is reported
        as a duplicate and stores nothing."""

    @abc.abstractmethod
    def article_texts(self, *, after: int = 0, limit: int = 500) -> list[tuple[int, str, str]]:
        """``(position, title, body)`` of up to ``limit`` articles stored after storage position
        ``after``, in storage order (for rebuilding the full-text index a batch at a time)."""

    @abc.abstractmethod
    def rewrite_index(self, forms: Sequence[tuple[int, IndexForm]], *, progress_key: str) -> None:
        """Write new full-text terms for the articles at these storage positions, and record the
        last position as the meta value ``progress_key``, in one transaction. Searches see them
        at the latest once :meth:`finish_index_rewrite` is called (a store may build the new
        index beside the one in use)."""

    @abc.abstractmethod
    def finish_index_rewrite(self, *, progress_key: str) -> bool:
        """Put the terms :meth:`rewrite_index` wrote in use for every article, and say so; or,
        when articles were stored after the last position recorded under ``progress_key`` (an
        ingest running meanwhile), leave everything as it is and return False: their new terms
        must be written first, or a store that swaps in a new index would lose them."""

    @abc.abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value the application keeps about the database itself (e.g. that it is a demo)."""

    @abc.abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> StoredArticle | None: ...

    @abc.abstractmethod
    def latest_articles(
        self, *, limit: int = 20, offset: int = 0, source: str | None = None, category: str | None = None,
    ) -> list[ArticleSummary]:
        """Newest first by publication date (undated articles by ingest time, after dated ones);
        ``category`` keeps the articles whose category is exactly that."""

    @abc.abstractmethod
    def categories(self) -> list[tuple[str, int]]:
        """Every category articles carry, with its number of articles, most articles first."""

    @abc.abstractmethod
    def search(self, query: TermQuery) -> list[SearchHit]:
        """Ranked hits (BM25 or the backend's equivalent, title weighted above body)."""

    @abc.abstractmethod
    def search_facets(self, query: TermQuery, *, limit: int = 10) -> SearchFacets:
        """The total hits of ``query`` (its terms and filters; not its page), its ``limit`` top
        outlets and its hits per day."""

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
        for an entry that holds no article); a key already recorded keeps its first record. The
        keys are recorded even if the source was removed meanwhile (with no source)."""

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

    # -- connections: copies, stories, storylines (written by nashra.analysis.connect) --------

    @abc.abstractmethod
    def save_connections(self, update: ConnectUpdate) -> None:
        """Save one batch's placements, story and storyline changes and merges atomically."""

    @abc.abstractmethod
    def connect_state(
        self, *, stories_since: str, storylines_since: str, signatures_since: str, until: str | None = None,
        storylines_until: str | None = None,
    ) -> ConnectState:
        """The clock, the unmerged stories and storylines last seen at or after the given times,
        and the signatures of the articles placed at or after ``signatures_since``; with
        ``until``, only stories first seen and articles placed by then, with
        ``storylines_until`` only storylines first seen by then."""

    @abc.abstractmethod
    def unplaced_article_ids(self) -> list[str]:
        """Stored articles the connect stage has not placed (a run stopped between storing a
        batch and connecting it), oldest first."""

    @abc.abstractmethod
    def placement(self, article_id: str) -> ArticlePlacement | None:
        """Where an article was placed, its story id resolved through merges."""

    @abc.abstractmethod
    def copies(self, article_id: str) -> list[ArticleCopy]:
        """Every other publication of the article's text, exact and near, oldest first (undated
        last); for a near-copy, those of its canonical article, the canonical one included."""

    @abc.abstractmethod
    def resolve_story_id(self, story_id: str) -> str | None:
        """The id a story has now (a merged story redirects to the one that absorbed it)."""

    @abc.abstractmethod
    def get_story(self, story_id: str) -> StorySummary | None:
        """A story by its current id (call :meth:`resolve_story_id` for an old one)."""

    @abc.abstractmethod
    def stories(
        self, *, limit: int = 20, offset: int = 0, order: Literal["recent", "velocity"] = "recent",
        storyline_id: str | None = None,
    ) -> list[StorySummary]:
        """Unmerged stories, latest first or fastest-growing first."""

    @abc.abstractmethod
    def article_summaries(self, article_ids: Sequence[str]) -> list[ArticleSummary]:
        """The summaries of the articles that exist among ``article_ids``, in that order; those
        a moderator removed are left out (story and entity pages list articles through this)."""

    @abc.abstractmethod
    def story_article_ids(self, story_id: str) -> list[str]:
        """The story's articles in the order they were placed (time, then id)."""

    @abc.abstractmethod
    def resolve_storyline_id(self, storyline_id: str) -> str | None: ...

    @abc.abstractmethod
    def get_storyline(self, storyline_id: str) -> StorylineSummary | None: ...

    @abc.abstractmethod
    def storylines(
        self, *, limit: int = 20, offset: int = 0, min_stories: int = 1
    ) -> list[StorylineSummary]:
        """Unmerged storylines of at least ``min_stories`` stories, latest first (by their last
        article, then id), each with its stories in time order."""

    @abc.abstractmethod
    def story_days(self, story_ids: Sequence[str]) -> list[tuple[str, str, int]]:
        """``(story_id, day, articles)`` for each day (``YYYY-MM-DD`` of the placement time) on which
        one of the stories (current ids) gained articles, by day then story id: the data of a
        timeline chart."""

    @abc.abstractmethod
    def iter_article_ids(self, *, batch_size: int = 1000) -> Iterator[str]:
        """Every article id in storage order, read a batch at a time (for exports)."""

    # -- entities (written by nashra.analysis.entity_stage) ----------------------------------

    @abc.abstractmethod
    def save_entity_links(self, update: EntityUpdate) -> None:
        """Store a batch's entities, spellings and articles' mentions in one transaction; an
        article already linked is left as it is."""

    @abc.abstractmethod
    def entity_aliases(self, *, rebuilt: bool = False) -> Iterator[EntityAlias]:
        """Every spelling of every entity (the linker's state), grouped by entity; with
        ``rebuilt``, those of the entities a rebuild has written so far."""

    @abc.abstractmethod
    def articles_to_link(self, *, after: int = 0, limit: int = 500) -> list[ArticleToLink]:
        """Up to ``limit`` articles stored after storage position ``after``, in storage order,
        with their placement time (for rebuilding the entities a batch at a time)."""

    @abc.abstractmethod
    def start_entity_rebuild(self) -> None:
        """Begin rebuilding the entities: empty the tables a rebuild writes beside the ones in
        use, and record position 0 (meta ``entities_rebuild_position``)."""

    @abc.abstractmethod
    def save_rebuilt_entity_links(self, update: EntityUpdate, *, position: int) -> None:
        """As :meth:`save_entity_links`, into the rebuild's tables, recording ``position`` (the
        last article linked) in the same transaction. Readers still see the entities in use."""

    @abc.abstractmethod
    def finish_entity_rebuild(self, *, version: str) -> None:
        """Put the rebuilt entities in place of the ones in use, in one transaction, recording
        that every stored article is linked and that ``version`` built them (meta
        ``entity_version``)."""

    @abc.abstractmethod
    def unlinked_article_ids(self) -> list[str]:
        """Articles stored after the last one linked (an interrupted run's), in storage order."""

    @abc.abstractmethod
    def article_entities(self, article_id: str) -> list[ArticleEntity]:
        """The entities an article names, in order of first mention (title first)."""

    @abc.abstractmethod
    def article_mentions(self, article_id: str) -> list[MentionRecord] | None:
        """The mentions found in an article; None when it was never linked."""

    @abc.abstractmethod
    def entities(
        self, *, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]:
        """Entities, most named (articles) first."""

    @abc.abstractmethod
    def entity(
        self, entity_id: str, *, articles: int = 20, stories: int = 10, cooccurring: int = 10
    ) -> EntityDetail | None: ...

    @abc.abstractmethod
    def split_entity(
        self, entity_id: str, keys: Sequence[str], *, new_id: str, new_name: str, old_name: str
    ) -> int:
        """Undo a merge: move the spellings ``keys`` (and the mentions counted as them) to a new
        entity ``new_id``, naming both; returns the number of articles that name the new one."""

    # -- moderation (nashra.web.moderation, nashra admin) ------------------------------------

    @abc.abstractmethod
    def add_moderator(self, name: str, password_hash: str, *, actor: str = "cli") -> bool:
        """Add a moderator (audited); False when the name is taken (nothing changes)."""

    @abc.abstractmethod
    def get_moderator(self, name: str) -> Moderator | None: ...

    @abc.abstractmethod
    def moderators(self) -> list[Moderator]:
        """Every moderator, by name."""

    @abc.abstractmethod
    def set_password_hash(self, name: str, password_hash: str) -> bool:
        """Replace a moderator's hash (a rehash with newer parameters); False if there is none."""

    @abc.abstractmethod
    def remove_moderator(self, name: str, *, actor: str = "cli") -> bool:
        """Remove a moderator and end their sessions (audited); False if there is none."""

    @abc.abstractmethod
    def add_session(self, token_hash: str, moderator: str, *, expires_at: str) -> None:
        """Open a session for ``moderator`` found by ``token_hash``, valid until ``expires_at``
        (ISO datetime, UTC); expired sessions are dropped on the way."""

    @abc.abstractmethod
    def session_moderator(self, token_hash: str, *, now: str) -> str | None:
        """The moderator whose session this is, if it is open and not expired at ``now``."""

    @abc.abstractmethod
    def end_session(self, token_hash: str) -> None: ...

    @abc.abstractmethod
    def reported_targets(self, *, limit: int = 50, offset: int = 0) -> list[ReportedTarget]:
        """Reported or removed images and articles, most reporters first (then latest report)."""

    @abc.abstractmethod
    def moderate(
        self, kind: Literal["image", "article"], target_id: str,
        action: Literal["restore", "remove"], *, actor: str,
    ) -> AuditEntry | None:
        """Restore (show again, clear its reports and any removal) or remove (hide for good) an
        image or article, and write the audit entry, in one transaction; None if there is no such
        target."""

    @abc.abstractmethod
    def is_removed(self, kind: Literal["image", "article"], target_id: str) -> bool: ...

    @abc.abstractmethod
    def audit_log(self, *, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        """The audit log, newest first."""

    @abc.abstractmethod
    def schema_version(self) -> int: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
