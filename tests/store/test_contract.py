"""The store contract: what every backend must do, whatever its engine."""

from __future__ import annotations

import datetime as dt
import threading

from nashra.language.terms import index_terms
from nashra.model import Article, BodyDate, DateEstimate, Image, ParsedPage, RelatedLink
from nashra.store.base import TermQuery


def page(title: str, body: str, **fields) -> ParsedPage:
    ticker = fields.pop("ticker", [])
    crawled_at = fields.pop("crawled_at", None)
    return ParsedPage(Article(title=title, body=body, **fields), ticker=ticker, crawled_at=crawled_at)


def query(text: str, **options) -> TermQuery:
    return TermQuery(terms=index_terms(text), **options)


def test_round_trip_keeps_every_field(store):
    original = page(
        "وزير الداخلية يزور الرباط", "الفقرة الأولى.\n\nالفقرة الثانية.",
        source_name="صدى الأطلس", source_domain="example.org", url="https://example.org/a/1",
        published_at="2025-03-05", language="ar", category="politics", external_id="ext-1",
        images=[Image("https://example.org/1.jpg", "صورة الوزير"), Image("https://example.org/2.jpg")],
        related_links=[RelatedLink("عنوان ذو صلة"), RelatedLink("آخر", "https://example.org/b")],
        origin="a.txt", variety="msa", title_variety="darija",
        dates=[BodyDate("أمس الإثنين", 10, 21, "2025-03-04"), BodyDate("غشت 2024", 40, 48, "2024-08")],
    )
    [outcome] = store.add_pages([original])
    assert outcome.status == "stored"
    stored = store.get_article(outcome.article_id)
    assert stored.article == original.article
    assert [im.url for im in stored.images] == ["https://example.org/1.jpg", "https://example.org/2.jpg"]
    assert all(not im.hidden for im in stored.images)
    assert len({im.id for im in stored.images}) == 2


def test_estimate_is_kept_apart_from_the_source_date(store):
    estimate = DateEstimate("2025", "latest date in the text")
    [outcome] = store.add_pages([page("بلا تاريخ", "نص.", published_estimate=estimate)])
    stored = store.get_article(outcome.article_id).article
    assert stored.published_at is None
    assert stored.published_estimate == estimate


def test_same_text_or_same_url_is_a_duplicate(store):
    first = page("عنوان", "نص المقال.", url="https://example.org/x")
    respelt = page("عنوان", "نصّ المقال.")  # differs only by a shadda
    same_url = page("عنوان آخر", "نص مختلف.", url="https://example.org/x")
    outcomes = store.add_pages([first, respelt, same_url])
    assert [o.status for o in outcomes] == ["stored", "duplicate", "duplicate"]
    assert len({o.article_id for o in outcomes}) == 1
    assert store.add_pages([first])[0].status == "duplicate"
    assert store.count_articles() == 1


def test_failed_batch_stores_nothing(store):
    store.add_pages([page("قبل", "نص محفوظ.")])
    broken = page("بعد", "نص.")
    broken.article.title = None  # violates the schema: the whole batch must roll back
    try:
        store.add_pages([page("جديد", "نص جديد."), broken])
    except Exception:
        pass
    assert store.count_articles() == 1
    assert store.search(query("جديد")) == []


def test_search_ranks_title_matches_above_body_matches(store):
    store.add_pages([
        page("أخبار الطقس", "الجفاف يضرب المنطقة منذ شهور والسدود شبه فارغة."),
        page("الجفاف يهدد الموسم الفلاحي", "تراجع التساقطات هذا العام."),
        page("الرياضة", "فوز الفريق المحلي."),
    ])
    hits = store.search(query("الجفاف"))
    assert [h.summary.title for h in hits] == ["الجفاف يهدد الموسم الفلاحي", "أخبار الطقس"]
    assert hits[0].score > hits[1].score


def test_search_requires_every_term_and_folds_spelling(store):
    store.add_pages([
        page("التعاون الأمني", "المغرب وفرنسا."),
        page("التعاون الاقتصادي", "اتفاق تجاري."),
    ])
    assert [h.summary.title for h in store.search(query("التعاون الامني"))] == ["التعاون الأمني"]
    assert len(store.search(query("التعاون"))) == 2
    assert store.search(query("")) == []


