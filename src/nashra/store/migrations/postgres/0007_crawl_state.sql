-- The crawler's state per source and the keys every crawl has dealt with; as
-- sqlite/0007_crawl_state.sql.

ALTER TABLE crawl_sources ADD COLUMN etag TEXT;
ALTER TABLE crawl_sources ADD COLUMN last_modified TEXT;
ALTER TABLE crawl_sources ADD COLUMN next_fetch_at TEXT;    -- ISO datetime, UTC; NULL: due now

CREATE TABLE crawl_seen (
    key         TEXT PRIMARY KEY,          -- canonical URL, or 'guid:' + the entry's GUID
    source_id   BIGINT REFERENCES crawl_sources (id) ON DELETE SET NULL,
    article_id  TEXT,                      -- NULL: the entry held no article
    seen_at     TEXT NOT NULL
);
CREATE INDEX crawl_seen_by_source ON crawl_seen (source_id);
