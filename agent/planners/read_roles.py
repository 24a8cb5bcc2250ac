"""What each noun of the prompt is for: an object to draw, the setting, the style, a part of its owner,
an excluded thing, or nothing (a quality, a measure, the frame itself).

Why here and not in a word list: "a painting of a cat" is a style but "a painting on the wall" an object;
"a kitchen" after "in" is the setting but "a toy kitchen" in someone's hands an object. The noun's kind
(WordNet table) says what it can be; its arcs (determiner, number, preposition, verb) say what it is.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners import tokens as T
from agent.planners.bodied import bodied
from agent.planners.credits import artist_tag, credit, credit_tag, credited_medium
from agent.planners.landmarks import named_landmark, named_thing, placed_building
from agent.planners.occasions import during, group_of_people, occasion, posed_for, purpose
from agent.planners.phrase_roles import (
    action_object,
    formation,
    owned_thing,
    picked_up,
    sided,
    sort_of_head,
    things_it_has,
    vague_after_kind,
)
from agent.planners.picture_nouns import SHEETS, sheet, styled_picture
from agent.planners.pose_landmarks import body_sense, part_region
from agent.planners.pose_words import names_a_pose
from agent.planners.read_anchors import HOLD_VERBS, WEAR_VERBS, subject_of
from agent.planners.read_depicted import counted_pictures, depicted
from agent.planners.read_groups import acting_group
from agent.planners.read_looks import arranged_in, drawn_part, pattern, shape_colour
from agent.planners.read_nouns import (
    PARTITIVES,
    Noun,
    determiner,
    looks_plural,
    lookup,
    place_prep,
    said_number,
    singular_of,
    stated_count,
)
from agent.planners.tagger_slips import colour_not_thing, compound_modifier, run_modifier, stands_alone, verb_as_head
from agent.planners.thing_context import (
    TEXT_NOUNS,
    bears_text,
    described_place_word,
    heaped,
    inspiration,
    no_thing_here,
    picture_on_thing,
    placed_thing,
    shows_something,
)
from agent.planners.verbs import lemma
from agent.vocab import NounKind
from agent.vocab import lexicon as L

GROUND = frozenset({"road", "street", "floor", "ground", "grass", "lawn", "sand", "snow", "sidewalk", "highway",
                    "path", "pavement", "runway", "track", "field", "ice", "water", "beach", "shore", "dirt", "mud",
                    "gravel", "hill", "hillside", "mountain", "cliff", "rock", "rocks", "waves", "sea", "ocean", "lake",
                    "river", "pond", "desert", "moon", "meadow", "court", "pitch", "slope", "riverbank", "bank"})
_OVER = ("down", "along", "across", "up")  # not a particle "up": "sweeping up sand", "picking up litter"
_NEG_PREPS = frozenset({"without", "minus", "excluding", "except", "sans"})
_FRAME_PREPS = frozenset({"in", "of", "on", "at", "within", "inside"})
_SETTING_PREPS = frozenset({"in", "at", "inside", "within", "across", "through", "along", "into", "throughout",
                            "during", "around", "overlooking", "against", "over", "above", "under", "beneath"})


POSITION_NOUNS = frozenset({"top", "bottom", "middle", "center", "centre", "left", "right", "side", "front", "back",
                            "corner", "edge", "foreground", "background", "distance", "rest", "half", "part",
                            "upper", "lower", "inside", "outside", "surface", "end", "tip", "frame"})


def decide(n: Noun, first: bool) -> str:
    """The role of noun ``n`` (``first``: the prompt's first noun, which frames it when it is art or a view)."""
    t, name, kind = n.tok, n.name, n.kind
    count, negated = stated_count(t)
    if negated or _negated(t):
        return "negative"
    if count == 0:
        return "zero"
    if verb_as_head(t) or colour_not_thing(t) or compound_modifier(t) or len(name) == 1 or run_modifier(t):
        return "skip"  # "a coin floats", "an orange fire hydrant", "a hand painted sign", "the letter G"
    early = _early_role(n, count) or _look_role(n)
    if early:
        return early
    if name in L.FRAME_NOUNS and count is None and not looks_plural(t) and _frames(t, first) \
            and not (kind is not None and kind.kind == "o" and described_place_word(t)):
        return "frame"  # not a made thing said to be made of something ("in a frame made from shells")
    if formation(t, kind):
        return "skip"
    if kind is not None and kind.art and count is None and named_thing(t) is None \
            and (_heads_of(t) or first and _alone(t) or _bare(t)):
        return "style"  # "portrait of an astronaut", "an oil painting of a cat", "..., digital art"
    if _setting(n, count) or during(t):
        return "background"
    if posed_for(t, kind) or group_of_people(t, kind):
        return "style" if kind is not None and kind.art else "skip"  # "posing for a photo", "members of the band"
    if kind is not None and kind.kind in "zx" and not kind.drawable and count is None and shows_something(t):
        return "style"  # "a meme showing a cat": a picture of the cat
    counted_plural = count is not None and t.tag_ in ("NNS", "NNPS")  # not a mis-tagged verb: "six fish swam"
    participle = t.dep_ == "ROOT" and t.text.lower().endswith("ing") and t.tag_ == "NN"  # "a balloon landing in"
    if (kind is None and not counted_plural or kind is not None and not kind.drawable and not kind.art
            or participle) and any(
            c.dep_ == "compound" and c.i < t.i
            and (lookup(c.text.lower().replace("_", " ")) or NOUN_NONE).kind in "okcfapl"
            and not (c.pos_ == "PROPN" and kind is None) for c in t.children):  # "camelia emberg": a name
        return "skip"  # "a volcano erupting", "a t-shirt design": the compound is the thing (a counted
        # unknown head is the thing: "ten needlepoint firescreens")
    return _unknown(t, count) if kind is None else _by_kind(t, kind, count)


def _detached(t: Token) -> bool:
    """ "a woman holding deer antlers", "Human skull on fire": a part named by the kind of creature it comes
    from is a thing of its own, not a part of someone in the picture ("a girl with cat ears" has them)."""
    if t.dep_ == "pobj" and t.head.lower_ == "with":
        return False
    return any(c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and c.i < t.i
               and (lookup(L.singular(c.lower_)) or NOUN_NONE).kind in "pa" for c in t.children)


def _by_kind(t: Token, kind: NounKind, count: float | None) -> str:
    """The role of a noun WordNet knows, once the phrase-level rules have passed: from its kind and context."""
    if kind.kind == "b" and not _detached(t):
        return "bodypart"  # a part of its owner when the prompt has one, else the thing the prompt is about
    if kind.kind == "u" or kind.kind in "xzq" and kind.alt == "u":
        return _substance(t, count)
    fruit = t.text.lower() in L.COLOR_NOUNS and t.dep_ in ("conj", "nsubj", "dobj", "pobj", "appos", "ROOT") \
        and not shape_colour(t)
    if t.text.lower() in L.COLOR_WORDS and determiner(t) not in ("a", "an") and count is None and not fruit:
        return "skip"  # "rainbow hair", "a gold and black logo": a colour, not a thing
    if kind.drawable or kind.art or _counted_thing(t, kind, count) or _worn(t, kind) or drawn_part(t, kind):
        return "object"  # "two yellow lights", "three chihuahuas", "eight cities": counted, so things
    if placed_thing(t, kind) or bears_text(t) or heaped(t) or things_it_has(t, kind) \
            or owned_thing(t, kind, place_prep(t)):
        return "object"  # "perched on a branch", "there are large waves": only the thing fits there
    if kind.kind == "h" and kind.alt in "ok" and determiner(t) in ("a", "an") or picked_up(t):
        return "object"  # "a single light in the distance": one lamp, not the scene's light; "scooping up snow"
    if kind.kind in "hu" or kind.kind == "t" and place_prep(t) is not None or occasion(t, kind) \
            and singular_of(t) not in POSITION_NOUNS:
        return "background"  # rain, smoke, water, "at night", "at a party": how the scene looks, not a thing in it
    if t.lemma_.lower() in GROUND or t.lower_ in GROUND:
        return "background"  # "magical waves": ground and water WordNet files first as an abstraction
    return "skip"


NOUN_NONE = NounKind("z")


def _look_role(n: Noun) -> str | None:
    """A shape or design a thing has ("a cube with ten squares", "the tail has a yellow design on it") is how
    it looks; an art word after the thing it shows ("a cat photo") is the style, the cat what it shows."""
    if n.kind is not None and pattern(n.tok, n.kind):
        return "pattern"
    if arranged_in(n.tok, n.kind):
        return "skip"  # "laid out in a grid": how the things stand
    if n.kind is not None and n.kind.art and (depicted(n.tok) is not None or counted_pictures(n.tok)):
        return "depicts"
    body = None if n.kind is None else NounKind("p", "p") if acting_group(n.tok, n.kind) else bodied(n.tok, n.kind)
    if body is not None:  # "a couple walking in the park": people, who own hands and hold things; "a being
        n.kind = body  # with wings": a creature
        return "object"
    return None


def _worn(t: Token, kind: NounKind) -> bool:
    """A noun with a clothing or made-thing sense that is worn ("wearing a bad disguise", "in a suit and
    tie") is that thing, whatever its usual sense."""
    if kind.alt not in ("c", "o"):
        return False
    while t.dep_ == "conj":
        t = t.head
    return t.dep_ == "dobj" and lemma(t.head) in WEAR_VERBS or t.dep_ == "pobj" and t.head.text.lower() == "in" \
        and (lookup(t.text.lower()) or NOUN_NONE).kind == "c"


def _counted_thing(t: Token, kind: NounKind, count: float | None) -> bool:
    """A number said of a noun makes things of it when any of its senses is physical, or it names places
    ("three chihuahuas": a city first, a dog too; "eight cities")."""
    if count is None:
        return False
    if not said_number(t):
        return False  # "some design", "various stages": a vague quantity does not make things of an idea
    things = "okcflar"  # not a rare person sense ("six types"), not a body-part place ("both sides")
    return kind.alt in things or kind.kind == "s" and kind.alt in things + "s-"


def _early_role(n: Noun, count: float | None) -> str | None:
    """Roles the noun's words decide before its kind does: credits, the backdrop, places, purposes, texts."""
    t, name = n.tok, n.name
    if credit(t):
        return "credit"  # "by Greg Rutkowski", "by moebius and makoto shinkai": who made it, a style
    if name in L.MARKUP_WORDS or name in L.QUALITY_ABBREVIATIONS:
        return "skip" if name in L.MARKUP_WORDS else "style"  # "11&quot;" read as "11 quot"; "artstation hq"
    if name_tag(t) is not None:
        return "names"  # "..., mucha, klimt, john bauer, soft colors": artists named in a tag list
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.pos_ == "VERB" and (lookup(nxt.text.lower()) or NOUN_NONE).art \
            and (n.kind is None or n.kind.kind in "uqzm") and not any(c.dep_ == "dobj" for c in nxt.children):
        return "style"  # "a detailed matte painting by X": the tagger took the art word for a verb
    if t.dep_ == "pobj" and t.head.text.lower() == "of" and named_thing(t.head.head) == t:
        return "shown"  # "Liberty", "a toothpaste tube" of a statue: its name or what it shows, no thing
    if name in SHEETS and count is None and sheet(t):
        return "style"  # "Set with three cocktails", "icons - vector set": a catalogue sheet, not a thing
    if name in L.STYLE_PHRASES and styled_picture(t) or inspiration(t) or credited_medium(n):
        return "style"  # "a 1950s style movie poster", "anime style drawing", "inspired by modern art"
    if _gerund(n) or _simile(t) or _hyphen_modifier(t) or action_object(n) or no_thing_here(t, n.kind) \
            or part_region(t) or t.dep_ == "oprd" or names_a_pose(t):  # "the crook of the elbow": the elbow;
        return "skip"  # "kicked out straight", "crowned queen": what the verb makes its subject; "tree pose"
    if name in ("background", "backdrop", "surface") and place_prep(t) != "in":
        return "background"  # "white background", "on a wooden surface"
    if name in POSITION_NOUNS and count is None and not described_place_word(t) and not body_sense(t) \
            or purpose(t):
        return "skip"  # "at the top", "for my kid's bedroom wall": a place in the frame, a purpose
    if name in TEXT_NOUNS and (looks_plural(t) or place_prep(t) == "in" or determiner(t) == "the") \
            and not (said_number(t) and t.dep_ == "pobj" and t.head.head.lower_ in SHEETS):
        return "skip"  # "in bold letters", "the words": how a text is written, not a thing ("set of five
        # labels": a catalogue's counted labels are things)
    if (name in T.QUANTITY_HEADS and (n.kind is None or n.kind.kind != "o") or name in PARTITIVES) and any(
            c.dep_ == "prep" and c.text.lower() == "of" and any(g.dep_ == "pobj" for g in c.children)
            for c in t.children):
        return "skip"  # "a pair of shoes", "a slice of cake": the shoes, the slice of cake are the objects
        # (a collection that is a made thing is drawn too: "a bouquet of tulips")
    if _shape_or_material(t) or sort_of_head(t, n.kind) or vague_after_kind(t):
        return "skip"
    if named_thing(t) is not None or placed_building(n) or named_landmark(t):
        return "object"  # "the Statue of Liberty" (not an art style), "a cozy cabin in the woods" (not the place)
    return None


def name_tag(t: Token) -> tuple[int, int] | None:
    """The token span of the comma-separated tag around ``t`` when the tag is only a name: proper nouns and
    words WordNet lacks, at least one tagged a proper noun, no article, not the prompt's first tag
    ("..., john bauer, ..."; "a portrait of camelia emberg" is the subject, not a tag)."""
    doc = t.doc
    start, end = t.i, t.i + 1
    while start > t.sent.start and doc[start - 1].text not in _TAG_SEPARATORS:
        start -= 1
    while end < t.sent.end and doc[end].text not in _TAG_SEPARATORS:
        end += 1
    words = [w for w in doc[start:end] if not w.is_punct]
    if start == 0 or not words or len(words) > 3:
        return None
    if artist_tag(words) or any(w.pos_ == "PROPN" for w in words) and all(  # "..., monet, ...": an artist
            w.pos_ == "PROPN" or w.is_alpha and lookup(w.text.lower()) is None for w in words) \
            and credit_tag(doc[start:end]):
        return start, end  # not a thing the tagger called a name: "..., jetty, ...", "..., eiffel tower, ..."
    return None


_TAG_SEPARATORS = frozenset({",", ";", "|", ":", "."})


def _gerund(n: Noun) -> bool:
    """A word WordNet lacks that ends in -ing is a verb form the tagger took for a noun ("a volcano erupting",
    "nine different foreshortenings"), not a thing."""
    low = n.tok.text.lower()
    return n.kind is None and (low.endswith("ing") or low.endswith("ings")) and len(low) > 5


def _simile(t: Token) -> bool:
    """ "the letters look like plants", "soup that looks like a portal": what a thing looks like is not in
    the picture ("it looks like a cloth", said of nothing named before, is)."""
    h = t.head
    if t.dep_ != "pobj" or h.text.lower() != "like" or lemma(h.head) not in ("look", "seem"):
        return False
    subj = subject_of(h.head)
    said_before = subj is not None and subj.pos_ == "PRON" and any(w.pos_ == "NOUN" for w in t.doc[:subj.i]) \
        and not any(c.dep_ == "prep" and c.i < subj.i for c in h.head.children)  # "At the bottom, it looks like"
    return subj is not None and subj.pos_ in ("NOUN", "PROPN") or said_before or h.head.dep_ == "relcl"


def _hyphen_modifier(t: Token) -> bool:
    """ "a caramel-colored kitten", "a wrap-around porch": a noun hyphened to the modifier after it."""
    doc = t.doc
    if t.i + 2 >= len(doc) or doc[t.i + 1].text != "-" or t.whitespace_ or doc[t.i + 1].whitespace_:
        return False
    nxt = doc[t.i + 2]
    return nxt.pos_ in ("ADJ", "VERB", "ADV", "ADP") and nxt.text.lower() not in L.COLOR_WORDS


def _shape_or_material(t: Token) -> bool:
    """ "a sign in the shape of a pineapple", "letters made from cheese", "made out of paper": the shape or
    the stuff of a thing, not a second thing."""
    h = t.head
    if t.dep_ == "pobj" and h.text.lower() == "in" and _wood_of(t):
        return True
    if t.dep_ != "pobj" or h.text.lower() not in ("of", "from", "with"):
        return False
    if h.text.lower() == "of" and h.head.text.lower() in ("shape", "form", "outline", "silhouette"):
        return True
    made = h.head if h.head.text.lower() != "out" else h.head.head
    return made.text.lower() in _MADE and h.text.lower() in ("of", "from") and not looks_plural(t)
    # "made of tigers", "made from bees": many things make up the shape, and they are seen


def _wood_of(t: Token) -> bool:
    """ "six dining chairs in Rosewood", "a table in oak": a tree named bare after a made thing's "in" is its
    wood ("a squirrel in an oak" has an article and is an animal's)."""
    h = t.head
    before = t.doc[h.i - 1] if h.i > 0 else h.head
    thing = before if before.pos_ in ("NOUN", "PROPN") else h.head  # "set of six chairs in oak": the chairs
    kind, owner = lookup(t.text.lower()), lookup(L.singular(thing.text.lower().replace("_", " ")))
    return determiner(t) is None and not looks_plural(t) and kind is not None and kind.kind == "l" \
        and owner is not None and (owner.kind in "ock" or owner.alt in "ock")  # "table": a group, and furniture


_MADE = frozenset({"made", "built", "carved", "crafted", "formed", "constructed", "composed", "sculpted", "woven",
                   "fashioned", "assembled", "cast", "molded", "moulded"})


def _negated(t: Token) -> bool:
    head = t
    while head.dep_ == "conj":
        head = head.head
    return head.dep_ == "pobj" and head.head.text.lower() in _NEG_PREPS


def _frames(t: Token, first: bool) -> bool:
    """ "a photo of a cat", "in this image", "a scene with": the frame itself, not a thing in it."""
    if picture_on_thing(t) and not first:  # "looks at an image on a phone": a picture on a thing is a thing
        return False
    return determiner(t) in ("this", "the") or first or place_prep(t) in _FRAME_PREPS


def _heads_of(t: Token) -> bool:
    return any(c.dep_ == "prep" and c.text.lower() in ("of", "showing", "depicting", "featuring", "by")
               for c in t.children) or any(c.dep_ == "acl" and lemma(c) in ("show", "depict", "feature")
                                           for c in t.children)


def _bare(t: Token) -> bool:
    """An art word with no article and no number ("3D render", "trailcam footage", "digital art"): a style."""
    return determiner(t) is None and not looks_plural(t) and t.dep_ != "pobj"


def _alone(t: Token) -> bool:
    return t.dep_ == "ROOT" and not any(c.dep_ in ("prep", "acl", "relcl", "conj") for c in t.children)


def _setting(n: Noun, count: float | None) -> bool:
    """Rooms, landscapes and places where the scene happens, not things standing in it."""
    t, name, kind = n.tok, n.name, n.kind
    if count is not None and count >= 2:
        return False
    prep = place_prep(t)
    held = t.dep_ == "dobj" and (lemma(t.head) in HOLD_VERBS | WEAR_VERBS | {"build", "make"} or picked_up(t)) \
        or prep not in ("in", "at", "inside") and any(c.text.lower() in T.SMALL_WORDS for c in t.children) \
        and not (kind is not None and kind.setting and kind.alt in "s-")  # "a tiny island": still a place
    if name in T.LANDSCAPES or kind is not None and kind.setting:
        return not (held or owned_thing(t, kind, prep)) or name in ("sky", "sea", "ocean", "beach")
    if prep is None and stands_alone(t) and name in L.SETTING_NOUNS and kind is not None and not kind.drawable:
        return True  # "a gray mountain village at night": a place WordNet files as its people is the setting
    if prep is None and t.dep_ == "dobj" and any(c.dep_ in ("prt", "prep") and c.lower_ in _OVER[:3] and c.i < t.i
                                                 for c in t.head.children):
        prep = "along"  # "walking down a sidewalk": the tagger reads "down" as the verb's particle
    if prep in ("on", *_OVER) and name in GROUND and not held:
        return True  # "two cars on the road", "walking down a city sidewalk": the ground they go on
    if name in L.SETTING_NOUNS and prep in _SETTING_PREPS and not held and not sided(t):
        return not (kind is not None and kind.drawable and prep in ("over", "above", "under", "beneath", "against"))
    return False


def _substance(t: Token, count: float | None) -> str:
    """Water, chalk, smoke: contents of a container, the stuff a thing is made of, or the scene's setting."""
    if _contained(t) or count is not None or determiner(t) in ("a", "an") or t.dep_ == "dobj" and t.head.pos_ == "VERB":
        return "object"  # "sweeping up sand": what is handled is a heap of it, not the ground
    prep = place_prep(t)
    if prep in ("of", "from", "in", "with") or t.dep_ in ("compound", "amod"):
        return "skip"  # "made of chalk", "written in icing": a material
    return "background"


def _contained(t: Token) -> bool:
    """ "a cup of coffee", "a glass of water": a substance drawn in its container."""
    return t.dep_ == "pobj" and t.head.text.lower() == "of" and t.head.head.pos_ == "NOUN"


def _unknown(t: Token, count: float | None) -> str:
    """A noun WordNet does not know ("ramen", "Tesla", "artstation"): an object when the sentence treats it
    as one (a determiner, a number, a verb's subject or object), else nothing."""
    if count is not None or determiner(t) in ("a", "an", "the", "two", "this", "these", "those", "his", "her"):
        return "object"
    if t.pos_ == "PROPN" and place_prep(t) in ("in", "at", "from", "near", "over", "across"):
        return "background"  # "in San Francisco", "at Ahu Tongariki"
    if t.text[:1].isupper() and t.dep_ == "appos" and said_number(t.head) and t.i == max(
            (w.i for w in t.sent if not w.is_punct), default=t.i):
        return "style"  # "set of six retro teapots Kresba": a label tacked on the counted things
    if t.i == t.sent.start and t.pos_ == "PROPN" and t.head.pos_ == "VERB" and t.head.i == t.i + 1 \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.head.children if c.i != t.i):
        return "object"  # "yoda wearing a disguise": the name opening the sentence is its subject
    if t.pos_ == "PROPN" and t.dep_ not in ("nsubj", "dobj", "pobj", "conj", "ROOT", "appos", "attr"):
        return "skip"
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "ROOT", "appos") and t.is_alpha:
        return "object"
    return "skip"
