"""Texts of a prompt ("a sign that says OPEN", 'titled "The Silent Sea"'), read by the text-phrase rules of
:mod:`agent.planners.text_phrases` over the lexicon tokens, with the surface each text is written on taken
from the entities the dependency reader made (matched by name, in order).

Why a second pass over plain tokens: text rules are about quotes, runs of capitals and "on it", which a
dependency parse of a fragment like 'says "Code. Sleep. Repeat."' gets wrong; the phrase rules do not.
"""

from __future__ import annotations

from agent.planners import tokens as T
from agent.planners.parsed import Entity, Parsed, TextSpec
from agent.planners.read_links import REGION_OF
from agent.planners.text_phrases import TextPhrases, is_surface
from agent.scene import LETTERING
from agent.vocab import lexicon as L

_TEXT_NOUNS = frozenset({"letters", "letter", "text", "font", "writing", "lettering", "ink", "type", "script"})
# Nouns that name the lettering as a thing ("the word 'BEE' made from bees", "3-d letters 'dessert' on a
# plate"): a text they introduce that is written on nothing gets an object of that name to stand in.
LETTERING_NOUNS = {"word": "word", "letters": "letter", "lettering": "lettering"}
_MADE = frozenset({"written", "spelled", "spelt", "formed", "made", "carved", "shaped", "arranged", "sculpted"})
# Nouns that say how a text is lettered: "in cursive", "in bold letters", "in a gothic font".
_SCRIPT_NOUNS = frozenset({"cursive", "calligraphy", "script", "font", "typeface", "lettering", "letters", "capitals",
                           "handwriting", "graffiti", "typography", "italics", "serif", "print", "braille"})
_WRITTEN = frozenset({"written", "painted", "printed", "engraved", "carved", "stitched", "embroidered", "scrawled",
                      "sprayed", "etched", "stamped", "spelled", "spelt", "displayed"})


