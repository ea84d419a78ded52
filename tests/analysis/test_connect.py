"""The connect stage end to end: copies, stories, storylines, merges, restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nashra.analysis.connect import Connector, ConnectSettings, NewArticle, parse_time
from nashra.analysis.connections import article_connections
from nashra.analysis.features import connect_features
from nashra.ingest.inputs import expand_inputs
from nashra.model import Article, IndexForm, ParsedPage
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

FIXTURE = Path(__file__).parent.parent / "fixtures" / "connect" / "stories.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def _ingest(store: SqliteStore, records: list[dict], tmp_path: Path, name: str = "in.jsonl", **options) -> dict[str, str]:
    """Ingest records; their external id → article id."""
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = ingest(store, expand_inputs([str(path)]), **options)
    assert report.failed == 0, report.errors
    return {r["id"]: a for r, a in zip(records, report.article_ids, strict=True)}


@pytest.fixture
def store(tmp_path: Path):
    opened = SqliteStore(tmp_path / "connect.db")
    yield opened
    opened.close()


def _story(store: SqliteStore, article_id: str) -> str:
    return store.placement(article_id).story_id


def _storyline(store: SqliteStore, article_id: str) -> str:
    return store.get_story(_story(store, article_id)).storyline_id


def test_one_event_from_three_outlets_is_one_story_and_the_near_copy_is_a_copy(store, tmp_path):
    ids = _ingest(store, _records(), tmp_path)
    visit = {ids["visit-1"], ids["visit-1-copy"], ids["visit-1-report"]}
    assert len({_story(store, a) for a in visit}) == 1
    story = store.get_story(_story(store, ids["visit-1"]))
    assert story.article_count == 3
    assert set(story.sources) == {"صدى الأطلس", "رحبة الشرق", "نبض المدينة"}
    # The lightly edited copy is recognised as a copy of the first publication …
    copy = store.placement(ids["visit-1-copy"])
    assert copy.duplicate_of == ids["visit-1"] and copy.similarity >= 0.5
    # … but the independent write-up of the same event is not a copy.
    assert store.placement(ids["visit-1-report"]).duplicate_of is None
    # Unrelated news stays apart.
    assert _story(store, ids["football-1"]) not in {_story(store, a) for a in visit}
    assert _story(store, ids["fuel-1"]) != _story(store, ids["football-1"])


def test_also_published_in_and_the_reprint_chain_name_both_outlets(store, tmp_path):
    ids = _ingest(store, _records(), tmp_path)
    links = article_connections(store, ids["visit-1"])
    assert [(c.source_name, c.article_id) for c in links.copies] == [("رحبة الشرق", ids["visit-1-copy"])]
    chain = links.reprint_chain
    assert [link.source_name for link in chain] == ["صدى الأطلس", "رحبة الشرق"]
    assert chain[0].first and not chain[1].first
    assert "2.5 h after صدى الأطلس" in chain[1].evidence
    # Seen from the copy, the canonical article is the other publication.
    assert [c.article_id for c in store.copies(ids["visit-1-copy"])] == [ids["visit-1"]]


def test_the_same_affair_a_year_later_is_another_story_in_the_same_storyline(store, tmp_path):
    ids = _ingest(store, _records(), tmp_path)
    assert _story(store, ids["cooperation-2025"]) != _story(store, ids["visit-1"])
    assert _storyline(store, ids["cooperation-2025"]) == _storyline(store, ids["visit-1"])
    assert _storyline(store, ids["fuel-1"]) != _storyline(store, ids["visit-1"])
    timeline = store.get_storyline(_storyline(store, ids["visit-1"]))
    assert [s.id for s in timeline.stories] == [_story(store, ids["visit-1"]), _story(store, ids["cooperation-2025"])]


def test_related_articles_come_from_the_story_then_the_storyline(store, tmp_path):
    ids = _ingest(store, _records(), tmp_path)
    related = article_connections(store, ids["visit-1"]).related
    reasons = {r.summary.id: r.reason for r in related}
    assert reasons[ids["visit-1-report"]] == "story"
    assert reasons[ids["cooperation-2025"]] == "storyline"
    assert ids["visit-1-copy"] not in reasons  # a copy is "also published in", not related reading
    order = [r.reason for r in related]
    assert order == sorted(order, key=["story", "storyline", "similar"].index)
    # And the year-later article lists the first visit among its related articles.
    assert ids["visit-1"] in {r.summary.id for r in article_connections(store, ids["cooperation-2025"]).related}


def test_two_runs_give_the_same_stories_as_one(tmp_path):
    records = _records()
    one = SqliteStore(tmp_path / "one.db")
    ids = _ingest(one, records, tmp_path, "all.jsonl", batch_size=2)
    two = SqliteStore(tmp_path / "two.db")
    _ingest(two, records[:3], tmp_path, "first.jsonl")
    two.close()
    two = SqliteStore(tmp_path / "two.db")  # a restart in between
    _ingest(two, records[3:], tmp_path, "second.jsonl")
    for article_id in ids.values():
        assert one.placement(article_id) == two.placement(article_id)
        assert one.get_story(_story(one, article_id)) == two.get_story(_story(two, article_id))


def test_articles_stored_but_not_placed_are_placed_by_the_next_run(store, tmp_path):
    ids = _ingest(store, _records(), tmp_path, connect=False)
    assert len(store.unplaced_article_ids()) == len(ids)
    ingest(store, [])  # the next run, whatever it brings, first places what was left
    assert store.unplaced_article_ids() == []
    assert _story(store, ids["visit-1"]) == _story(store, ids["visit-1-report"])


def test_an_exact_copy_from_another_outlet_is_kept_as_a_copy(store, tmp_path):
    first = _records()[0]
    again = {**first, "id": "visit-1-again", "source": "كلام الدرب", "url": "https://kalam.example/x",
             "date": "2024-04-22T12:00:00Z"}
    ids = _ingest(store, [first, again], tmp_path)
    assert ids["visit-1"] == ids["visit-1-again"]  # the same text is stored once …
    copies = store.copies(ids["visit-1"])
    assert [(c.source_name, c.url, c.similarity) for c in copies] == [("كلام الدرب", "https://kalam.example/x", 1.0)]


def _article(article_id: str, title: str, body: str, when: str) -> NewArticle:
    form = IndexForm.of(Article(title=title, body=body))
    return NewArticle(article_id, title, parse_time(when), connect_features(form))


def test_stories_that_converge_merge_into_the_oldest_and_the_old_id_redirects(store):
    # Two stories about one event, told in words far enough apart to start apart …
    settings = ConnectSettings(story_threshold=0.5, merge_threshold=0.3, duplicate_threshold=0.95)
    connector = Connector.open(store, settings)
    a = "زلزال بقوة ست درجات يضرب إقليم الحوز ويخلف خسائر في المنازل القديمة"
    b = "فرق الإنقاذ والوقاية المدنية تبحث عن ناجين تحت الأنقاض في قرى الأطلس"
    bridge = a + " " + b
    for article_id, title, body in (("a1", a, a), ("b1", b, b)):
        store.add_pages([ParsedPage(Article(title=title, body=body + " " + article_id))])
    by_title = {s.title: s.id for s in store.latest_articles(limit=5)}
    connector.place([_article(by_title[a], a, a, "2023-09-09T08:00:00"),
                     _article(by_title[b], b, b, "2023-09-09T09:00:00")])
    first_a, first_b = _story(store, by_title[a]), _story(store, by_title[b])
    assert first_a != first_b
    line_b = store.get_story(first_b).storyline_id
    assert line_b != store.get_story(first_a).storyline_id
    # … until an article tells both.
    store.add_pages([ParsedPage(Article(title=bridge, body=bridge))])
    bridge_id = next(s.id for s in store.latest_articles(limit=5) if s.title == bridge)
    connector.place([_article(bridge_id, bridge, bridge, "2023-09-09T10:00:00")])
    merged = _story(store, bridge_id)
    assert merged == first_a  # the older story keeps its id
    assert store.resolve_story_id(first_b) == merged
    assert _story(store, by_title[b]) == merged
    assert store.get_story(first_b) is None
    assert store.get_story(merged).article_count == 3
    assert store.get_story(merged).velocity == 3 / 6  # articles an hour over its last 6 hours
    assert [s.id for s in store.stories(order="velocity")] == [merged]
    # The younger story's storyline, left without stories, redirects to the survivor's.
    line = store.get_story(merged).storyline_id
    assert store.resolve_storyline_id(line_b) == line
    assert [s.id for s in store.get_storyline(line).stories] == [merged]


def test_the_index_forgets_what_is_older_than_its_window(store):
    connector = Connector(store, ConnectSettings(story_window_days=1))
    texts = ["أمطار غزيرة تغرق شوارع المدينة", "افتتاح معرض الكتاب الدولي", "ارتفاع أسعار الخضر في الأسواق"]
    for day, text in enumerate(texts):
        store.add_pages([ParsedPage(Article(title=text, body=text))])
        article_id = next(s.id for s in store.latest_articles(limit=5) if s.title == text)
        connector.place([_article(article_id, text, text, f"2024-01-{1 + 5 * day:02d}T00:00:00")])
    # Articles five days apart with a one-day window: only the latest story is still held.
    assert len(connector._hot.stories) == 1


def test_a_merge_whose_best_match_is_the_younger_story_still_keeps_the_oldest(store):
    settings = ConnectSettings(story_threshold=0.5, merge_threshold=0.3, duplicate_threshold=0.95)
    connector = Connector.open(store, settings)
    a = "زلزال بقوة ست درجات يضرب إقليم الحوز ويخلف خسائر في المنازل القديمة"
    b = "فرق الإنقاذ والوقاية المدنية تبحث عن ناجين تحت الأنقاض في قرى الأطلس"
    bridge_body = f"{a} {b} {b}"  # closer to the younger story
    for text in (a, b, bridge_body):
        store.add_pages([ParsedPage(Article(title=text, body=text))])
    ids = {s.title: s.id for s in store.latest_articles(limit=5)}
    connector.place([_article(ids[a], a, a, "2023-09-09T08:00:00"), _article(ids[b], b, b, "2023-09-09T09:00:00")])
    older = _story(store, ids[a])
    connector.place([_article(ids[bridge_body], bridge_body, bridge_body, "2023-09-09T10:00:00")])
    assert _story(store, ids[bridge_body]) == older == _story(store, ids[b])
    assert store.resolve_story_id(f"s{ids[b]}") == older


def test_an_out_of_order_back_fill_still_finds_its_stories_the_same_in_one_run_or_two(tmp_path):
    newest_first = sorted(_records(), key=lambda r: r["date"], reverse=True)
    one = SqliteStore(tmp_path / "one.db")
    ids = _ingest(one, newest_first, tmp_path, "all.jsonl", batch_size=3)
    assert len({_story(one, ids[k]) for k in ("visit-1", "visit-1-copy", "visit-1-report")}) == 1
    assert _storyline(one, ids["visit-1"]) == _storyline(one, ids["cooperation-2025"])
    two = SqliteStore(tmp_path / "two.db")
    _ingest(two, newest_first[:4], tmp_path, "first.jsonl")
    _ingest(two, newest_first[4:], tmp_path, "second.jsonl")
    for article_id in ids.values():
        assert one.placement(article_id) == two.placement(article_id)


# A follow-up told in other words: similar enough to join the first report's story at 0.2,
# not if the story asks 0.9 more of an outlet it already has.
_REPORT = "حريق يأتي على سوق الخضر في مدينة القنيطرة وخسائر مادية كبيرة للتجار"
_FOLLOW_UP = "تجار سوق الخضر بالقنيطرة يطالبون بالتعويض بعد الحريق الذي أتى على محلاتهم"
_OUTLET_SETTINGS = ConnectSettings(story_threshold=0.2, same_outlet_penalty=0.9, quiet_penalty=0.0,
                                   duplicate_threshold=0.95)


def _stored(store: SqliteStore, text: str, outlet: str, when: str) -> NewArticle:
    """Store an article of ``outlet`` and return it as the connect stage gets it (no outlet:
    the stage reads it from the store)."""
    store.add_pages([ParsedPage(Article(title=text, body=text, source_name=outlet))])
    article_id = next(s.id for s in store.latest_articles(limit=10) if s.title == text)
    return _article(article_id, text, text, when)


@pytest.mark.parametrize(("outlet", "joins"), [("رحبة الشرق", True), ("صدى الأطلس", False)])
def test_a_story_asks_more_of_an_outlet_it_already_has(store, outlet, joins):
    connector = Connector.open(store, _OUTLET_SETTINGS)
    report = _stored(store, _REPORT, "صدى الأطلس", "2024-05-02T08:00:00")
    follow_up = _stored(store, _FOLLOW_UP, outlet, "2024-05-02T12:00:00")
    connector.place([report])
    connector.place([follow_up])
    assert (_story(store, follow_up.article_id) == _story(store, report.article_id)) is joins
    if joins:  # 08:00 and 12:00: both within the 6 hours up to its latest article
        assert store.get_story(_story(store, report.article_id)).velocity == 2 / 6


def test_a_story_read_back_after_a_restart_still_knows_its_outlets(tmp_path):
    one = SqliteStore(tmp_path / "one.db")
    report, follow_up = (_stored(one, _REPORT, "صدى الأطلس", "2024-05-02T08:00:00"),
                         _stored(one, _FOLLOW_UP, "صدى الأطلس", "2024-05-02T12:00:00"))
    Connector.open(one, _OUTLET_SETTINGS).place([report, follow_up])
    two = SqliteStore(tmp_path / "two.db")
    report2 = _stored(two, _REPORT, "صدى الأطلس", "2024-05-02T08:00:00")
    follow_up2 = _stored(two, _FOLLOW_UP, "صدى الأطلس", "2024-05-02T12:00:00")
    Connector.open(two, _OUTLET_SETTINGS).place([report2])
    two.close()
    two = SqliteStore(tmp_path / "two.db")  # a restart: the story comes back from the store
    Connector.open(two, _OUTLET_SETTINGS).place([follow_up2])
    assert _story(one, follow_up.article_id) != _story(one, report.article_id)
    for article_id in (report.article_id, follow_up.article_id):
        assert one.placement(article_id) == two.placement(article_id)


@pytest.mark.parametrize(("when", "joins"), [("2024-05-02T12:00:00", True), ("2024-05-04T12:00:00", False)])
def test_a_story_quiet_for_days_asks_more_of_a_new_article(store, when, joins):
    settings = ConnectSettings(story_threshold=0.2, same_outlet_penalty=0.0, quiet_penalty=0.5,
                               duplicate_threshold=0.95)
    connector = Connector.open(store, settings)
    report = _stored(store, _REPORT, "صدى الأطلس", "2024-05-02T08:00:00")
    follow_up = _stored(store, _FOLLOW_UP, "رحبة الشرق", when)
    connector.place([report])
    connector.place([follow_up])
    assert (_story(store, follow_up.article_id) == _story(store, report.article_id)) is joins
    if joins:  # 08:00 and 12:00: both within the 6 hours up to its latest article
        assert store.get_story(_story(store, report.article_id)).velocity == 2 / 6


def test_late_articles_reuse_the_storylines_read_for_the_late_ones_before(tmp_path, monkeypatch):
    from nashra.analysis import connect

    def run(name: str) -> tuple[list[tuple[str, str]], int]:
        store = SqliteStore(tmp_path / name)
        connector = Connector.open(store)
        reads = 0
        read = store.connect_state

        def counting(**window):
            nonlocal reads
            reads += window["storylines_since"] != "9999"
            return read(**window)

        store.connect_state = counting
        texts = ["أمطار غزيرة تغرق الشوارع في الشمال", "ارتفاع أسعار الخضر في أسواق الرباط",
                 "أمطار غزيرة تغرق الأحياء في الشمال", "ارتفاع أسعار الخضر والفواكه في الرباط",
                 "أمطار غزيرة تغرق الطرقات في الشمال", "ارتفاع أسعار الخضر من جديد في الرباط"]
        # The newest first, then each a fortnight older: every one late, past the last read's span.
        days = [f"2024-{month:02d}-{day:02d}T08:00:00" for month, day in
                ((6, 30), (6, 10), (5, 27), (5, 13), (4, 29), (4, 15))]
        ids = []
        for text, when in zip(texts, days, strict=True):
            store.add_pages([ParsedPage(Article(title=text, body=text))])
            article_id = next(s.id for s in store.latest_articles(limit=10) if s.title == text)
            connector.place([_article(article_id, text, text, when)])
            ids.append(article_id)
        placed = [(_story(store, i), _storyline(store, i)) for i in ids]
        store.close()
        return placed, reads

    reused, reads_reused = run("reused.db")
    monkeypatch.setattr(connect, "_LATE_SLACK", 0.0)
    fresh, reads_fresh = run("fresh.db")
    assert reused == fresh
    assert len({line for _, line in fresh}) < len(fresh)  # some late articles joined storylines
    assert reads_reused == 1 and reads_fresh == 5  # one read for the five late articles, against one each
