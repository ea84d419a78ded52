"""What only the PostgreSQL backend promises: writers in several processes at once, the schema
table, the same matches as the embedded store, clear errors."""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter

import psycopg
import pytest

from nashra.errors import StoreError
from nashra.language.terms import index_terms
from nashra.model import Article, ParsedPage
from nashra.store import open_store
from nashra.store.base import TermQuery
from nashra.store.migrations import migrations_for
from nashra.store.postgres import PostgresStore, tsquery_of
from nashra.store.sqlite import SqliteStore

WRITERS = 4


def _pages(n: int) -> list[ParsedPage]:
    outlets = ["صدى الأطلس", "مرصد الشمال", "الأيام 24"]
    return [
        ParsedPage(
            Article(
                title=f"السدود رقم {i}", body=f"نص الخبر {i} عن الجفاف.", source_name=outlets[i % 3],
                url=f"https://example.org/{i}" if i % 2 else None,
            ),
            ticker=[f"عاجل {i % 5}"],
        )
        for i in range(n)
    ]


def _write(url: str, seed: int, n: int, together: object, queue: multiprocessing.Queue) -> None:
    """A writer process: every page, in its own order, in batches that overlap the others'."""
    pages = _pages(n)
    order = list(range(n))
    random.Random(seed).shuffle(order)
    outcomes = []
    with PostgresStore(url, pool_size=1) as store:
        together.wait(timeout=60)  # all writers begin at once
        for start in range(0, n, 7):
            chunk = order[start:start + 7]
            for i, outcome in zip(chunk, store.add_pages([pages[i] for i in chunk]), strict=True):
                outcomes.append((i, outcome.status, outcome.article_id))
    queue.put(outcomes)


def test_parallel_writer_processes_store_each_article_once(pg_url):
    n = 120
    context = multiprocessing.get_context("spawn")
    queue, together = context.Queue(), context.Barrier(WRITERS)
    writers = [
        context.Process(target=_write, args=(pg_url, seed, n, together, queue)) for seed in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    results = [queue.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(timeout=30)
        assert writer.exitcode == 0
    stored = Counter()
    ids_by_page: dict[int, set[str]] = {}
    for outcomes in results:
        assert sorted(i for i, _, _ in outcomes) == list(range(n))  # every page got an outcome
        for i, status, article_id in outcomes:
            ids_by_page.setdefault(i, set()).add(article_id)
            stored[i] += status == "stored"
    assert all(len(ids) == 1 for ids in ids_by_page.values())  # the writers agree on each id
    assert all(stored[i] == 1 for i in range(n))  # one writer stored each page, the others saw it
    with PostgresStore(pg_url) as store:
        assert store.count_articles() == n
        assert {s.name: s.article_count for s in store.sources()} == {
            "صدى الأطلس": 40, "مرصد الشمال": 40, "الأيام 24": 40}
        assert len(store.latest_ticker()) == 5
        assert len(store.search(TermQuery(terms=index_terms("الجفاف"), limit=500))) == n


def test_schema_versions_are_kept_in_a_table_and_a_newer_one_is_refused(pg_url):
    with PostgresStore(pg_url) as store:
        assert store.schema_version() == len(migrations_for("postgres"))
    with PostgresStore(pg_url) as store:  # reopening applies nothing twice
        assert store.schema_version() == len(migrations_for("postgres"))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO nashra_schema (version, name) VALUES (%s, 'future')",
                     (len(migrations_for("postgres")) + 1,))
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_url)


