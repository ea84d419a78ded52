-- Search (nashra.store.postgres.search): the title lexemes (weight A) of each article's terms,
-- indexed, so a query matching many articles finds those with every term in the title without
-- reading every match's vector.
CREATE INDEX article_terms_titles ON article_terms USING gin (ts_filter(terms, '{a}'));
