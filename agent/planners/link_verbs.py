"""Relations a verb states rather than a preposition.

- "an astronaut riding a horse": the rider is on top of what it rides;
- "a table topped with bags", "a bed covered with pillows", "a bowl filled with fruit", "a house
  surrounded by trees": the passive verb's "with" / "by" things stand in a place to its subject;
- "sofa has pillow", "a wall with a screen", "a Christmas tree with lights": a thing (not a person or an
  animal, who would hold or wear it) that has another thing carries it on its face (anchor ``part_of``,
  drawn over its upper half), unless the reader anchored it already (worn, held, contained).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.planners import tokens as T
from agent.planners.link_ends import PLACING, VIEWERS
from agent.planners.parsed import Parsed, RelationSpec
from agent.planners.read_anchors import subject_of
from agent.vocab.priors import DEFAULT_SIZE, size_prior

_VERB_RELATIONS = {"ride": "on top of", "mount": "on top of", "straddle": "on top of", "top": "on top of"}
_VERB_FORM_RELATIONS = {form: rel for verb, rel in _VERB_RELATIONS.items() for form in T.verb_forms(verb)} | {
    "rode": "on top of", "ridden": "on top of"}  # the tagger's lemma of "riding" is sometimes "rid"
# passive verb + with/by -> (relation of the with/by thing to the subject, anchor kind or None)
_PASSIVE = {"top": ("on top of", "on"), "cover": ("on top of", "on"), "pile": ("on top of", "on"),
            "stack": ("on top of", "on"), "load": ("on top of", "on"), "heap": ("on top of", "on"),
            "fill": ("in", "in"), "stuff": ("in", "in"), "surround": ("near", None), "line": ("next to", None),
            "decorate": ("on top of", "part_of"), "cover_by": ("on top of", "on")}
_PASSIVE_FORMS = {form: verb for verb in _PASSIVE for form in T.verb_forms(verb) if form.endswith("ed")}
_HAVE = frozenset({"has", "have", "had", "having"})
_CONTAIN = frozenset(T.verb_forms("contain"))
_TAKE_FROM = frozenset().union(*(T.verb_forms(v) for v in ("eat", "drink", "sip", "scoop", "pick", "take", "pour"))
                               ) | {"ate", "eaten", "drank", "drunk", "took", "taken"}  # "eating food from a plate"


def _verb_subject(v: Token, entity_of: dict[int, int]) -> int | None:
    s = subject_of(v)
    return entity_of.get(s.i) if s is not None else None


def _with_objects(v: Token, entity_of: dict[int, int], preps: tuple[str, ...]) -> list[int]:
    """Entities after the verb's with/by preposition, with their conjuncts ("bags and purses")."""
    out = []
    for p in v.children:
        if p.dep_ == "prep" and p.text.lower() in preps:
            for g in p.children:
                if g.dep_ == "pobj":  # "bags of luggage and purses": the tagger joins purses to luggage
                    more = [c for o in _of_objects(g) for c in o.conjuncts] if g.i in entity_of else []
                    for t in (g, *g.conjuncts, *more):
                        t = _through_of(t, entity_of)
                        if t.i in entity_of:
                            out.append(entity_of[t.i])
    return out


def _through_of(t: Token, entity_of: dict[int, int]) -> Token:
    """ "bags of luggage": the bags (already an entity) or what a quantity noun counts."""
    if t.i in entity_of:
        return t
    objs = _of_objects(t)
    return objs[0] if objs else t


def _of_objects(t: Token) -> list[Token]:
    return [g for c in t.children if c.dep_ == "prep" and c.text.lower() == "of" for g in c.children
            if g.dep_ == "pobj"]


