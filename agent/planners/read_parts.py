"""Body parts: words in their owner's description, or, in a pose description that names no one, things
drawn as parts of an implied person.

Why both: "a girl with her left hand raised" is a picture of a girl (her hand is how she looks, not a second
thing to place), but "standing on left leg, right leg up, left arm raised" is a picture of the limbs' pose:
the prompt is about them, yet nobody draws legs without a body. So a part with an owner in the prompt (a
person, an animal, a figure, or the noun that owns it: "a pitcher plant has teeth") goes into the owner's
description; parts with no owner, two or more of them, make an implied person and are drawn as its parts
(``anchor: part_of``); a lone part with no owner ("a hand holding a pen") is the thing to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from agent.planners.noun_heads import subject_before_act
from agent.planners.parsed import Entity
from agent.planners.pose_landmarks import body_word, landmark, region_of
from agent.planners.pose_words import figure_pose, figure_pose_verb, part_pose
from agent.planners.read_anchors import owner_token
from agent.planners.read_colours import said_colour
from agent.planners.read_nouns import (
    Noun,
    colour_of,
    colour_phrase,
    is_colour,
    looks_plural,
    modifiers_of,
)
from agent.planners.read_roles import POSITION_NOUNS
from agent.planners.verbs import lemma

if TYPE_CHECKING:
    from agent.planners.parse import _Reader

# Body parts that come two to a body: a bare plural of one is a pair ("arms are bent": two arms).
PAIRED = frozenset({"arm", "leg", "hand", "foot", "knee", "elbow", "eye", "ear", "shoulder", "hip", "wrist", "ankle",
                    "cheek", "thigh", "shin", "calf", "heel", "palm", "buttock", "eyebrow", "nostril", "lung",
                    "breast", "kidney", "forearm", "wing", "antler", "tusk", "horn"})
OWNER_KINDS = frozenset("pa")  # people and animals own body parts
# Things shaped like a person or an animal can wear and hold things too ("a teddy bear holding a balloon").
FIGURES = frozenset({"teddy bear", "robot", "doll", "statue", "snowman", "scarecrow", "mannequin", "puppet",
                     "figurine", "toy", "stuffed animal", "action figure", "plush", "monster", "alien", "ghost",
                     "zombie", "skeleton", "angel", "dragon", "unicorn", "gnome", "elf", "fairy"})


def other_side(modifiers: list[str], t: Token) -> bool:
    """Whether ``t`` names the other side than ``modifiers`` say ("right arm" after "left arm")."""
    said, now = {m for m in modifiers if m in _SIDES}, {m for m in modifiers_of(t) if m in _SIDES}
    return bool(said and now and said != now)


_SIDES = frozenset({"left", "right"})


def paired_count(name: str) -> int | None:
    """2 for a bare plural of a paired part ("hands", "left knees"); None for any other name."""
    return 2 if name.rpartition(" ")[2] in PAIRED else None


def place_parts(reader: _Reader, parts: list[Noun]) -> None:
    """Give each body part of the prompt to its owner, or to the implied person of a pose description."""
    figures = [k for k, kind in enumerate(reader.kinds) if kind in OWNER_KINDS or _figure(reader, k)]
    posing = sum(map(posed, (n.tok for n in parts))) >= 2
    unowned: list[Noun] = []
    for n in parts:
        owner = _owner(reader, n, figures)
        if _beside_someone(reader, n.tok) or _leads_alone(reader, n, figures):  # "a person in front of a hand"
            n.role = "object"
            reader._object(n)
        elif owner is None:
            unowned.append(n)
        elif posing and owner in figures and not _landmark(reader, n):  # "the person is on their right foot"
            _part_object(reader, n, owner)
        else:
            _describe(reader, owner, n)
    if not unowned:
        return
    owner = _pose_subject(reader)
    lone = len(parts) < 2 and not (owner is not None and any(  # "shoulders dropped, subject crouching low"
        k == owner and figure_pose(reader.doc[i]) for i, k in reader.entity_of.items()))
    if lone:  # one part and no one posing to own it: the part is what the prompt is about
        for n in unowned:
            n.role = "object"
            reader._object(n)
            _pair(reader, n)  # "the feet are off the ground": two feet
        return
    if owner is not None:  # "subject is squatting, arms down": the subject is the one posing
        reader.kinds[owner] = "p"
        first = min(i for i, k in reader.entity_of.items() if k == owner)
        posing = posing or any(n.tok.i < first for n in unowned)  # "knees bent, subject leaning back": parts first
        for n in unowned:
            if posing and not _landmark(reader, n):
                _part_object(reader, n, owner)
            else:
                _describe(reader, owner, n)
        return
    # "standing on left leg, right arm up", "he's balancing on his left leg": someone unnamed poses, and the
    # prompt is about the pose of the parts; "legs spread apart, left arm raised": the parts themselves
    person = _implied_person(reader) if _someone_posing(reader) else None
    for n in unowned:
        if not _landmark(reader, n):
            _part_object(reader, n, person)
        elif person is not None or _host(reader, n) is not None:  # "legs bent at the knee": the legs' knee
            _describe(reader, person if person is not None else _host(reader, n), n)


def _landmark(reader: _Reader, n: Noun) -> bool:
    """A landmark part (see :func:`landmark`) or a joint's state (see :func:`_joint_state`) not drawn already:
    "the left leg ... at the level of the left leg" is still the drawn leg."""
    return (landmark(n.tok) or _joint_state(reader, n)) and _drawn_same(reader, n) is None


# Joints and the limbs they bend: "right leg up and knee bent" says how the leg is, not a second thing.
_JOINT_OF = {"knee": ("leg",), "elbow": ("arm",), "wrist": ("arm", "hand"), "ankle": ("leg", "foot")}


def _joint_state(reader: _Reader, n: Noun) -> bool:
    """A joint with no side of its own, said in a state ("knee bent", "with the elbow bent") right after its
    limb is drawn ("left leg lifted behind with knee bent"): the limb's bend, described with it."""
    limbs = _JOINT_OF.get(n.name)
    if limbs is None or any(m in ("left", "right") for m in modifiers_of(n.tok)) or part_pose(n.tok) is None:
        return False
    before = _drawn_before(reader, n.tok)
    return before is not None and reader.out.entities[before].name in limbs


