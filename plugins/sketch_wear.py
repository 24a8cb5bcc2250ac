"""Where a worn or held thing goes on its wearer's picture, as shares of the wearer's drawn rect.

The shares suit a standing figure (🧍): head on top, torso in the upper middle, feet at the bottom. An
animal's picture gets the same regions, which puts a hat on top and a scarf under the head.
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


def worn_box(name: str, wearer: Rect) -> Rect:
    return _share(wearer, REGIONS[wear_kind(name)])


def hand_box(holder: Rect, nth: int = 0) -> Rect:
    """A held thing's box: by the holder's right hand (``nth`` 0), left hand (1), then further out, at
    most a bit under half the holder's height."""
    x0, y0, x1, y1 = holder
    h = y1 - y0
    out = 0.4 * h * (nth // 2)
    if nth % 2 == 0:
        return x1 - 0.1 * h + out, y0 + 0.3 * h, x1 + 0.35 * h + out, y0 + 0.7 * h
    return x0 - 0.35 * h - out, y0 + 0.3 * h, x0 + 0.1 * h - out, y0 + 0.7 * h
