"""The web app over a small database: pages render right-to-left, the API follows the contract."""

from __future__ import annotations

import re


def test_front_page_is_rtl_with_ticker_and_articles(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html
    assert "واش غادي تزيد أثمنة المحروقات" in html  # a ticker headline
    assert "افتتاح محطة جديدة لتحلية مياه البحر" in html


def test_article_page_shows_byline_and_related(client):
    articles = client.get("/api/articles").json()
    by_title = {a["title"]: a for a in articles}
    aggregator = by_title["افتتاح محطة جديدة لتحلية مياه البحر قرب مدينة آسفي"]
    html = client.get(f"/article/{aggregator['id']}").text
    assert _text(html).count("نشر في صوت الساحل يوم 5 مارس 2025") == 1  # a Moroccan outlet
    related = by_title["مدريد والرباط توقعان اتفاقا لتعزيز الربط البحري بين الضفتين"]
    html = client.get(f"/article/{related['id']}").text
    assert "غير مؤرخ من المصدر" in html
    assert "ميناء طنجة المتوسط يسجل رقما قياسيا" in html


def test_search_page_and_api_agree(client):
    html = client.get("/search", params={"q": "المنتخب الوطني"}).text
    assert "يفوز على نظيره التونسي" in html
    hits = client.get("/api/search", params={"q": "المنتخب الوطني"}).json()
    assert [h["source"] for h in hits] == ["مرصد الشمال"]
    assert set(hits[0]) == {"id", "title", "source", "published_at", "url", "snippet", "score", "story_id"}


def test_api_article_matches_show_json_shape(client):
    article_id = client.get("/api/articles", params={"limit": 1}).json()[0]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["id"] == article_id
    assert {"source", "body", "images", "related_links", "published_estimate"} <= set(article)


def test_unknown_article_is_404(client):
    assert client.get("/article/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_page_text_is_escaped(client):
    hostile = "<script>alert(1)</script>"
    html = client.get("/search", params={"q": hostile}).text
    assert hostile not in html
    assert "&lt;script&gt;" in html


def test_openapi_describes_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search"} <= set(paths)


def _text(html: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_dates_use_moroccan_month_names_and_bidi_isolation(client, pictured):
    html = client.get(f"/article/{pictured['id']}").text
    assert "نشر في صدى الأطلس يوم 5 غشت 2025" in _text(html)  # غشت, not أغسطس
    assert "أغسطس" not in html
    assert '<h1 dir="auto">' in html
    assert html.count('<p dir="auto">') == len(pictured["body"].split("\n\n"))


def test_article_page_shows_images_captions_source_link_and_report_buttons(client, pictured):
    html = client.get(f"/article/{pictured['id']}").text
    for image in pictured["images"]:
        assert f'src="{image["url"]}"' in html
        assert f'action="/api/images/{image["id"]}/reports"' in html
    assert "<figcaption dir=\"auto\">الجسر الجديد</figcaption>" in html
    assert f'action="/api/articles/{pictured["id"]}/reports"' in html
    link = re.search(r'<a href="([^"]+)"[^>]*>انقر هنا لقراءة الخبر من مصدره</a>', html)
    assert link and link.group(1) == pictured["url"]
    assert 'rel="noopener noreferrer nofollow"' in link.group(0)


def test_every_outbound_link_is_noopener(client, pictured):
    for path in ("/", f"/article/{pictured['id']}"):
        for anchor in re.findall(r"<a [^>]*href=\"https?://[^>]*>", client.get(path).text):
            assert "noopener noreferrer" in anchor


def test_source_page_lists_only_that_outlet(client):
    html = client.get("/source/صدى الأطلس").text
    assert "تدشين جسر جديد على وادي أبي رقراق" in html
    assert "افتتاح محطة جديدة لتحلية مياه البحر" not in html
    assert client.get("/source/منبر لا وجود له").status_code == 404


def test_search_pages_through_results(client):
    first = client.get("/search", params={"q": "المنتخب الوطني"}).text
    assert 'rel="next"' not in first  # one hit: no next page
    later = client.get("/search", params={"q": "المنتخب الوطني", "offset": 30}).text
    assert "يفوز على نظيره التونسي" not in later
    assert 'rel="prev" href="/search?q=' in later


def test_search_facets_by_outlet_and_date(client, pictured):
    query = {"q": "الجسر"}
    assert pictured["title"] in client.get("/search", params=query).text
    for facets, found in (
        ({"source": "صدى الأطلس"}, True), ({"source": "مرصد الشمال"}, False),
        ({"since": "2025-08-05", "until": "2025-08-05"}, True), ({"since": "2025-08-06"}, False),
    ):
        html = client.get("/search", params=query | facets).text
        assert (pictured["title"] in html) is found, facets
        hits = client.get("/api/search", params=query | facets).json()
        assert (pictured["id"] in [h["id"] for h in hits]) is found, facets
    html = client.get("/search", params=query | {"source": "صدى الأطلس"}).text
    assert '<option value="صدى الأطلس" selected>' in html


def test_search_page_marks_matches_and_escapes_the_text(client):
    html = client.get("/search", params={"q": "المنتخب"}).text
    assert "<mark>المنتخب</mark>" in html
    assert "[المنتخب]" not in html
    hits = client.get("/api/search", params={"q": "المنتخب"}).json()
    assert "[المنتخب]" in hits[0]["snippet"]  # the JSON contract keeps its plain markers
