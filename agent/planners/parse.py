"""English request -> entities, relations, texts, background, style and negation.

The prompt is read in layers, each with the tool made for it: prompt syntax and unit-numbers by pattern
(:mod:`agent.planners.prompt_syntax`), style tags by the WordNet table (:mod:`agent.planners.style_words`),
then the sentence by spaCy (tokens, POS, lemmas, dependency arcs): nouns and what they are
(:mod:`agent.planners.read_roles`), their counts and colours (:mod:`agent.planners.read_nouns`), and the
links between them (:mod:`agent.planners.read_links`). Texts keep their phrase rules
(:mod:`agent.planners.read_texts`). Everything the parser cannot place becomes a warning, never an exception.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from agent.defaults import SIZE
from agent.planners.away_counts import trailing_counts
from agent.planners.bare_head import draw_bare_head
from agent.planners.caption_tails import concept_list, cut_medium_tails
from agent.planners.corefs import other_name_referent, restated
from agent.planners.credits import credit_name
from agent.planners.framing import restore_quotes, strip_frame
from agent.planners.lettering_links import place_lettering
from agent.planners.link_verbs import verb_relations, with_parts
from agent.planners.mark_chains import read_chains
from agent.planners.nlp import english
from agent.planners.noun_heads import sentence_nouns
from agent.planners.noun_runs import phrase_start
from agent.planners.opponents import draw_opponents
from agent.planners.palette_tags import colour_subject
from agent.planners.parsed import Entity, Parsed, RelationSpec, TextSpec
from agent.planners.picture_nouns import counting_sheet, sheet_thing
from agent.planners.prompt_syntax import foreign_language, read_syntax
from agent.planners.read_anchors import anchor_kind, container_of, handheld, owner_token
from agent.planners.read_colours import hair_tag, read_colours, worn_stuff
from agent.planners.read_depicted import depicted, take_depicted
from agent.planners.read_groups import titled_entity
from agent.planners.read_links import Linker, find_phrases
from agent.planners.read_looks import shaped_like
from agent.planners.read_nouns import (
    Noun,
    colour_of,
    determiner,
    looks_plural,
    lookup,
    modifiers_of,
    noun_name,
    place_prep,
    said_number,
    sane_count,
    stated_count,
)
from agent.planners.read_ones import pick_ones, share_picked, share_support
from agent.planners.read_parts import FIGURES, held_in_hand, other_side, place_parts, place_patterns, pose_figures
from agent.planners.read_pronouns import resolve_pronouns
from agent.planners.read_roles import decide, name_tag, named_thing
from agent.planners.read_tags import center_subject, split_style
from agent.planners.read_texts import TextReader
from agent.planners.spelling import correct_slips
from agent.planners.style_words import PICTURE_ADJECTIVES, STYLE_TAGS
from agent.planners.tagger_slips import compounded_things, counted_run, verb_as_head
from agent.planners.thing_context import TEXT_NOUNS
from agent.planners.title_case import untitle
from agent.planners.titles import split_titles
from agent.planners.topics import owning_pronouns
from agent.planners.verbs import lemma
from agent.planners.written_marks import place_marks
from agent.vocab import lexicon as L

__all__ = ["Entity", "Parsed", "RelationSpec", "TextSpec", "parse"]

_COREF_DETS = frozenset({"the", "this", "that", "these", "those", "its", "their"})


def parse(prompt: str, width: int = SIZE, height: int = SIZE) -> Parsed:
    """Parse ``prompt``; never raises for any string."""
    out = Parsed()
    syn = read_syntax(prompt, width, height)
    out.width, out.height, out.negative = syn.width, syn.height, list(dict.fromkeys(syn.negative))
    out.warnings += syn.warnings
    foreign = foreign_language(prompt)
    body, texts, frame_style = strip_frame(syn.text)
    body, concept = concept_list(cut_medium_tails(untitle(body)))
    body, slips = correct_slips(body)
    out.warnings += slips
    body, titles = split_titles(body)
    body, tags = split_style(body)
    text, quoted = restore_quotes(join_multiwords(body), texts)
    reader = _Reader(english()(text), quoted, out)
    reader.read()
    lettering = TextReader(body, texts, out)
    lettering.run()
    place_lettering(reader.doc, out, reader.entity_of, reader.skip)
    place_marks(reader, out)
    colour_subject(out, tags)
    styles = [s for s in (frame_style, concept, *reader.styles, *tags, *titles, *lettering.styles, *syn.style) if s]
    center_subject(out, styles)
    out.style = syn.respell(", ".join(dict.fromkeys(styles)))
    out.background = ", ".join(dict.fromkeys(b for b in reader.backgrounds if b))
    if foreign:  # one line: the rest of the warnings would only repeat that the words were not read
        out.warnings = [foreign]
    else:
        _warn_unread(prompt, out, reader)
    return out


_MULTI_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(m) for m in L.MULTIWORD_NOUNS), key=len, reverse=True))
                       + r")(e?s)?\b", re.IGNORECASE)


def join_multiwords(body: str) -> str:
    """ "a fire hydrant" -> "a fire_hydrant": the small tagger splits listed multiword names ("fire" a noun,
    "hydrant" an adverb); one token keeps them one noun. Names are read back with spaces."""
    return _MULTI_RE.sub(lambda m: m.group(0).replace(" ", "_"), body)


def _of_phrase(named: Token | None) -> str:
    """ "of Liberty", "of a horse": what a named landmark or a sculpture is of, in the prompt's words."""
    if named is None:
        return ""
    words = [w.text.replace("_", " ") for w in named.doc[named.left_edge.i:named.i + 1] if w.is_alpha or "_" in w.text]
    return "of " + " ".join(words)


