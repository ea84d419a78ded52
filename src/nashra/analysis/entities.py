"""Entity linking: one entity behind every spelling of a name.

:class:`EntityLinker` turns NER mentions into entities, article after article. A mention joins
an entity for one of these reasons, recorded with the evidence so that every merge can be
explained and undone (:meth:`EntityLinker.split`):

``exact``            same folded name (``إيمانويل ماكرون`` = ``ايمانويل ماكرون``)
``clitic``           the same name under a proclitic (``وماكرون``, ``لدارمانان``, ``بالرباط``)
``typo``             a spelling variant (see :func:`spelling_variant`: two letters swapped, a
                     long vowel added or dropped, a letter replaced by a look- or sound-alike)
                     of a name of five letters or more (``درامانان`` → ``دارمانان``), or of one
                     word of a longer name (``بعد الوافي لفتيت`` → ``عبد الوافي لفتيت``)
``truncated``        a cut-short spelling of a long word (``دارمان`` → ``دارمانان``)
``surname``          a one-word mention equal to the last word of one full name in the same
                     article, or of one known person only (``لفتيت`` → ``عبد الوافي لفتيت``)
``first-name``       a one-word mention equal to the first word of one full name in the same
                     article only (``جيرالد`` → ``جيرالد دارمانان``)
``full-name``        a full name whose last word is a known one-word entity
                     (``جيرالد دارمانان`` → ``دارمانان``)

Names sharing only a first name never merge: ``محمد السادس`` and ``محمد شقير`` stay apart, and a
bare ``محمد`` joins one of them only inside an article that names just one ``محمد``.
A spelling belongs to one entity, as the store keeps it: that bare ``محمد`` names the full name of
its article, but stays the spelling of the entity it joined first. So a linker read back from the
store links as the one that saved it did (a resumed rebuild gives the entities of one run).
The state is plain data (:meth:`EntityLinker.to_dict` / :meth:`EntityLinker.from_dict`); the
store keeps it as rows (:mod:`nashra.analysis.entity_stage`), and :meth:`EntityLinker.take_changes`
says what a batch of articles changed. Entity ids are derived from the type and the first
spelling (:func:`entity_id_for`), so two runs over the same articles give the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from nashra.language.ner import extract_entities
from nashra.language.ner.tagger import Mention
from nashra.language.ner.text import (
    MAX_CUT,
    MIN_FUZZY,
    damerau1,
    deletes,
    fold,
    is_truncation,
    proclitic_splits,
)

__all__ = [
    "Alias", "Entity", "EntityLinker", "LinkedMention", "article_entities", "entity_id_for", "name_key",
    "spelling_variant",
]


# Letters that transliteration and hurried typing swap for one another.
_ALIKE = [set("اوي"), set("تط"), set("سصث"), set("دضذ"), set("زذظ"), set("كقغ"), set("هحخ"), set("عغا")]


def spelling_variant(a: str, b: str) -> bool:
    """True when ``b`` is a plausible misspelling of ``a`` (one step, tighter than an edit):
    two neighbouring letters swapped (``دارمانان``/``درامانان``, ``عبد``/``بعد``), a long vowel
    ا/و/ي added or dropped (``بوريطة``/``بوريطه`` folded alike already; ``غوتيريش``/``غوتيرش``),
    or a letter replaced by a look- or sound-alike (``تبون``/``طبون``). Different families such as
    ``العلمي``/``العلوي`` are not variants."""
    if not damerau1(a, b):
        return False
    if len(a) != len(b):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
        return longer[i] in "اوي"
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) == 2:  # a swap
        return True
    x, y = a[diff[0]], b[diff[0]]
    return any(x in g and y in g for g in _ALIKE)


def entity_id_for(typ: str, key: str, taken: Callable[[str], bool] = lambda _id: False) -> str:
    """A stable id for a new entity of type ``typ`` first spelled ``key`` (``per-…``); a suffix
    is added when ``taken`` says the id is in use (a split-off spelling that once started an entity)."""
    digest = hashlib.blake2b(f"{typ}\x00{key}".encode(), digest_size=5).hexdigest()
    base = f"{typ.lower()}-{digest}"
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def name_key(text: str) -> str:
    """The folded, space-joined form of a name: ``"إيمانويل  ماكرون"`` → ``"ايمانويل ماكرون"``."""
    return " ".join(fold(w) for w in text.split())


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention with the entity it was linked to, why, and the spelling (alias key) it counts as."""

    mention: Mention
    entity_id: str
    canonical_name: str
    reason: str
    key: str


