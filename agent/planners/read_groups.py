"""Groups: nouns that name people acting together ("a young couple walking in the park", "a team
celebrating"), and a set counted after its title ("Oak Stool. Set of four bar stools").

Why: WordNet files "couple", "team", "crowd" under noun.group with no physical sense, so the noun table
calls them nothing to draw, and "a couple holding hands" lost the couple (and drew three loose hands).
A group that does something (the subject of a verb, or followed by a participle) with no "of" after it
("a couple of apples" counts apples) is people doing it: one object, which owns hands and holds things.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.opponents import side_of_vs
from agent.planners.read_nouns import Noun, determiner, lookup
from agent.vocab import NounKind
from agent.vocab import lexicon as L

if TYPE_CHECKING:
    from agent.planners.parse import _Reader


def acting_group(t: Token, kind: NounKind) -> bool:
    """Whether group noun ``t`` names people doing something ("a couple walking", "the team celebrates"), or
    a band of creatures named by a compound ("viking army", "zombie horde"; not "fisherman village", a place)."""
    if kind.kind != "g" or kind.drawable or any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False
    # the tagger may call "viking" a verb; "white lines" are no people
    if kind.alt == "-" and any(c.dep_ in ("compound", "amod") and c.i == t.i - 1 and c.pos_ != "ADJ"
                               and c.lower_ not in L.COLOR_WORDS
                               and (lookup(L.singular(c.lower_)) or NounKind("-")).kind in "pa" for c in t.children):
        return True
    acts = t.dep_ in ("nsubj", "nsubjpass", "npadvmod") and t.head.pos_ == "VERB"  # "a couple holding hands"
    if side_of_vs(t):
        return True  # "the police vs the mafia": a group facing another is people
    return acts or any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in t.children) or _with_people(t)


def _with_people(t: Token) -> bool:
    """ "a happy family with two kids", "a young couple with a baby", "a family with a dog": a group that has
    people or animals with it is people too (the ones the picture shows around them)."""
    withs = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    return any((lookup(L.singular(g.lower_)) or NounKind("-")).kind in "pa" for g in withs)


def titled_entity(reader: _Reader, n: Noun) -> int | None:
    """The entity a title sentence named ("Model 7 Chair."), bare and alone, that a counted noun of the same
    name in a later sentence counts ("Set of six chairs"): catalogue strings name the thing, then the set."""
    for i, k in reader.entity_of.items():
        m, ent = reader.doc[i], reader.out.entities[k]
        if ent.name == n.name and not ent.counted and ent.count == 1 and m.dep_ == "ROOT" \
                and determiner(m) is None and m.sent != n.tok.sent:
            return k
    return None
