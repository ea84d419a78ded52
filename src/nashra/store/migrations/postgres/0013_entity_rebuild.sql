-- As sqlite/0013_entity_rebuild.sql. Entities rebuilt from the stored articles (`nashra relink`,
-- nashra.analysis.relink) are written here, beside the tables in use, a batch per transaction;
-- readers go on with the old entities until the last batch, when one transaction puts these in
-- place of them and empties these. Same columns as the tables of migration 8.

CREATE TABLE rebuilt_entities (
    id              TEXT COLLATE "C" PRIMARY KEY,
    type            TEXT NOT NULL,
    name            TEXT NOT NULL,
    article_count   INTEGER NOT NULL DEFAULT 0,
    first_seen      TEXT COLLATE "C",
    last_seen       TEXT COLLATE "C"
);

CREATE TABLE rebuilt_entity_aliases (
    type            TEXT NOT NULL,
    key             TEXT NOT NULL,
    entity_id       TEXT COLLATE "C" NOT NULL,
    surface         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    matched         TEXT,
    first_article   TEXT NOT NULL,
    uses            INTEGER NOT NULL,
    PRIMARY KEY (type, key)
);

CREATE TABLE rebuilt_article_mentions (
    article_rowid   BIGINT PRIMARY KEY,
    mentions        TEXT NOT NULL
);

CREATE TABLE rebuilt_article_entities (
    entity_id       TEXT COLLATE "C" NOT NULL,
    article_rowid   BIGINT NOT NULL,
    mentions        INTEGER NOT NULL,
    seen_at         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, article_rowid)
);
