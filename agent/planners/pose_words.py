"""The words that say how a body is posed: a part's state ("arms raised", "knees bent", "right hand up") and
a figure's whole-body pose ("kneeling", "running", "sitting").

Why: a description that says only "a man with arms, knees" has lost the pose the prompt was about; a
model (or the sketch, which picks a posed pictogram) needs "a man kneeling with arms raised". The words
come from the arcs: a participle or direction said after the part or as its predicate, and a verb of body
posture whose subject (or the noun it modifies) is the figure.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.tokens import verb_forms
from agent.vocab import lexicon as L
from agent.vocab import noun_kind

# Directions a posed part points or moves ("right arm up", "legs apart", "head tilted back").
DIRECTIONS = frozenset({"up", "down", "out", "forward", "forwards", "back", "backward", "backwards", "overhead",
                        "upward", "upwards", "downward", "downwards", "outward", "outwards", "sideways", "apart",
                        "together", "aside", "high", "low", "straight"})
# Verbs of whole-body posture and gait: what the figure itself is doing with its body.
POSTURES = ("kneel", "squat", "crouch", "sit", "run", "jog", "sprint", "walk", "jump", "leap", "dance", "bow", "lie",
            "stand", "stretch", "lunge", "crawl", "climb", "balance", "hop", "skip", "lean")
_IRREGULAR = {"knelt": "kneel", "sat": "sit", "ran": "run", "lay": "lie", "lain": "lie", "lying": "lie",
              "stood": "stand", "leapt": "leap"}
_POSTURE_BASE = {f: v for v in POSTURES for f in verb_forms(v)} | _IRREGULAR
_ING = {"lie": "lying", "sit": "sitting", "run": "running", "jog": "jogging", "hop": "hopping", "skip": "skipping"}
# Past participles of the verbs a part is moved with ("raising both arms": arms raised).
_PARTICIPLE = {"bend": "bent", "hold": "held", "keep": "kept", "spread": "spread", "put": "put"}


def participle_like(t: Token) -> bool:
    return t.tag_ in ("VBN", "VBD") and t.lower_.endswith(("ed", "en", "t")) or t.lower_ in ("bent", "spread") \
        or t.tag_ == "JJ" and t.lower_.endswith("ed")


def _next_word(t: Token) -> str | None:
    """ "with his arms raised", "knees bent": the small parser often hangs the participle after a part on the
    clause, so the word right after the part (past an adverb: "fully extended") is read too."""
    i = t.i + 1
    while i < len(t.doc) and t.doc[i].pos_ == "ADV" and t.doc[i].lower_ not in DIRECTIONS:
        i += 1
    w = t.doc[i] if i < len(t.doc) else None
    if w is None or w.head.i == t.i or w.pos_ in ("NOUN", "PROPN"):
        return None  # its own modifier is read by the arcs
    return w.lower_ if participle_like(w) or w.lower_ in DIRECTIONS and w.pos_ in ("ADV", "ADP", "PART") else None


def _said_after(t: Token) -> str | None:
    """ "arms raised", "left leg lifted", "right arm up": a participle or a direction hung on the part."""
    for c in t.children:
        if c.i > t.i and c.dep_ in ("acl", "amod") and participle_like(c):
            return c.lower_
        if c.i > t.i and c.dep_ in ("advmod", "prt", "amod") and c.lower_ in DIRECTIONS:
            return c.lower_
    return _next_word(t)


def _predicate(t: Token) -> str | None:
    """ "the knees are bent", "the arms are raised", "the right arm is up": what the clause says of it."""
    h = t.head
    if h.tag_ == "VBN" and t.dep_ == "nsubjpass" or participle_like(h) and h.dep_ == "ROOT":
        return h.lower_
    for c in h.children:
        if c.dep_ in ("acomp", "oprd", "xcomp") and participle_like(c):
            return c.lower_
        if c.dep_ in ("advmod", "prt", "acomp") and c.lower_ in DIRECTIONS and c.i > t.i:
            return c.lower_
    return None


def _moved_with(t: Token) -> str | None:
    """ "raising both arms", "lifts her left leg": the part is moved into that state (arms raised)."""
    v = t.head
    base = next((b for b in ("raise", "lift", "cross", "stretch", "extend", "fold", "bend", "spread", "hold",
                             "point", "wave", "clasp") if v.lower_ in verb_forms(b) or _IRREGULAR.get(v.lower_) == b),
                None)
    if base is None:
        return None
    word = _PARTICIPLE.get(base) or (base + "d" if base.endswith("e") else base + "ed")
    direction = next((c.lower_ for c in v.children if c.dep_ in ("advmod", "prt") and c.lower_ in DIRECTIONS), None)
    return f"{word} {direction}" if direction and word in ("held", "stretched", "extended", "pointed") else word


def part_pose(t: Token) -> str | None:
    """The state said of body part ``t``, to follow it in its owner's description ("arms raised")."""
    if t.dep_ in ("nsubj", "nsubjpass"):
        said = _said_after(t) or _predicate(t)
    elif t.dep_ == "dobj":
        said = _said_after(t) or _moved_with(t)
    else:
        said = _said_after(t)
    return said


