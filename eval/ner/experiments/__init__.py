"""NER experiments of eval/ner/README.md that were not kept (scripts to redo them)."""
