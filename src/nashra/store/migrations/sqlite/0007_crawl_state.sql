-- The crawler's state per source: validators for conditional GET and when the source is due
-- (backoff after failures, the feed's TTL or Cache-Control after a success); and what every
-- crawl has already dealt with, keyed by canonical URL and by GUID, so an entry seen twice, or
-- in two sources, is fetched and stored once (and each source's article count).

ALTER TABLE crawl_sources ADD COLUMN etag TEXT;
ALTER TABLE crawl_sources ADD COLUMN last_modified TEXT;
ALTER TABLE crawl_sources ADD COLUMN next_fetch_at TEXT;    -- ISO datetime, UTC; NULL: due now

CREATE TABLE crawl_seen (
    key         TEXT PRIMARY KEY,          -- canonical URL, or 'guid:' + the entry's GUID
    source_id   INTEGER REFERENCES crawl_sources (id) ON DELETE SET NULL,
    article_id  TEXT,                      -- NULL: the entry held no article
    seen_at     TEXT NOT NULL
);
CREATE INDEX crawl_seen_by_source ON crawl_seen (source_id);
