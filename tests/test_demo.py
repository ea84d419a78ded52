"""`nashra demo`: a fresh database from the bundled sample, and never over real data."""

from __future__ import annotations

from click.testing import CliRunner

from nashra.cli import cli
from nashra.model import Article, ParsedPage
from nashra.sample import manifest
from nashra.store.sqlite import SqliteStore


def test_demo_builds_the_sample_database_and_can_rebuild_it(db_path):
    for _ in range(2):  # the second run replaces the first demo database
        result = CliRunner().invoke(cli, ["--db", db_path, "demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "Sample data" in result.output
    with SqliteStore(db_path) as store:
        assert store.count_articles() == len(manifest())
        assert store.get_meta("demo") == "1"
        assert len(store.sources()) >= 8
        assert store.latest_ticker()


def test_pages_without_a_byline_get_outlet_and_an_estimate_not_a_date(db_path):
    CliRunner().invoke(cli, ["--db", db_path, "demo", "--no-serve"])
    with SqliteStore(db_path) as store:
        articles = [store.get_article(a.id) for a in store.latest_articles(limit=500)]
    no_byline = [s.article for s in articles if s.article.published_at is None]
    assert no_byline, "the sample has pages without a byline"
    for article in no_byline:
        assert article.source_name
        assert article.published_estimate is not None
        assert article.published_estimate.value and article.published_estimate.basis


def test_demo_refuses_to_replace_a_real_database(db_path):
    with SqliteStore(db_path) as store:
        store.add_pages([ParsedPage(Article(title="خبر حقيقي", body="نص لا يجوز أن يضيع."))])
    result = CliRunner().invoke(cli, ["--db", db_path, "demo", "--no-serve"])
    assert result.exit_code != 0
    with SqliteStore(db_path) as store:
        assert store.count_articles() == 1
