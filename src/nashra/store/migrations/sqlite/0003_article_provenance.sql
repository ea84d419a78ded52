-- Where each of an article's fields came from (JSON object: field -> source, e.g.
-- {"title": "json-ld:headline"}), and the author the page names.

ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN provenance TEXT;  -- JSON; NULL when nothing was recorded
