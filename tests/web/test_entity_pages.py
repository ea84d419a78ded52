"""Entities on the web: the entity page, the list, the API in the shapes of ``entities --json`` and
``entity --json``, the feed, and the entities named on article and story pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

_ATOM = "{http://www.w3.org/2005/Atom}"


def _most_named(client) -> dict:
    entities = client.get("/api/entities").json()
    assert entities, "the fixture pages name no entity"
    assert [e["article_count"] for e in entities] == sorted((e["article_count"] for e in entities), reverse=True)
    return entities[0]


def test_the_entity_page_shows_its_spellings_stories_and_articles(client):
    entity = _most_named(client)
    detail = client.get(f"/api/entities/{entity['id']}").json()
    assert {"spellings", "articles", "stories", "cooccurring"} <= detail.keys()
    page = client.get(f"/entity/{entity['id']}").text
    assert entity["name"] in page
    for article in detail["articles"]:
        assert f'href="/article/{article["id"]}"' in page
    for story in detail["stories"]:
        assert f'href="/story/{story["id"]}"' in page
    assert f'href="/feeds/entity/{entity["id"]}.rss"' in page


def test_an_article_links_the_entities_it_names(client):
    entity = _most_named(client)
    article = client.get(f"/api/entities/{entity['id']}").json()["articles"][0]
    assert f'href="/entity/{entity["id"]}"' in client.get(f"/article/{article['id']}").text
    if article["story_id"]:
        assert f'href="/entity/{entity["id"]}"' in client.get(f"/story/{article['story_id']}").text


def test_the_entity_feed_and_list(client):
    entity = _most_named(client)
    detail = client.get(f"/api/entities/{entity['id']}").json()
    feed = ET.fromstring(client.get(f"/feeds/entity/{entity['id']}.atom").content)
    linked = [e.find(f"{_ATOM}id").text.rsplit("/", 1)[1] for e in feed.findall(f"{_ATOM}entry")]
    assert linked == [a["id"] for a in detail["articles"]]
    listed = client.get("/entities", params={"type": entity["type"]}).text
    assert f'href="/entity/{entity["id"]}"' in listed
    assert all(e["type"] == entity["type"]
               for e in client.get("/api/entities", params={"type": entity["type"]}).json())


def test_unknown_entities_are_not_found(client):
    assert client.get("/entity/per-none").status_code == 404
    assert client.get("/api/entities/per-none").status_code == 404
    assert client.get("/feeds/entity/per-none.json").status_code == 404
