"""Links between the things of a prompt: relations ("left of", "between", "on"), absolute places ("in the
bottom left corner"), colours said after the noun ("The plane is white, red and black"), and colours
shared out over a counted group ("two dogs, one brown and one white").

Relation and place phrases are matched by their words (the lexicon's phrase tables, longest first); which
thing each phrase is about comes from the dependency arcs (the noun or the verb's subject the phrase
hangs on), not from word order.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from agent.planners import tokens as T
from agent.planners.bare_places import bare_place
from agent.planners.body_places import side_of_a_thing, thing_on_own_part
from agent.planners.colour_words import colour_phrase, is_colour
from agent.planners.link_ends import HANDS, POINTERS, SUPPORTS, Ends, through_of
from agent.planners.link_grounds import ground_things
from agent.planners.link_overhead import overhead_things
from agent.planners.link_settings import outdoor_words, place_setting, promote_settings
from agent.planners.parsed import Entity, Parsed, RelationSpec
from agent.planners.read_anchors import subject_of
from agent.planners.read_nouns import number_value
from agent.vocab import lexicon as L

REGION_OF = {
    "on the left": "left", "on the right": "right", "at the top": "top", "at the bottom": "bottom",
    "in the center": "center", "in the top left corner": "top left", "in the top right corner": "top right",
    "in the bottom left corner": "bottom left", "in the bottom right corner": "bottom right",
}
_ANCHORS = {"in": "in", "inside": "in", "at": None, "on top of": "on"}


@dataclass
class Phrase:
    start: int
    end: int  # exclusive token index
    kind: str  # rel | place
    value: str
    implicit: bool = False  # "candles on top": the object is the thing named before


def find_phrases(doc: Doc, skip: set[int]) -> list[Phrase]:
    """Relation and place phrases, longest match first, left to right, never inside quoted text."""
    low = [t.text.lower() for t in doc]
    out: list[Phrase] = []
    i = 0
    while i < len(doc):
        hit = None
        if i not in skip:
            for words, kind, value in T.PHRASES.get(low[i], ()):
                if kind in ("rel", "place") and tuple(low[i:i + len(words)]) == words:
                    hit = Phrase(i, i + len(words), kind, str(value))
                    break
        if hit is not None and hit.kind == "place" and side_of_a_thing(doc[hit.end - 1]):
            hit = None  # "rests on the left knee": the left knee is the thing, no place in the picture
        if hit is not None and hit.value == "on top of" and low[i:i + 2] == ["on", "top"] \
                and (i + 2 >= len(doc) or low[i + 2] != "of"):
            hit = Phrase(i, i + 2, "rel", "on top of", implicit=True)
        if hit is None and low[i] in L.RELATION_PHRASES and i not in skip and doc[i].pos_ == "ADP":
            hit = Phrase(i, i + 1, "rel", L.RELATION_PHRASES[low[i]])
        bare = bare_place(doc, i) if hit is None and i not in skip else None
        if bare is not None:  # "Right top there are trees"
            hit = Phrase(i, bare[0], "place", bare[1])
        if hit is not None:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


class Linker(Ends):
    """Wires relations, places and late colours onto the entities already made (``entity_of``: token -> entity)."""

    def __init__(self, doc: Doc, out: Parsed, entity_of: dict[int, int], background: dict[int, int],
                 backgrounds: list[str]) -> None:
        super().__init__(doc, entity_of, background)
        self.out = out
        self.backgrounds = backgrounds  # background phrases; ``background`` maps a token to its phrase

    # -- relations and places ---------------------------------------------------------------------------
    def link(self, phrases: list[Phrase]) -> None:
        rels = [ph for ph in phrases if ph.kind != "place"]
        self.rel_starts = [ph.start for ph in rels]
        promote_settings(self, [(ph.start, *self._object_of(ph)) for ph in rels  # "a beach at sunset": a time
                                if not ph.implicit and ph.value != "at"])
        ground_things(self, [(ph.start, ph.value, *self._object_of(ph)) for ph in rels if not ph.implicit],
                      [ph.start for ph in phrases if ph.kind == "place" and ph.value in REGION_OF])
        for ph in rels:
            self._relation(ph)
        for ph in phrases:  # after the relations: a place may name a setting they made a thing
            if ph.kind == "place":
                self._place(ph)
        outdoor_words(self.doc, self.backgrounds)  # "parked outside", "the background is blurred"
        overhead_things(self)  # "a robot with an overhead light": the light above the robot

    def _place(self, ph: Phrase) -> None:
        if ph.start > 0 and self.doc[ph.start - 1].text in ('"', "'", "”", "’") or self._text_next(ph.end):
            return  # a place for the text before or after it: the text reader handles it
        target = self.before(ph.start)  # "a bottle on the left and a dog on the right": the thing just named
        direct = target is not None
        prev = self.doc[ph.start - 1] if ph.start > self.doc[ph.start].sent.start else None
        if prev is None or prev.is_punct or prev.text.lower() in ("and", "while", "but"):
            later, tok = self.after(ph.end, stop=ph.end + 6)  # said first: "..., at the bottom a boat on the sea"
            if later is not None:
                target, direct = later, True
            elif tok is not None and tok.i in self.background and ph.value in REGION_OF:
                # "At the bottom there is grass": a strip of it there
                target, direct = place_setting(self, tok, ph.value, REGION_OF[ph.value]), True
        if target is None:  # "In the middle there should be a teddy bear": the thing named next
            target, _ = self.after(ph.end)
        if target is None:
            return
        ent = self.out.entities[target]
        if ent.place is None or direct:
            ent.place = ph.value
            ent.region = REGION_OF.get(ph.value)

    def _text_next(self, i: int) -> bool:
        """Whether a text follows ("At the top, the words ..."): that place is the text's."""
        while i < len(self.doc) and self.doc[i].is_punct and self.doc[i].text not in ('"', "“"):
            i += 1
        if i >= len(self.doc):
            return False
        t = self.doc[i]
        nxt = self.doc[i + 1].text.lower() if i + 1 < len(self.doc) else ""
        return t.text in ('"', "“") or t.text.lower() == "the" and nxt in ("words", "text", "word", "title", "caption")

    def _object_of(self, ph: Phrase) -> tuple[int | None, Token | None]:
        """The phrase's object: the noun its last preposition governs (or, failing a parse, the next noun)."""
        last = self.doc[ph.end - 1]
        for c in last.children:
            if c.dep_ in ("pobj", "dobj", "pcomp") and c.i >= ph.end and c.text.lower() not in ("a", "an", "the"):
                c = through_of(c, self.entity_of)  # "next to a pair of chopsticks": the chopsticks
                if c.i in self.entity_of:
                    return self.entity_of[c.i], c
                owner = self.owner_of_part(c, ph.start)
                if owner is not None:  # "a pumpkin on a man's head", "a plate on her lap"
                    return owner, c
                if c.i in self.background or c.pos_ == "PRON" or _reciprocal(c):
                    return None, c
                return self.after(c.i, stop=c.i + 1)
        found = self.after(ph.end, stop=ph.end + 4)
        return found if found[1] is not None else self._named_again(ph.end)

    def _named_again(self, i: int) -> tuple[int | None, Token | None]:
        """ "bench is left to suitcase" with "suitcase" tagged a verb: a word that names a thing already
        in the prompt is that thing."""
        names = {e.name: k for k, e in enumerate(self.out.entities) if e.count}
        for t in self.doc[i:min(i + 3, self.doc[i].sent.end if i < len(self.doc) else i)]:
            k = names.get(L.singular(t.text.lower()))
            if k is not None and t.is_alpha:
                return k, t
        return None, None

    def _relation(self, ph: Phrase) -> None:
        if ph.value == "side by side":  # "a horse and a cow side by side": the two things named before
            named = [e for e in dict.fromkeys(self.entity_of[j] for j in sorted(self.entity_of) if j < ph.start)]
            if len(named) >= 2:
                self.out.relations.append(RelationSpec(named[-2], "next to", named[-1]))
            return
        obj, tok = (None, None) if ph.implicit else self._object_of(ph)
        if ph.value == "in" and tok is not None and tok.lower_ in HANDS and self._held_in_hand(ph, tok):
            return
        subj = self.governor(self.doc[ph.start], support=ph.value in SUPPORTS)
        if ph.implicit and subj is not None:  # "candles on top": on the thing named before
            obj = subj - 1 if subj > 0 else None
        elif tok is not None and tok.pos_ == "PRON" and tok.text.lower() in POINTERS and subj is not None:
            obj = self.refers(tok, ph.start, not_this=subj)  # "a table with a cup on it", "in front of him"
            later, _ = self.after(tok.i + 1, stop=tok.i + 6)
            if obj is None and later is not None and later != subj:
                subj, obj = later, subj  # "there is a bench, behind it a large oak tree": the tree
        if tok is not None and subj is not None and _reciprocal(tok) and self.out.entities[subj].count >= 2 \
                and ph.value not in ("in", "at", "inside", "between"):
            self.out.relations.append(RelationSpec(subj, ph.value, subj))  # among its own instances
            return
        own = obj is not None and obj == subj and tok is not None and tok.i not in self.entity_of
        if own:  # "eating from a plate on her lap": the plate, not she
            subj = thing_on_own_part(self.entity_of, ph.start, obj)
        if obj is None or subj is None or obj == subj:
            return
        for s in self._with_conjuncts(subj, ph.start):
            self._add_relation(ph, s, obj, tok)
        if ph.value in SUPPORTS and not own:
            for d in self._handled(ph.start, subj, obj):
                self._add_relation(ph, d, obj, tok)

    def _handled(self, start: int, subj: int, obj: int) -> list[int]:
        """ "a bear playing the piano on a cloud", "a chef slicing bread on a board": the verb's place holds
        what its subject handles (the direct object, unless already hung on something) as well."""
        prep = self.doc[start]
        verb = prep.head
        if prep.dep_ != "prep" or verb.pos_ != "VERB":
            return []
        things = [self.entity_of[c.i] for c in verb.children if c.dep_ == "dobj" and c.i in self.entity_of]
        return [d for d in things if d not in (subj, obj) and self.out.entities[d].anchor is None]

    def _held_in_hand(self, ph: Phrase, hand: Token) -> bool:
        """ "a man in a suit and tie with a beer in his hand", "they hold umbrellas in their hands": the thing
        named last before the phrase is held by the hand's owner, the person "his" / "their" refers to
        (whatever the phrase hangs on in a shaky parse). False when there is no such pair."""
        poss = next((c for c in hand.children if c.dep_ == "poss"), None)
        if poss is None:
            return False
        people = sorted((j, e) for j, e in self.entity_of.items() if j < ph.start and e in self.person)
        owner = self.entity_of.get(poss.i) if poss.i in self.entity_of else people[-1][1] if people else None
        held = self.before(ph.start)
        if owner is None or held is None or held == owner or held in self.person:
            return False
        ent = self.out.entities[held]
        if ent.anchor is None or ent.anchor[0] != "in":
            ent.anchor = ("held_by", owner)
        return True

    def _with_conjuncts(self, subj: int, start: int) -> list[int]:
        """ "six red tulips and two white tulips in a vase": a phrase after a list is said of all of it."""
        toks = sorted(i for i, e in self.entity_of.items() if e == subj)
        out = [subj]
        for i in toks[:1]:  # a phrase said first ("On which I can see headlights, grilles and a plate"): all
            for c in listed(self.doc[i]):
                own = any(c.i < p < start for p in self.rel_starts)  # "an apple behind a bus, and a robot under
                if c.i in self.entity_of and (c.i < start and not own or i > start):  # the bus": not the apple
                    out.append(self.entity_of[c.i])
        return list(dict.fromkeys(out))

    def _add_relation(self, ph: Phrase, subj: int, obj: int, tok: Token | None) -> None:
        if subj == obj:
            return
        rel = ph.value
        if rel == "side by side":
            rel = "next to"
        if rel == "between":
            second = self._second(tok)
            if second is None and self.out.entities[obj].count >= 2:
                second = obj
            if second is not None:
                self.out.relations.append(RelationSpec(subj, "between", obj, second))
            return
        anchor = _ANCHORS.get(rel, "")
        if tok is not None and tok.i not in self.entity_of and tok.pos_ != "PRON" and anchor:
            if rel == "in" and tok.text.lower() in HANDS:
                anchor = "held_by"  # "a beer in his hand"
            elif tok.text.lower() not in ("head", "heads", "hat", "roof"):
                anchor = "part_of"  # "a cat on his lap": against the body, not on top of the head
        back = self.out.entities[obj].anchor
        if back is not None and back[1] == subj:  # "a man in a uniform": the uniform is worn by him
            return
        if anchor and self.out.entities[subj].anchor is None:
            self.out.entities[subj].anchor = (anchor, obj)
        if rel in ("in", "at", "inside"):
            return
        self.out.relations.append(RelationSpec(subj, rel, obj))

    def _second(self, tok: Token | None) -> int | None:
        if tok is None:
            return None
        for c in tok.conjuncts:
            if c.i in self.entity_of and c.i > tok.i:
                return self.entity_of[c.i]
        return None

    # -- colours said after the noun ------------------------------------------------------------------------
    def late_colours(self) -> None:
        """ "The plane is white, red and black", "a dog that is brown", "dressed in blue", "is a dark brown
        color", "The sky is blue" (a background: its phrase gets the colour)."""
        for t in self.doc:
            low = t.text.lower()
            colour = t
            if low in ("color", "colour") and t.dep_ in ("attr", "pobj", "acomp"):
                colour = next((c for c in t.children if c.text.lower() in L.COLOR_WORDS), t)
            if not is_colour(colour) or t.i in self.entity_of:
                continue
            if not (t.dep_ in ("acomp", "attr", "oprd") or t.dep_ == "pobj" and t.head.text.lower() == "in"
                    and t.head.head.pos_ in ("VERB", "AUX")):
                continue
            verb = t.head if t.dep_ != "pobj" else t.head.head
            s = subject_of(verb)
            if s is None:
                continue
            target = self.entity_of.get(s.i)
            if target is None and s.pos_ == "PRON":
                target = self.before(s.i) or self.earlier(s.i)  # "They are brown and black." (the birds)
            if target is not None and self.out.entities[target].color is None:
                self.out.entities[target].color = colour_phrase(colour)
            elif s.i in self.background:
                k = self.background[s.i]
                self.backgrounds[k] = f"{colour_phrase(colour)} {self.backgrounds[k]}"

    # -- colours shared out over a counted group ---------------------------------------------------------
    def distribute(self) -> None:
        """ "two dogs, one brown and one white" / "a red and a blue car"."""
        for run in self._colour_runs():
            self._share(run)

    def _colour_runs(self) -> list[list[tuple[int, str, int]]]:
        doc, runs, run = self.doc, [], []
        i = 0
        while i + 1 < len(doc):
            n, c = doc[i], doc[i + 1]
            article = 1 if n.text.lower() in ("a", "an") else None
            k = number_value(n) if n.like_num or n.text.lower() == "one" else article
            nxt = doc[i + 2] if i + 2 < len(doc) else None
            noun_next = nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.i in self.entity_of) \
                and nxt.text.lower() not in L.COLOR_WORDS \
                or c.dep_ in ("amod", "compound", "nmod") and c.head.i > c.i + 1  # "five colorful hot air balloons"
            if k is not None and c.text.lower() in L.COLOR_WORDS and not noun_next:
                run.append((int(k), colour_phrase(c, join=False), i))
                i += 2
                continue
            if run and doc[i].text.lower() not in ("and", ",", ":", "&"):
                runs.append(run)
                run = []
            i += 1
        if run:
            runs.append(run)
        return runs

    def _share(self, run: list[tuple[int, str, int]]) -> None:
        first = run[0][2]
        colon = any(t.text == ":" for t in self.doc[max(0, first - 2):first])
        owners = [self.entity_of[j] for j in range(run[0][2], run[-1][2] + 2) if j in self.entity_of]
        fruit = [(k, c) for k, c, _ in run if c in L.COLOR_NOUNS]
        if (owners or fruit) and not colon:  # "three lemons, one orange and two pears": the fruit
            named = {self.out.entities[e].name for e in owners}
            for k, c in fruit:
                if c not in named:
                    self.out.entities.append(Entity(name=c, count=k, counted=True))
            return
        for j in owners:
            self._drop(j)
        total = sum(k for k, _, _ in run)
        target = self._target(first, total)
        if target is None:
            self._elided(run)
            return
        ent = self.out.entities[target]
        rest = run
        if total == ent.count:  # the group keeps the first colour, the others become their own entities
            ent.count, ent.color, rest = run[0][0], run[0][1], run[1:]
        else:
            ent.count -= total
        for k, colour, _ in rest:
            self.out.entities.append(Entity(name=ent.name, count=k, color=colour, modifiers=list(ent.modifiers),
                                            counted=True))

    def _target(self, first: int, total: int) -> int | None:
        for j in range(first - 1, -1, -1):
            e = self.entity_of.get(j)
            if e is not None and self.out.entities[e].color is None and self.out.entities[e].count >= total \
                    and self.out.entities[e].count > 1:
                return e
        return None

    def _elided(self, run: list[tuple[int, str, int]]) -> None:
        """ "a red and a blue car": the first colour names a car too."""
        obj, _ = self.after(run[-1][2] + 2, stop=run[-1][2] + 6)
        if obj is None:
            return
        ent = self.out.entities[obj]
        for k, colour, _ in run:
            self.out.entities.append(Entity(name=ent.name, count=max(1, k), color=colour,
                                            modifiers=list(ent.modifiers)))

    def _drop(self, e: int) -> None:
        """Forget an entity made from a colour noun that turned out to be a colour ("one orange")."""
        self.out.entities[e].count = 0
        for tok, ent in list(self.entity_of.items()):
            if ent == e:
                del self.entity_of[tok]


def _reciprocal(t: Token) -> bool:
    """ "each other", "one another": the relation holds among the subject's own instances ("arms stacked on
    top of each other", "dolls sitting next to one another")."""
    prev = t.doc[t.i - 1].lower_ if t.i > 0 else ""
    nxt = t.doc[t.i + 1].lower_ if t.i + 1 < len(t.doc) else ""
    return t.lower_ in ("other", "another") and prev in ("each", "one") or t.lower_ == "one" and nxt == "another"


def listed(t: Token) -> list[Token]:
    """The other items of the list ``t`` is in. "a laptop, a notebook and a pen": the small parser hangs
    "a notebook" on "a laptop" as an apposition whose conjunct is the pen, so an apposition that itself
    starts a conjunction is one more item of its head's list, not another name of its head."""
    items = list(t.conjuncts)
    first = t
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "appos" and first.head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "conj" for c in first.children):
        items += [first.head, first, *first.conjuncts]
    elif first.pos_ in ("NOUN", "PROPN"):
        for a in first.children:
            if a.dep_ == "appos" and any(g.dep_ == "conj" for g in a.children):
                items += [a, *a.conjuncts]
    return [x for x in dict.fromkeys(items) if x.i != t.i]
