"""Group nouns that act: "a young couple walking in the park", "a team celebrating", "the crowd cheers".

Why: WordNet files "couple", "team", "crowd" under noun.group with no physical sense, so the noun table
calls them nothing to draw, and "a couple holding hands" lost the couple (and drew three loose hands).
A group that does something (the subject of a verb, or followed by a participle) with no "of" after it
("a couple of apples" counts apples) is people doing it: one object, which owns hands and holds things.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.vocab import NounKind


def acting_group(t: Token, kind: NounKind) -> bool:
    """Whether group noun ``t`` names people doing something ("a couple walking", "the team celebrates")."""
    if kind.kind != "g" or kind.drawable or any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False
    acts = t.dep_ in ("nsubj", "nsubjpass", "npadvmod") and t.head.pos_ == "VERB"  # "a couple holding hands"
    return acts or any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in t.children)
