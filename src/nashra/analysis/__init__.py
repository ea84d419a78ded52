"""Analysis over many articles: entity linking (:mod:`nashra.analysis.entities`), and the
dedup and story stages as they land."""
