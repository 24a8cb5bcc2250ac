"""Where a lettering object stands: with what it is made of, or in what it is served with.

A text named by a lettering noun and written on nothing becomes a thing of its own (:mod:`read_texts`:
"the word 'BEE' made from bees", "3-d letters 'dessert' made from desserts"), made after the relations
were read, so no relation phrase points at it: "3-d letters made from desserts, arranged on a plate"
puts the desserts on the plate (the phrase's subject is the quote, which is no thing, so the linker takes
the thing named before). Two readings of the grammar place the lettering:

- it is made of a material the prompt names (a made-verb "made / formed / spelled from, of, out of, in"
  on the quote or the lettering noun): it stands where its material stands, so the material's relations
  and its anchor ("on a plate", "in a frame") hold for the lettering too;
- its lettering noun is what a thing comes "with" ("a bowl of soup with pasta letters that read ..."):
  it is in that thing when it is a container, else on it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.planners.parsed import Parsed, RelationSpec
from agent.planners.read_nouns import lookup
from agent.planners.read_texts import LETTERING_NOUNS
from agent.scene import LETTERING

_MADE = frozenset({"made", "formed", "spelled", "spelt", "shaped", "built", "sculpted", "carved", "composed",
                   "constructed", "written", "crafted", "created"})
_OF = frozenset({"from", "of", "out", "in", "with", "by"})


def place_lettering(doc: Doc, out: Parsed, entity_of: dict[int, int], quoted: set[int]) -> None:
    """Give each lettering object (see the module doc) the place of its material or of its host.

    Args:
        doc: the parsed prompt; out: the parse (its entities and relations are updated).
        entity_of: token -> entity; quoted: the tokens of the texts to write (inside quotes, after "says").
    """
    letterings = [k for k, e in enumerate(out.entities) if LETTERING in e.modifiers and e.anchor is None]
    if not letterings:
        return
    materials = [m for t in doc if (m := _material(t, entity_of, quoted)) is not None]
    hosts = [h for t in doc if (h := _with_host(t, entity_of, quoted)) is not None]
    for k, lettering in enumerate(letterings):
        if k < len(materials):
            _stand_with(out, lettering, materials[k])
        elif k - len(materials) < len(hosts):
            host = hosts[k - len(materials)]
            kind = lookup(out.entities[host].name)
            out.entities[lettering].anchor = ("in" if kind is not None and kind.kind == "k" else "on", host)


def _lettering(t: Token, quoted: set[int]) -> bool:
    return t.i in quoted or t.lower_ in LETTERING_NOUNS


def _material(t: Token, entity_of: dict[int, int], quoted: set[int]) -> int | None:
    """The entity a made-verb at ``t`` says the lettering is made of ("letters 'joy' made from desserts")."""
    if t.lower_ not in _MADE or t.pos_ != "VERB" or not (_lettering(t.head, quoted) or any(
            c.dep_ in ("nsubj", "nsubjpass") and _lettering(c, quoted) for c in t.children)):
        return None
    for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in _OF):
        for obj in prep.subtree:
            if obj.dep_ == "pobj" and obj.i in entity_of:
                return entity_of[obj.i]
    return None


def _with_host(t: Token, entity_of: dict[int, int], quoted: set[int]) -> int | None:
    """The entity a lettering noun at ``t`` comes with ("a bowl of soup with pasta letters")."""
    if t.lower_ not in LETTERING_NOUNS or t.i in quoted or t.dep_ != "pobj" or t.head.lower_ != "with":
        return None
    return entity_of.get(t.head.head.i)


def _stand_with(out: Parsed, lettering: int, material: int) -> None:
    """The lettering takes its material's relations and anchor: it is where the material is."""
    mat = out.entities[material]
    if mat.anchor is not None and mat.anchor[1] != lettering:
        out.entities[lettering].anchor = mat.anchor
    for r in list(out.relations):
        if r.subject == material and r.object != lettering:
            out.relations.append(RelationSpec(lettering, r.relation, r.object, r.object2))
