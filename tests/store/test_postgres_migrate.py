"""``nashra migrate``: SQLite to PostgreSQL and back, everything kept, resumable, verified."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nashra.cli import cli
from nashra.errors import StoreError
from nashra.language.terms import index_terms
from nashra.model import Article, BodyDate, Image, ParsedPage, RelatedLink
from nashra.store import open_store
from nashra.store.base import TermQuery
from nashra.store.postgres.transfer import transfer


def _fill(store, n: int = 25) -> None:
    store.add_pages([
        ParsedPage(
            Article(
                title=f"السدود تمتلئ {i}", body=f"ارتفعت نسبة ملء السدود {i}.\n\nفقرة ثانية.",
                source_name=["صدى الأطلس", "مرصد الشمال"][i % 2], url=f"https://example.org/{i}",
                published_at=f"2025-03-{i % 28 + 1:02d}", images=[Image(f"https://example.org/{i}.jpg", "صورة")],
                related_links=[RelatedLink("ذو صلة", "https://example.org/r")],
                dates=[BodyDate("أمس", 0, 3, "2025-03-01")], provenance={"title": "json-ld:headline"},
            ),
            ticker=[f"عاجل {i % 3}"],
        )
        for i in range(n)
    ])
    first = store.latest_articles(limit=1)[0].id
    image = store.get_article(first).images[0].id
    for reader in ("a", "b", "c"):
        store.add_report("image", image, reader, threshold=2)
    store.add_crawl_source("https://example.org/rss", kind="feed", name="أخبار")
    store.set_meta("demo", "1")


def _snapshot(store) -> dict[str, object]:
    ids = [a.id for a in store.latest_articles(limit=1000)]
    return {
        "articles": [store.get_article(i) for i in ids],
        "sources": store.sources(),
        "ticker": store.latest_ticker(),
        "crawl": [(s.url, s.name, s.kind) for s in store.crawl_sources()],
        "meta": store.get_meta("demo"),
        "search": [h.summary.id for h in store.search(TermQuery(terms=index_terms("السدود"), limit=100))],
    }


def test_sqlite_to_postgresql_and_back_keeps_everything(tmp_path, pg_url):
    original = tmp_path / "original.db"
    with open_store(str(original)) as store:
        _fill(store)
        before = _snapshot(store)
    runner = CliRunner()
    result = runner.invoke(cli, ["migrate", "--from", str(original), "--to", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    there = json.loads(result.stdout)
    assert there["counts"]["articles"] == 25 and there["copied"]["images"] == 25
    with open_store(pg_url) as store:
        assert _snapshot(store) == before
        assert len([im for a in _snapshot(store)["articles"] for im in a.images if im.hidden]) == 1
        _fill(store, 30)  # the copied keys do not collide with new ones
        assert store.count_articles() == 30
    back = tmp_path / "back.db"
    result = runner.invoke(cli, ["migrate", "--from", pg_url, "--to", str(back), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["articles"] == 30
    with open_store(pg_url) as pg, open_store(str(back)) as lite:
        assert _snapshot(lite) == _snapshot(pg)
        # The search window's counts are written with the copied articles: no reindex is owed.
        assert lite._db.execute("SELECT count(*) FROM article_fts_titles").fetchone()[0] == 30


def test_an_interrupted_migrate_goes_on_where_it_stopped(tmp_path, pg_url):
    original = tmp_path / "original.db"
    with open_store(str(original)) as store:
        _fill(store, 40)

    class Stop(Exception):
        pass

    def stop_in_articles(table: str, done: int) -> None:
        if table == "articles" and done >= 20:
            raise Stop

    with pytest.raises(Stop):
        transfer(str(original), pg_url, batch_size=10, on_batch=stop_in_articles)
    with open_store(pg_url) as store:
        assert store.count_articles() == 20
    report = transfer(str(original), pg_url, batch_size=10)
    assert report.copied["articles"] == 20  # only what was missing
    assert report.counts["articles"] == 40
    again = transfer(str(original), pg_url, batch_size=10)  # nothing left: verifies only
    assert sum(again.copied.values()) == 0 and again.checksum == report.checksum


def test_a_target_holding_other_articles_is_refused(tmp_path, pg_url):
    original = tmp_path / "original.db"
    with open_store(str(original)) as store:
        _fill(store, 3)
    with open_store(pg_url) as store:
        store.add_pages([ParsedPage(Article(title="آخر", body="نص آخر."))])
    with pytest.raises(StoreError, match="already holds articles"):
        transfer(str(original), pg_url)
    with pytest.raises(StoreError, match="one of each"):
        transfer(str(original), str(tmp_path / "other.db"))
