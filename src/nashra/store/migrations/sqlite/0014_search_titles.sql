-- Search (nashra.store.sqlite_search): each article's title terms with their counts in its title
-- and its body, "مجلس 1 3 امن 1 2", so that the newest title matches of a query are ranked by
-- FTS5's BM25 computed from these counts, without bm25() counting every article that holds each
-- query term on every search (most of a multi-term query's time at a million articles). Written
-- with the article's index terms (the store's writers, `nashra reindex`); an archive migrated
-- here has none for its articles yet, which `nashra reindex` writes: until then its searches are
-- ranked by bm25() as before.
CREATE TABLE article_fts_titles (
    article_rowid   INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    terms           TEXT NOT NULL              -- term, count in the title, count in the body, …
);

INSERT INTO meta (key, value) SELECT 'search_titles_pending', '1' WHERE EXISTS (SELECT 1 FROM articles);
