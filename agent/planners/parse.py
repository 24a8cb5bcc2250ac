"""English request -> entities, relations, texts, background, style and negation (no model, no download).

A small chunker, not a grammar: the prompt is cut into typed tokens (numbers, colours, relation phrases,
text verbs, quoted strings, words) by longest match against :mod:`agent.vocab.lexicon`, then noun
phrases are closed at every separator. The head of a noun phrase is its last content word, which is how
English builds them ("a wooden chair", "a tiny robot"), so nouns the lexicon has never seen work too.
Everything the parser cannot place becomes a warning, never an exception.
"""

from __future__ import annotations

from agent.planners import tokens as T
from agent.planners.framing import strip_frame
from agent.planners.parsed import Entity, Parsed, RelationSpec, TextSpec
from agent.planners.text_phrases import TextPhrases
from agent.vocab import lexicon as L

__all__ = ["Entity", "Parsed", "RelationSpec", "TextSpec", "parse"]


# -- parsing ----------------------------------------------------------------------------------------------
def parse(prompt: str) -> Parsed:
    """Parse ``prompt``; never raises for any string."""
    out = Parsed()
    body, texts, out.style = strip_frame(prompt)
    chunker = _Chunker(T.tokenize(body), texts, out, body)
    chunker.run()
    if not out.entities and not out.texts:
        out.warnings.append(f"found no objects to draw in {prompt.strip()[:80]!r}; the prompt is the background")
    elif out.entities and all(e.name not in L.KNOWN_NOUNS and not e.counted for e in out.entities) \
            and not chunker.saw_det:
        names = ", ".join(repr(e.name) for e in out.entities[:3])
        out.warnings.append(f"recognised no known object in {prompt.strip()[:80]!r}; guessed {names}")
    return out


