"""Where a worn or held thing goes on its wearer's picture, as shares of the wearer's drawn rect.

The shares suit a standing figure (🧍): head on top, torso in the upper middle, feet at the bottom. An
animal's picture has its head elsewhere (a cat's at the upper left, a giraffe's high up): ``HEADS`` says
where, per pictogram, and hats, glasses and collars go there, at the head's scale.
"""

from __future__ import annotations

Rect = tuple[float, float, float, float]

# Kind of worn thing -> (x0, y0, x1, y1) as shares of the wearer's rect (may reach outside it).
REGIONS: dict[str, Rect] = {
    "head": (0.2, -0.14, 0.8, 0.14), "eyes": (0.25, 0.06, 0.75, 0.18), "neck": (0.3, 0.16, 0.7, 0.36),
    "torso": (0.08, 0.3, 0.92, 0.6), "legs": (0.18, 0.52, 0.82, 0.9), "feet": (0.1, 0.86, 0.9, 1.0),
    "back": (0.35, 0.2, 1.1, 0.6), "wrist": (0.72, 0.42, 1.0, 0.56),
}
KINDS: dict[str, tuple[str, ...]] = {
    "head": ("hat", "cap", "crown", "helmet", "beanie", "hood", "headband", "wig", "tiara", "bonnet", "sombrero",
             "beret", "fedora", "turban", "headphones", "earmuffs"),
    "eyes": ("glasses", "sunglasses", "goggles", "spectacles", "monocle", "eyeglasses"),
    "neck": ("tie", "scarf", "necklace", "collar", "bow tie", "bowtie", "medal", "pendant", "bandana"),
    "feet": ("shoe", "boot", "sneaker", "sock", "slipper", "sandal", "skate", "heel"),
    "legs": ("pants", "trousers", "jeans", "shorts", "skirt", "leggings"),
    "back": ("backpack", "cape", "wings", "rucksack", "quiver"),
    "wrist": ("watch", "bracelet", "glove", "mitten", "ring", "wristband"),
}
# Head-only person emoji become standing figures, so there is a body to wear things on.
FULL_BODY: dict[str, str] = {"👨": "🧍\u200d♂", "👩": "🧍\u200d♀", "👦": "🧍\u200d♂", "👧": "🧍\u200d♀",
                             "🧒": "🧍", "🧑": "🧍", "👤": "🧍", "👴": "🧍\u200d♂", "👵": "🧍\u200d♀"}


