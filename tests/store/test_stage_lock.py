"""One process at a time runs the ordered stages (connect, entity linking) on a database; both
backends keep that promise (the contract of ``Store.claim_stages``)."""

from __future__ import annotations

import threading

import pytest

from nashra.errors import StagesBusy
from nashra.model import Article, ParsedPage
from nashra.store import Store
from nashra.store.postgres import PostgresStore
from nashra.store.sqlite import SqliteStore


def _another(store: Store) -> Store:
    """A second store over the same database, as another process would open it."""
    return SqliteStore(store.path) if isinstance(store, SqliteStore) else PostgresStore(store.url)


def test_a_second_claim_is_refused_naming_the_holder_until_the_first_store_closes(store):
    store.claim_stages()
    store.claim_stages()  # again: a no-op
    other = _another(store)
    try:
        with pytest.raises(StagesBusy) as busy:
            other.claim_stages(wait=False)
        assert "pid" in busy.value.holder
        store.close()
        other.claim_stages(wait=False)
    finally:
        other.close()


def test_a_waiting_claim_goes_on_once_the_holder_lets_go(store):
    store.claim_stages()
    other = _another(store)
    claimed = threading.Event()

    def claim() -> None:
        other.claim_stages()
        claimed.set()

    waiter = threading.Thread(target=claim)
    waiter.start()
    try:
        assert not claimed.wait(0.5)
        store.close()
        assert claimed.wait(30)
    finally:
        waiter.join(30)
        other.close()


def test_storing_needs_no_claim(store):
    store.claim_stages()
    other = _another(store)
    try:
        [outcome] = other.add_pages([ParsedPage(Article(title="خبر من عملية ثانية", body="نص الخبر."))])
        assert store.get_article(outcome.article_id) is not None
    finally:
        other.close()
