"""What every store backend shares so that ids and records agree across them (``nashra migrate``
relies on an article having the same id in SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib

from nashra.language.normalize import normalize

__all__ = ["TickerSightings", "article_id_of", "image_id", "latest_filters", "not_removed", "now_iso"]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def article_id_of(key: str) -> str:
    """Short, stable id derived from the article's text identity (64 bits)."""
    return key[:16]


def image_id(article_id: str, url: str) -> str:
    return hashlib.blake2b(f"{article_id}\x00{url}".encode(), digest_size=8).hexdigest()


def not_removed(rowid: str) -> str:
    """The condition that leaves out the articles a moderator removed, on a column holding
    article rowids (``a.rowid``, an index's rowid): the few removed rowids are found once."""
    return (f"{rowid} NOT IN (SELECT ra.rowid FROM removals r JOIN articles ra ON ra.id = r.target_id"
            " WHERE r.target_kind = 'article')")


def latest_filters(source: str | None, category: str | None, mark: str) -> tuple[str, list[str]]:
    """The WHERE clause and parameters of ``latest_articles`` over ``articles a`` joined to
    ``sources s``; ``mark`` is the driver's placeholder. Removed articles are never listed."""
    conditions, params = [not_removed("a.rowid")], []
    if source:
        conditions.append(f"s.key = {mark}")
        params.append(normalize(source))
    if category:
        conditions.append(f"a.category = {mark}")
        params.append(category)
    return "WHERE " + " AND ".join(conditions), params


class TickerSightings:
    """A batch's ticker headlines, each once: a site shows the same ticker on every page it
    serves at one time, so a crawl's pages repeat it many times over."""

    def __init__(self) -> None:
        self._seen: dict[str, list[str]] = {}  # headline → [key, first_seen, last_seen]

    def add(self, headlines: list[str], seen_at: str) -> None:
        for headline in headlines:
            known = self._seen.get(headline)
            if known is None:
                self._seen[headline] = [normalize(headline), seen_at, seen_at]
            else:
                known[1], known[2] = min(known[1], seen_at), max(known[2], seen_at)

    def rows(self) -> list[tuple[str, str, str, str]]:
        return [(h, key, first, last) for h, (key, first, last) in self._seen.items()]
