"""The FastAPI application: reader pages and the JSON API, both reading through the store and the
search service (no SQL here)."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from nashra import __version__
from nashra.analysis.connections import article_connections
from nashra.language.normalize import normalize
from nashra.language.terms import index_terms
from nashra.search import Hit, search
from nashra.serialize import (
    article_json,
    entity_detail_json,
    entity_summary_json,
    hit_json,
    story_json,
    summary_json,
)
from nashra.store import Store, open_store
from nashra.store.base import (
    ArticleEntity,
    ArticleSummary,
    EntityDetail,
    FacetCount,
    SourceSummary,
    StoredArticle,
    StorylineSummary,
    StorySummary,
    TermQuery,
)
from nashra.web import middleware
from nashra.web.categories import category_label
from nashra.web.chart import Timeline, timeline, timeline_svg
from nashra.web.dates import OUTLET_COUNTRIES, axis_label, display_date
from nashra.web.feeds import FEED_TYPES, Feed, FeedFormat, render_feed
from nashra.web.middleware import error_responses
from nashra.web.moderation import moderation_router
from nashra.web.pagecache import ForgetOnChange, Memo, PageCache, ServeKept
from nashra.web.ratelimit import RateLimiter
from nashra.web.reports import ARTICLE_THANKS, IMAGE_THANKS, csrf_guard, reports_router
from nashra.web.security import Signer, app_secret

__all__ = ["create_app"]

# Private-use characters mark matches in snippets for the page: unlike "[" and "]" they cannot
# occur in an article's text, so turning them into <mark> after escaping is safe.
_SNIPPET_MARKS = ("\ue000", "\ue001")


def _highlight(snippet: str) -> Markup:
    """The snippet escaped, its matched words in ``<mark>``."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(_SNIPPET_MARKS[0], "<mark>").replace(_SNIPPET_MARKS[1], "</mark>"))

_PAGE_SIZE = 30
_RECENT_STORIES = 60
"""The front page's top stories are chosen among this many latest stories."""
_LISTS_SECONDS = 60.0
_MAX_OFFSET = 100_000
"""Pagination goes this deep at most (an unbounded offset overflowed SQLite's integers)."""
ENTITY_TYPES = {"PER": "شخص", "ORG": "هيئة", "LOC": "مكان", "MISC": "أخرى"}
_STORY_COPIES = 100
"""The story page names the exact copies and entities of this many of its articles at most."""
_STORY_ENTITIES = 12
_TOP_STORIES = 8
_HOUR = 3600.0


def app_from_environment() -> FastAPI:
    """The app over the database ``NASHRA_DB`` names: what each worker process of
    ``nashra serve --workers N`` builds."""
    return create_app(os.environ["NASHRA_DB"])