def verb_relations(doc: Doc, out: Parsed, entity_of: dict[int, int], agents: set[int]) -> None:
    """Relations from riding, passive with-verbs, containing, taking from and having (see the module doc).

    Args:
        doc: the parsed prompt.
        out: the parse being built (relations and anchors are added).
        entity_of: token index -> entity index.
        agents: entities that are people or animals (they hold or wear what they have).
    """
    for t in doc:
        low = t.text.lower()
        if t.pos_ not in ("VERB", "NOUN", "AUX", "ADJ"):
            continue
        rel = _VERB_FORM_RELATIONS.get(low)
        if rel is not None and t.pos_ in ("VERB", "NOUN"):
            obj = next((entity_of[c.i] for c in t.children if c.dep_ == "dobj" and c.i in entity_of), None)
            subj = _verb_subject(t, entity_of)
            if obj is not None and subj is not None and subj != obj:
                out.relations.append(RelationSpec(subj, rel, obj))
        host = _verb_subject(t, entity_of)
        if low in _PASSIVE_FORMS and host is not None:
            rel, anchor = _PASSIVE[_PASSIVE_FORMS[low]]
            for thing in _with_objects(t, entity_of, ("with", "by", "in")):
                _link(out, thing, rel, host, anchor)
        elif low in _CONTAIN and t.pos_ == "VERB" and host is not None:
            for thing in _dobjs(t, entity_of):  # "your spine contains a tunnel", "a box containing apples"
                _link(out, thing, "in", host, "in")
        elif low in _TAKE_FROM and t.pos_ == "VERB":
            for container in _with_objects(t, entity_of, ("from",)):
                for thing in _dobjs(t, entity_of):
                    _link(out, thing, "in", container, "in")
        elif low in _HAVE and t.pos_ in ("VERB", "AUX") and host is not None and host not in agents:
            for thing in _dobjs(t, entity_of):
                _link(out, thing, "", host, "part_of")


def _dobjs(v: Token, entity_of: dict[int, int]) -> list[int]:
    """The entities a verb acts on, with their conjuncts ("has a window and a door")."""
    return [entity_of[g.i] for c in v.children if c.dep_ == "dobj" for g in (c, *c.conjuncts) if g.i in entity_of]


def with_parts(doc: Doc, out: Parsed, entity_of: dict[int, int], agents: set[int]) -> None:
    """ "a wall with a screen", "a plate with food": a thing's smaller things sit on its face.

    Args:
        doc: the parsed prompt.
        out: the parse being built (anchors are added).
        entity_of: token index -> entity index.
        agents: entities that are people or animals ("a man with a hat" is worn, read elsewhere).
    """
    for t in doc:
        if t.dep_ != "prep" or t.text.lower() != "with":
            continue
        host = entity_of.get(t.head.i, _seen_object(t, entity_of))
        host = _placed_on(t, entity_of) if host is None else host
        if host is None or host in agents:
            continue
        for g in t.children:
            if g.dep_ == "pobj" and not any(c.dep_ == "prep" for c in g.children):  # not "with the road behind it"
                for c in (g, *g.conjuncts):
                    if c.i in entity_of and _smaller(out.entities[entity_of[c.i]].name, out.entities[host].name):
                        _link(out, entity_of[c.i], "", host, "part_of")


def _placed_on(with_tok: Token, entity_of: dict[int, int]) -> int | None:
    """ "writing the words on a blackboard, with formulas and diagrams": a with-phrase on a verb that puts
    things somewhere is said of the surface it puts them on, not of the writer."""
    v = with_tok.head
    if v.pos_ != "VERB" or not any(v.lower_ in T.verb_forms(b) for b in PLACING):
        return None
    return next((entity_of[g.i] for c in v.children if c.dep_ == "prep" and c.lower_ in ("on", "onto", "in")
                 for g in c.children if g.dep_ == "pobj" and g.i in entity_of), None)


def _seen_object(with_tok: Token, entity_of: dict[int, int]) -> int | None:
    """ "I can see the plate with food": the tagger hangs "with" on the viewer's verb; the host is its object."""
    v = with_tok.head
    s = subject_of(v) if v.pos_ in ("VERB", "AUX") else None
    if v.pos_ not in ("VERB", "AUX") or s is not None and s.text.lower() not in VIEWERS:
        return None
    return next((entity_of[c.i] for c in v.children if c.dep_ in ("dobj", "attr") and c.i < with_tok.i
                 and c.i in entity_of), None)


def _smaller(thing: str, host: str) -> bool:
    """Whether ``thing`` is small beside ``host`` by the size priors ("a table with chairs" is not a table
    carrying chairs); a host of unknown size carries anything ("a wall with a screen")."""
    hw, hh = size_prior(host)
    if (hw, hh) == DEFAULT_SIZE:
        return True
    tw, th = size_prior(thing)
    if (tw, th) == DEFAULT_SIZE:
        return hw * hh >= 0.1  # "a plate with food": a thing of unknown size on a plate-sized host
    return tw * th < 0.4 * hw * hh


def _link(out: Parsed, thing: int, rel: str, host: int, anchor: str | None) -> None:
    if thing == host:
        return
    ent = out.entities[thing]
    if anchor and ent.anchor is None and out.entities[host].anchor != ("part_of", thing):
        h = out.entities[host].anchor
        if h is None or h[1] != thing:
            ent.anchor = (anchor, host)
    if rel and rel != "in":
        out.relations.append(RelationSpec(thing, rel, host))
