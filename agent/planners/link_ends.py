"""Who a relation phrase is about, and what it points at: the two ends of a relation.

The subject is the noun the phrase hangs on, or the subject of the verb it hangs on. Three cases need
more than the arc:

- the viewer is the verb's subject ("we can see a board on the door", "I see cars on the road") or there
  is none ("there is a bin on the sidewalk"): the phrase is about what is seen, the verb's object;
- a pronoun is ("He is standing on a surfboard", "a table in front of him"): the thing it refers to,
  named earlier in the sentence, else the subject of an earlier sentence (coreference);
- a chain of supports ("a kitten on a blanket on top of a bed"): the second support phrase is said of the
  first support, so the blanket lies on the bed and the kitten on the blanket.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from agent.planners.phrase_roles import kind_named_before
from agent.planners.read_anchors import subject_of
from agent.planners.tokens import verb_forms
from agent.planners.verbs import lemma
from agent.planners.written_marks import MARK_NOUNS, TEXT_MARKS
from agent.vocab.lexicon import singular

WRITTEN = MARK_NOUNS | TEXT_MARKS  # marks placed on their bearer (agent.planners.written_marks), not drawn

VIEWERS = frozenset({"we", "i", "you", "one", "us", "me", "there"})  # who looks at the picture, not in it
POINTERS = frozenset({"which", "it", "them", "him", "her", "he", "she", "they", "itself", "themselves", "himself",
                      "herself", "that", "this", "these", "those"})
PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
FRAME_NAMES = frozenset({"image", "picture", "photo", "photograph", "scene", "view", "frame", "painting",
                         "illustration", "drawing", "shot", "render", "poster"})  # "this image shows X on Y"
HANDS = frozenset({"hand", "hands", "paw", "paws", "arms", "grip", "grasp", "fist", "palm", "palms"})
# Verbs that put their object somewhere: "writing the words on a blackboard" (the words are on it, not the writer)
PLACING = frozenset({"write", "draw", "paint", "put", "place", "hang", "set", "lay", "spray", "carve", "print",
                     "stick", "pin", "post", "scribble", "engrave", "etch", "tape", "glue", "drop"})
# Verbs that show or state what is there when they have no subject ("there is a bin on the sidewalk")
SHOWING = frozenset({"is", "are", "was", "were", "be", "'s", "see", "seen", "saw", "shows", "showing", "shown",
                     "depicting", "depicts", "featuring", "features", "contains", "containing", "has", "have"})
SUPPORTS = frozenset({"on top of", "in"})  # relations a chain passes on ("X on Y on top of Z": Y on Z)
_CHAIN_PREPS = frozenset({"on", "upon", "onto", "atop", "in", "inside", "into"})


def through_of(t: Token, entity_of: dict[int, int]) -> Token:
    """From a quantity or frame noun to what it counts or frames ("a pair of X", "a group of X")."""
    for _ in range(3):
        if t.i in entity_of:
            return t
        named = kind_named_before(t)  # "a mesh kind of thing": the mesh
        if named is not None and named.i in entity_of:
            return named
        of = [c for c in t.children if c.dep_ == "prep" and c.text.lower() == "of"]
        objs = [g for c in of for g in c.children if g.dep_ == "pobj"]
        if not objs:
            return t
        t = objs[0]
    return t


def _base(verb: Token) -> str:
    """A verb's base form for the few verbs read here ("writing" -> "write", "hung" -> "hang")."""
    low = verb.text.lower()
    for base in PLACING:
        if low in verb_forms(base) or low in _IRREGULAR_PLACING.get(base, ()):
            return base
    return lemma(verb)


_IRREGULAR_PLACING = {"write": ("wrote", "written"), "draw": ("drew", "drawn"), "hang": ("hung",),
                      "lay": ("laid",), "stick": ("stuck",), "set": ("set",), "put": ("put",)}