def create_app(
    db: str | Store, *, report_threshold: int = 3, secret: str | None = None,
    reports_per_reader_hour: int = 30, reports_per_address_hour: int = 120,
    outlet_countries: Mapping[str, str] = OUTLET_COUNTRIES, page_cache_seconds: float = 5.0,
) -> FastAPI:
    """The app over a database target (path or URL) or an open store.

    ``secret`` signs reader cookies (default: ``NASHRA_SECRET``, else one kept in the store).
    ``outlet_countries`` maps normalized outlet names to ISO country codes (month names).
    Pages and feeds are kept rendered for ``page_cache_seconds`` (see :mod:`nashra.web.pagecache`).
    """
    store = open_store(db) if isinstance(db, str) else db
    signer = Signer(app_secret(store, secret))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What start-up built (modules, templates, routes) lives as long as the process: frozen,
        # the collector's full passes stop walking it (they took ~100 ms under load).
        gc.freeze()
        # Read the lists the front page shows now, not in the first reader's request: at 97,352
        # articles the categories are a scan of 0.4-0.9 s, during which every request for the
        # front page of a newly started worker waited.
        outlets()
        categories()
        for name in templates.env.list_templates():  # compiled once here, not in a first render
            templates.env.get_template(name)
        try:
            yield
        finally:
            gc.unfreeze()
            store.close()

    # No /docs or /redoc: they load scripts from a third-party CDN. /openapi.json stays.
    # No OpenTelemetry: Nashra sets up none, and FastAPI's check for it read the environment
    # three times a request (a tenth of the time of a kept page).
    app = FastAPI(
        title="Nashra", version=__version__, description="Arabic news, connected.",
        lifespan=lifespan, docs_url=None, redoc_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},
        dependencies=[Depends(csrf_guard(signer))],
    )
    package = resources.files("nashra.web")
    templates = Jinja2Templates(directory=str(package / "templates"))
    templates.env.auto_reload = False  # templates do not change while the app runs
    cache = PageCache(ttl=page_cache_seconds)
    cached = cache.cached()
    # Each a scan of every article at 100,000 articles: read again once a minute at most.
    outlets = Memo(store.sources, _LISTS_SECONDS)
    categories = Memo(store.categories, _LISTS_SECONDS)
    templates.env.filters["arabic_date"] = lambda value, outlet=None: display_date(
        value, outlet, outlet_countries
    )
    templates.env.tests["web_url"] = _is_web_url
    templates.env.filters["highlight"] = _highlight
    templates.env.filters["category_label"] = category_label
    templates.env.filters["axis_label"] = lambda value, unit, outlet=None: axis_label(
        value, unit, outlet, outlet_countries
    )
    app.mount("/static", StaticFiles(directory=str(package / "static")), name="static")
    is_demo = store.get_meta("demo") == "1"

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("ticker", [t.headline for t in store.latest_ticker(limit=20)])
        token = cache.token_slot if getattr(request.state, "cached_page", False) else request.state.csrf_token
        return templates.TemplateResponse(
            request, name,
            {"is_demo": is_demo, "csrf_token": token, **context},
            status_code=status_code,
        )

    def error_page(request: Request, status: int, message: str) -> Response:
        return page(request, "error.html", status, status=status, message=message, ticker=[])

    app.add_middleware(ServeKept, cache=cache)  # the innermost: after the reader's token is known
    middleware.install(app, signer, error_page)
    app.add_middleware(ForgetOnChange, cache=cache)
    app.include_router(moderation_router(store, signer, page))
    app.include_router(reports_router(
        store, signer, threshold=report_threshold,
        per_reader=RateLimiter(reports_per_reader_hour, _HOUR),
        per_address=RateLimiter(reports_per_address_hour, _HOUR),
    ))

    def find_outlet(name: str) -> SourceSummary:
        known = {normalize(s.name): s for s in outlets()}
        outlet = known.get(normalize(name))
        if outlet is None:
            raise HTTPException(404, "no such source")
        return outlet

    def readable_article(article_id: str) -> StoredArticle:
        stored = store.get_article(article_id)
        if stored is None:
            raise HTTPException(404, "no such article")
        if store.is_removed("article", article_id):
            raise HTTPException(410, "removed by the moderators")
        return stored

    def find_entity(entity_id: str, articles: int = _PAGE_SIZE) -> EntityDetail:
        detail = store.entity(entity_id, articles=articles)
        if detail is None:
            raise HTTPException(404, "no such entity")
        return detail

    def find_category(name: str) -> str:
        if not store.latest_articles(limit=1, category=name):
            raise HTTPException(404, "no such category")
        return name

    def chart(story_ids: list[str], title: str, outlet: str | None) -> tuple[Timeline, Markup] | None:
        """The timeline of these stories (their articles per day) and its SVG."""
        drawn = timeline(store.story_days(story_ids), story_ids)
        if drawn is None:
            return None
        return drawn, timeline_svg(drawn, title, lambda day, unit: axis_label(day, unit, outlet, outlet_countries))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def front(request: Request, offset: int = Query(0, ge=0, le=_MAX_OFFSET)) -> HTMLResponse:
        articles = store.latest_articles(limit=_PAGE_SIZE, offset=offset)
        return page(request, "index.html", articles=articles, offset=offset, page_size=_PAGE_SIZE,
                    top_stories=_top_stories(store.stories(limit=_RECENT_STORIES)) if offset == 0 else [],
                    pager_base="/?", outlets=outlets(), categories=categories(),
                    feed_path="/feeds/latest")

    @app.get("/category/{name}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def category_page(request: Request, name: str, offset: int = Query(0, ge=0, le=_MAX_OFFSET)) -> HTMLResponse:
        category = find_category(name)
        articles = store.latest_articles(limit=_PAGE_SIZE, offset=offset, category=category)
        return page(request, "category.html", category=category, articles=articles, offset=offset,
                    page_size=_PAGE_SIZE, pager_base=f"/category/{quote(category)}?",
                    feed_path=f"/feeds/category/{quote(category)}")

    @app.get("/source/{name}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def source_page(request: Request, name: str, offset: int = Query(0, ge=0, le=_MAX_OFFSET)) -> HTMLResponse:
        outlet = find_outlet(name)
        articles = store.latest_articles(limit=_PAGE_SIZE, offset=offset, source=outlet.name)
        return page(request, "source.html", outlet=outlet, articles=articles, offset=offset,
                    page_size=_PAGE_SIZE, pager_base=f"/source/{quote(outlet.name)}?",
                    feed_path=f"/feeds/source/{quote(outlet.name)}")

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    @cache.cached(skip=lambda request: "reported" in request.query_params)
    def article_page(request: Request, article_id: str, reported: str | None = None) -> HTMLResponse:
        stored = readable_article(article_id)
        article = article_json(stored, article_connections(store, article_id, stored=stored))
        images = [
            im for im in article["images"]
            if not im["hidden"] and _is_web_url(im["url"])
        ]
        # The report that hid an image is thanked too, though the image is no longer shown.
        thank_hidden = reported in {im["id"] for im in article["images"] if im["hidden"]}
        return page(request, "article.html", article=article, images=images, reported=reported,
                    thank_hidden=thank_hidden,
                    image_thanks=IMAGE_THANKS, article_thanks=ARTICLE_THANKS)

    def current_story(story_id: str) -> str:
        current = store.resolve_story_id(story_id)
        if current is None:
            raise HTTPException(404, "no such story")
        return current

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def story_page(request: Request, story_id: str) -> Response:
        current = current_story(story_id)
        if current != story_id:  # merged into an older story: its address moved there
            return RedirectResponse(f"/story/{current}", status_code=301)
        story = store.get_story(current)
        if story is None:
            raise HTTPException(404, "no such story")
        articles = store.article_summaries(store.story_article_ids(current))
        outlet = story.sources[0] if story.sources else None
        # Exact copies are not articles of their own: each article names where else it ran.
        copies = {a.id: [c for c in store.copies(a.id) if c.article_id is None]
                  for a in articles[:_STORY_COPIES]}
        return page(request, "story.html", story=story, articles=articles, copies=copies,
                    entities=_named_in(store, [a.id for a in articles[:_STORY_COPIES]], _STORY_ENTITIES),
                    outlet_counts=_outlet_counts(articles),
                    chart=chart([story.id], f"عدد أخبار القصة في كل يوم: {story.title}", outlet),
                    chart_outlet=outlet, series_titles=[story.title],
                    storyline=store.get_storyline(story.storyline_id),
                    feed_path=f"/feeds/story/{story.id}")

    def current_storyline(storyline_id: str) -> str:
        current = store.resolve_storyline_id(storyline_id)
        if current is None:
            raise HTTPException(404, "no such storyline")
        return current

    @app.get("/storyline/{storyline_id}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def storyline_page(request: Request, storyline_id: str) -> Response:
        current = current_storyline(storyline_id)
        if current != storyline_id:
            return RedirectResponse(f"/storyline/{current}", status_code=301)
        storyline = store.get_storyline(current)
        if storyline is None:
            raise HTTPException(404, "no such storyline")
        ids = [s.id for s in storyline.stories]
        first = storyline.stories[0] if storyline.stories else None
        outlet = first.sources[0] if first and first.sources else None
        return page(request, "storyline.html", storyline=storyline,
                    chart=chart(ids, f"عدد الأخبار في كل قصة من قصص: {storyline.title}", outlet),
                    chart_outlet=outlet, series_titles=[s.title for s in storyline.stories],
                    outlets=sorted({o for s in storyline.stories for o in s.sources}))

    @app.get("/storylines", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def storylines_page(request: Request, offset: int = Query(0, ge=0, le=_MAX_OFFSET)) -> HTMLResponse:
        storylines = store.storylines(limit=_PAGE_SIZE, offset=offset, min_stories=2)
        return page(request, "storylines.html", storylines=storylines, offset=offset,
                    page_size=_PAGE_SIZE, pager_base="/storylines?")

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        detail = find_entity(entity_id)
        return page(request, "entity.html", entity=detail.entity, detail=detail,
                    type_label=ENTITY_TYPES.get(detail.entity.type, detail.entity.type),
                    feed_path=f"/feeds/entity/{quote(entity_id)}")

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def entities_page(
        request: Request, type: str | None = None, offset: int = Query(0, ge=0, le=_MAX_OFFSET),
    ) -> HTMLResponse:
        entities = store.entities(type=type or None, limit=_PAGE_SIZE, offset=offset)
        return page(request, "entities.html", entities=entities, type=type or None, types=ENTITY_TYPES,
                    offset=offset, page_size=_PAGE_SIZE,
                    pager_base=f"/entities?{_query(type=type)}&")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    @cached
    def search_page(
        request: Request, q: str = "", source: str | None = None, since: dt.date | None = None,
        until: dt.date | None = None, entity: str | None = None,
        offset: int = Query(0, ge=0, le=_MAX_OFFSET),
    ) -> HTMLResponse:
        source, entity = source or None, entity or None
        hits = (
            search(store, q, limit=_PAGE_SIZE, offset=offset, source=source, since=since,
                   until=until, entity=entity, mark=_SNIPPET_MARKS)
            if q.strip() else []
        )
        facets = {"q": q, "source": source, "since": since and since.isoformat(),
                  "until": until and until.isoformat(), "entity": entity}
        spread = store.search_facets(TermQuery(
            terms=list(dict.fromkeys(index_terms(q))), source=source, since=since, until=until, entity=entity,
        )) if q.strip() else None
        chosen = store.entity(entity, articles=0, stories=0, cooccurring=0) if entity else None
        return page(request, "search.html", hits=hits, offset=offset, page_size=_PAGE_SIZE,
                    pager_base=f"/search?{_query(**facets)}&", outlets=outlets(),
                    spread=spread, months=_months(spread.days) if spread else [],
                    named=_named_in(store, [h.id for h in hits]), chosen=chosen and chosen.entity,
                    narrow=lambda **change: f"/search?{_query(**(facets | change))}",
                    feed_path="/feeds/search" if q.strip() else None, feed_query=f"?{_query(**facets)}",
                    **facets)

    def feed_response(
        request: Request, fmt: FeedFormat, title: str, page_path: str, articles: list[ArticleSummary],
    ) -> Response:
        site = str(request.base_url)
        feed = Feed(title=title, page_url=site + page_path.lstrip("/"), feed_url=str(request.url),
                    site_url=site, articles=articles)
        return Response(render_feed(feed, fmt), media_type=FEED_TYPES[fmt])

    @app.get("/feeds/latest.{fmt}", tags=["feeds"], response_class=Response)
    @cached
    def feed_latest(request: Request, fmt: FeedFormat) -> Response:
        """The front page's latest articles as RSS 2.0 (rss), Atom (atom) or JSON Feed (json)."""
        return feed_response(request, fmt, "نشرة: آخر الأخبار", "/",
                             store.latest_articles(limit=_PAGE_SIZE))

    @app.get("/feeds/source/{name}.{fmt}", tags=["feeds"], response_class=Response,
             responses=error_responses(404, html=True))
    @cached
    def feed_source(request: Request, name: str, fmt: FeedFormat) -> Response:
        """One outlet's latest articles."""
        outlet = find_outlet(name)
        return feed_response(
            request, fmt, f"نشرة: {outlet.name}", f"/source/{quote(outlet.name)}",
            store.latest_articles(limit=_PAGE_SIZE, source=outlet.name),
        )

    @app.get("/feeds/category/{name}.{fmt}", tags=["feeds"], response_class=Response,
             responses=error_responses(404, html=True))
    @cached
    def feed_category(request: Request, name: str, fmt: FeedFormat) -> Response:
        """One category's latest articles."""
        category = find_category(name)
        return feed_response(
            request, fmt, f"نشرة: {category_label(category)}", f"/category/{quote(category)}",
            store.latest_articles(limit=_PAGE_SIZE, category=category),
        )

    @app.get("/feeds/story/{story_id}.{fmt}", tags=["feeds"], response_class=Response,
             responses=error_responses(404, html=True))
    @cached
    def feed_story(request: Request, story_id: str, fmt: FeedFormat) -> Response:
        """One story's latest articles (a merged story's old id gives the story it joined)."""
        story = store.get_story(current_story(story_id))
        if story is None:
            raise HTTPException(404, "no such story")
        ids = store.story_article_ids(story.id)[-_PAGE_SIZE:]
        return feed_response(request, fmt, f"نشرة: {story.title}", f"/story/{story.id}",
                             store.article_summaries(ids[::-1]))

    @app.get("/feeds/search.{fmt}", tags=["feeds"], response_class=Response)
    @cached
    def feed_search(
        request: Request, fmt: FeedFormat, q: str = Query(..., min_length=1), source: str | None = None,
        since: dt.date | None = None, until: dt.date | None = None, entity: str | None = None,
    ) -> Response:
        """A search's best hits, with the filters of the search page."""
        hits = search(store, q, limit=_PAGE_SIZE, source=source or None, since=since, until=until,
                      entity=entity or None)
        facets = {"q": q, "source": source, "since": since and since.isoformat(),
                  "until": until and until.isoformat(), "entity": entity}
        return feed_response(request, fmt, f"نشرة: بحث عن {q}", f"/search?{_query(**facets)}",
                             [_hit_summary(h) for h in hits])

    @app.get("/feeds/entity/{entity_id}.{fmt}", tags=["feeds"], response_class=Response,
             responses=error_responses(404, html=True))
    @cached
    def feed_entity(request: Request, entity_id: str, fmt: FeedFormat) -> Response:
        """The latest articles that name one entity (a person, organization, place)."""
        detail = find_entity(entity_id)
        return feed_response(request, fmt, f"نشرة: {detail.entity.name}", f"/entity/{quote(entity_id)}",
                             detail.articles)

    @app.get("/api/sources", tags=["sources"])
    @cached
    def api_sources(request: Request) -> list[dict[str, Any]]:
        """The outlets Nashra holds articles from, with their article counts."""
        return [
            {"name": s.name, "domain": s.domain, "article_count": s.article_count}
            for s in outlets()
        ]

    @app.get("/api/categories", tags=["articles"])
    @cached
    def api_categories(request: Request) -> list[dict[str, Any]]:
        """The categories articles carry, most articles first, with their Arabic names."""
        return [{"name": name, "label": category_label(name), "article_count": count}
                for name, count in categories()]

    @app.get("/api/articles", tags=["articles"])
    @cached
    def api_articles(
        request: Request,
        limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=_MAX_OFFSET),
        source: str | None = None, category: str | None = None,
    ) -> list[dict[str, Any]]:
        """Newest articles first, of one outlet or category if asked."""
        return [
            {"id": a.id, "title": a.title, "source": a.source_name,
             "published_at": a.published_at, "url": a.url}
            for a in store.latest_articles(limit=limit, offset=offset, source=source, category=category)
        ]

    @app.get("/api/articles/{article_id}", tags=["articles"], responses=error_responses(404, 410))
    @cached
    def api_article(request: Request, article_id: str) -> dict[str, Any]:
        """One article, as ``nashra show --json`` prints it."""
        stored = readable_article(article_id)
        return article_json(stored, article_connections(store, article_id, stored=stored))

    @app.get("/api/stories", tags=["stories"])
    @cached
    def api_stories(
        request: Request,
        limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=_MAX_OFFSET),
        order: Literal["recent", "velocity"] = "recent",
    ) -> list[dict[str, Any]]:
        """Stories, latest or fastest-growing first, as ``nashra stories --json`` prints them."""
        return [story_json(s, store.story_article_ids(s.id))
                for s in store.stories(limit=limit, offset=offset, order=order)]

    @app.get("/api/stories/{story_id}", tags=["stories"], responses=error_responses(404))
    @cached
    def api_story(request: Request, story_id: str) -> dict[str, Any]:
        """One story (a merged story's old id gives the story it was merged into), with its
        articles."""
        story = store.get_story(current_story(story_id))
        if story is None:
            raise HTTPException(404, "no such story")
        ids = store.story_article_ids(story.id)
        return story_json(story, ids) | {"articles": [summary_json(a) for a in store.article_summaries(ids)]}

    @app.get("/api/storylines", tags=["storylines"])
    @cached
    def api_storylines(
        request: Request,
        limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=_MAX_OFFSET),
        min_stories: int = Query(1, ge=1, le=10_000),
    ) -> list[dict[str, Any]]:
        """Storylines (affairs followed over months, story after story), latest first."""
        return [_storyline_json(line) for line in
                store.storylines(limit=limit, offset=offset, min_stories=min_stories)]

    @app.get("/api/storylines/{storyline_id}", tags=["storylines"], responses=error_responses(404))
    @cached
    def api_storyline(request: Request, storyline_id: str) -> dict[str, Any]:
        """One storyline with its stories in time order and its timeline: articles per day per
        story (a merged storyline's old id gives the one it joined)."""
        storyline = store.get_storyline(current_storyline(storyline_id))
        if storyline is None:
            raise HTTPException(404, "no such storyline")
        days = store.story_days([s.id for s in storyline.stories])
        return _storyline_json(storyline) | {
            "days": [{"story_id": s, "day": day, "articles": n} for s, day, n in days],
        }

    @app.get("/api/entities", tags=["entities"])
    @cached
    def api_entities(
        request: Request,
        type: str | None = None, limit: int = Query(50, ge=1, le=200),
        offset: int = Query(0, ge=0, le=_MAX_OFFSET),
    ) -> list[dict[str, Any]]:
        """Entities (people, organizations, places…), most named first, as ``nashra entities
        --json`` prints them; ``type`` keeps one type (PER, ORG, LOC, MISC)."""
        return [entity_summary_json(e) for e in store.entities(type=type, limit=limit, offset=offset)]

    @app.get("/api/entities/{entity_id}", tags=["entities"], responses=error_responses(404))
    @cached
    def api_entity(request: Request, entity_id: str) -> dict[str, Any]:
        """One entity as ``nashra entity ID --json`` prints it: its spellings and why each joined,
        its latest articles, its stories and the entities named beside it."""
        return entity_detail_json(find_entity(entity_id, articles=20))

    @app.get("/api/search", tags=["search"])
    @cached
    def api_search(
        request: Request,
        q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0, le=_MAX_OFFSET), source: str | None = None, since: dt.date | None = None,
        until: dt.date | None = None, entity: str | None = None,
    ) -> list[dict[str, Any]]:
        """Full-text search, as ``nashra search --json`` prints it; ``since``/``until`` bound the
        publication date (inclusive); ``entity`` keeps the hits that name that entity."""
        hits = search(store, q, limit=limit, offset=offset, source=source, since=since, until=until,
                      entity=entity)
        return [hit_json(h) for h in hits]

    return app


