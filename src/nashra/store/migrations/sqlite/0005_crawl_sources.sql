-- What Nashra fetches news from: feeds, news sitemaps and sites (discovered later by the crawler),
-- with the state of their last fetch. Apart from `sources`, which are the outlets articles name.

CREATE TABLE crawl_sources (
    id                    INTEGER PRIMARY KEY,
    url                   TEXT NOT NULL UNIQUE,   -- canonical (nashra.ingest.canonical)
    name                  TEXT,
    kind                  TEXT NOT NULL,          -- 'feed', 'sitemap' or 'site'
    added_at              TEXT NOT NULL,
    last_fetch            TEXT,
    last_error            TEXT,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    disabled              INTEGER NOT NULL DEFAULT 0
);