class Ends:
    """Resolves the subject and the object of relation phrases over ``entity_of`` (token -> entity)."""

    def __init__(self, doc: Doc, entity_of: dict[int, int], background: dict[int, int]) -> None:
        self.doc, self.entity_of, self.background = doc, entity_of, background
        self.person: set[int] = set()  # entities a personal pronoun ("he", "her") may refer to
        self.plural: set[int] = set()  # entities of more than one thing ("they" refers to them)
        self.rel_starts: list[int] = []  # first tokens of the relation phrases

    def governor(self, tok: Token, support: bool = False) -> int | None:
        """The entity a phrase starting at ``tok`` describes: the noun it hangs on, or that verb's subject;
        for a ``support`` phrase (on, in) after another support's object, that object."""
        chained = self._chained(tok) if support else None
        if chained is not None:
            return chained
        h = tok.head
        if h.pos_ == "NOUN" and h.i not in self.entity_of and h.i < tok.i and singular(h.lower_) in WRITTEN:
            return None  # "a man with a number on his shirt": where the number is written, said of no thing
        for _ in range(8):
            counted = through_of(h, self.entity_of) if h.pos_ == "NOUN" and h.i not in self.entity_of \
                and h.i < tok.i else h
            if counted.i in self.entity_of and counted.i != h.i:  # "a drop of liquid in it": the drop of liquid
                return self.entity_of[counted.i]
            verb_like = h.pos_ == "VERB" and h.dep_ == "conj" and h.head.pos_ == "VERB"
            if h.i in self.entity_of and not verb_like:  # not a noun the tagger took for a verb ("a shirt and
                return self._climb(h)  # tie on the subway": the phrase is the clause's)
            if h.pos_ in ("VERB", "AUX"):
                s = self._subject(h)
                placing = _base(h) in PLACING and any(c.dep_ == "dobj" for c in h.children)
                owned = self.verb_object(h, tok.i) if lemma(h) == "have" or placing else None
                if owned is not None:  # "He has a cat next to him": the cat is next to him
                    return owned
                if _base(h) in PLACING and any(c.dep_ == "dobj" and c.i < tok.i for c in h.children):
                    return None  # "writing the words on a blackboard": what is written is on it
                if s is not None and s.i in self.entity_of:
                    return self.entity_of[s.i]
                if s is None and h.text.lower() in SHOWING or s is not None and (
                        s.text.lower() in VIEWERS or s.text.lower() in FRAME_NAMES):
                    seen = self.verb_object(h, tok.i)  # "we can see a board on the door"
                    if seen is not None:
                        return seen
                elif s is not None and s.pos_ == "PRON":
                    return self.refers(s, tok.i)
            if h.head.i == h.i:
                break
            h = h.head
        return self.before(tok.i)

    @staticmethod
    def _subject(verb: Token) -> Token | None:
        """The verb's subject; of two (the small tagger's "chair and table; table is left to chair"), the
        nearer one before it."""
        subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
        s = max(subs, key=lambda c: c.i) if len(subs) > 1 else subject_of(verb)
        while s is None and verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if s is None:  # a headline the tagger reads as a modifier: "wolf wearing a shirt on the subway"
            s = next((c for c in verb.children if c.dep_ in ("npadvmod", "dep") and c.i < verb.i
                      and c.pos_ in ("NOUN", "PROPN")), None)
        return s

    def setting_subject(self, tok: Token) -> Token | None:
        """The setting noun (a background word) a phrase at ``tok`` is about, if it is about one: "grass
        under sky", "the clouds are in the sky", "there are waves in the water"."""
        if tok.pos_ == "VERB":  # the phrase starts with its verb: "a cloud hanging over it"
            s = self._subject(tok)
            if s is not None and s.i in self.background:
                return s
        h = tok.head
        if h.i in self.background:
            return h
        if h.pos_ == "NOUN":  # "there are plants and grass on the land": the phrase holds for the grass too
            return next((c for c in h.conjuncts if c.i in self.background and c.i < tok.i), None)
        if h.pos_ in ("VERB", "AUX"):
            s = self._subject(h)
            if s is not None and s.i in self.background:
                return s
            if s is None or s.text.lower() in VIEWERS:
                return next((c for c in h.children if c.dep_ in ("attr", "dobj") and c.i < tok.i
                             and c.i in self.background), None)
        return None

    def verb_object(self, verb: Token, stop: int) -> int | None:
        """The first thing the verb sees or names before token ``stop`` (its object, or "there is"'s noun)."""
        kids = sorted(verb.children, key=lambda c: (c.i > stop, c.i))  # before the phrase, else a fronted
        for c in kids:  # phrase's ("On the pedestal there is a mesh", "Behind her, there is an object")
            if c.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "ccomp"):
                t = through_of(c, self.entity_of)
                if t.i in self.entity_of:
                    return self.entity_of[t.i]
                if t.pos_ in ("VERB", "AUX"):  # "I can see the plate is brown": the clause's subject
                    s = subject_of(t)
                    if s is not None and s.i in self.entity_of:
                        return self.entity_of[s.i]
        return None

    def _climb(self, h: Token) -> int:
        """ "a laptop on a desk between a mug and a notebook": the desk is the laptop's support, so what
        hangs on the desk is said of the laptop."""
        if h.dep_ == "pobj" and h.head.text.lower() in ("on", "upon", "atop", "of") and h.head.head.i in self.entity_of:
            return self.entity_of[h.head.head.i]  # also "a bowl of ramen next to ...": the bowl
        return self.entity_of[h.i]

    def _chained(self, tok: Token) -> int | None:
        """ "lying on the blanket on top of the bed": a support phrase right after another support's
        object is said of that support (the tagger hangs both on the verb)."""
        low = tok.text.lower()
        if low not in _CHAIN_PREPS and not (low == "on" and tok.i + 1 < len(self.doc)
                                            and self.doc[tok.i + 1].text.lower() == "top"):
            return None
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        if prev is None or prev.i not in self.entity_of or prev.dep_ != "pobj":
            return None
        if prev.head.text.lower() in _CHAIN_PREPS or prev.head.text.lower() == "of" and prev.head.i >= 2 \
                and self.doc[prev.head.i - 1].text.lower() == "top":
            return self.entity_of[prev.i]
        return None

    def owner_of_part(self, part: Token, phrase: int) -> int | None:
        """The owner of a body part named as a relation's end: "a man's head" (the man), "her lap" (the
        woman the pronoun refers to), or None when ``part`` names no part of anyone."""
        poss = next((c for c in part.children if c.dep_ == "poss"), None)
        if poss is None:
            return None
        if poss.i in self.entity_of:
            return self.entity_of[poss.i]
        if poss.pos_ == "PRON" and poss.text.lower() in ("his", "her", "its", "their"):
            return self.refers(poss, phrase)  # "her lap": the woman (a person for his / her)
        return None

    def before(self, i: int) -> int | None:
        """The entity named last before token ``i`` in the same sentence."""
        start = self.doc[i].sent.start
        for j in range(i - 1, start - 1, -1):
            if j in self.entity_of:
                return self.entity_of[j]
        return None

    def earlier(self, i: int) -> int | None:
        """What "they" / "it" refers to: the subject of the nearest earlier sentence that has one as its
        subject, else the entity named last before token ``i``."""
        before = sorted((j, e) for j, e in self.entity_of.items() if j < i)
        for j, e in reversed(before):
            if self.doc[j].dep_ in ("nsubj", "nsubjpass", "attr", "ROOT"):
                return e
        return before[-1][1] if before else None

    def refers(self, pron: Token, phrase: int, not_this: int | None = None) -> int | None:
        """What pronoun ``pron`` refers to. "a sidewalk with a hydrant on it": what "with" hangs on;
        else the thing named last before it in its sentence (not ``not_this``, the relation's other end,
        nor what that end is made of: "a drop of liquid in it"), else an earlier sentence's subject. "he" /
        "her" prefer people and animals."""
        own = self._own_tokens(not_this, phrase)
        host = self._with_host(own)
        if host is not None and host != not_this:
            return host
        low = pron.text.lower()
        personal = low in PERSONAL and bool(self.person)
        number = False if low in ("it", "itself", "he", "she", "him", "her", "his", "its", "this", "that") else \
            True if low in ("they", "them", "these", "those", "themselves") else None

        def fits(e: int) -> bool:
            plural_ok = number is None or (e in self.plural) == number
            return e != not_this and (not personal or e in self.person) and plural_ok

        start = pron.sent.start
        for j in range(min(pron.i, phrase) - 1, start - 1, -1):
            e = self.entity_of.get(j)
            if e is not None and j not in own and fits(e):
                return e
        before = sorted((j, e) for j, e in self.entity_of.items() if j < start)
        for j, e in reversed(before):
            if (self.doc[j].dep_ in ("nsubj", "nsubjpass", "attr", "ROOT", "dobj") or self._topic(j)) and fits(e):
                return e
        return next((e for _, e in reversed(before) if e != not_this), None)

    def _topic(self, j: int) -> bool:
        """ "The color of the typewriter is dark black": the thing a subject that is no thing is "of" is what
        the sentence is about (a later "it" can mean it)."""
        t = self.doc[j]
        owner = t.head.head
        return t.dep_ == "pobj" and t.head.lower_ == "of" and owner.dep_ in ("nsubj", "nsubjpass") \
            and owner.i not in self.entity_of

    def _own_tokens(self, ent: int | None, phrase: int) -> set[int]:
        """Tokens of entity ``ent``'s last mention before token ``phrase``, with its "of" phrase."""
        toks = [j for j, e in self.entity_of.items() if e == ent and j < phrase]
        if not toks:
            return set()
        return {t.i for t in self.doc[max(toks)].subtree if t.i < phrase}

    def _with_host(self, own: set[int]) -> int | None:
        """ "a table with a cup on it": the noun (or the verb's object) that "with" hangs on."""
        heads = []
        for j in sorted(own):
            t = self.doc[j]
            while t.dep_ in ("amod", "compound", "conj", "appos", "nmod") and t.head.i != t.i:
                t = t.head  # the tagger sometimes hangs the noun on a colour noun: "an orange fire hydrant"
            if t.dep_ == "pobj" and t.head.text.lower() == "with":
                heads.append(t)
        if not heads:
            return None
        h = heads[0].head.head
        if h.i in self.entity_of:
            return self.entity_of[h.i]
        return self.verb_object(h, heads[0].i) if h.pos_ in ("VERB", "AUX") else None

    def after(self, i: int, stop: int | None = None) -> tuple[int | None, Token | None]:
        """(entity, token) of the first noun at or after token ``i`` in its sentence (None if background)."""
        end = self.doc[i].sent.end if i < len(self.doc) else len(self.doc)
        for j in range(i, min(end, stop or end)):
            t = self.doc[j]
            if j in self.entity_of:
                return self.entity_of[j], t
            if j in self.background or t.pos_ == "PRON" and t.text.lower() in POINTERS:
                return None, t
        return None, None