def _top_stories(recent: list[StorySummary]) -> list[StorySummary]:
    """The stories of several articles among the latest, fastest-growing first, then by number
    of outlets, then latest (the store's velocity order is over every story, old bursts too: a
    front page ranks what is current)."""
    several = [s for s in recent if s.article_count > 1]
    several.sort(key=lambda s: (s.velocity, len(s.sources), s.last_seen), reverse=True)
    return several[:_TOP_STORIES]


def _outlet_counts(articles: list[ArticleSummary]) -> list[tuple[str, int]]:
    """Each outlet with its number of the articles, most first."""
    counts: dict[str, int] = {}
    for a in articles:
        if a.source_name:
            counts[a.source_name] = counts.get(a.source_name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _story_brief(story: StorySummary) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "first_seen": story.first_seen,
            "last_seen": story.last_seen, "article_count": story.article_count,
            "sources": story.sources}


def _storyline_json(storyline: StorylineSummary) -> dict[str, Any]:
    return {"id": storyline.id, "title": storyline.title, "first_seen": storyline.first_seen,
            "last_seen": storyline.last_seen, "stories": [_story_brief(s) for s in storyline.stories]}


def _months(days: list[FacetCount]) -> list[tuple[str, str, str, int]]:
    """Hits per day summed per month, newest first: ``(YYYY-MM, first day, last day, hits)``."""
    months: dict[str, int] = {}
    for day in days:
        months[day.value[:7]] = months.get(day.value[:7], 0) + day.count
    spans = []
    for month, count in sorted(months.items(), reverse=True):
        first = dt.date.fromisoformat(month + "-01")
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        spans.append((month, first.isoformat(), last.isoformat(), count))
    return spans


def _named_in(store: Store, article_ids: list[str], limit: int = 12) -> list[tuple[ArticleEntity, int]]:
    """The entities these articles name most, with how many of them name each."""
    named: dict[str, tuple[ArticleEntity, int]] = {}
    for article_id in article_ids:
        for entity in store.article_entities(article_id):
            seen = named.get(entity.id)
            named[entity.id] = (entity, seen[1] + 1 if seen else 1)
    return sorted(named.values(), key=lambda item: -item[1])[:limit]


def _hit_summary(hit: Hit) -> ArticleSummary:
    return ArticleSummary(hit.id, hit.title, hit.source, hit.published_at, hit.url, hit.story_id)


def _is_web_url(value: object) -> bool:
    """Only http(s) links leave the site: a ``javascript:`` URL from a scraped page never becomes
    a link."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


def _query(**params: str | None) -> str:
    return urlencode({k: v for k, v in params.items() if v})
