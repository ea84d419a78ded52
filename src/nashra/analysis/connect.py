"""The connect stage: each stored article is checked for being a copy, then placed in a story, and
each story in a storyline — online, in the order articles arrive, with state kept in the store.

- **Copies.** A near-duplicate (:mod:`nashra.analysis.dedup`) of a recent article becomes a copy
  of it: it joins the canonical article's story and is listed among its copies.
- **Stories** (one event, days). An article joins the active story whose centroid is most similar
  to it, if similar enough; else it starts a story. A story asks more of an article from an outlet
  it already has (an outlet rarely tells one event twice: its second article is more often the
  next development) and of an article coming after it has been quiet for a while. When an article is close to several stories,
  they are one story told twice: the younger ones merge into the oldest, whose id stays, and
  the others redirect to it.
- **Storylines** (one affair, months). A new story joins the most similar storyline active in
  the past year, else starts one; a storyline's centroid grows with its stories' articles.

Ids derive from the article that started a story (``s…``) or storyline (``l…``); article ids
derive from their text, so the same articles in the same order give the same ids whether they
come in one run or several: :meth:`Connector.open` restores exactly the state a single run would
hold at that point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from nashra.analysis.clusters import Cluster, ClusterIndex, interned
from nashra.analysis.dedup import DEFAULT_DUPLICATE_THRESHOLD, NearDuplicateIndex
from nashra.analysis.vectors import cosine
from nashra.model import Article, ConnectFeatures
from nashra.store.base import (
    ArticlePlacement,
    ConnectUpdate,
    Store,
    StorylineRecord,
    StoryRecord,
)

__all__ = ["ConnectSettings", "Connector", "NewArticle", "format_time", "parse_time", "placement_time"]

_DAY = 24 * 3600.0
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True, slots=True)
class ConnectSettings:
    duplicate_threshold: float = DEFAULT_DUPLICATE_THRESHOLD
    story_threshold: float = 0.17
    """Score from which an article joins a story: the cosine with the story's centroid (no term
    counting for more than ``term_share`` of it), less the penalties below."""
    merge_threshold: float = 0.6
    """Score from which a second matching story is merged into the first."""
    term_share: float = 0.5
    """No term counts for more than this share of a story's or a storyline's similarity."""
    same_outlet_penalty: float = 0.1
    """Taken off the score when the story already has an article from the article's outlet."""
    quiet_penalty: float = 0.15
    """Taken off the score per day between the story's latest article and the article."""
    story_window_days: float = 3.0
    storyline_threshold: float = 0.20
    storyline_window_days: float = 400.0
    story_terms: int = 100
    storyline_terms: int = 200


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A stored article as the connect stage needs it."""

    article_id: str
    title: str
    time: float
    features: ConnectFeatures
    outlet: str | None = None
    """The outlet's name; when not given, :meth:`Connector.place` reads it from the store."""


def parse_time(value: str) -> float:
    """``2024-04-23``, ``2024-04-23T10:05:00+01:00`` … → seconds since the epoch (UTC; a date with
    no time is its midnight UTC, a month its first day)."""
    text = value.strip()
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def placement_time(article: Article, fallback: dt.datetime) -> float:
    """When an article is placed in time: the source's date, else Nashra's estimate of it, else
    ``fallback`` (when it was crawled or ingested). An estimate later than the fallback is not
    used: an article cannot have been published after it was read."""
    seen = (fallback if fallback.tzinfo else fallback.replace(tzinfo=dt.UTC)).timestamp()
    estimate = article.published_estimate.value if article.published_estimate else None
    for value, may_be_later in ((article.published_at, True), (estimate, False)):
        if value:
            try:
                moment = parse_time(value)
            except ValueError:
                continue
            if may_be_later or moment <= seen:
                return moment
    return seen