@dataclass(slots=True)
class Alias:
    """One spelling of an entity and the evidence for it: why it joined, in which article
    first, and which known spelling it was matched to."""

    key: str
    surface: str
    reason: str
    article_id: str
    matched: str | None = None
    count: int = 0


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    aliases: dict[str, Alias] = field(default_factory=dict)
    _best: Alias | None = field(default=None, repr=False, compare=False)
    """The spelling that names it, kept as spellings are counted: a country named in every
    article has hundreds of spellings, too many to rank at each mention."""

    @property
    def name(self) -> str:
        """The canonical name: the spelling with most words, then the most used, then the shortest."""
        best = self._best
        if best is None or self.aliases.get(best.key) is not best:
            best = self._best = max(self.aliases.values(), key=_rank)
        return best.surface

    def counted(self, alias: Alias) -> None:
        """``alias`` was just added or counted again (counts only grow, so it is the only
        spelling that can have overtaken the one that names the entity)."""
        if self._best is not None and _rank(alias) > _rank(self._best):
            self._best = alias


def _rank(alias: Alias) -> tuple[int, int, int, str]:
    """Most words, then most used, then shortest, then the greatest key (so that the name does
    not depend on the order the spellings were read in)."""
    return len(alias.key.split()), alias.count, -len(alias.key), alias.key


_FEW = 8  # entities a word of an index holds in a tuple; beyond, in a set


class _Postings:
    """Word → the ids of the entities it points to, by entity type. Most words point to one
    entity, kept as its id alone, and most others to a few, kept in a tuple: a set for each would
    cost 216 bytes, and the deletion index holds about ten words a spelling.

    With ``hashed``, a word is kept as its ``hash()`` (an int of 36 bytes, where the Arabic
    string takes 80 to 100). This is for an index whose hits are candidates checked again against
    the spellings themselves (the deletion index): a collision between two 64-bit hashes could
    only add a candidate, which the check turns away. Hashes of strings differ from one process
    to the next, so the index is never pickled; the linker is rebuilt from the store instead."""

    __slots__ = ("_by_type", "_hashed")

    def __init__(self, *, hashed: bool = False) -> None:
        self._by_type: dict[str, dict[str | int, str | tuple[str, ...] | set[str]]] = {}
        self._hashed = hashed

    def add(self, typ: str, word: str, entity_id: str) -> None:
        words = self._by_type.setdefault(typ, {})
        kept = hash(word) if self._hashed else word
        held = words.get(kept)
        if held is None:
            words[kept] = entity_id
        elif isinstance(held, set):
            held.add(entity_id)
        elif isinstance(held, str):
            if held != entity_id:
                words[kept] = (held, entity_id)
        elif entity_id not in held:
            words[kept] = held + (entity_id,) if len(held) < _FEW else {*held, entity_id}

    def get(self, typ: str, word: str) -> Collection[str]:
        held = self._by_type.get(typ, {}).get(hash(word) if self._hashed else word, ())
        return (held,) if isinstance(held, str) else held

    def clear(self) -> None:
        self._by_type.clear()


