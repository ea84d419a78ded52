-- Entities rebuilt from the stored articles (`nashra relink`, nashra.analysis.relink) are written
-- here, beside the tables in use, a batch per transaction; readers go on with the old entities
-- until the last batch, when one transaction puts these in place of them and empties these.
-- Same columns as the tables of migration 8.

CREATE TABLE rebuilt_entities (
    id              TEXT PRIMARY KEY,
    type            TEXT NOT NULL,
    name            TEXT NOT NULL,
    article_count   INTEGER NOT NULL DEFAULT 0,
    first_seen      TEXT,
    last_seen       TEXT
);

CREATE TABLE rebuilt_entity_aliases (
    type            TEXT NOT NULL,
    key             TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    surface         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    matched         TEXT,
    first_article   TEXT NOT NULL,
    uses            INTEGER NOT NULL,
    PRIMARY KEY (type, key)
) WITHOUT ROWID;

CREATE TABLE rebuilt_article_mentions (
    article_rowid   INTEGER PRIMARY KEY,
    mentions        TEXT NOT NULL
);

CREATE TABLE rebuilt_article_entities (
    entity_id       TEXT NOT NULL,
    article_rowid   INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    seen_at         TEXT NOT NULL,
    PRIMARY KEY (entity_id, article_rowid)
) WITHOUT ROWID;