def _host(reader: _Reader, n: Noun) -> int | None:
    """The drawn part a landmark part is said with when no one owns the parts ("left arm bent at the elbow":
    the arm): the nearest drawn part it hangs from, else the nearest drawn part before it."""
    drawn = [reader.entity_of[t.i] for t in n.tok.ancestors if reader.entity_of.get(t.i) in reader.parts_drawn]
    return drawn[0] if drawn else _drawn_before(reader, n.tok)


def _drawn_before(reader: _Reader, t: Token) -> int | None:
    """The part drawn as a thing that the prompt names last before ``t``, if any."""
    before = [k for i, k in sorted(reader.entity_of.items()) if i < t.i and k in reader.parts_drawn]
    return before[-1] if before else None


def posed(t: Token) -> bool:
    """Whether the sentence poses body part ``t``: a side ("left arm"), a participle said of it ("crossed legs",
    "left leg lifted behind", "knees are bent") or a verb it does ("the torso leans forward"). "Her eyes are
    blue" and "long hair" only describe; two posed parts make the prompt a pose description, whose parts are
    drawn (their places are what it says)."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in ("left", "right") for c in t.children):
        return True
    if any(c.tag_ in ("VBN", "VBG") and c.dep_ in ("amod", "acl") for c in t.children):
        return True
    if t.dep_ not in ("nsubj", "nsubjpass"):
        return False
    h = t.head
    return h.tag_ in ("VBN", "VBG") or h.pos_ == "VERB" and lemma(h) not in ("have", "be", "look", "seem") \
        or any(c.tag_ == "VBN" and c.dep_ in ("acomp", "xcomp", "oprd") for c in h.children)


def _figure(reader: _Reader, k: int) -> bool:
    return reader.out.entities[k].name in FIGURES


def _owner(reader: _Reader, n: Noun, figures: list[int]) -> int | None:
    """The entity that owns part ``n``: a named owner ("the man's hand", "a cow with eyebrows", "a plant has
    teeth"), else the person or animal named last before it, else the first one."""
    first = n.tok.head if n.tok.dep_ == "conj" and n.tok.head.pos_ == "NOUN" else n.tok  # "with noses and mouths"
    tok = owner_token(n.tok) or _of_owner(reader, n.tok) or owner_token(first)
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in n.tok.children):
        tok = None  # "in her hands": her, not the racket the hands hold
    owner = reader.entity_of.get(tok.i) if tok is not None else None
    if owner is not None and (tok.dep_ != "pobj" or owner in figures or reader.kinds[owner] in "lb"):
        return owner  # "a cow with eyebrows", "a plant has teeth"; not "a knee cap with the arms up"
    before = [reader.entity_of[j] for j in sorted(reader.entity_of) if j < n.tok.i and reader.entity_of[j] in figures]
    if any(c.dep_ == "poss" and c.lower_ in _PERSONAL_POSS for c in n.tok.children):  # "a woman with a parrot on
        people = [k for k in before if reader.kinds[k] == "p"]  # her shoulder": her shoulder, not the parrot's
        before = people or before
    return before[-1] if before else figures[0] if figures else None


_PERSONAL_POSS = frozenset({"his", "her", "my", "your", "our"})  # said of people; "its" and "their" of anything


