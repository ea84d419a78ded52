-- What connects articles: copies of one text from other outlets, near-duplicates, stories and
-- storylines; as sqlite/0006_connect.sql. Written by nashra.analysis.connect.

CREATE TABLE article_copies (
    article_rowid   BIGINT NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    source_id       BIGINT REFERENCES sources(id),
    url             TEXT,
    published_at    TEXT COLLATE "C",
    seen_at         TEXT NOT NULL,
    UNIQUE (article_rowid, source_id, url)
);

CREATE TABLE storylines (
    id              TEXT COLLATE "C" PRIMARY KEY,
    title           TEXT NOT NULL,
    first_seen      TEXT COLLATE "C" NOT NULL,
    last_seen       TEXT COLLATE "C" NOT NULL,
    story_count     INTEGER NOT NULL,
    centroid        TEXT NOT NULL,          -- JSON term -> weight, as SQLite keeps it
    merged_into     TEXT                    -- set when merged: a redirect to the surviving id
);
CREATE INDEX storylines_by_last_seen ON storylines (last_seen) WHERE merged_into IS NULL;

CREATE TABLE stories (
    id              TEXT COLLATE "C" PRIMARY KEY,
    title           TEXT NOT NULL,
    title_score     DOUBLE PRECISION NOT NULL,
    first_seen      TEXT COLLATE "C" NOT NULL,
    last_seen       TEXT COLLATE "C" NOT NULL,
    article_count   INTEGER NOT NULL,
    storyline_id    TEXT NOT NULL,
    centroid        TEXT NOT NULL,
    merged_into     TEXT
);
CREATE INDEX stories_by_last_seen ON stories (last_seen) WHERE merged_into IS NULL;
CREATE INDEX stories_by_storyline ON stories (storyline_id) WHERE merged_into IS NULL;

CREATE TABLE article_links (
    article_rowid   BIGINT PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    placed_at       TEXT COLLATE "C" NOT NULL,  -- the time the article is placed at (ISO, UTC)
    story_id        TEXT NOT NULL,
    duplicate_of    BIGINT REFERENCES articles(rowid),  -- the canonical article of a near-copy
    similarity      DOUBLE PRECISION,
    signature       BYTEA NOT NULL              -- MinHash signature: rebuilds the dedup index
);
CREATE INDEX article_links_by_story ON article_links (story_id, placed_at);
CREATE INDEX article_links_by_time ON article_links (placed_at);
CREATE INDEX article_links_by_duplicate ON article_links (duplicate_of) WHERE duplicate_of IS NOT NULL;