class _Chunker(TextPhrases):
    """Walks the tokens once, closing noun phrases at separators and wiring relations and texts."""

    def __init__(self, toks: list[T.Tok], texts: list[str], out: Parsed, body: str) -> None:
        self.toks, self.texts, self.out, self.body = toks, texts, out, body
        self.elided: tuple[str, int | None] | None = None  # "a red [car] and a blue car"
        self.split_src: int | None = None  # "two dogs, one black and one white": the entity being split
        self.text_fresh = False  # a text was the last thing read (a colour may follow: "in red letters")
        self.skip = 0  # tokens already consumed by a look-ahead
        self.i = 0  # index of the token being read
        self._reset()
        self.last: int | None = None  # index of the last entity made
        self.pending: tuple[str, int | None] | None = None  # (relation, subject) waiting for its object
        self.between: tuple[int, int] | None = None  # (subject, first object) waiting for object2
        self.fronted: tuple[str, int] | None = None  # relation whose object came first ("on the table, a cat")
        self.negating = False
        self.of_target: int | None = None  # entity an "of ..." phrase describes
        self.used_texts: set[int] = set()
        self.after_verb = False
        self.verb: str | None = None  # the verb that set after_verb
        self.saw_det = False
        self.prev_sep: str | None = None  # the last conjunction or punctuation that closed a phrase

    def _reset(self) -> None:
        self.number: int | None = None
        self.has_det = False
        self.definite = False  # "the dog": may name an entity already introduced
        self.pair_of = False  # the count came from "a pair of" / "pairs of"
        self.colors: list[str] = []
        self.words: list[str] = []
        self.colormod: str | None = None

    # -- noun phrases ----------------------------------------------------------------------------------
    def _empty(self) -> bool:
        return not self.words and not self.colors

    def close(self) -> int | None:
        """End the current noun phrase; returns the new entity's index, or None."""
        if self._empty():
            self._reset()
            return None
        words, colors, number, has_det, definite = self.words, self.colors, self.number, self.has_det, self.definite
        pair_of = self.pair_of
        self._reset()
        if not words:
            distributive = self.split_src is not None or self.prev_sep == ":" or (
                self.prev_sep == "," and colors[-1] not in L.COLOR_NOUNS)  # "three lemons, one orange": fruit
            if colors and number is not None and distributive and self._split(colors[-1], number):
                return None  # "three cats: one orange, one gray and one black"
            if colors and colors[-1] in L.COLOR_NOUNS:  # "an orange": the colour word is the noun
                words, colors = [colors[-1]], colors[:-1]
            elif colors and number == 1 and self._split(colors[-1], 1):
                return None  # "two dogs, one black and one white"
            elif colors and (has_det or number is not None):
                self.elided = (colors[-1], number)
                return None
            elif colors and self.last is not None and self.out.entities[self.last].color is None:
                self.out.entities[self.last].color = colors[-1]  # "a car that is red"
                return None
            else:
                return None
        head = words[-1]
        name = L.canonical(L.singular(head))
        if name in L.ABSTRACT_NOUNS or name in T.QUANTITY_HEADS:
            return None
        if self.of_target is not None:  # "a cup of coffee": describes the previous entity
            target = self.of_target
            self.of_target = None
            ent = self.out.entities[target]
            ent.of_phrase = "of " + " ".join([*(colors[-1:]), *words])
            return None
        if not has_det and number is None and not L.looks_plural(head) and name not in L.KNOWN_NOUNS \
                and (self.out.entities or self.after_verb or name in T.VERB_FORMS) \
                and not ((self.pending or self.between or self.prev_sep in ("and", ",")) and name not in T.VERB_FORMS):
            return None  # a stray word ("cute", "sleeping") is not an object
        phrase = " ".join(words)
        inside = self.pending is not None and self.pending[0] in ("in", "at", "inside")
        held = self.after_verb and self.verb in T.HANDLING_VERBS and not self.pending \
            or not inside and any(w in T.SMALL_WORDS for w in words[:-1])  # "carrying a tiny house": a thing
        setting = (name in L.SETTING_NOUNS or phrase in L.SETTING_NOUNS) and not held
        landscape = (name in T.LANDSCAPES or phrase in T.LANDSCAPES) and bool(self.pending or self.after_verb)
        placed = bool(self.pending and self.pending[0] in ("in", "at", "on top of"))
        if landscape or setting and (self.after_verb or placed) or placed and self.pending[0] == "at":
            place = f"{'the ' if has_det else ''}{' '.join([*colors, *words])}"
            self.out.background = f"{self.out.background}, {place}" if self.out.background else place
            self.pending = None
            return None
        if self.negating:
            if name not in self.out.negative:
                self.out.negative.append(name)
            return None
        if name in L.FRAME_NOUNS and not self.out.entities and self.pending is None and number in (None, 1) \
                and not L.looks_plural(head):
            return None
        if name in L.FRAME_NOUNS and definite and number is None:  # "at the top of the image": the frame itself
            self.pending = None
            return None
        if name in T.LANDSCAPES and not self.out.entities and self.pending is None and not self.out.background:
            self.out.background = " ".join([*colors, *words])
            return None
        if definite and number is None:  # "... and a cat under the giraffe": the giraffe already named
            same = [i for i, e in enumerate(self.out.entities)
                    if e.name == name and (not colors or e.color == colors[-1])]
            if same:
                self._wire(same[-1])
                self.last = same[-1]
                return same[-1]
        plural = L.looks_plural(head)
        count = number if number is not None else (L.DEFAULT_PLURAL_COUNT if plural else 1)
        if pair_of and head in L.PAIR_NOUNS:  # "a pair of scissors" / "of glasses" is one thing
            name, count = head, max(1, count // 2)
        if count > L.MAX_INSTANCES:
            self.out.warnings.append(f"{count} {name}s is too many to place; using {L.MAX_INSTANCES}")
            count = L.MAX_INSTANCES
        if count <= 0:
            if name not in self.out.negative:
                self.out.negative.append(name)
            return None
        ent = Entity(name=name, count=count, color=colors[-1] if colors else None,
                     modifiers=[w for w in words[:-1] if w not in T.SKIP_WORDS], counted=number is not None)
        if self.elided is not None:
            color, n = self.elided
            self.elided = None
            self.out.entities.append(Entity(name=name, count=n or 1, color=color, modifiers=ent.modifiers,
                                            counted=n is not None))
        self.out.entities.append(ent)
        idx = len(self.out.entities) - 1
        self._wire(idx)
        self.last = idx
        self.text_fresh = False
        return idx

    def _split(self, color: str, k: int) -> bool:
        """Give ``k`` instances of the last counted entity their own colour; True if that is what was meant."""
        src = self.split_src if self.split_src is not None else self.last
        if src is None:
            return False
        ent = self.out.entities[src]
        if ent.color is None and ent.count > k:
            ent.count -= k
            self.out.entities.append(Entity(name=ent.name, count=k, color=color, modifiers=list(ent.modifiers),
                                            counted=True))
            self.split_src = src
            return True
        if ent.color is None and ent.count == k and self.split_src is not None:
            ent.color = color
            self.split_src = None
            return True
        return False

    def _wire(self, idx: int) -> None:
        """Connect a new entity to a relation or a text that was waiting for it."""
        rels = self.out.relations
        if self.between is not None:
            subj, first = self.between
            rels.append(RelationSpec(subj, "between", first, idx))
            self.between = None
        elif self.pending is not None:
            rel, subj = self.pending
            self.pending = None
            rel = {"in": "near", "at": "near"}.get(rel, rel)
            if subj is None:
                self.fronted = (rel, idx)
            elif subj != idx:
                if rel == "between" and self.out.entities[idx].count >= 2:  # "a lamp between two chairs"
                    rels.append(RelationSpec(subj, "between", idx, idx))
                elif rel == "between":
                    self.between = (subj, idx)
                else:
                    rels.append(RelationSpec(subj, rel, idx))
        elif self.fronted is not None:
            rel, obj = self.fronted
            self.fronted = None
            rels.append(RelationSpec(idx, rel, obj))

    # -- the walk -----------------------------------------------------------------------------------------
    def run(self) -> None:
        toks = self.toks
        i = 0
        while i < len(toks):
            if self.skip:
                self.skip -= 1
                i += 1
                continue
            self.i = i
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            k = t.kind
            if k in ("num", "det"):
                if self.words:
                    self.close()
                if k == "num":
                    if self.number is not None and t.low == "dozen":
                        self.number *= 12
                    else:
                        self.number = int(t.value)  # type: ignore[arg-type]
                    self.pair_of = t.low in ("a pair of", "a couple of")
                else:
                    self.has_det = True
                    self.definite = self.definite or t.low in ("the", "this", "that", "these", "those")
                self.saw_det = True
            elif k == "color":
                value = f"{self.colormod} {t.value}" if self.colormod else str(t.value)
                if self.colors and self.colors[-1].endswith(" and"):
                    self.colors[-1] = f"{self.colors[-1]} {value}"
                else:
                    self.colors.append(value)
                self.colormod = None
            elif k == "colormod":
                if nxt is not None and nxt.kind == "color":
                    self.colormod = t.low
                else:
                    self.words.append(t.low)
            elif k == "noun":
                self.words.append(t.low)
            elif k == "word":
                if t.low in ("it", "them") and self.pending is not None and self.pending[1] is not None \
                        and self._empty():
                    self._pronoun_object()
                elif t.low in T.SKIP_WORDS:
                    pass
                elif self.words and (T.is_verb(t, nxt) or T.after_plural_head(self.words[-1], t.low)):
                    self.close()
                    self.after_verb, self.verb = True, t.low
                    self.negating = False
                    self.prev_sep = None
                elif not self.words and not self.colors and self.number is None and not self.has_det and \
                        t.low in T.VERB_FORMS and t.low not in L.KNOWN_NOUNS and not L.looks_plural(t.low):
                    self.after_verb, self.verb = True, t.low
                else:
                    self.words.append(t.low)
            elif k == "rel":
                self._relation(str(t.value), nxt)
            elif k == "place" and self._text_place(str(t.value)):
                pass  # '"TRICK" at the upper left corner of the image': the text's region, not its surface's
            elif k == "place":
                idx = self.close()
                target = idx if idx is not None else self.last
                if target is not None and self.out.entities[target].place is None:
                    self.out.entities[target].place = str(t.value)
            elif k == "of":
                head = L.singular(self.words[-1]) if self.words else ""
                if head in T.QUANTITY_HEADS:  # "two pairs of shoes", "three groups of"
                    per = L.NUMBER_WORDS[head] if head in ("pair", "couple", "dozen") else 1
                    self.pair_of = head == "pair"
                    self.number = (self.number or 1) * per if per > 1 else (self.number or L.DEFAULT_PLURAL_COUNT)
                    self.words = []
                    self.has_det = True
                elif self.words and L.singular(self.words[-1]) in L.FRAME_NOUNS and not self.out.entities:
                    self._reset()
                else:
                    idx = self.close()
                    self.of_target = idx if idx is not None else None
            elif k == "neg":
                self.close()
                self.negating = True
            elif k in ("conj", "punct", "prep") and self._joins_modifiers(t, nxt):
                pass  # "black and white cat", "the smooth, white columns": one noun phrase
            elif k in ("conj", "punct", "prep"):
                self.close()
                self.of_target = None
                self.prev_sep = t.low
                if k != "prep":
                    self.after_verb = False
                if k == "conj" and t.low in ("and", "with", "while", "as", "plus") or k == "punct" and (
                        t.low != "," or nxt is None or nxt.kind != "word" or not L.looks_plural(nxt.low)):
                    self.negating = False
            elif k == "textverb":
                idx = self.close()
                surface = idx if idx is not None else self.last
                i = self._text_after_verb(i + 1, surface, strong=bool(t.value))
                continue
            elif k == "text":
                idx = self.close()
                if idx is None and self.text_fresh and self.out.texts:  # '"IMAGE" in black, "COMING" in cyan'
                    surface = self.out.texts[-1].surface  # a list of texts shares one surface
                else:
                    surface = idx if idx is not None else self.last
                self._add_text(int(t.value), surface)  # type: ignore[arg-type]
            i += 1
        self.close()
        for j, content in enumerate(self.texts):
            if j not in self.used_texts:
                self.out.texts.append(TextSpec(content))

    def _joins_modifiers(self, t: T.Tok, nxt: T.Tok | None) -> bool:
        """Does this "and" / "," sit between two modifiers of one noun rather than between two nouns?"""
        if nxt is None or t.low not in ("and", ","):
            return False
        if t.low == "and" and self.colors and nxt.kind == "color":
            self.colors[-1] = f"{self.colors[-1]} and"  # joined with the next colour below
            return True
        return t.low == "," and self.has_det and len(self.words) == 1 and not self.colors \
            and self.words[0] not in L.KNOWN_NOUNS and not L.looks_plural(self.words[0]) \
            and nxt.kind in ("word", "color", "colormod")

    def _pronoun_object(self) -> None:
        """ "a table with a cup on it": the relation's object is the entity named before its subject."""
        assert self.pending is not None
        rel, subj = self.pending
        self.pending = None
        earlier = [i for i in range(len(self.out.entities) - 1, -1, -1) if i != subj]
        if earlier and subj is not None:
            self.out.relations.append(RelationSpec(subj, {"in": "near", "at": "near"}.get(rel, rel), earlier[0]))

    def _relation(self, rel: str, nxt: T.Tok | None) -> None:
        self.prev_sep = None
        idx = self.close()
        if rel == "side by side":  # "a horse and a cow side by side": the last two entities
            n = len(self.out.entities)
            if n >= 2:
                self.out.relations.append(RelationSpec(n - 2, "next to", n - 1))
            return
        self.of_target = None
        subj = idx if idx is not None else self.last
        if rel in ("in", "on top of") and nxt is not None and nxt.kind == "color":
            # "dressed in red": a colour for the previous entity, not a place; "says OPEN in red letters":
            # a colour for the text just read
            if self.text_fresh and self.out.texts and self.out.texts[-1].color is None:
                self.out.texts[-1].color = str(nxt.value)
            elif subj is not None and self.out.entities[subj].color is None:
                self.out.entities[subj].color = str(nxt.value)
            self.skip = 1
            while self.i + 1 + self.skip < len(self.toks) and \
                    self.toks[self.i + 1 + self.skip].low in ("letters", "letter", "text", "font", "writing",
                                                              "lettering", "ink"):
                self.skip += 1
            return
        self.negating = False
        self.pending = (rel, subj)