def _beside_someone(reader: _Reader, t: Token) -> bool:
    """Whether part ``t``, said with no owner, is where a person or an animal stands ("person in the front of
    hand", "a boy next to a giant foot"): nobody stands beside their own hand, so it is a thing of its own."""
    if any(c.dep_ == "poss" for c in t.children) or owner_token(t) is not None or _of_owner(reader, t) is not None:
        return False
    x = t
    while x.dep_ == "pobj" and x.head.head.pos_ == "NOUN" and x.head.head.lower_ in POSITION_NOUNS:
        x = x.head.head  # "in the front of hand": the place word's own phrase
    g = x.head.head if x.dep_ == "pobj" and x.head.dep_ == "prep" else None
    return g is not None and g.i in reader.entity_of and reader.kinds[reader.entity_of[g.i]] in ("p", "a")


def _leads_alone(reader: _Reader, n: Noun, figures: list[int]) -> bool:
    """ "Two hands hold a cup. A woman stands by the window.": a part that is the subject of its own sentence
    and is said before anyone who could own it is what that sentence is about, not the later one's part."""
    t = n.tok
    head = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t  # "four pairs of hands"
    if not figures or head.dep_ not in ("nsubj", "nsubjpass") or any(c.dep_ == "poss" for c in t.children) \
            or owner_token(t) is not None or _of_owner(reader, t) is not None:
        return False
    return all(j > t.sent.end for j, k in reader.entity_of.items() if k in figures)


def _of_owner(reader: _Reader, t: Token) -> Token | None:
    """ "the lap of a girl", "the back of an elephant": the one named after "of"."""
    return next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj" and g.i in reader.entity_of), None)


def _describe(reader: _Reader, owner: int, n: Noun) -> None:
    region = region_of(n.tok)  # "the crook of the left elbow": the region is said with the part
    said = n.tok.text.lower().replace("_", " ")
    said = " ".join([*n.name.split()[:-1], said]) if said.count(" ") < n.name.count(" ") else said  # "knee cap"
    words = [*([region, "of"] if region else []), *modifiers_of(n.tok), said]
    colour = colour_of(n.tok) or said_colour(n.tok)  # "a cat's eyes are green"
    pose = part_pose(n.tok)  # "arms raised", "knees bent": the state the prompt gives the part
    if pose and pose not in words and pose != colour:
        words.append(pose)
    phrase = " ".join([*([colour] if colour else []), *words])
    parts = reader.out.entities[owner].parts
    if phrase not in parts:
        parts.append(phrase)


def _pose_subject(reader: _Reader) -> int | None:
    """The entity a pose verb is said of, when the prompt names one with no physical sense first (WordNet
    files "subject", "figure" and "model" under communication or cognition): the one posing ("subject is
    squatting", "the figure is reaching its left arm forward"); "toes are pointed" is not someone."""
    for i, k in sorted(reader.entity_of.items()):
        t = reader.doc[i]
        if (t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") or subject_before_act(t)) \
                and reader.out.entities[k].anchor is None and reader.kinds[k] in ("x", "z", "g"):
            return k
    return None


_PERSONAL = frozenset({"he", "she", "you", "they", "someone", "somebody", "i", "we", "one"})


def _someone_posing(reader: _Reader) -> bool:
    """Whether the pose is said of someone: a pronoun does it ("he's balancing on his left leg"), or the
    prompt opens with the pose itself, no subject before it ("standing on left leg", "crouched down with",
    "down on one thigh"). When the parts are the subjects ("legs spread apart, left arm raised"), the
    prompt describes the parts, and they are what is drawn."""
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.text.lower() in _PERSONAL for t in reader.doc):
        return True
    first = next((t for t in reader.doc if not t.is_punct and not t.is_space), None)
    if first is None or first.text.lower() in ("left", "right") or body_word(first):
        return False  # "knees bent", "left arm hangs down": a part is the subject (whatever its tag)
    return first.pos_ in ("VERB", "AUX", "ADV", "ADP") or figure_pose_verb(first) is not None


# The figure a personal pronoun or indefinite names (a detector, a prompt and a person all read "man",
# never "he"); agent.planners.read_pronouns uses it for prose, the pose reader below for a poser.
PRONOUN_FIGURES = {"she": "woman", "her": "woman", "herself": "woman", "he": "man", "him": "man", "his": "man",
                   "himself": "man", "someone": "person", "somebody": "person"}
# A pose may be said to "you" ("you are standing on your right leg"); in prose "you" is the viewer.
_POSER_FIGURES = {**PRONOUN_FIGURES, "you": "person"}


