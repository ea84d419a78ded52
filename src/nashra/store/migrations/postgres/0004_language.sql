-- The article's variety and the dates its body mentions; as sqlite/0004_language.sql.

ALTER TABLE articles ADD COLUMN variety TEXT;

CREATE TABLE article_dates (
    article_rowid   BIGINT NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    value           TEXT NOT NULL,              -- YYYY-MM-DD, YYYY-MM or YYYY
    PRIMARY KEY (article_rowid, position)
);
CREATE INDEX article_dates_by_value ON article_dates (value);
