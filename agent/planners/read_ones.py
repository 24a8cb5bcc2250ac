"""Coreference of "the one ..." (an instance picked out of a group said before), and supports shared by
things said to be next to each other.

Why: "there are two motorcycles; the one in front is white and the one behind it is black" speaks of two
motorcycles, each with its own colour and place. "one" with a definite determiner is no new thing: it names
one instance of the nearest group of several said before it, and the phrase after it says where that
instance stands (in front, behind, on the left, on the right) against the group's other instances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.parsed import Entity, RelationSpec
from agent.planners.read_nouns import determiner
from agent.vocab.priors import size_prior

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

_PICKING = frozenset({"the", "this", "that", "other"})
# The place said after "the one", as a relation to the group's other instance.
_PLACE = {("in", "front"): "in front of", ("at", "front"): "in front of", ("in", "back"): "behind",
          ("on", "left"): "left of", ("to", "left"): "left of", ("on", "right"): "right of",
          ("to", "right"): "right of", ("at", "left"): "left of", ("at", "right"): "right of",
          ("at", "top"): "above", ("on", "top"): "above", ("at", "bottom"): "below"}


def pick_ones(reader: _Reader) -> None:
    """Each "the one ..." becomes one instance split off the group it picks from, with the relation its
    place phrase states to the group's other instance (in place on ``reader``)."""
    picked: dict[int, list[tuple[Token, int]]] = {}
    for t in reader.doc:
        if t.lower_ != "one" or t.pos_ not in ("NOUN", "PRON") or t.i in reader.entity_of \
                or determiner(t) not in _PICKING:
            continue
        group = _group_before(reader, t, picked)
        if group is None:
            continue
        ent = reader.out.entities[group]
        ent.count -= 1
        reader.out.entities.append(Entity(name=ent.name, count=1, modifiers=list(ent.modifiers)))
        reader.kinds.append(reader.kinds[group])
        reader.entity_of[t.i] = len(reader.out.entities) - 1
        picked.setdefault(group, []).append((t, len(reader.out.entities) - 1))
    for group, ones in picked.items():
        reader.picked[group] = [k for _, k in ones]
        for t, k in ones:
            others = [j for _, j in ones if j != k] or ([group] if reader.out.entities[group].count else [])
            relation = _place(t)
            if relation is not None and others:
                reader.out.relations.append(RelationSpec(subject=k, relation=relation, object=others[0]))


def _group_before(reader: _Reader, t: Token, picked: dict[int, list[tuple[Token, int]]]) -> int | None:
    """The nearest entity said before ``t`` that has several instances to pick from (or the last one left of
    a group already picked from: "the one on the left ..., the one on the right ...")."""
    for i in sorted((i for i in reader.entity_of if i < t.i), reverse=True):
        k = reader.entity_of[i]
        if reader.out.entities[k].count >= 2 or k in picked and reader.out.entities[k].count >= 1:
            return k
    return None


def _place(t: Token) -> str | None:
    """The relation the phrase after "the one" states: "in front" -> in front of, "behind it" -> behind,
    "on the left" -> left of."""
    for c in t.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in ("behind", "above", "below", "under"):
            return {"under": "below"}.get(c.lower_, c.lower_)
        for g in c.children:
            if g.dep_ == "pobj" and (c.lower_, g.lower_) in _PLACE:
                return _PLACE[(c.lower_, g.lower_)]
    return None


def share_picked(reader: _Reader) -> None:
    """A group whose every instance was picked out is gone; what was said of the group holds for each
    instance ("two cups stand on a table; the one on the left is red ...": both cups on the table)."""
    ents = reader.out.entities
    for group, ks in reader.picked.items():
        if ents[group].count:
            continue
        for r in list(reader.out.relations):
            if r.subject == group:
                reader.out.relations += [RelationSpec(k, r.relation, r.object, r.object2) for k in ks]
            elif r.object == group:
                reader.out.relations += [RelationSpec(r.subject, r.relation, k, r.object2) for k in ks]
        for k in ks:
            ents[k].color = ents[k].color or ents[group].color
            ents[k].anchor = ents[k].anchor or ents[group].anchor


def share_support(reader: _Reader) -> None:
    """A thing said to be next to something that rests on or in a support rests there too, when it is
    smaller than the support, rests on nothing else and is no person ("a bottle on the table next to a plate": the plate
    is on the table; "he is in bed, a cat right next to him": the cat is in the bed)."""
    ents = reader.out.entities
    for r in list(reader.out.relations):
        if r.relation not in ("next to", "near"):
            continue
        for a, b in ((r.subject, r.object), (r.object, r.subject)):
            held = ents[a].anchor
            if held is None or held[0] not in ("on", "in") or ents[b].anchor is not None or held[1] == b:
                continue
            if b >= len(reader.kinds):
                continue  # a setting a relation made a thing (a strip of ground) rests on nothing
            if reader.kinds[b] != "p" and _area(ents[b].name) < _area(ents[held[1]].name):
                ents[b].anchor = held  # not a person: "a man on a bench next to a woman" is no lap


def _area(name: str) -> float:
    w, h = size_prior(name)
    return w * h
