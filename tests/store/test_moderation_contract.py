"""The moderation contract (moderators, sessions, restore/remove, audit log) on every backend."""

from __future__ import annotations

import datetime as dt

from nashra.model import Article, Image, ParsedPage
from nashra.store.base import ModerationState


def _pictured(store, title: str = "عنوان مصور") -> tuple[str, list[str]]:
    [outcome] = store.add_pages([ParsedPage(Article(
        title=title, body=f"نص {title}.",
        images=[Image(f"https://example.org/{len(title)}-{i}.jpg", f"صورة {i}") for i in range(2)],
    ))])
    stored = store.get_article(outcome.article_id)
    return outcome.article_id, [im.id for im in stored.images]


def _hide(store, image_id: str) -> None:
    for reader in ("a", "b", "c"):
        store.add_report("image", image_id, f"reader-{reader}", threshold=3)


def _iso(delta: dt.timedelta = dt.timedelta()) -> str:
    return (dt.datetime.now(dt.UTC) + delta).isoformat(timespec="seconds")


def test_moderators_are_added_once_listed_and_removed(store):
    assert store.add_moderator("salma", "hash-1")
    assert not store.add_moderator("salma", "hash-2")  # taken: nothing changes
    assert store.get_moderator("salma").password_hash == "hash-1"
    assert store.add_moderator("adil", "hash-3")
    assert [m.name for m in store.moderators()] == ["adil", "salma"]
    assert store.set_password_hash("salma", "hash-4")
    assert store.get_moderator("salma").password_hash == "hash-4"
    assert not store.set_password_hash("nobody", "x")
    assert store.remove_moderator("adil") and not store.remove_moderator("adil")
    assert store.get_moderator("adil") is None
    actions = [(e.action, e.target_id, e.actor) for e in store.audit_log()]
    assert actions == [("remove-user", "adil", "cli"), ("create-user", "adil", "cli"),
                       ("create-user", "salma", "cli")]


def test_sessions_open_expire_end_and_die_with_their_moderator(store):
    store.add_moderator("salma", "h")
    store.add_session("t1", "salma", expires_at=_iso(dt.timedelta(hours=1)))
    store.add_session("t2", "salma", expires_at=_iso(dt.timedelta(hours=1)))
    assert store.session_moderator("t1", now=_iso()) == "salma"
    assert store.session_moderator("t1", now=_iso(dt.timedelta(hours=2))) is None  # expired
    assert store.session_moderator("unknown", now=_iso()) is None
    store.end_session("t1")
    assert store.session_moderator("t1", now=_iso()) is None
    assert store.session_moderator("t2", now=_iso()) == "salma"
    store.remove_moderator("salma")
    assert store.session_moderator("t2", now=_iso()) is None


def test_reported_targets_most_reported_first_with_their_articles(store):
    article_id, (image_id, other_image) = _pictured(store)
    _hide(store, image_id)
    store.add_report("image", other_image, "reader-a")
    store.add_report("article", article_id, "reader-a")
    store.add_report("article", article_id, "reader-b")
    targets = store.reported_targets()
    assert [(t.kind, t.id, t.state.reporters) for t in targets] == [
        ("image", image_id, 3), ("article", article_id, 2), ("image", other_image, 1)]
    assert [t.state.hidden for t in targets] == [True, False, False]
    assert [t.addresses for t in targets] == [0, 0, 0]  # no addresses given
    store.add_report("image", other_image, "reader-b", address="h1")
    store.add_report("image", other_image, "reader-c", address="h1")
    store.add_report("image", other_image, "reader-d", address="h2")
    [(reporters, addresses)] = [(t.state.reporters, t.addresses) for t in store.reported_targets()
                                if t.id == other_image]
    assert (reporters, addresses) == (4, 2)
    assert {t.article_id for t in targets} == {article_id}
    assert targets[0].image_url.endswith("-0.jpg") and targets[0].image_caption == "صورة 0"
    assert targets[1].image_url is None and targets[1].article_title == "عنوان مصور"
    assert [t.id for t in store.reported_targets(limit=1, offset=2)] == [article_id]


def test_restore_shows_the_image_again_and_clears_its_reports_audited(store):
    article_id, (image_id, _) = _pictured(store)
    _hide(store, image_id)
    entry = store.moderate("image", image_id, "restore", actor="salma")
    assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (
        "salma", "restore", "image", image_id)
    assert entry.before == ModerationState(reporters=3, hidden=True, removed=False)
    assert entry.after == ModerationState(reporters=0, hidden=False, removed=False)
    assert not store.get_article(article_id).images[0].hidden
    assert store.reported_targets() == []
    # The reports were cleared: it takes three new reporters to hide it again.
    store.add_report("image", image_id, "reader-a")
    assert not store.get_article(article_id).images[0].hidden
    assert store.audit_log()[0] == entry


def test_a_removed_image_stays_hidden_through_reports_and_others_restores(store):
    article_id, (image_id, other_image) = _pictured(store)
    store.add_report("image", image_id, "reader-a")
    entry = store.moderate("image", image_id, "remove", actor="salma")
    assert entry.before == ModerationState(reporters=1, hidden=False, removed=False)
    assert entry.after == ModerationState(reporters=1, hidden=True, removed=True)
    assert store.is_removed("image", image_id)
    for reader in ("b", "c", "d"):  # later reports change nothing
        assert store.add_report("image", image_id, f"reader-{reader}").hidden
    _hide(store, other_image)
    store.moderate("image", other_image, "restore", actor="adil")  # another image's restore
    images = store.get_article(article_id).images
    assert [im.hidden for im in images] == [True, False]
    [removed] = store.reported_targets()
    assert (removed.id, removed.state.removed, removed.state.hidden) == (image_id, True, True)


def test_article_reports_are_restored_or_removed(store):
    article_id, _ = _pictured(store)
    store.add_report("article", article_id, "reader-a")
    removed = store.moderate("article", article_id, "remove", actor="salma")
    assert removed.after == ModerationState(reporters=1, hidden=True, removed=True)
    assert store.is_removed("article", article_id)
    restored = store.moderate("article", article_id, "restore", actor="adil")
    assert restored.before == removed.after
    assert restored.after == ModerationState(reporters=0, hidden=False, removed=False)
    assert not store.is_removed("article", article_id)
    assert [e.action for e in store.audit_log()] == ["restore", "remove"]
    assert [e.action for e in store.audit_log(limit=1, offset=1)] == ["remove"]


def test_moderating_an_unknown_target_changes_nothing(store):
    assert store.moderate("image", "no-such-image", "remove", actor="salma") is None
    assert store.moderate("article", "no-such-article", "restore", actor="salma") is None
    assert store.audit_log() == []
    assert not store.is_removed("image", "no-such-image")


def test_a_removed_article_leaves_the_listings_and_the_search(store):
    from nashra.language.terms import index_terms
    from nashra.store.base import TermQuery

    kept, _ = _pictured(store, "خبر باق عن السد")
    gone, _ = _pictured(store, "خبر محذوف عن السد")
    dam = TermQuery(terms=index_terms("السد"))
    assert {h.summary.id for h in store.search(dam)} == {kept, gone}
    store.moderate("article", gone, "remove", actor="salma")
    assert [a.id for a in store.latest_articles()] == [kept]
    assert [h.summary.id for h in store.search(dam)] == [kept]
    assert store.search_facets(dam).total == 1
    assert [s.id for s in store.article_summaries([gone, kept])] == [kept]
    store.moderate("article", gone, "restore", actor="salma")
    assert {a.id for a in store.latest_articles()} == {kept, gone}
