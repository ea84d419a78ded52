-- Where each of an article's fields came from (JSON object: field -> source), and the author
-- the page names; as sqlite/0003_article_provenance.sql.

ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN provenance TEXT;  -- JSON text, as SQLite keeps it; NULL when none
