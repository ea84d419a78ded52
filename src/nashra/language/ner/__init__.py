"""Arabic named-entity recognition: people (PER), places (LOC), organisations (ORG), other (MISC).

A linear-chain CRF trained on ANERcorp (Benajiba et al. 2007; CAMeL Lab split, Obeid et al.
2020; CC BY-SA 4.0) ships as ``model.crfsuite`` and is opened on first use::

    >>> from nashra.language.ner import extract_entities
    >>> [(m.text, m.type) for m in extract_entities("التقى وزير الداخلية عبد الوافي لفتيت نظيره الفرنسي في الرباط")]
    [('عبد الوافي لفتيت', 'PER'), ('الرباط', 'LOC')]

Modules: :mod:`.text` (tokens, folding, proclitics), :mod:`.gazetteers` (name lists),
:mod:`.features` (CRF features), :mod:`.tagger` (the model), :mod:`.train` (reproduces it).
"""

from nashra.language.ner.gazetteers import Gazetteer, default_gazetteer
from nashra.language.ner.tagger import Mention, NerTagger, extract_entities, extract_entities_many

__all__ = ["Gazetteer", "Mention", "NerTagger", "default_gazetteer", "extract_entities", "extract_entities_many"]
