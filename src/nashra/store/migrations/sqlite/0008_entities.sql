-- People, places, organisations and other names (nashra.analysis.entities): one entity behind
-- every spelling, each spelling kept with the reason it joined, and the articles that name it.

CREATE TABLE entities (
    id              TEXT PRIMARY KEY,       -- stable: derived from the type and the first spelling
    type            TEXT NOT NULL,          -- PER, LOC, ORG or MISC
    name            TEXT NOT NULL,          -- canonical name, recomputed as spellings arrive
    article_count   INTEGER NOT NULL DEFAULT 0,
    first_seen      TEXT,                   -- placement time of the first / latest article naming it
    last_seen       TEXT
);
CREATE INDEX entities_by_count ON entities (article_count DESC);
CREATE INDEX entities_by_type ON entities (type, article_count DESC);

-- One spelling (folded key) of an entity and the evidence for it; a split moves rows to a new id.
CREATE TABLE entity_aliases (
    type            TEXT NOT NULL,
    key             TEXT NOT NULL,
    entity_id       TEXT NOT NULL REFERENCES entities(id),
    surface         TEXT NOT NULL,
    reason          TEXT NOT NULL,          -- new, exact, clitic, typo, truncated, surname, …, split
    matched         TEXT,                   -- the known spelling it was matched to
    first_article   TEXT NOT NULL,
    uses            INTEGER NOT NULL,       -- mentions of this spelling so far
    PRIMARY KEY (type, key)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_by_entity ON entity_aliases (entity_id);

-- An article the linking stage has read, with every mention it found:
-- JSON [[text, start, end, type, part ("title" or "body"), entity_id, alias key], …].
CREATE TABLE article_mentions (
    article_rowid   INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    mentions        TEXT NOT NULL
);

CREATE TABLE article_entities (
    entity_id       TEXT NOT NULL REFERENCES entities(id),
    article_rowid   INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    mentions        INTEGER NOT NULL,       -- how many times the article names it
    seen_at         TEXT NOT NULL,          -- the article's placement time
    PRIMARY KEY (entity_id, article_rowid)
) WITHOUT ROWID;
CREATE INDEX article_entities_by_article ON article_entities (article_rowid);
CREATE INDEX article_entities_by_time ON article_entities (entity_id, seen_at);

-- Ingests link the articles stored after the last one linked; those stored before this
-- migration are left unlinked rather than tagged all at once by the next ingest.
INSERT INTO meta (key, value)
SELECT 'entities_linked_from', CAST(coalesce(max(rowid), 0) AS TEXT) FROM articles;