def _warn_unread(prompt: str, out: Parsed, reader: _Reader) -> None:
    if not any(e.count for e in out.entities) and not out.texts:
        out.warnings.append(f"found no objects to draw in {prompt.strip()[:80]!r}; the prompt is the background")
    elif any(n.entity is not None for n in reader.nouns) \
            and all(n.kind is None for n in reader.nouns if n.entity is not None) \
            and not any(e.counted for e in out.entities):
        names = ", ".join(repr(e.name) for e in out.entities[:3])
        out.warnings.append(f"recognised no known object in {prompt.strip()[:80]!r}; guessed {names}")


class _Reader:
    """One pass over the parsed sentence: nouns -> entities / setting / style, then parts and anchors."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]], out: Parsed) -> None:
        self.doc, self.out = doc, out
        self.skip = {t.i for t in doc for a, b in quoted if a <= t.idx < b}
        self.entity_of: dict[int, int] = {}
        self.background_toks: dict[int, int] = {}  # token -> its phrase in ``backgrounds``
        self.backgrounds: list[str] = []
        self.styles: list[str] = []
        self.nouns: list[Noun] = []
        self.kinds: list[str] = []  # per entity: its kind letter ("" when unknown)
        self.picked: dict[int, list[int]] = {}  # group -> its instances "the one ..." picked out
        self.parts_drawn: set[int] = set()  # entities that are body parts drawn as things (a pose description)

    def read(self) -> None:
        self._skip_written_words()
        phrases = find_phrases(self.doc, self.skip)
        for ph in phrases:
            if ph.kind == "place":  # "in the bottom left corner": no noun in it is a thing or a setting
                self.skip.update(range(ph.start, ph.end))
        deferred: list[Noun] = []
        in_phrase = {i for ph in phrases for i in range(ph.start, ph.end)}
        for k, t in enumerate(sentence_nouns(self.doc, self.skip, in_phrase)):
            n = Noun(t, noun_name(t), None)
            n.kind = lookup(n.name)
            n.role = decide(n, first=k == 0)
            self.nouns.append(n)
            if n.role in ("bodypart", "pattern"):
                deferred.append(n)
            else:
                self._take(n)
        draw_bare_head(self)
        draw_opponents(self)
        resolve_pronouns(self, [n for n in deferred if n.role == "bodypart"])
        owning_pronouns(self)
        place_parts(self, [n for n in deferred if n.role == "bodypart"])
        pose_figures(self)
        place_patterns(self, [n for n in deferred if n.role == "pattern"])
        pick_ones(self)
        self._anchors()
        linker = Linker(self.doc, self.out, self.entity_of, self.background_toks, self.backgrounds)
        linker.person = {k for k, kind in enumerate(self.kinds) if kind == "p"}
        linker.plural = {k for k, e in enumerate(self.out.entities) if e.count > 1}
        linker.link(phrases)
        read_chains(self)
        self._no_anchor_loops()
        agents = {k for k, kind in enumerate(self.kinds) if kind in ("p", "a")} | {
            k for k, e in enumerate(self.out.entities) if e.name in FIGURES}
        verb_relations(self.doc, self.out, self.entity_of, agents)
        with_parts(self.doc, self.out, self.entity_of, agents)
        trailing_counts(self)
        linker.late_colours()
        read_colours(self, linker)
        linker.distribute()
        share_picked(self)
        share_support(self)
        held_in_hand(self)
        shaped_like(self.doc, self.entity_of, self.out.entities)

    def _skip_written_words(self) -> None:
        """Words after "says" / "reads" in capitals or title case are text to write, not things ("a sign that
        says OPEN", "says World Best Dad"); "trending on artstation" inside a sentence is a style."""
        for t in self.doc:
            nxt = self.doc[t.i + 1].text if t.i + 1 < len(self.doc) else ""
            if t.text.lower() in ("trending", "featured") and nxt == "on":
                end = max([x.i for x in self.doc[t.i + 1].subtree] + [t.i + 1])
                self.styles.append(self.doc[t.i:end + 1].text)
                self.skip.update(range(t.i, end + 1))
            if lemma(t) in ("say", "read", "spell") and t.pos_ == "VERB":
                for w in self.doc[t.i + 1:t.i + 13]:
                    if not (w.text.isupper() or w.is_digit or w.is_title) or w.i in self.skip:  # "says Welcome Home"
                        break
                    self.skip.add(w.i)

    def _take(self, n: Noun) -> None:
        t, role = n.tok, n.role
        if role == "background" and determiner(t) == "the" and any(e.name == n.name for e in self.out.entities):
            role = n.role = "object"  # "a meter with the road behind it ... a car parked on the road": that road
        if role == "style":  # the user's words: "hd painting", "portrait photo"
            held = max((c.i for c in t.lefts if sheet_thing(c)), default=-1)  # "owls collection": the owls
            words = [w.text.lower() for c in t.lefts if c.dep_ in ("amod", "compound", "nmod", "nummod") and c.i > held
                     for w in c.subtree if not w.is_punct] + [t.text.lower()]  # "1950s style movie poster"
            self.styles.append(" ".join(words).replace("_", " "))
        elif role == "credit":
            by = credit_name(t) or t
            end = max(x.i for x in by.subtree) + 1
            comma = next((x.i for x in self.doc[by.i:end] if x.text in (",", ";")), end)  # a credit ends its tag
            span = self.doc[by.head.i:comma]
            self.styles.append(span.text)
            self.skip.update(x.i for x in span)
        elif role == "names":  # a tag that only names people: artists, a style
            start, end = name_tag(t) or (t.i, t.i + 1)
            if not self.skip.intersection(range(start, end)):
                self.styles.append(self.doc[start:end].text.strip(" !"))
            self.skip.update(range(start, end))
        elif role == "background":
            self._background(t)
        elif role in ("negative", "zero"):
            if role == "zero":
                self.out.warnings.append(f"zero {n.name}: nothing to draw, added to the negative prompt")
            if n.name not in self.out.negative:
                self.out.negative.append(n.name)
        elif role == "object":
            if not hair_tag(self, n) and not worn_stuff(self, n):
                self._object(n)
        elif role == "skip":
            sheet = counting_sheet(t)
            if sheet is not None:
                self.styles.append(sheet)
            self._promote_compound(n)
        elif role == "depicts":
            take_depicted(self, n)

    def _promote_compound(self, n: Noun) -> None:
        """ "a t-shirt design", "a logo sketch": the head is no thing, its compound is the thing to draw."""
        comps = compounded_things(n.tok)
        if not comps or n.name in TEXT_NOUNS:
            return  # "pasta letters", "neon words": what the lettering is made of, not a thing beside it
        c = comps[-1]
        if L.singular(c.lower_) in TEXT_NOUNS and len(n.tok.text) == 1:
            return  # "the letter G", "shaped like letter M": a letter's shape, not a thing called a letter
        if c.lower_ in STYLE_TAGS:
            return  # "cyberpunk pattern": a style word, not the thing
        sub = Noun(c, noun_name(c), None)
        sub.kind = lookup(sub.name)
        if verb_as_head(n.tok) and c.i not in self.entity_of and (sub.kind is None or sub.kind.kind not in "mqt"):
            self.nouns.append(sub)  # "a coin floats", "a volcano erupting": the compound is the subject
            self._object(sub)
        elif sub.kind is not None and sub.kind.kind in "okcfapl" and c.i not in self.entity_of:
            self.nouns.append(sub)
            self._object(sub, counted_by=n.tok)

    def _background(self, t: Token) -> None:
        det = determiner(t)
        words = [w.text.lower() for c in t.lefts if c.dep_ in ("amod", "compound", "nmod")  # "Victorian style"
                 for w in c.subtree if (w.dep_ in ("amod", "compound", "nmod", "advmod") or w.i == c.i)
                 and w.i >= phrase_start(t)]  # "pirate captain weathered coat stormy sea": the sea's own words
        colour = colour_of(t)  # "a white country home": white is said of the home through "country"
        if colour is not None:  # one colour phrase, said first: "muted blue huge library"
            words = [colour, *(w for w in words if w not in colour.split())]
        kind = lookup(noun_name(t))
        prep = place_prep(t) if kind is not None and kind.kind == "t" else None  # "at night", "in winter"
        lead = [prep] if prep in ("at", "in", "during") else ["the"] if det == "the" else []
        phrase = " ".join([*lead, *words, t.text.lower()])
        self.backgrounds.append(phrase.replace("_", " "))
        self.background_toks[t.i] = len(self.backgrounds) - 1

    def _style_words(self, t: Token) -> None:
        """Quality adjectives said of a thing ("realistic", "minimal", "cinematic") and style words before it
        ("cyberpunk starship troopers") describe the picture too."""
        for c in t.lefts:
            if c.dep_ not in ("amod", "compound", "nmod"):
                continue
            for w in c.subtree:
                if w.lower_ in PICTURE_ADJECTIVES and w.dep_ == "amod" or w.lower_ in STYLE_TAGS:
                    self.styles.append(" ".join(x.lower_ for x in w.subtree))  # "photo realistic", "fantasy"

    def _object(self, n: Noun, counted_by: Token | None = None) -> None:
        t = counted_by if counted_by is not None else n.tok
        self._style_words(t)
        value, _ = stated_count(t)
        run = None if said_number(t) else counted_run(t, colour_of(t))  # "two babies pink leggings": two leggings
        value = run[0] if run is not None else value
        same = self._coreferent(n, value)
        titled = titled_entity(self, n) if same is None and value is not None else None
        if same is not None or titled is not None:
            same = same if same is not None else titled
            self.entity_of[n.tok.i] = n.entity = same
            ent = self.out.entities[same]
            ent.color = ent.color or colour_of(t)
            if titled is not None and value is not None:  # "Oak Chair. Set of six chairs": six of that chair
                ent.count, ent.counted = sane_count(value, n.name, self.out.warnings), True
            return
        if value is None:
            count = L.DEFAULT_PLURAL_COUNT if looks_plural(t) and n.name not in L.PAIR_NOUNS else 1
        else:
            count = sane_count(value, n.name, self.out.warnings)
        mods = [m for m in modifiers_of(t) if m.replace("_", " ") not in n.name]  # "fox" of "fox shopping"
        mods = [run[1]] if run is not None else mods
        named = named_thing(n.tok)  # "the Statue of Liberty": a statue, drawn as that one
        self.out.entities.append(Entity(name=n.name, count=count, color=run[2] if run else colour_of(t), modifiers=mods,
                                        counted=value is not None and (_numbered(t) or run is not None),
                                        of_phrase=_of_phrase(named)))
        self.kinds.append(n.kind.kind if n.kind else "")
        n.entity = len(self.out.entities) - 1
        self.entity_of[n.tok.i] = n.entity

    def _coreferent(self, n: Noun, value: float | None) -> int | None:
        """ "A plane sits by the water. The plane is white": a definite noun names the earlier entity; so does
        a bare noun in a later sentence ("keyboard on desk. monitor on desk": one desk)."""
        aside = restated(n.tok)  # "a person - perhaps a lifeguard -": the same person
        if aside is not None and aside.i in self.entity_of and value is None:
            return self.entity_of[aside.i]
        if n.tok.dep_ == "attr":  # "The plate is a big square plate": the subject itself
            s = next((c for c in n.tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if s is not None and s.i in self.entity_of and self.out.entities[self.entity_of[s.i]].name == n.name:
                return self.entity_of[s.i]
        det = determiner(n.tok)
        bare = det is None and not looks_plural(n.tok)
        if value is not None or det not in _COREF_DETS and not bare:
            return None
        sent = n.tok.sent
        for k in range(len(self.out.entities) - 1, -1, -1):
            if self.out.entities[k].name != n.name or other_side(self.out.entities[k].modifiers, n.tok):
                continue  # "their left arm ... their right arm": two arms
            mentions = [self.doc[i] for i, e in self.entity_of.items() if e == k and sent.start <= i < sent.end]
            # a bare noun said again in its sentence is the same thing ("chair and table; table is left to
            # chair"), unless it is a list of them ("cup, cup and plate")
            listed = any(m in n.tok.conjuncts or m.head == n.tok.head and m.dep_ == n.tok.dep_ for m in mentions)
            return None if bare and listed else k
        if det != "the" or looks_plural(n.tok):
            return None
        kind = n.kind.kind if n.kind else ""  # "A surfer ... behind the man", "a glass carafe ... the glass"
        return other_name_referent(n.tok, n.name, kind, self.out.entities, self.kinds, self.entity_of)

    def _no_anchor_loops(self) -> None:
        """ "a man in a suit": the suit is worn by the man, so the man is not also in the suit."""
        ents = self.out.entities
        for k, e in enumerate(ents):
            if e.anchor is not None and ents[e.anchor[1]].anchor is not None and ents[e.anchor[1]].anchor[1] == k:
                e.anchor = None if e.anchor[0] in ("in", "on") else e.anchor

    def _anchors(self) -> None:
        """Worn, held and contained things hang on their owner or container."""
        for n in self.nouns:
            if n.entity is None or self.out.entities[n.entity].anchor is not None:
                continue
            kind = n.kind.kind if n.kind else ""
            shown = n.tok.head if n.tok.dep_ == "compound" and depicted(n.tok.head) == n.tok else n.tok
            how = anchor_kind(shown, kind)  # "lifting two weight photo": the photo's verb lifts the weights
            owner_tok = owner_token(shown) if how else None
            owner = self.entity_of.get(owner_tok.i) if owner_tok is not None else None
            if how == "used_by":
                user = None if owner is None else \
                    "person" if self.kinds[owner] == "p" else self.out.entities[owner].name
                how = "held_by" if user is not None and handheld(n.name, user) else None
            agent = owner is not None and self._agent(owner)
            if how and not agent and owner_tok is not None:  # "a man made of smoke holding a portal": the man
                owner = next((self.entity_of[a.i] for a in owner_tok.ancestors
                              if a.i in self.entity_of and self._agent(self.entity_of[a.i])), owner)
                agent = owner is not None and self._agent(owner)
            if how and owner is not None and owner != n.entity and (how == "part_of" or agent):  # trains hold nothing
                self.out.entities[n.entity].anchor = (how, owner)
                continue
            box = container_of(n.tok)
            if box is not None and box.i in self.entity_of and self.entity_of[box.i] != n.entity:
                self.out.entities[n.entity].anchor = ("in", self.entity_of[box.i])


    def _agent(self, k: int) -> bool:
        """Entity ``k`` can hold and wear things: a person, an animal or a figure shaped like one."""
        return k < len(self.kinds) and (self.kinds[k] in ("p", "a") or self.out.entities[k].name in FIGURES)


def _numbered(t: Token) -> bool:
    """A number proper is said of ``t`` or of its measure ("two pairs of", "a dozen", "set of six"), not a
    vague quantity ("multiple", "a pile of")."""
    if said_number(t):
        return True
    if t.dep_ != "pobj" or t.head.text.lower() != "of":
        return "_" in t.text  # a joined multiword the parser left bare: its number was read from the left
    q = t.head.head
    return q.text.lower() in ("pair", "pairs", "couple", "dozen", "dozens") or said_number(q)