def figure_pose(t: Token) -> str | None:
    """The posture a figure noun ``t`` takes ("a woman kneeling", "the boy runs", "subject is squatting"), as
    an -ing word; None when the sentence gives it none."""
    verbs = [c for c in t.children if c.dep_ in ("acl", "relcl")]
    if t.dep_ in ("nsubj", "nsubjpass"):
        verbs.insert(0, t.head)
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.lower_.endswith("ing") and nxt.lower_ in _POSTURE_BASE:
        return nxt.lower_  # "a sailor kneeling on the deck", whatever tag the small parser gives "kneeling"
    return next((p for p in map(figure_pose_verb, verbs) if p), None)


def figure_pose_verb(v: Token) -> str | None:
    """Verb ``v`` as a posture's -ing word ("knelt" -> "kneeling"), or None when it is no posture verb."""
    base = _POSTURE_BASE.get(v.lower_)
    if base is None or v.pos_ not in ("VERB", "AUX") and not (v.tag_ == "NN" and v.lower_.endswith("ing")):
        return None  # "Kneeling on the mat ...": the small tagger's noun is still the posture
    return _ING.get(base) or (base[:-1] if base.endswith("e") else base) + "ing"


# Nouns that name a pose itself: what "tree" and "bridge" name in "tree pose", "the position is that of the bridge".
POSE_NOUNS = frozenset({"pose", "position", "posture", "stance", "asana"})


def names_a_pose(t: Token) -> bool:
    """Whether noun ``t`` only names a pose ("in tree pose", "the downward dog position", "the position is
    almost that of the bridge"): a likeness of the body, not a thing in the picture. Not a person or animal
    said to hold it ("the pose is that of a person running", "the pose of a dancer")."""
    kind = noun_kind(L.singular(t.lower_))
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    before_pose = nxt is not None and nxt.lower_ in POSE_NOUNS and t.pos_ == "NOUN" \
        and t.dep_ not in ("nsubj", "nsubjpass")  # "two women pose": they pose, they name no pose
    if (kind is not None and kind.kind in "pa" or t.lower_ in ("person", "people")) and t.dep_ != "compound" \
            and not before_pose:
        return False  # someone posing ("person": WordNet files it with the top-level nouns, not under people);
        # but "in warrior pose", "in cobra pose": a person or animal right before the pose word names it
    if t.dep_ == "compound" and t.head.lower_ in POSE_NOUNS or before_pose:
        return True  # "tree pose", also when the tagger reads "pose" as a verb
    if t.dep_ != "pobj" or t.head.lower_ != "of":
        return False
    owner = t.head.head
    if owner.lower_ == "that" and owner.dep_ == "attr":  # "the position is that of ...": "that" is the position
        owner = next((c for c in owner.head.children if c.dep_ in ("nsubj", "nsubjpass")), owner)
    return owner.lower_ in POSE_NOUNS
