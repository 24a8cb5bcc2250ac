"""What a paragraph is about at a given word, and "it" / "they" that have things ("It has a red collar").

Why: paragraph prompts name a thing, then say what it has in a sentence of their own: "A dog sits by a
fence. It has a red collar.", "The numbers are black." (the clock's). Without knowing whose, the collar
floats free and the numbers are lost. The thing a sentence is about is the first thing it names before the
word; failing that, the previous sentence's subject, else the first thing that sentence names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.verbs import lemma

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

_OWNING = frozenset({"it", "they"})  # she / he are people: agent.planners.read_pronouns


def topic_before(reader: _Reader, t: Token) -> int | None:
    """The entity the paragraph is about at ``t`` (see the module doc), or None when nothing was named."""
    sent = t.sent
    here = [k for i, k in sorted(reader.entity_of.items()) if sent.start <= i < t.i and reader.doc[i].pos_ != "PRON"]
    if here:
        return here[0]
    if sent.start == 0:
        return None
    prev = reader.doc[sent.start - 1].sent
    named = [(i, k) for i, k in sorted(reader.entity_of.items()) if prev.start <= i < prev.end]
    subjects = [k for i, k in named if reader.doc[i].dep_ in ("nsubj", "nsubjpass")]
    return subjects[0] if subjects else named[0][1] if named else None


def owning_pronouns(reader: _Reader) -> None:
    """Map "it" / "they" that have something ("It has a red collar", "they have white tusks") to the thing the
    paragraph is about, so that what they have hangs on it. "They" names a group said before it (people or
    animals first: "two elephants ... trees ... they have white tusks"). Body parts are left to the part
    reader (:mod:`agent.planners.read_parts`), which finds their owners itself."""
    parts = {n.tok.i for n in reader.nouns if n.role == "bodypart"}  # the part reader finds their owners
    for t in reader.doc:
        if t.lower_ not in _OWNING or t.dep_ != "nsubj" or lemma(t.head) != "have" or t.i in reader.entity_of \
                or any(c.i in parts for c in t.head.children):
            continue
        owner = topic_before(reader, t)
        if t.lower_ == "they":
            groups = [k for i, k in sorted(reader.entity_of.items()) if i < t.i and reader.out.entities[k].count > 1]
            alive = [k for k in groups if reader.kinds[k] in ("p", "a")]
            topic = [owner] if owner in groups else []  # "Two leopards rest ... They have": WordNet's leopard is a pelt
            owner = (alive or topic or groups or [owner])[-1]
        if owner is not None:
            reader.entity_of[t.i] = owner
