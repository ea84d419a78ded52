"""The FastAPI application: reader pages and the JSON API, both reading through the store and the
search service (no SQL here)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nashra import __version__
from nashra.search import search
from nashra.serialize import article_json, hit_json
from nashra.store import Store, open_store

__all__ = ["create_app"]

_PAGE_SIZE = 30


def create_app(db: str | Store) -> FastAPI:
    """The app over a database target (path or URL) or an open store."""
    store = open_store(db) if isinstance(db, str) else db

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Nashra", version=__version__, description="Arabic news, connected.", lifespan=lifespan
    )
    package = resources.files("nashra.web")
    templates = Jinja2Templates(directory=str(package / "templates"))
    app.mount("/static", StaticFiles(directory=str(package / "static")), name="static")
    is_demo = store.get_meta("demo") == "1"

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        context.setdefault("ticker", [t.headline for t in store.latest_ticker(limit=20)])
        return templates.TemplateResponse(request, name, {"is_demo": is_demo, **context})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front(request: Request, offset: int = Query(0, ge=0)) -> HTMLResponse:
        articles = store.latest_articles(limit=_PAGE_SIZE, offset=offset)
        return page(request, "index.html", articles=articles, offset=offset, page_size=_PAGE_SIZE)

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        stored = store.get_article(article_id)
        if stored is None:
            raise HTTPException(404, "no such article")
        return page(request, "article.html", article=article_json(stored))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", source: str | None = None) -> HTMLResponse:
        hits = search(store, q, limit=_PAGE_SIZE, source=source or None) if q.strip() else []
        return page(request, "search.html", q=q, hits=hits)

    @app.get("/api/articles", tags=["articles"])
    def api_articles(
        limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0),
        source: str | None = None,
    ) -> list[dict[str, Any]]:
        """Newest articles first."""
        return [
            {"id": a.id, "title": a.title, "source": a.source_name,
             "published_at": a.published_at, "url": a.url}
            for a in store.latest_articles(limit=limit, offset=offset, source=source)
        ]

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> dict[str, Any]:
        """One article, as ``nashra show --json`` prints it."""
        stored = store.get_article(article_id)
        if stored is None:
            raise HTTPException(404, "no such article")
        return article_json(stored)

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0), source: str | None = None,
    ) -> list[dict[str, Any]]:
        """Full-text search, as ``nashra search --json`` prints it."""
        return [hit_json(h) for h in search(store, q, limit=limit, offset=offset, source=source)]

    return app
