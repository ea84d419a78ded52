"""The full-text index against the language layer's terms: is it current, and rebuilding it.

Both stores index the terms :func:`nashra.language.terms.index_terms` makes. When those change
(a better stemmer), articles indexed before are found only by the old terms, and queries, which
are analysed by the new code, miss them. The database records which ``INDEX_VERSION`` built its
index (meta ``index_version``); :func:`reindex` recomputes every article's terms from its stored
title and body, a batch per transaction (searches go on meanwhile), and an interrupted run goes
on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable

from nashra.language.terms import INDEX_VERSION
from nashra.model import Article, IndexForm
from nashra.store.base import Store
from nashra.store.sqlite_window import TITLES_PENDING_KEY

__all__ = ["index_is_stale", "mark_index_current", "reindex"]

_VERSION_KEY = "index_version"
_PROGRESS_KEY = "reindex_position"


def mark_index_current(store: Store) -> None:
    """Record that the index holds this version's terms, when nothing says otherwise: a
    database that holds no article yet (every article it gets is indexed by this code)."""
    if store.get_meta(_VERSION_KEY) is None and store.count_articles() == 0:
        store.set_meta(_VERSION_KEY, INDEX_VERSION)


def index_is_stale(store: Store) -> str | None:
    """Why the index should be rebuilt, or ``None``. A database from before versions were
    recorded cannot be judged and is not flagged."""
    found = store.get_meta(_VERSION_KEY)
    if found is not None and found != INDEX_VERSION:
        return (f"the search index holds the terms of index version {found}, this Nashra makes "
                f"version {INDEX_VERSION}: run `nashra reindex` so that every article is found")
    if store.get_meta(TITLES_PENDING_KEY):  # SQLite's search window (migration 14)
        return ("the search index has no title counts for the articles stored before this version: "
                "run `nashra reindex` to make searches of common words faster")
    return None


def reindex(store: Store, *, batch_size: int = 500, on_batch: Callable[[int], None] | None = None) -> int:
    """Rebuild every article's full-text terms; the number of articles done by this call."""
    position = int(store.get_meta(_PROGRESS_KEY) or 0)
    done = 0
    while True:
        while rows := store.article_texts(after=position, limit=batch_size):
            forms = [(rowid, IndexForm.of(Article(title=title, body=body))) for rowid, title, body in rows]
            store.rewrite_index(forms, progress_key=_PROGRESS_KEY)
            position, done = rows[-1][0], done + len(rows)
            if on_batch:
                on_batch(done)
        if store.finish_index_rewrite(progress_key=_PROGRESS_KEY):
            break  # else an ingest stored articles after the last batch: index them too
    store.set_meta(_VERSION_KEY, INDEX_VERSION)
    store.set_meta(_PROGRESS_KEY, "0")
    return done
