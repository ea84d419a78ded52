-- What connects articles: copies of one text from other outlets, near-duplicates, stories
-- (one event, days) and storylines (one affair, months). Written by nashra.analysis.connect.

-- An exact copy (same normalized text) seen again at another URL or outlet: the article keeps
-- every copy's outlet, URL and date ("also published in").
CREATE TABLE article_copies (
    article_rowid   INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    source_id       INTEGER REFERENCES sources(id),
    url             TEXT,
    published_at    TEXT,
    seen_at         TEXT NOT NULL,
    UNIQUE (article_rowid, source_id, url)
);

CREATE TABLE storylines (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    story_count     INTEGER NOT NULL,
    centroid        TEXT NOT NULL,          -- JSON term -> weight
    merged_into     TEXT                    -- set when merged: a redirect to the surviving id
);
CREATE INDEX storylines_by_last_seen ON storylines (last_seen) WHERE merged_into IS NULL;

CREATE TABLE stories (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    title_score     REAL NOT NULL,          -- how well the title's article represents the story
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    article_count   INTEGER NOT NULL,
    storyline_id    TEXT NOT NULL,
    centroid        TEXT NOT NULL,          -- JSON term -> weight
    merged_into     TEXT
);
CREATE INDEX stories_by_last_seen ON stories (last_seen) WHERE merged_into IS NULL;
CREATE INDEX stories_by_storyline ON stories (storyline_id) WHERE merged_into IS NULL;

-- Where the connect stage placed each stored article.
CREATE TABLE article_links (
    article_rowid   INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    placed_at       TEXT NOT NULL,          -- the time the article is placed at (ISO, UTC)
    story_id        TEXT NOT NULL,
    duplicate_of    INTEGER REFERENCES articles(rowid),  -- the canonical article of a near-copy
    similarity      REAL,                   -- estimated text Jaccard with duplicate_of
    signature       BLOB NOT NULL           -- MinHash signature: rebuilds the dedup index
);
CREATE INDEX article_links_by_story ON article_links (story_id, placed_at);
CREATE INDEX article_links_by_time ON article_links (placed_at);
CREATE INDEX article_links_by_duplicate ON article_links (duplicate_of) WHERE duplicate_of IS NOT NULL;