class EntityLinker:
    """Links mentions to entities across articles; see the module docstring for the rules."""

    STATE_VERSION: ClassVar[int] = 2
    """The version of :meth:`to_dict`'s shape."""
    RULES_VERSION: ClassVar[int] = 1
    """Raise it when a change to the rules links the same mentions differently: databases
    whose entities an older version built are then told to rebuild them (``nashra relink``)."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._changed: set[tuple[str, str]] = set()  # (entity id, alias key) since take_changes
        # Indexes by entity type: spelling → entity, and last word / its deletion neighbours and
        # cut-short forms → entities (see _Postings).
        self._by_key: dict[str, dict[str, str]] = {}
        self._by_last = _Postings()
        self._by_delete = _Postings(hashed=True)

    # ---------------------------------------------------------------- linking
    def link(self, article_id: str, mentions: Sequence[Mention]) -> list[LinkedMention]:
        """Link the mentions of one article, in their order; longer names are resolved first so
        that ``دارمانان`` can join the ``جيرالد دارمانان`` of the same article."""
        order = sorted(range(len(mentions)), key=lambda i: -len(mentions[i].text.split()))
        local: dict[str, list[tuple[list[str], str]]] = {}  # type → (words, entity id) of full names
        done: dict[int, LinkedMention] = {}
        for i in order:
            m = mentions[i]
            words = [fold(w) for w in m.text.split()]
            if not words:
                continue
            ent_id, key, reason, matched = self._resolve(words, m.type, local.get(m.type, []))
            ent = self.entities.get(ent_id) if ent_id else None
            if ent is None:
                key = self._new_key(words)
                if owner := self._by_key.get(m.type, {}).get(key):  # the new key is a known spelling
                    ent, reason, matched = self.entities[owner], "exact", key
                else:
                    ent = self._new_entity(m.type, key)
                    reason, matched = "new", None
            self._add_alias(ent, key, _surface(m.text, key), reason, article_id, matched)
            if len(key.split()) > 1:
                local.setdefault(m.type, []).append((key.split(), ent.id))
            done[i] = LinkedMention(m, ent.id, "", reason, key)
        return [
            LinkedMention(lm.mention, lm.entity_id, self.entities[lm.entity_id].name, lm.reason, lm.key)
            for lm in (done[i] for i in sorted(done))
        ]

    def _resolve(self, words: list[str], typ: str, local: list[tuple[list[str], str]]
                 ) -> tuple[str | None, str, str, str | None]:
        """(entity id or None, alias key, reason, matched alias) for one mention."""
        readings = [(c, [rest, *words[1:]]) for c, rest in proclitic_splits(words[0])]
        if len(words) == 1 and typ == "PER":  # a full name of this article comes first
            for _clitic, (w,) in readings:
                if (found := _in_article(w, local)):
                    return found[0], w, found[1], found[2]
        for clitic, ws in readings:  # exact, then under a proclitic
            key = " ".join(ws)
            if (ent := self._by_key.get(typ, {}).get(key)):
                return ent, key, "clitic" if clitic else "exact", key
        for _clitic, ws in readings:
            key = " ".join(ws)
            if len(ws) == 1:
                found = self._one_word(ws[0], typ)
            else:
                found = self._full_name(ws, typ)
            if found:
                return found[0], key, found[1], found[2]
        return None, " ".join(words), "new", None

    def _one_word(self, w: str, typ: str) -> tuple[str, str, str] | None:
        if typ == "PER":
            hits = self._by_last.get(typ, w)
            if len(hits) == 1:
                return next(iter(hits)), "surname", w
        return self._fuzzy(w, typ)

    def _full_name(self, ws: list[str], typ: str) -> tuple[str, str, str] | None:
        last = ws[-1]
        single = self._by_key.get(typ, {}).get(last)
        if single and typ == "PER" and len(self.entities[single].name.split()) == 1:
            return single, "full-name", last
        # one word mistyped, the others intact: بعد الوافي لفتيت → عبد الوافي لفتيت,
        # جيرالد درامانان → جيرالد دارمانان (a short word may differ only in a name of 3+ words)
        candidates = set(self._by_last.get(typ, last))
        for d in deletes(last) if len(last) >= MIN_FUZZY else ():
            candidates.update(self._by_delete.get(typ, d))
        for ent_id in sorted(candidates):
            if matched := [a.key for a in self.entities[ent_id].aliases.values() if _one_word_mistyped(ws, a.key)]:
                return ent_id, "typo", min(matched)  # the least key: the same whatever the spellings' order
        return None

    def _fuzzy(self, w: str, typ: str) -> tuple[str, str, str] | None:
        if len(w) < MIN_FUZZY:
            return None
        found: dict[str, tuple[str, str]] = {}
        for d in {w, *deletes(w), *_prefixes(w)}:
            for ent_id in self._by_delete.get(typ, d):
                for alias in self.entities[ent_id].aliases.values():
                    part = alias.key.split()[-1]
                    if spelling_variant(w, part):
                        why = ("typo", part)
                    elif is_truncation(w, part) or is_truncation(part, w):
                        why = ("truncated", part)
                    else:
                        continue
                    # a typo before a truncation, then the least spelling: the same whatever the order
                    if ent_id not in found or _evidence(why) < _evidence(found[ent_id]):
                        found[ent_id] = why
        if len(found) == 1:
            ent_id, (reason, matched) = found.popitem()
            return ent_id, reason, matched
        return None

    # ---------------------------------------------------------------- state changes
    def _new_key(self, words: list[str]) -> str:
        """Key of a new entity: a leading و/ف and an article-bearing proclitic chain are dropped
        (``والرباط`` → ``الرباط``, ``وماكرون`` → ``ماكرون``); a bare ب/ل/ك is kept because many
        names begin with those letters (بوريطة، لفتيت، كريم)."""
        first = words[0]
        for clitic, rest in proclitic_splits(first)[1:]:
            if rest.startswith("ال") and clitic in {"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"}:
                return " ".join([rest, *words[1:]])
        if first[:1] in "وف" and len(first) >= 6:
            return " ".join([first[1:], *words[1:]])
        return " ".join(words)

    def _new_entity(self, typ: str, key: str) -> Entity:
        ent = Entity(entity_id_for(typ, key, self.entities.__contains__), typ)
        self.entities[ent.id] = ent
        return ent

    def _add_alias(self, ent: Entity, key: str, surface: str, reason: str, article_id: str,
                   matched: str | None) -> None:
        alias = ent.aliases.get(key)
        if alias is None:
            if self._by_key.get(ent.type, {}).get(key, ent.id) != ent.id:
                # A spelling belongs to one entity, as the store keeps it. A bare محمد joined to the
                # محمد of this article's full name stays the spelling of the entity it named first.
                return
            alias = ent.aliases[key] = Alias(key, key if surface == key else surface, reason, article_id, matched)
            self._index(ent, alias)
        alias.count += 1
        ent.counted(alias)
        self._changed.add((ent.id, key))

    def _index(self, ent: Entity, alias: Alias) -> None:
        typ = ent.type
        self._by_key.setdefault(typ, {}).setdefault(alias.key, ent.id)
        words = alias.key.split()
        if len(words) > 1:
            self._by_last.add(typ, words[-1], ent.id)
        last = words[-1]
        if len(last) >= MIN_FUZZY:
            # Not through deletes' cache, which serves the words of mentions: holding every
            # spelling's deletions, it would keep alive the strings the index keeps as hashes.
            for d in {last, *deletes.__wrapped__(last), *_prefixes(last)}:
                self._by_delete.add(typ, d, ent.id)

    def _reindex(self) -> None:
        self._by_key.clear()
        self._by_last.clear()
        self._by_delete.clear()
        for ent in self.entities.values():
            for alias in ent.aliases.values():
                self._index(ent, alias)

    def split(self, entity_id: str, alias_keys: Iterable[str]) -> str:
        """Undo merges: move the given aliases (keys) of an entity to a new entity; returns its id."""
        ent = self.entities[entity_id]
        moved = [ent.aliases.pop(k) for k in list(alias_keys) if k in ent.aliases]
        if not moved or not ent.aliases:
            raise ValueError("split needs some, not all, of the entity's aliases")
        new = self._new_entity(ent.type, moved[0].key)
        for alias in moved:
            alias.reason, alias.matched = "split", None
            new.aliases[alias.key] = alias
            self._changed.add((new.id, alias.key))
        self._reindex()
        return new.id

    def adopt(self, entity: Entity) -> None:
        """Take in an entity as it is, with its id and spellings (a moderator's split kept through
        a rebuild: its spellings link to it from the start); they count as changed."""
        self.entities[entity.id] = entity
        for alias in entity.aliases.values():
            self._index(entity, alias)
            self._changed.add((entity.id, alias.key))

    def take_changes(self) -> list[tuple[Entity, list[Alias]]]:
        """The entities whose spellings changed (new, or counted again) since the last call, each
        with those spellings; the next call starts afresh."""
        by_entity: dict[str, list[Alias]] = {}
        for ent_id, key in sorted(self._changed):
            ent = self.entities.get(ent_id)
            if ent is not None and key in ent.aliases:
                by_entity.setdefault(ent_id, []).append(ent.aliases[key])
        self._changed.clear()
        return [(self.entities[ent_id], aliases) for ent_id, aliases in by_entity.items()]

    def explain(self, entity_id: str) -> list[dict[str, Any]]:
        """Why each spelling belongs to the entity: ``[{"alias", "reason", "matched", "article_id"}]``."""
        return [
            {"alias": a.surface, "key": a.key, "reason": a.reason, "matched": a.matched, "article_id": a.article_id}
            for a in self.entities[entity_id].aliases.values()
        ]

    # ---------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.STATE_VERSION,
            "entities": [
                {
                    "id": e.id, "type": e.type,
                    "aliases": [
                        {"key": a.key, "surface": a.surface, "reason": a.reason,
                         "article_id": a.article_id, "matched": a.matched, "count": a.count}
                        for a in e.aliases.values()
                    ],
                }
                for e in self.entities.values()
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityLinker:
        if data.get("version") != cls.STATE_VERSION:
            raise ValueError(f"unknown entity linker state version: {data.get('version')!r}")
        linker = cls()
        # One string object for every equal value read (a store gives each row its own): the
        # types, reasons and first articles that spellings share, a surface equal to its key.
        shared: dict[str, str] = {}
        one = shared.setdefault
        for e in data["entities"]:
            ent = Entity(e["id"], one(e["type"], e["type"]))
            for a in e["aliases"]:
                key, surface, matched = a["key"], a["surface"], a["matched"]
                ent.aliases[key] = Alias(
                    key, key if surface == key else surface, one(a["reason"], a["reason"]),
                    one(a["article_id"], a["article_id"]), key if matched == key else matched, a["count"],
                )
            linker.entities[ent.id] = ent
        linker._reindex()
        return linker


def article_entities(linked: Sequence[LinkedMention]) -> list[dict[str, Any]]:
    """One article's entities in the shape of ``show --json``: ``[{"id", "name", "type",
    "mentions"}]``, in order of first mention, each with its distinct surface forms."""
    out: dict[str, dict[str, Any]] = {}
    for lm in linked:
        ent = out.setdefault(lm.entity_id, {"id": lm.entity_id, "name": lm.canonical_name,
                                            "type": lm.mention.type, "mentions": []})
        if lm.mention.text not in ent["mentions"]:
            ent["mentions"].append(lm.mention.text)
    return list(out.values())


def _one_word_mistyped(ws: list[str], key: str) -> bool:
    """The name ``ws`` is the spelling ``key`` with one word mistyped (a short word only in a
    name of three words or more)."""
    other = key.split()
    if len(other) != len(ws):
        return False
    diff = [(a, b) for a, b in zip(ws, other, strict=True) if a != b]
    return len(diff) == 1 and spelling_variant(*diff[0]) and (len(ws) >= 3 or len(diff[0][0]) >= MIN_FUZZY)


def _evidence(why: tuple[str, str]) -> tuple[bool, str]:
    return why[0] != "typo", why[1]


def _in_article(w: str, local: list[tuple[list[str], str]]) -> tuple[str, str, str] | None:
    """The one full name of the article whose last (then first) word is ``w``, if exactly one."""
    for pos, reason in ((-1, "surname"), (0, "first-name")):
        hits = {ent: " ".join(ws) for ws, ent in local if ws[pos] == w}
        if len(hits) == 1:
            ent, full_name = hits.popitem()
            return ent, reason, full_name
        if hits:
            return None
    return None


def _surface(text: str, key: str) -> str:
    """The mention text without the proclitic letters its key dropped: ``وماكرون`` → ``ماكرون``."""
    cut = len(name_key(text)) - len(key)
    return text.lstrip()[cut:] if cut > 0 else text



def _prefixes(word: str) -> list[str]:
    """Cut-short forms of ``word`` that :func:`_truncated` accepts (``دارمانان`` → ``دارمان`` …)."""
    return [word[:n] for n in range(max(MIN_FUZZY, len(word) - MAX_CUT), len(word))]


def tag_text(text: str) -> list[dict[str, str]]:
    """``analyze --json``'s ``entities`` for one text: each mention the tagger finds, with the
    id of the entity it links to within that text (``{"text", "type", "entity_id"}``)."""
    linked = EntityLinker().link("text", extract_entities(text))
    return [
        {"text": lm.mention.text, "type": lm.mention.type, "entity_id": lm.entity_id}
        for lm in linked
    ]