# Where the head is in an animal's pictogram (Noto Color Emoji, as drawn: most face left), as shares of
# its rect. Face-only pictograms (🐻 🐼 🐸 ...) are all head.
_FACE = (0.06, 0.05, 0.94, 0.95)
HEADS: dict[str, Rect] = {
    "🐈": (0.05, 0.0, 0.45, 0.4), "🐕": (0.0, 0.0, 0.55, 0.5), "🐎": (0.0, 0.0, 0.3, 0.35),
    "🐄": (0.0, 0.0, 0.25, 0.4), "🐖": (0.0, 0.05, 0.45, 0.65), "🐑": (0.05, 0.2, 0.45, 0.7),
    "🐘": (0.0, 0.0, 0.45, 0.55), "🦒": (0.0, 0.0, 0.3, 0.15), "🦓": (0.05, 0.1, 0.6, 0.9),
    "🐒": (0.1, 0.05, 0.55, 0.45), "🐇": (0.0, 0.2, 0.4, 0.6), "🐦": (0.05, 0.0, 0.45, 0.45),
    "🐧": (0.05, 0.0, 0.7, 0.3), "🦆": (0.05, 0.0, 0.4, 0.35), "🐔": (0.05, 0.15, 0.75, 0.7),
    "🦉": (0.05, 0.05, 0.95, 0.5), "🐢": (0.0, 0.35, 0.3, 0.8), "🐅": (0.0, 0.05, 0.3, 0.5),
    "🦌": (0.15, 0.15, 0.5, 0.4), "🐐": (0.0, 0.1, 0.35, 0.5), "🐂": (0.0, 0.05, 0.3, 0.45),
    "🐫": (0.05, 0.0, 0.3, 0.3), "🦘": (0.0, 0.0, 0.3, 0.3), "🦔": (0.05, 0.3, 0.45, 0.85),
    "🐿": (0.0, 0.0, 0.4, 0.4), "🦜": (0.0, 0.0, 0.4, 0.35), "🦅": (0.05, 0.0, 0.4, 0.35),
    "🐍": (0.0, 0.0, 0.45, 0.35), "🦖": (0.0, 0.0, 0.45, 0.35), "🐉": (0.0, 0.1, 0.5, 0.4),
    "🦄": (0.0, 0.05, 0.6, 0.9), "🐊": (0.0, 0.0, 0.55, 0.4), "🦩": (0.1, 0.0, 0.45, 0.15),
    **dict.fromkeys("🐻🐼🐸🦁🐺🦊🐨🦝🐱🐶🐭🐹🐰🐯🐮🐷🐵🐴🐲", _FACE),
}
# Worn kinds placed by the head, as shares of the head's rect: a hat sits on top and reaches a quarter down;
# a collar or scarf goes below and behind it (the pictograms face left, the neck runs back and down).
HEAD_REGIONS: dict[str, Rect] = {"head": (0.05, -0.45, 0.95, 0.25), "eyes": (0.05, 0.25, 0.95, 0.65),
                                 "neck": (0.25, 0.8, 1.1, 1.6)}


def wear_kind(name: str) -> str:
    """Which body region a worn thing covers: the kind whose word ends the name, else the torso."""
    key = name.lower().strip()
    for kind, words in KINDS.items():
        if any(key == w or key.endswith(" " + w) or key == w + "s" for w in words):
            return kind
    return "torso"


def _share(rect: Rect, share: Rect) -> Rect:
    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    return x0 + share[0] * w, y0 + share[1] * h, x0 + share[2] * w, y0 + share[3] * h


def worn_box(name: str, wearer: Rect, pic: str | None = None) -> Rect:
    """Where a worn thing goes on a wearer drawn in ``wearer`` (pixels) as ``pic``: by the head for an
    animal whose head ``HEADS`` knows, else the standing figure's regions."""
    kind = wear_kind(name)
    head = HEADS.get((pic or "").replace("\ufe0f", ""))
    if head is not None and kind in HEAD_REGIONS:
        return _share(_share(wearer, head), HEAD_REGIONS[kind])
    return _share(wearer, REGIONS[kind])


# Where an animal holds a thing (in its mouth), as shares of its head's rect: below the front of a
# side-view head (the pictograms face left), under the chin of a face-only one.
MOUTH: Rect = (-0.25, 0.55, 0.55, 1.25)
FACE_MOUTH: Rect = (0.3, 0.75, 0.7, 1.15)


def hand_box(holder: Rect, nth: int = 0, pic: str | None = None) -> Rect:
    """A held thing's box: an animal's first one in its mouth, at its head's scale; else by the holder's
    right hand (``nth`` 0), left hand (1), then further out, at most a bit under half the holder's height."""
    head = HEADS.get((pic or "").replace("\ufe0f", ""))
    if head is not None and nth == 0:
        return _share(_share(holder, head), FACE_MOUTH if head == _FACE else MOUTH)
    x0, y0, x1, y1 = holder
    h = y1 - y0
    out = 0.4 * h * (nth // 2)
    if nth % 2 == 0:
        return x1 - 0.1 * h + out, y0 + 0.3 * h, x1 + 0.35 * h + out, y0 + 0.7 * h
    return x0 - 0.35 * h - out, y0 + 0.3 * h, x0 + 0.1 * h - out, y0 + 0.7 * h