def test_search_filters_by_source_and_dates(store):
    store.add_pages([
        page("سدود", "نص أول.", source_name="صدى الأطلس", published_at="2025-01-10"),
        page("سدود المغرب", "نص ثان.", source_name="مرصد الشمال", published_at="2025-03-10T09:30:00+00:00"),
        page("سدود الشمال", "نص ثالث.", source_name="مرصد الشمال"),
    ])
    assert {h.summary.title for h in store.search(query("سدود", source="مرصد الشمال"))} == {
        "سدود المغرب", "سدود الشمال"}
    since = store.search(query("سدود", since=dt.date(2025, 2, 1)))
    assert [h.summary.title for h in since] == ["سدود المغرب"]
    until = store.search(query("سدود", until=dt.date(2025, 3, 10)))
    assert {h.summary.title for h in until} == {"سدود", "سدود المغرب"}


def test_search_pages_with_limit_and_offset(store):
    store.add_pages([page(f"خبر رقم {i}", f"نص الخبر {i}.") for i in range(7)])
    first = store.search(query("خبر", limit=5))
    rest = store.search(query("خبر", limit=5, offset=5))
    assert len(first) == 5 and len(rest) == 2
    assert not {h.summary.id for h in first} & {h.summary.id for h in rest}


def test_search_terms_with_query_syntax_are_literal(store):
    store.add_pages([page("عنوان", "نص.")])
    for hostile in ['"', "NEAR(", "a OR b", "*", "title:x", "-", "^"]:
        assert store.search(TermQuery(terms=[hostile])) == []


def test_latest_articles_newest_first_then_undated(store):
    store.add_pages([
        page("قديم", "أ.", published_at="2024-01-01", source_name="مصدر أ"),
        page("بلا تاريخ", "ب."),
        page("جديد", "ج.", published_at="2025-06-01", source_name="مصدر ب"),
    ])
    assert [a.title for a in store.latest_articles()] == ["جديد", "قديم", "بلا تاريخ"]
    assert [a.title for a in store.latest_articles(source="مصدر أ")] == ["قديم"]
    assert [a.title for a in store.latest_articles(limit=1, offset=1)] == ["قديم"]


def test_sources_are_one_per_outlet_however_spelt(store):
    store.add_pages([
        page("أ", "نص أ.", source_name="الأيام 24"),
        page("ب", "نص ب.", source_name="الايام 24"),
        page("ج", "نص ج.", source_name="مرصد الشمال"),
    ])
    counts = {s.name: s.article_count for s in store.sources()}
    assert counts == {"الأيام 24": 2, "مرصد الشمال": 1}


def test_ticker_headlines_are_kept_once_in_page_order(store):
    seen = dt.datetime(2024, 5, 2, 8, tzinfo=dt.UTC)
    store.add_pages([page("أ", "نص أ.", ticker=["عنوان 1", "عنوان 2", "عنوان 3"], crawled_at=seen)])
    store.add_pages([page("ب", "نص ب.", ticker=["عنوان 2", "عنوان 3"], crawled_at=seen)])
    ticker = store.latest_ticker()
    assert [t.headline for t in ticker] == ["عنوان 1", "عنوان 2", "عنوان 3"]
    assert ticker[0].first_seen.startswith("2024-05-02")


def test_meta_values(store):
    assert store.get_meta("demo") is None
    store.set_meta("demo", "1")
    store.set_meta("demo", "2")
    assert store.get_meta("demo") == "2"


