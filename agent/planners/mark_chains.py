"""Catalogue captions that string their keywords into one noun chain: "Doctor icon sign symbol on nine round
buttons", "Heart icon sign on six vector circles".

Why apart: spaCy reads such a chain as one compound noun headed by its last word, so "icon" and "sign"
vanish into modifiers of "symbol". English compounds modify with one mark noun at most ("a map symbol", "a
logo sign"); two or more mark nouns in a row, with no article, are the stock site's keyword list, each its
own thing. A mark noun is one WordNet files under symbols and signs (an icon, a sign, a symbol, a logo, a
tag: :mod:`agent.vocab.marks`). The chain's first mark noun keeps the words before it ("Doctor icon": an
icon showing a doctor), and so does the chain's very first word ("Book icon sign": an icon of a book).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from agent.planners.parsed import RelationSpec
from agent.planners.read_nouns import determiner, singular_of
from agent.vocab.marks import is_mark_noun

if TYPE_CHECKING:
    from agent.planners.parse import _Reader


# Marks that are pictures of something: as a compound's head they show what comes before ("a warning sign
# icon" is an icon of a warning sign). Two marks before one of them are a compound, not a keyword list; a
# list needs a third mark or a head that depicts nothing ("heart icon sign").
DEPICTING = frozenset({"icon", "symbol", "pictogram", "emblem", "logo", "glyph"})


def is_mark(t: Token) -> bool:
    """A noun WordNet knows as a graphic mark ("icon", "sign", "symbol"; not "mail" or "book")."""
    return t.pos_ in ("NOUN", "PROPN") and t.is_alpha and is_mark_noun(singular_of(t))


def chain_of(head: Token) -> list[Token]:
    """The contiguous compound chain that ends at ``head`` ("Puzzle piece icon sign Symbol"), head last."""
    chain = [head]
    while chain[0].i > 0:
        prev = head.doc[chain[0].i - 1]
        if prev.dep_ != "compound" or prev.head.i not in {w.i for w in chain} or prev.pos_ not in ("NOUN", "PROPN"):
            break
        chain.insert(0, prev)
    return chain


def chain_items(head: Token) -> list[Token]:
    """The last word of each keyword in ``head``'s chain (the head itself last) when the chain lists marks,
    else ``[head]``. "Doctor icon sign symbol" -> icon, sign, symbol; "a map symbol" -> symbol."""
    chain = chain_of(head)
    if len(chain) < 3 or determiner(head) is not None or not (is_mark(chain[-1]) and is_mark(chain[-2])):
        return [head]
    marks = [w for w in chain if is_mark(w)]
    if len(marks) == 2 and singular_of(head) in DEPICTING:
        return [head]  # "a warning sign icon", "a dollar sign symbol": a picture of the mark before it
    return marks


def chain_heads(doc: Doc) -> set[int]:
    """Tokens inside a keyword chain that end a keyword of their own (all but the chain's head)."""
    out: set[int] = set()
    for t in doc:
        if t.dep_ == "compound" or t.pos_ not in ("NOUN", "PROPN"):
            continue
        out.update(w.i for w in chain_items(t)[:-1])
    return out


def read_chains(reader: _Reader) -> None:
    """Each keyword of a chain is described by its own words only ("Puzzle piece icon": a puzzle piece icon;
    "sign": a sign), shown on the next one (the icon on the sign, the sign on the symbol), and the chain's
    links are every keyword's ("... symbol on nine round buttons": all of them on the buttons)."""
    out, ent_of = reader.out, reader.entity_of
    for head in reader.doc:
        items = chain_items(head) if head.dep_ != "compound" and head.i in ent_of else [head]
        if len(items) < 2 or any(w.i not in ent_of for w in items):
            continue
        chain, ents = chain_of(head), [ent_of[w.i] for w in items]
        starts = [chain[0].i] + [w.i + 1 for w in items[:-1]]
        for start, w, k in zip(starts, items, ents):
            out.entities[k].modifiers = [x.lower_ for x in reader.doc[start:w.i] if x.is_alpha]
        links = [r for r in out.relations if r.subject == ents[-1] and r.object not in ents]
        for a, b in zip(ents, ents[1:]):
            out.relations.append(RelationSpec(subject=a, relation="on top of", object=b))
        out.relations += [RelationSpec(subject=k, relation=r.relation, object=r.object, object2=r.object2)
                          for k in ents[:-1] for r in links]