class TextReader(TextPhrases):
    """Finds the texts of ``body`` (quotes already replaced by ``__textN__`` markers) and their surfaces."""

    def __init__(self, body: str, texts: list[str], out: Parsed) -> None:
        self.toks = T.tokenize(body)
        self.texts, self.out, self.body = texts, out, body
        self.used_texts: set[int] = set()
        self.text_fresh = False
        self.unquoted: list[str] = []  # texts read without quotes ("says OPEN"): not objects
        self.noun: str | None = None  # the lettering noun before the text being read ("the word")
        self.lettering: dict[int, str] = {}  # index in out.texts -> its lettering noun
        self.styles: list[str] = []  # how the texts are lettered ("flowing cursive"), in the user's words
        self.scripted: set[int] = set()  # texts whose lettering is a hand or a font, not a made thing

    def run(self) -> None:
        seen: dict[str, int] = {}
        last: int | None = None
        self.pending_region: str | None = None
        i = 0
        while i < len(self.toks):
            t = self.toks[i]
            if t.kind == "place" and self._text_follows(i + 1):
                self.pending_region = REGION_OF.get(str(t.value))  # "At the top, the words ..."
            if t.kind in ("word", "noun", "color"):
                hit = self._entity_named(t.low, seen)
                if hit is not None:
                    last, self.text_fresh = hit, False
            if t.kind in ("textverb", "text"):
                self.noun = self._lettering_noun(i)
            if t.kind == "textverb":
                before, made, at = len(self.texts), len(self.out.texts), i
                i = self._text_after_verb(i + 1, last, strong=bool(t.value))
                self.unquoted += self.texts[before:]
                if len(self.out.texts) > made:
                    self._colour_said_before(at)
                i = self._text_tail(i)
                continue
            if t.kind == "text":
                shared = self.text_fresh and self.out.texts and i > 0 and self.toks[i - 1].kind in ("punct", "text")
                surface = self.out.texts[-1].surface if shared else last
                self._add_text(int(t.value), surface)  # type: ignore[arg-type]
                self._colour_said_before(i)
                i = self._text_tail(i + 1)
                continue
            i += 1
        for j, content in enumerate(self.texts):
            if j not in self.used_texts and content.strip():
                self.out.texts.append(TextSpec(content))
        self._lettering_objects()

    def _lettering_noun(self, i: int) -> str | None:
        """The lettering noun of the text at token ``i`` (a quote or a text verb): "the word", "letters" right
        before it ("pasta letters that read ..."), or "word" for a quote written in or made of a material
        ("'Fall is here' written in autumn leaves": the words are a thing made of leaves)."""
        t, toks = self.toks[i], self.toks
        words = [*(t.low.split() if t.kind == "textverb" else []), *([toks[i - 1].low] if i > 0 else [])]
        noun = next((LETTERING_NOUNS[w] for w in words if w in LETTERING_NOUNS), None)
        if noun is None and t.kind == "text" and i + 2 < len(toks) and toks[i + 1].low in _MADE \
                and toks[i + 2].low in ("in", "of", "from", "out", "with", "by"):
            return "word"
        return noun

    def _add_text(self, j: int, surface: int | None) -> None:
        super()._add_text(j, surface)
        if self.noun is not None and self.out.texts:
            self.lettering.setdefault(len(self.out.texts) - 1, self.noun)

    def _written_on_after(self, i: int) -> int | None:
        """ "'OPEN' written on a sign", '"OXYDE NOIR" in a poster': the surface named right after the text.
        Said with a verb of writing, whatever it is written on carries it ("'danger' written on the daisies",
        "'meow' written in a speech bubble"), and "on them" / "on it" is the thing named last before."""
        toks = self.toks
        written = i < len(toks) and toks[i].low in _WRITTEN
        i += written
        if not (i + 1 < len(toks) and toks[i].low in ("on", "in", "across", "onto")):
            return None
        if written and toks[i + 1].low in ("them", "it"):
            several = toks[i + 1].low == "them"
            named = [k for k, e in enumerate(self.out.entities) if e.count > 0 and (e.count > 1) == several]
            return named[-1] if named else None
        for t in toks[i + 1:i + 7]:  # "on the side of a red truck", "in a morbid typography poster"
            if t.kind == "punct":
                break
            name = L.canonical(L.singular(t.low))
            hits = [k for k, e in enumerate(self.out.entities)
                    if e.count > 0 and name in (e.name, e.name.rpartition(" ")[2])]
            if hits:
                return hits[0] if written or is_surface(self.out.entities[hits[0]].name) else None
        return None

    def _lettering_objects(self) -> None:
        """A text named by a lettering noun and written on nothing: the lettering is the object it is on
        ("the word 'BEE' made from bees" -> a word, carrying the text), so relations and layout can place it;
        not one only written in a hand or a font ("the word 'jazz' written in cursive": the text alone)."""
        for k, noun in self.lettering.items():
            spec = self.out.texts[k]
            if spec.surface is None and spec.region is None and k not in self.scripted:
                self.out.entities.append(Entity(name=noun, color=spec.color, modifiers=[LETTERING]))
                spec.surface = len(self.out.entities) - 1

    def _text_follows(self, i: int) -> bool:
        while i < len(self.toks) and self.toks[i].kind == "punct":
            i += 1
        return i < len(self.toks) and self.toks[i].kind in ("text", "textverb")

    def _entity_named(self, word: str, seen: dict[str, int]) -> int | None:
        """The entity this word names: the next one of that name not yet passed, else the last one."""
        name = L.canonical(L.singular(word))
        matches = [k for k, e in enumerate(self.out.entities)
                   if e.count > 0 and (e.name == name or e.name.rpartition(" ")[2] == name)]
        if not matches:
            return None
        k = seen.get(name, 0)
        seen[name] = k + 1
        return matches[min(k, len(matches) - 1)]

    def _text_tail(self, i: int) -> int:
        """ '... "OPEN" in red letters', '"NORTH" at the upper right corner': the last text's colour and place."""
        if not self.text_fresh or not self.out.texts:
            return i
        spec = self.out.texts[-1]
        toks = self.toks
        if spec.surface is None:
            spec.surface = self._written_on_after(i)
        if spec.surface is None and i < len(toks) and toks[i].kind in ("word", "noun"):
            named = self._entity_named(toks[i].low, {})  # "a 'STOP' sign": the text names the sign it is on
            if named is not None and is_surface(self.out.entities[named].name):
                spec.surface = named
        if self.pending_region:
            spec.region, self.pending_region = self.pending_region, None
        if i + 1 < len(toks) and toks[i + 1].kind == "color" and (toks[i].low == "in" or toks[i].low == "with" and (
                i + 2 < len(toks) and toks[i + 2].low in _TEXT_NOUNS)):  # "in red", "with green letters"
            spec.color = spec.color or str(toks[i + 1].value)
            i += 2
            while i < len(toks) and toks[i].low in _TEXT_NOUNS:
                i += 1
        i = self._lettering_style(i)
        if i < len(toks) and toks[i].kind == "place":
            spec.region = REGION_OF.get(str(toks[i].value))
            i += 1
        return i

    def _colour_said_before(self, i: int) -> None:
        """ "pink letters spelling 'OPEN'", "blue text saying WELCOME": a colour said of the lettering noun right
        before the text (or its verb) at token ``i`` is the last text's colour."""
        toks = self.toks
        noun = i if toks[i].low in _TEXT_NOUNS else i - 1  # "red text 'FRAGILE'": "text" is the verb itself
        if self.out.texts and noun >= 1 and toks[noun].low in _TEXT_NOUNS and toks[noun - 1].kind == "color":
            spec = self.out.texts[-1]
            spec.color = spec.color or str(toks[noun - 1].value)

    def _lettering_style(self, i: int) -> int:
        """ "written in flowing cursive", "in thick brushed calligraphy", "in bold letters": how the text is
        lettered is style (a colour among the words is the text's colour too)."""
        toks = self.toks
        j = i + 1 if i < len(toks) and toks[i].low in _WRITTEN else i
        if not (j + 1 < len(toks) and toks[j].low == "in"):
            return i
        for k in range(j + 1, min(j + 7, len(toks))):
            t = toks[k]
            if t.low in _SCRIPT_NOUNS:
                first = j + 2 if toks[j + 1].low in ("a", "an", "the") else j + 1
                self.styles.append(self.body[toks[first].start:t.end])
                colour = next((str(x.value) for x in toks[j + 1:k] if x.kind == "color"), None)
                self.out.texts[-1].color = self.out.texts[-1].color or colour
                self.scripted.add(len(self.out.texts) - 1)  # "written in cursive": lettering, not a thing
                return k + 1
            if t.kind not in ("word", "color", "colormod", "det") and t.low not in ("a", "an"):
                break
        return i