def test_concurrent_writers_store_each_article_once(store):
    pages = [page(f"خبر {i}", f"نص {i}.") for i in range(40)]
    errors = []

    def write(chunk):
        try:
            for p in chunk:
                store.add_pages([p])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(pages[i::2] + pages,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_articles() == 40


def test_schema_version_is_recorded(store):
    assert store.schema_version() >= 1


def _article_with_image(store):
    [outcome] = store.add_pages([
        page("صورة مبلغ عنها", "نص.", images=[Image("https://example.org/r.jpg", "تعليق")])
    ])
    stored = store.get_article(outcome.article_id)
    return stored.id, stored.images[0].id


def test_image_is_hidden_once_enough_different_reporters_report_it(store):
    article_id, image_id = _article_with_image(store)
    first = store.add_report("image", image_id, "reader-a", threshold=3)
    assert (first.counted, first.reporters, first.hidden) == (True, 1, False)
    again = store.add_report("image", image_id, "reader-a", threshold=3)  # counts once
    assert (again.counted, again.reporters, again.hidden) == (False, 1, False)
    assert not store.add_report("image", image_id, "reader-b", threshold=3).hidden
    third = store.add_report("image", image_id, "reader-c", address="h", threshold=3)
    assert (third.reporters, third.hidden) == (3, True)
    assert store.get_article(article_id).images[0].hidden


def test_reporting_an_article_or_an_unknown_target(store):
    article_id, image_id = _article_with_image(store)
    outcome = store.add_report("article", article_id, "reader-a", threshold=1)
    assert (outcome.counted, outcome.reporters, outcome.hidden) == (True, 1, False)
    assert not store.get_article(article_id).images[0].hidden  # article reports hide no image
    assert store.add_report("image", "no-such-image", "reader-a") is None
    assert store.add_report("article", "no-such-article", "reader-a") is None


def test_author_and_field_provenance_round_trip(store):
    original = page(
        "عنوان من البيانات المنظمة", "فقرة.", author="سعاد المريني",
        provenance={"title": "json-ld:headline", "published_at": "byline"},
    )
    first, second = store.add_pages([original, page("بلا مصدر مسجل", "فقرة أخرى.")])
    stored = store.get_article(first.article_id).article
    assert stored.author == "سعاد المريني"
    assert stored.provenance == {"title": "json-ld:headline", "published_at": "byline"}
    unrecorded = store.get_article(second.article_id).article
    assert (unrecorded.author, unrecorded.provenance) == (None, {})


def test_crawl_sources_add_list_remove(store):
    feed, added = store.add_crawl_source("https://akhbar.example/rss", kind="feed", name="أخبار")
    assert added and (feed.url, feed.kind, feed.name) == ("https://akhbar.example/rss", "feed", "أخبار")
    assert (feed.last_fetch, feed.last_error, feed.consecutive_failures, feed.disabled) == (None, None, 0, False)
    again, added_again = store.add_crawl_source("https://akhbar.example/rss", kind="feed", name="آخر")
    assert not added_again and again == feed
    sitemap, _ = store.add_crawl_source("https://akhbar.example/sitemap.xml", kind="sitemap")
    assert [s.id for s in store.crawl_sources()] == [feed.id, sitemap.id]
    assert store.remove_crawl_source(feed.id)
    assert not store.remove_crawl_source(feed.id)
    assert store.crawl_sources() == [sitemap]


def test_crawl_fetch_records_failures_backoff_and_disabling(store):
    from nashra.store.base import CrawlFetch

    source, _ = store.add_crawl_source("https://akhbar.example/rss", kind="feed")
    ok = store.record_crawl_fetch(source.id, CrawlFetch(
        "2026-01-01T10:00:00+00:00", failed=False, validators=('"v1"', "Thu, 01 Jan 2026 09:00:00 GMT"),
        next_fetch_at="2026-01-01T10:30:00+00:00"))
    assert (ok.last_fetch, ok.last_error, ok.consecutive_failures, ok.disabled) == ("2026-01-01T10:00:00+00:00", None, 0, False)
    assert (ok.etag, ok.last_modified, ok.next_fetch_at) == ('"v1"', "Thu, 01 Jan 2026 09:00:00 GMT", "2026-01-01T10:30:00+00:00")
    for attempt in (1, 2):
        failed = store.record_crawl_fetch(source.id, CrawlFetch(
            f"2026-01-01T1{attempt}:00:00+00:00", failed=True, error="HTTP 500 Internal Server Error",
            next_fetch_at=f"2026-01-01T1{attempt}:05:00+00:00", disable_after=3))
        assert (failed.consecutive_failures, failed.disabled, failed.last_error) == (attempt, False, "HTTP 500 Internal Server Error")
        assert failed.etag == '"v1"'  # validators kept when none are given
    third = store.record_crawl_fetch(source.id, CrawlFetch("2026-01-01T13:00:00+00:00", failed=True, error="timed out", disable_after=3))
    assert (third.consecutive_failures, third.disabled) == (3, True)
    assert store.crawl_sources() == [third]
    enabled = store.enable_crawl_source(source.id)
    assert (enabled.disabled, enabled.consecutive_failures, enabled.next_fetch_at) == (False, 0, None)
    assert store.enable_crawl_source(source.id + 100) is None
    assert store.record_crawl_fetch(source.id + 100, CrawlFetch("2026-01-01T13:00:00+00:00", failed=False)) is None


def test_crawl_seen_keys_and_article_counts(store):
    feed, _ = store.add_crawl_source("https://akhbar.example/rss", kind="feed")
    sitemap, _ = store.add_crawl_source("https://akhbar.example/sitemap.xml", kind="sitemap")
    first, second = store.add_pages([page("أ", "نص أ."), page("ب", "نص ب.")])
    keys = ["https://akhbar.example/1", "guid:1", "https://akhbar.example/2", "https://akhbar.example/3"]
    assert store.unseen_crawl_keys(keys) == keys
    store.mark_crawl_seen(feed.id, [(keys[0], first.article_id), (keys[1], first.article_id),
                                    (keys[2], second.article_id)])
    store.mark_crawl_seen(sitemap.id, [(keys[2], first.article_id), (keys[3], None)])
    assert store.unseen_crawl_keys([*keys, "https://akhbar.example/4"]) == ["https://akhbar.example/4"]
    counts = {s.id: s.article_count for s in store.crawl_sources()}
    assert counts == {feed.id: 2, sitemap.id: 0}
    assert store.remove_crawl_source(feed.id)
    assert store.unseen_crawl_keys(keys[:1]) == []  # what was seen stays seen
    store.mark_crawl_seen(feed.id, [("https://akhbar.example/5", None)])  # removed while it was crawled
    assert store.unseen_crawl_keys(["https://akhbar.example/5"]) == []


def test_the_index_is_rebuilt_from_stored_text_after_the_terms_change(store):
    from nashra.model import IndexForm
    from nashra.search.reindex import index_is_stale, mark_index_current, reindex

    mark_index_current(store)
    assert index_is_stale(store) is None
    # Articles indexed by an older language layer: their terms are not what queries are made of.
    old = [page("وزير الداخلية في الرباط", "زيارة رسمية."), page("أمطار غزيرة", "فيضانات في الشمال.")]
    for number, stale in enumerate(old):
        key = IndexForm.of(stale.article).content_key
        stale.index_form = IndexForm(content_key=key, title_terms=f"old{number}", body_terms="old")
    store.add_pages(old)
    store.set_meta("index_version", "0")
    assert store.search(query("الرباط")) == []
    assert "nashra reindex" in (index_is_stale(store) or "")
    rows = store.article_texts(after=0, limit=10)
    assert [title for _, title, _ in rows] == ["وزير الداخلية في الرباط", "أمطار غزيرة"]

    assert reindex(store, batch_size=1) == 2
    assert [h.summary.title for h in store.search(query("الرباط"))] == ["وزير الداخلية في الرباط"]
    assert store.search(query("old")) == []
    assert index_is_stale(store) is None
    assert store.article_texts(after=rows[-1][0]) == []
    store.add_pages([page("الرباط تستضيف مؤتمرا", "مؤتمر دولي.")])  # indexed as before the rebuild
    assert len(store.search(query("الرباط"))) == 2


def test_an_article_stored_while_the_index_is_rebuilt_stays_searchable(store):
    from nashra.search.reindex import reindex

    store.add_pages([page("أمطار غزيرة في الشمال", "فيضانات.")])
    finish = store.finish_index_rewrite
    sneaked = []

    def finish_after_an_ingest(**options):
        if not sneaked:  # an ingest stores an article after the rebuild's last batch
            sneaked.extend(store.add_pages([page("الرباط تستضيف مؤتمرا", "مؤتمر دولي.")]))
        return finish(**options)

    store.finish_index_rewrite = finish_after_an_ingest
    assert reindex(store) >= 1
    assert [h.summary.title for h in store.search(query("الرباط"))] == ["الرباط تستضيف مؤتمرا"]
    assert [h.summary.title for h in store.search(query("أمطار"))] == ["أمطار غزيرة في الشمال"]