def _implied_person(reader: _Reader) -> int:
    """The one posing when no noun names them: the figure the pronoun or indefinite says ("he's balancing on
    his left leg": a man; "someone is crouching": a person), else a person ("standing on left leg")."""
    said = next((t.lower_ for t in reader.doc if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in _POSER_FIGURES),
                None)
    reader.out.entities.append(Entity(name=_POSER_FIGURES.get(said or "", "person")))
    reader.kinds.append("p")
    return len(reader.out.entities) - 1


def _part_object(reader: _Reader, n: Noun, person: int | None) -> None:
    """Part ``n`` drawn as a thing (a ``part_of`` the implied ``person`` when there is one); the same part
    said again ("left leg ... knee level of left leg", "bent at arm") is the same thing, and a bare plural
    of a paired part is two."""
    same = _drawn_same(reader, n)
    if same is not None:
        reader.entity_of[n.tok.i] = n.entity = same
        return
    n.role = "object"
    reader._object(n)
    if n.entity is None:
        return
    reader.parts_drawn.add(n.entity)
    _pair(reader, n)
    if person is None:  # no one to say it of: the part's own description keeps its state ("a right arm up")
        pose = part_pose(n.tok) or ""
        reader.out.entities[n.entity].pose = "" if pose in ("left", "right") else pose  # "face left arm": a run-on
    if person is not None:
        reader.out.entities[n.entity].anchor = ("part_of", person)
        _describe(reader, person, n)


def _pair(reader: _Reader, n: Noun) -> None:
    """A bare plural of a paired part drawn as a thing is two of it ("knees bent", "hands up")."""
    ent = reader.out.entities[n.entity] if n.entity is not None else None
    if ent is not None and paired_count(n.name) is not None and not ent.counted and looks_plural(n.tok):
        ent.count = 2


def _drawn_same(reader: _Reader, n: Noun) -> int | None:
    """The part already drawn that ``n`` names again, if any."""
    mods = modifiers_of(n.tok)
    same = [k for k, ent in enumerate(reader.out.entities) if ent.name == n.name and k in reader.parts_drawn
            and (ent.modifiers == mods or not mods and not looks_plural(n.tok))]
    return same[-1] if same else None


def pose_figures(reader: _Reader) -> None:
    """Each figure's whole-body posture ("a woman kneeling", "the boy runs"), and, for the implied person of
    a pose description that opens with it ("crouching with both hands on the floor"), that verb's."""
    for i, k in sorted(reader.entity_of.items()):
        ent = reader.out.entities[k]
        if not ent.pose and (reader.kinds[k] == "p" or ent.name in FIGURES) and k not in reader.parts_drawn:
            ent.pose = figure_pose(reader.doc[i]) or ""
    first = next((t for t in reader.doc if not t.is_punct and not t.is_space), None)
    named = set(reader.entity_of.values())
    for k, ent in enumerate(reader.out.entities):
        if first is not None and reader.kinds[k] == "p" and k not in named and not ent.pose:
            ent.pose = figure_pose_verb(first) or ""


def held_in_hand(reader: _Reader) -> None:
    """ "a girl holding a red kite": the kite is in her hand, so the girl's description says so ("a girl with a
    red kite in hand") and the hand that holds it is drawn with her. People and figures hold things in
    their hands; an animal holds them in its mouth or paws, so its description is left alone."""
    ents = reader.out.entities
    for ent in ents:
        if ent.anchor is None or ent.anchor[0] != "held_by" or ent.count < 1:
            continue
        owner = ents[ent.anchor[1]]
        k = ent.anchor[1]
        if not (reader.kinds[k] == "p" or owner.name in FIGURES) or any("hand" in p for p in owner.parts):
            continue
        thing = ent.description()
        phrase = f"{thing} in hand" if ent.count == 1 else f"{thing} in each hand" if ent.count == 2 else "full hands"
        owner.parts.append(phrase)


def place_patterns(reader: _Reader, patterns: list[Noun]) -> None:
    """Shapes and designs said of a thing go into its description with their number and colour ("a cube with
    ten purple squares"); one whose thing was not drawn is a thing of its own."""
    for n in patterns:
        tok = owner_token(n.tok)
        owner = reader.entity_of.get(tok.i) if tok is not None else None
        if owner is None:
            n.role = "object"
            reader._object(n)
            continue
        colour = colour_of(n.tok) or _of_colour(n.tok)
        count = [c.text.lower() for c in n.tok.children if c.dep_ == "nummod" and c.i < n.tok.i]
        phrase = " ".join([*count[:1], *([colour] if colour else []), *modifiers_of(n.tok), n.tok.text.lower()])
        parts = reader.out.entities[owner].parts
        if phrase not in parts:
            parts.append(phrase)


def _of_colour(t: Token) -> str | None:
    """ "ten squares of purple", "stripes in gold": a colour said after the shape."""
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in"):
            g = next((g for g in c.children if g.dep_ == "pobj" and is_colour(g)), None)
            if g is not None:
                return colour_phrase(g)
    return None
