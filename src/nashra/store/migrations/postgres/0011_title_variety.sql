-- The headline's own variety (nashra.language.analyze: title_variety): an outlet such as Goud.ma
-- writes Darija headlines over MSA bodies. NULL when the language stage did not run.
ALTER TABLE articles ADD COLUMN title_variety TEXT;
