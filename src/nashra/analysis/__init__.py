"""Analysis over many articles: entity linking (:mod:`nashra.analysis.entities`), and the
dedup and story stages as they land."""

from nashra.analysis.entities import Alias, Entity, EntityLinker, LinkedMention, article_entities, name_key

__all__ = ["Alias", "Entity", "EntityLinker", "LinkedMention", "article_entities", "name_key"]
