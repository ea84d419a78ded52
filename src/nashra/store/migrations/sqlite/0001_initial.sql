-- Sources (outlets), articles with their images and related links, the ticker, and the
-- full-text index over the analysed terms of each article (see nashra.language.terms).

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    key         TEXT NOT NULL UNIQUE,      -- normalized name: one outlet however it is spelt
    domain      TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE articles (
    rowid           INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    content_key     TEXT NOT NULL UNIQUE,  -- nashra.model.content_key: exact duplicates collide
    url             TEXT UNIQUE,
    source_id       INTEGER REFERENCES sources(id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    published_at    TEXT,                  -- as the source dates it; NULL when it does not
    estimate_value  TEXT,                  -- Nashra's estimate when the source does not date it
    estimate_basis  TEXT,
    language        TEXT NOT NULL,
    category        TEXT,
    external_id     TEXT,
    origin          TEXT,
    ingested_at     TEXT NOT NULL
);
CREATE INDEX articles_by_date ON articles (published_at DESC, ingested_at DESC);
CREATE INDEX articles_by_source ON articles (source_id, published_at DESC);

CREATE TABLE images (
    id              TEXT PRIMARY KEY,
    article_rowid   INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    url             TEXT NOT NULL,
    caption         TEXT,
    hidden          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (article_rowid, position)
);

CREATE TABLE related_links (
    article_rowid   INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    url             TEXT,
    PRIMARY KEY (article_rowid, position)
) WITHOUT ROWID;

CREATE TABLE ticker_headlines (
    id          INTEGER PRIMARY KEY,
    headline    TEXT NOT NULL,
    key         TEXT NOT NULL UNIQUE,      -- normalized headline
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE INDEX ticker_by_last_seen ON ticker_headlines (last_seen DESC);

-- Contentless: the terms are derived data; snippets are made from articles.body.
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body, content = '', tokenize = 'ascii'
);

-- What the application records about the database itself.
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