def format_time(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime(_TIME_FORMAT)


@dataclass(slots=True)
class _Changes:
    placements: list[ArticlePlacement] = field(default_factory=list)
    stories: dict[str, Cluster] = field(default_factory=dict)
    storylines: dict[str, Cluster] = field(default_factory=dict)
    story_redirects: dict[str, str] = field(default_factory=dict)
    storyline_redirects: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Indexes:
    """One view of the state: the recent part (held between articles), or the part around an
    older article's time (read from the store for that article alone)."""

    dedup: NearDuplicateIndex
    stories: ClusterIndex
    storylines: ClusterIndex
    story_of: dict[str, str] = field(default_factory=dict)
    """Article → its story, for the articles in ``dedup``."""


@dataclass(slots=True)
class _LateState:
    """The state read for late articles: it serves those whose story window lies within
    ``first``…``last``; its storylines are those active within ``lines_from``…``lines_until``."""

    indexes: _Indexes
    first: float
    last: float
    lines_from: float
    lines_until: float


# Storylines read for late articles, beyond what the first of them needs on each side: the
# next late articles reuse them while they are within it. A year: 300 articles of a real
# multi-source back-fill (scattered over 2018, each outlet in turn) read storylines 119 times
# without it, 73 times with 90 days, 5 with a year (55.6 -> 13.1 s of CPU), the same stories
# and storylines in all three.
_LATE_SLACK = 365 * _DAY


class Connector:
    """The stateful connect stage over one store. Not thread-safe: one ingest runs it.

    The recent state stays in memory: the stories within twice the story window of the latest
    time seen (the clock), the storylines that an article within a story window of it could join. An article older than that (a late arrival, an out-of-order back-fill) is placed
    against the state around its own time, read from the store for it, so it still finds its
    story; this costs a few queries, and only such articles pay it.
    """

    def __init__(self, store: Store, settings: ConnectSettings | None = None) -> None:
        self.store = store
        self.settings = settings or ConnectSettings()
        self._story_window = self.settings.story_window_days * _DAY
        self._storyline_window = self.settings.storyline_window_days * _DAY
        self._hot = self._new_indexes()
        self._clock: float | None = None
        self._changes = _Changes()
        self._late: _LateState | None = None
        """The state read for late articles; it stays valid until an article is placed in the
        recent state."""

    @classmethod
    def open(cls, store: Store, settings: ConnectSettings | None = None) -> Connector:
        """A connector holding the recent state saved in ``store``, once this process holds the
        right to run the connect stage there (:meth:`~nashra.store.base.Store.claim_stages`:
        it waits while another run has it)."""
        store.claim_stages()
        connector = cls(store, settings)
        clock = store.connect_state(stories_since="9999", storylines_since="9999", signatures_since="9999").clock
        if clock is not None:
            connector._clock = parse_time(clock)
            connector._load(connector._hot, connector._clock - 2 * connector._story_window,
                            connector._storyline_horizon(connector._clock), until=None)
        return connector

    def _new_indexes(self) -> _Indexes:
        s = self.settings
        return _Indexes(
            NearDuplicateIndex(threshold=s.duplicate_threshold, window_s=self._story_window),
            ClusterIndex(window_s=self._story_window, centroid_terms=s.story_terms),
            ClusterIndex(window_s=self._storyline_window, centroid_terms=s.storyline_terms, packing=True),
        )

    def _load(self, into: _Indexes, stories_since: float, storylines_since: float | None, until: float | None,
              storylines_until: float | None = None) -> None:
        """Fill ``into`` from the store; clusters the recent state holds are shared, not copied.
        ``until`` bounds the stories and articles read; storylines as far as one could still
        be joined by an article at ``until``, or to ``storylines_until``. No storylines are read
        when ``storylines_since`` is None."""
        if until is not None and storylines_until is None:
            storylines_until = until + self._storyline_window
        state = self.store.connect_state(
            stories_since=format_time(stories_since),
            storylines_since=format_time(storylines_since) if storylines_since is not None else "9999",
            signatures_since=format_time(stories_since), until=format_time(until) if until is not None else None,
            storylines_until=format_time(storylines_until) if storylines_until is not None else None,
        )
        into.storylines.add_many(self._hot.storylines.clusters.get(line.id) or Cluster(
            line.id, line.title, 0.0, parse_time(line.first_seen), parse_time(line.last_seen),
            line.story_count, line.centroid,
        ) for line in state.storylines)
        into.stories.add_many(self._hot.stories.clusters.get(story.id) or Cluster(
            story.id, story.title, story.title_score, parse_time(story.first_seen),
            parse_time(story.last_seen), story.article_count, story.centroid, story.storyline_id,
        ) for story in state.stories)
        for article_id, placed_at, signature, canonical_id, story_id in state.signatures:
            into.dedup.add(article_id, signature, parse_time(placed_at), canonical_id)
            into.story_of[article_id] = story_id

    # -- placing articles --------------------------------------------------------------------

    def place(self, articles: Iterable[NewArticle]) -> list[ArticlePlacement]:
        """Place each article (in the order given) and save what changed in one transaction."""
        for article in self._with_outlets(list(articles)):
            if self._clock is not None and article.time < self._clock - self._story_window:
                self._place_late(article)
            else:
                self._late = None
                self._place(article, self._hot)
                self._advance_clock(article.time)
        return self.flush()

    def _with_outlets(self, articles: list[NewArticle]) -> list[NewArticle]:
        """The articles, each with its outlet (read from the store, in one query, for those
        that came without it)."""
        missing = [a.article_id for a in articles if a.outlet is None]
        if not missing:
            return articles
        outlet_of = {s.id: s.source_name for s in self.store.article_summaries(missing)}
        return [a if a.outlet is not None else replace(a, outlet=outlet_of.get(a.article_id)) for a in articles]

    def _outlets(self, story: Cluster) -> set[str]:
        """A story's outlets; a story read back from the store learns them from it once."""
        if story.outlets is None:
            summary = self.store.get_story(story.id)
            story.outlets = set(summary.sources) if summary else set()
        return story.outlets

    def _place_late(self, article: NewArticle) -> None:
        """Place an article older than the recent state covers, against the state around it,
        read once for a run of late articles close in time, as an out-of-order back-fill brings.
        The storylines around it (two years of them) are read with ``_LATE_SLACK`` to spare on
        each side and kept for the next late articles while they cover them: reading them was
        nearly the whole cost of a back-fill whose outlets come one after the other."""
        time, window = article.time, self._story_window
        late = self._late
        if late is None or not late.first <= time - window <= time + window <= late.last:
            self.flush()
            around = self._new_indexes()
            lines_from = time - window - self._storyline_window
            lines_until = time + 2 * window + self._storyline_window
            if late is not None and late.lines_from <= lines_from and lines_until <= late.lines_until:
                around.storylines = late.indexes.storylines
                lines_from, lines_until = late.lines_from, late.lines_until
                self._load(around, time - 2 * window, None, until=time + 2 * window)
            else:
                lines_from, lines_until = lines_from - _LATE_SLACK, lines_until + _LATE_SLACK
                self._load(around, time - 2 * window, lines_from, until=time + 2 * window,
                           storylines_until=lines_until)
            late = self._late = _LateState(around, time - 2 * window, time + 2 * window, lines_from, lines_until)
        self._place(article, late.indexes)
        # What changed and is recent enough belongs to the recent state too.
        horizon = self._clock - 2 * self._story_window
        line_horizon = self._storyline_horizon(self._clock)
        for story in self._changes.stories.values():
            if story.id in self._changes.story_redirects:
                self._hot.stories.discard(story.id)
            elif story.last >= horizon and story.id not in self._hot.stories.clusters:
                self._hot.stories.add(story)
        for line in self._changes.storylines.values():
            if line.id in self._changes.storyline_redirects:
                self._hot.storylines.discard(line.id)
            elif line.last >= line_horizon and line.id not in self._hot.storylines.clusters:
                self._hot.storylines.add(line)
        if article.time >= horizon:
            placed = self._changes.placements[-1]
            self._hot.dedup.add(article.article_id, article.features.signature, article.time, placed.duplicate_of)
            self._hot.story_of[article.article_id] = placed.story_id

    def _place(self, article: NewArticle, at: _Indexes) -> None:
        features, time = article.features, article.time
        copy = at.dedup.find(features.signature, time)
        story = None
        if copy is not None:
            story = at.stories.clusters.get(
                _final(self._changes.story_redirects, at.story_of.get(copy.canonical_id, ""))
            )
        if story is None:
            story = self._story_for(article, at)
        else:
            self._grow(story, article, at)
        at.dedup.add(article.article_id, features.signature, time, copy.canonical_id if copy else None)
        at.story_of[article.article_id] = story.id
        self._changes.placements.append(ArticlePlacement(
            article.article_id, format_time(time), story.id,
            copy.canonical_id if copy else None, copy.similarity if copy else None, features.signature,
        ))

    def _story_for(self, article: NewArticle, at: _Indexes) -> Cluster:
        s = self.settings
        matches = sorted(
            ((score, story) for similarity, story in at.stories.matches(
                article.features.vector, article.time, s.story_threshold, s.term_share)
             if (score := similarity - self._penalty(story, article)) >= s.story_threshold),
            key=lambda sc: (-sc[0], sc[1].first, sc[1].id),
        )
        if not matches:
            return self._new_story(article, at)
        story = self._grow(matches[0][1], article, at)
        converging = [c for score, c in matches[1:] if score >= s.merge_threshold]
        if converging:
            # One event told as several stories: all merge into the oldest.
            oldest, *younger = sorted([story, *converging], key=lambda c: (c.first, c.id))
            for other in younger:
                oldest = self._merge_stories(oldest, other, at)
            story = oldest
        return story

    def _penalty(self, story: Cluster, article: NewArticle) -> float:
        s = self.settings
        quiet_days = max(0.0, article.time - story.last) / _DAY
        same_outlet = article.outlet is not None and article.outlet in self._outlets(story)
        return s.quiet_penalty * quiet_days + (s.same_outlet_penalty if same_outlet else 0.0)

    def _new_story(self, article: NewArticle, at: _Indexes) -> Cluster:
        s, vector, time = self.settings, article.features.vector, article.time
        story = Cluster(f"s{article.article_id}", article.title, 1.0, time, time, 1, interned(vector))
        story.outlets = {article.outlet} if article.outlet else set()
        lines = at.storylines.matches(vector, time, s.storyline_threshold, s.term_share)
        if lines:
            line = lines[0][1]
            at.storylines.absorb(line, vector, time)
        else:
            line = Cluster(f"l{article.article_id}", article.title, 1.0, time, time, 1, interned(vector))
            at.storylines.add(line)
        story.parent = line.id
        at.stories.add(story)
        self._changes.stories[story.id] = story
        self._changes.storylines[line.id] = line
        return story

    def _grow(self, story: Cluster, article: NewArticle, at: _Indexes) -> Cluster:
        vector, time = article.features.vector, article.time
        if article.outlet:
            self._outlets(story).add(article.outlet)
        at.stories.absorb(story, vector, time)
        score = cosine(vector, story.vector())
        if score > story.title_score:
            story.title, story.title_score = article.title, score
        self._changes.stories[story.id] = story
        line = at.storylines.clusters.get(story.parent or "")
        if line is not None:
            at.storylines.absorb(line, vector, time, count=0)
            self._changes.storylines[line.id] = line
        return story

    def _merge_stories(self, a: Cluster, b: Cluster, at: _Indexes) -> Cluster:
        """Merge two stories: the older (then smaller id) keeps its id and absorbs the other."""
        if a is b:
            return a
        keep, gone = sorted((a, b), key=lambda c: (c.first, c.id))
        self._outlets(keep).update(self._outlets(gone))
        at.stories.discard(gone.id)
        at.stories.absorb(keep, gone.vector(), gone.first, count=gone.count)
        keep.last = max(keep.last, gone.last)
        self._changes.stories[keep.id] = keep
        self._changes.stories[gone.id] = gone
        self._changes.story_redirects[gone.id] = keep.id
        if gone.parent != keep.parent:
            line = at.storylines.clusters.get(gone.parent or "")
            if line is not None:
                line.count -= 1
                self._changes.storylines[line.id] = line
                if line.count <= 0:  # its only story moved: the storyline follows it there
                    at.storylines.discard(line.id)
                    self._changes.storyline_redirects[line.id] = keep.parent or ""
        return keep

    def _advance_clock(self, time: float) -> None:
        if self._clock is not None and time <= self._clock:
            return
        self._clock = time
        for article_id in self._hot.dedup.evict_before(time - 2 * self._story_window):
            self._hot.story_of.pop(article_id, None)
        self._hot.stories.evict_before(time - 2 * self._story_window)
        self._hot.storylines.evict_before(self._storyline_horizon(time))

    def _storyline_horizon(self, clock: float) -> float:
        """The oldest latest-activity a storyline in the recent state can have and still be
        joined: by an article a story window before the clock (older ones are late articles,
        placed against the state read for them)."""
        return clock - self._story_window - self._storyline_window

    # -- saving ------------------------------------------------------------------------------

    def flush(self) -> list[ArticlePlacement]:
        """Save the changes since the last flush; the placements made are returned."""
        changes, self._changes = self._changes, _Changes()
        if not changes.placements and not changes.stories:
            return []
        redirects = {old: _final(changes.story_redirects, new) for old, new in changes.story_redirects.items()}
        placements = [
            ArticlePlacement(p.article_id, p.placed_at, _final(redirects, p.story_id),
                             p.duplicate_of, p.similarity, p.signature)
            for p in changes.placements
        ]
        for article_id, story_id in self._hot.story_of.items():
            if story_id in redirects:
                self._hot.story_of[article_id] = redirects[story_id]
        self.store.save_connections(ConnectUpdate(
            placements=placements,
            stories=[_story_record(c) for c in changes.stories.values()],
            storylines=[_storyline_record(c) for c in changes.storylines.values()
                        if c.id not in changes.storyline_redirects],
            story_redirects=redirects,
            storyline_redirects={old: _final(changes.storyline_redirects, new)
                                 for old, new in changes.storyline_redirects.items()},
            clock=format_time(self._clock or 0.0),
        ))
        return placements


def _final(redirects: dict[str, str], cluster_id: str) -> str:
    """Where a merged story (or storyline) is now, following merges made since the last save."""
    while cluster_id in redirects:
        cluster_id = redirects[cluster_id]
    return cluster_id


def _story_record(c: Cluster) -> StoryRecord:
    return StoryRecord(
        c.id, c.title, c.title_score, format_time(c.first), format_time(c.last), c.count,
        c.parent or "", c.vector(),
    )


def _storyline_record(c: Cluster) -> StorylineRecord:
    return StorylineRecord(c.id, c.title, format_time(c.first), format_time(c.last), c.count, c.vector())