def test_both_stores_match_the_same_articles(pg_url, tmp_path):
    """One analysis for both stores: the same queries find the same articles."""
    pages = [
        ParsedPage(Article(title=title, body=body))
        for title, body in [
            ("الحكومة تعلن خطة لمواجهة الجفاف", "أعلنت الحكومة المغربية خطة لتدبير الموارد المائية."),
            ("أمطار غزيرة في الشمال", "شهدت مدن الشمال تساقطات مطرية مهمة أنعشت السدود."),
            ("السدود تمتلئ", "ارتفعت نسبة ملء السدود بعد الأمطار الأخيرة في المملكة."),
            ("Covid-19: نهاية الحجر", "رفع الحجر الصحي عن مدن المغرب بعد تراجع الإصابات."),
        ]
    ]
    queries = ["السدود", "الأمطار السدود", "الحكومة", "covid", "المغربية", "مطر", "الحجر الصحي", "غائب"]
    with SqliteStore(tmp_path / "a.db") as lite, PostgresStore(pg_url) as pg:
        lite.add_pages(pages)
        pg.add_pages(pages)
        for text in queries:
            query = TermQuery(terms=index_terms(text))
            found = {h.summary.id for h in lite.search(query)}
            assert {h.summary.id for h in pg.search(query)} == found, text


def test_query_syntax_in_terms_stays_literal():
    assert tsquery_of(["a'b", "c\\d", "x | y", ""]) == "'a''b' & 'c\\\\d' & 'x | y'"


def test_open_store_picks_postgresql_for_urls(pg_url):
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore)


def test_a_server_that_is_not_there_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL at postgresql://u:\\*\\*\\*@127.0.0.1:1/x"):
        PostgresStore("postgresql://u:secret@127.0.0.1:1/x")


def _connected(store, pages: list[ParsedPage]) -> dict[str, object]:
    """Store ``pages`` through the pipeline's connect stage; what the store keeps of it."""
    from nashra.pipeline import (
        IngestReport,
        analyse_page,
        connect_unplaced,
        store_batch,
    )

    report = IngestReport()
    connector = connect_unplaced(store)
    for start in range(0, len(pages), 4):
        store_batch(store, [analyse_page(p, language=False) for p in pages[start:start + 4]], report, connector)
    stories = store.stories(limit=100)
    ids = list(store.iter_article_ids(batch_size=3))
    state = store.connect_state(stories_since="2000", storylines_since="2000", signatures_since="2000")
    return {
        "ids": ids,
        "stories": stories,
        "velocity": store.stories(order="velocity", limit=100),
        "members": [store.story_article_ids(s.id) for s in stories],
        "storylines": [store.get_storyline(s.storyline_id) for s in stories],
        "placements": [store.placement(i) for i in ids],
        "copies": [store.copies(i) for i in ids],
        "state": (state.clock, state.stories, list(state.storylines), state.signatures),
        "unplaced": store.unplaced_article_ids(),
    }


def test_connections_are_kept_as_in_the_embedded_store(pg_url, tmp_path):
    events = [
        "فيضانات تجتاح مدينة تطوان بعد أمطار غزيرة وإجلاء عشرات الأسر من الأحياء المنخفضة",
        "البرلمان يصادق على قانون المالية الجديد بأغلبية مريحة بعد نقاش طويل حول الضرائب",
        "المنتخب الوطني يفوز على منافسه بثلاثة أهداف في مباراة ودية بملعب الرباط",
    ]
    pages = []
    for i in range(12):
        event = events[i % 3]
        body = f"{event}. وأفادت مصادر محلية بتفاصيل إضافية رقم {i // 3} حول الحدث.\n\n{event}."
        pages.append(ParsedPage(Article(
            title=event[:40], body=body, source_name=["صدى", "مرصد", "الأيام"][i % 3],
            url=f"https://example.org/{i}", published_at=f"2025-03-0{1 + i // 6}T0{i % 6}:00:00+00:00",
        )))
    pages.append(ParsedPage(Article(title=pages[0].article.title, body=pages[0].article.body,
                                    source_name="نسخة", url="https://copy.example/0")))  # exact copy
    with SqliteStore(tmp_path / "a.db") as lite, PostgresStore(pg_url) as pg:
        expected = _connected(lite, pages)
        assert expected["stories"] and any(expected["copies"])
        assert _connected(pg, pages) == expected
