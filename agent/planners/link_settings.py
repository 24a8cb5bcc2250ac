"""Settings that a relation makes things: "grass under sky", "clouds in the sky", "sky above street".

Rooms, landscapes and the ground are the Scene's background. When a relation links two setting words,
neither end would be drawn, so the relation could not show; the end that is not the sky itself becomes
an object (a strip of ground along the bottom, clouds, waves), and every mention of that word in the
prompt is then that object, so its other relations ("bus on street") are laid out too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from agent.planners import tokens as T
from agent.planners.parsed import Entity, RelationSpec
from agent.planners.read_nouns import looks_plural, noun_name
from agent.planners.read_roles import GROUND
from agent.vocab import lexicon as L
from agent.vocab import noun_kind

if TYPE_CHECKING:
    from agent.planners.link_ends import Ends
    from agent.planners.parsed import Parsed

# The sky itself and what fills a frame's top: it stays the background when a relation links two settings.
SKY_WORDS = frozenset({"sky", "night sky", "starry sky", "space", "outer space", "night", "sunset", "sunrise",
                       "horizon", "universe", "galaxy", "air", "background"})

_OVER_GROUND = frozenset({"down", "up", "across", "along", "through"})


def promote_settings(ends: Ends, rels: list[tuple[int, int | None, Token | None]]) -> None:
    """Make objects of the setting ends that relations need (see the module doc).

    Args:
        ends: the linker (its ``out``, ``entity_of``, ``background`` and ``backgrounds`` are updated).
        rels: for each relation phrase, (its first token, its object entity, its object token).
    """
    made: dict[str, int] = {}
    for start, obj, obj_tok in rels:
        subj_tok = ends.setting_subject(ends.doc[start])  # None: a thing's relation to the setting ("a cat
        if subj_tok is None or obj is not None or obj_tok is None:  # on the grass") shows as it is
            continue
        if obj_tok.pos_ == "PRON":  # "a mountain with a cloud hanging over it"
            obj_tok = next((ends.doc[j] for j in range(obj_tok.i - 1, obj_tok.sent.start - 1, -1)
                            if j in ends.background and j != subj_tok.i), None)
        if obj_tok is None or obj_tok.i not in ends.background or subj_tok.i == obj_tok.i:
            continue
        subj_name, obj_name = noun_name(subj_tok), noun_name(obj_tok)
        if _when(obj_tok):
            continue  # "a forest in winter", "a beach at night": a time, not a second place
        pick = obj_tok if subj_name in SKY_WORDS and obj_name not in SKY_WORDS else subj_tok
        name = noun_name(pick)
        if name in SKY_WORDS or pick.i in ends.entity_of or name in made:
            continue
        made[name] = setting_entity(ends, pick)
    take_mentions(ends, made)


def setting_entity(ends: Ends, pick: Token) -> int:
    """A new entity for the background word ``pick`` (its colour and modifiers from its background phrase; a
    ground word is placed at the bottom); returns its index."""
    out: Parsed = ends.out  # type: ignore[attr-defined]
    name = noun_name(pick)
    words = ends.backgrounds[ends.background[pick.i]].split()  # type: ignore[attr-defined]
    colour = next((w for w in words if w in L.COLOR_WORDS), None)
    mods = [w for w in words if w != colour and w not in name.split() and w not in ("a", "an", "the")]
    wider = [w for w in mods if _setting_word(w)]  # "a city sidewalk": the sidewalk is drawn, in a city
    if wider:
        ends.backgrounds.append(" ".join(wider))  # type: ignore[attr-defined]
    plural = looks_plural(pick) and name not in T.LANDSCAPES and name not in GROUND
    out.entities.append(Entity(name=name, count=L.DEFAULT_PLURAL_COUNT if plural else 1, color=colour,
                               modifiers=[w for w in mods if w not in wider],
                               place="at the bottom" if name in GROUND else None))
    return len(out.entities) - 1


def _setting_word(word: str) -> bool:
    kind = noun_kind(word)
    return word in T.LANDSCAPES or kind is not None and kind.setting


def take_mentions(ends: Ends, made: dict[str, int]) -> None:
    """Every mention of a setting word made a thing (``made``: name -> entity) is now that thing, and no
    longer the background."""
    out: Parsed = ends.out  # type: ignore[attr-defined]
    for i in list(ends.background):
        name = noun_name(ends.doc[i])
        if name in made:
            ends.entity_of[i] = made[name]
            ends.backgrounds[ends.background.pop(i)] = ""  # type: ignore[attr-defined]
            _stands_on(ends, out, ends.doc[i])


def _when(t: Token) -> bool:
    """A time word ("winter", "night", "dusk") in the WordNet table: when the scene is, not where."""
    kind = noun_kind(noun_name(t))
    return kind is not None and kind.kind == "t" and noun_name(t) not in SKY_WORDS


def _stands_on(ends: Ends, out: Parsed, t: Token) -> None:
    """ "skiing down a sand dune", "walking across the field": who moves over the setting stands on it."""
    prt = t.dep_ == "dobj" and any((c.dep_ == "prt" or c.tag_ == "RP") and c.text.lower() in _OVER_GROUND
                                   for c in t.head.children)
    if not prt and (t.dep_ != "pobj" or t.head.text.lower() not in _OVER_GROUND):
        return
    who = ends.governor(t)  # the tagger may read "skiing down a dune" as a verb particle and its object
    if who is not None and who != ends.entity_of[t.i]:
        out.relations.append(RelationSpec(who, "on top of", ends.entity_of[t.i]))


def place_setting(ends: Ends, tok: Token, place: str, region: str) -> int | None:
    """ "At the bottom of the image there is grass and ground": a setting word put at a place in the picture
    is drawn there, so it becomes an object (with the words listed with it); the sky stays the background.

    Args:
        ends: the linker (its ``out``, ``entity_of``, ``background`` and ``backgrounds`` are updated).
        tok: the first setting word after the place phrase.
        place: the phrase ("at the bottom"); region: its region name ("bottom").

    Returns the entity of ``tok``, or None when it stays the background."""
    out: Parsed = ends.out  # type: ignore[attr-defined]
    first = None
    for t in [tok, *tok.conjuncts]:
        name = noun_name(t)
        if t.i not in ends.background or name in SKY_WORDS:
            continue
        phrase = ends.backgrounds[ends.background[t.i]].split()  # type: ignore[attr-defined]
        colour = next((w for w in phrase if w in L.COLOR_WORDS), None)
        plural = looks_plural(t) and name not in T.LANDSCAPES and name not in GROUND
        out.entities.append(Entity(name=name, count=L.DEFAULT_PLURAL_COUNT if plural else 1, color=colour,
                                   place=place, region=region))  # type: ignore[arg-type]
        ends.entity_of[t.i] = len(out.entities) - 1
        ends.backgrounds[ends.background.pop(t.i)] = ""  # type: ignore[attr-defined]
        first = len(out.entities) - 1 if first is None else first
    return first


_OUTDOORS = frozenset({"outside", "outdoors", "indoors", "inside"})


def outdoor_words(doc: Doc, backgrounds: list[str]) -> None:
    """ "buses parked outside", "a woman eating outdoors": an adverb of place with no object of its own says
    where the scene is, so it goes to the background ("inside the box" has one and is a relation). And how
    the background looks when a sentence says it ("The background is blurred", "In the background we can
    see it is blurry"): "blurred background"."""
    for t in doc:
        look = _background_look(t)
        if look is not None:
            backgrounds[:] = [b for b in backgrounds if not b.endswith("background")]  # said again, better
            backgrounds.append(f"{look.lower_} background")
        if t.lower_ in _OUTDOORS and t.pos_ == "ADV" and t.dep_ == "advmod" and not any(
                c.dep_ in ("pobj", "prep") for c in t.children) and t.lower_ not in backgrounds:
            backgrounds.append(t.lower_)


def _background_look(t: Token) -> Token | None:
    """The adjective a sentence says of the picture's background, if ``t`` is that background."""
    if t.lower_ != "background":
        return None
    if t.dep_ in ("nsubj", "nsubjpass"):
        pred = t.head
    elif t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.i == t.sent.start:  # "In the background, it is"
        pred = next((w.head for w in t.sent if w.dep_ == "nsubj" and w.lower_ == "it"), None)
    else:
        return None
    if pred is None:
        return None
    if pred.tag_ == "VBN" and pred.dep_ == "ROOT":
        return pred
    return next((c for c in pred.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
