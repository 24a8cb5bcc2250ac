"""Which picture the sketch draws for an object name: a hand-picked emoji, a drawn silhouette, or the
nearest pictogram of the name's WordNet hypernyms (precomputed by scripts/build_pictogram_table.py).

A picture is an emoji string, or ``@shape`` for the sketch's own drawn silhouettes (furniture and
surfaces: ``@table``, ``@sofa``, ``@shelf`` ...). None means the last-resort labelled box.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import agent
from agent.vocab.pictograms import EMOJI

TABLE = Path(agent.__file__).resolve().parent / "vocab" / "data" / "noun_pictograms.txt"
# Names people use for the drawn silhouettes, ahead of any emoji (a bench to sit on, not a chair emoji).
DRAWN: dict[str, str] = {
    "table": "@table", "dining table": "@table", "kitchen table": "@table",
    "desk": "@desk", "counter": "@counter", "countertop": "@counter", "kitchen counter": "@counter",
    "shelf": "@shelf", "bookshelf": "@bookshelf", "bookcase": "@bookshelf", "shelves": "@shelf",
    "bed": "@bed", "sofa": "@sofa", "couch": "@sofa", "bench": "@bench", "lamp": "@lamp",
    "floor lamp": "@lamp", "table lamp": "@lamp", "desk lamp": "@lamp", "toaster": "@toaster",
    "blender": "@blender", "microwave": "@appliance", "oven": "@appliance", "refrigerator": "@fridge",
    "fridge": "@fridge", "coffee table": "@lowtable", "lighthouse": "@lighthouse", "fire hydrant": "@hydrant",
    "hydrant": "@hydrant", "parking meter": "@meter",
    "cabinet": "@cabinet", "dresser": "@cabinet", "market stall": "@counter", "stall": "@counter",
    "market": "@counter", "nightstand": "@table", "side table": "@table", "stool": "@table",
    # flat things that carry writing: a plain panel in the object's colour, filling its box
    "poster": "@panel", "banner": "@panel", "billboard": "@panel", "letter": "@panel", "paper": "@panel",
    "page": "@panel", "card": "@panel", "placard": "@panel", "notice": "@panel", "menu": "@panel",
    "canvas": "@panel", "board": "@panel", "plaque": "@panel", "note": "@panel", "whiteboard": "@panel",
    "blackboard": "@panel", "chalkboard": "@panel", "flyer": "@panel", "postcard": "@panel",
}
EXTRA: dict[str, str] = {"smartphone": "📱", "phone": "📱", "hair drier": "💨", "hair dryer": "💨",
                         "plow": "🚜", "uplight": "@lamp", "firescreen": "🔥", "pyramid": "🔺",
                         "seashell": "🐚", "square": "🟥", "cube": "🎲", "rubix cube": "🎲",
                         "rubik's cube": "🎲",
                         "king": "🤴", "queen": "👸", "sticker": "🏷", "label": "🏷", "finger": "👆",
                         "hoody": "🧥", "hoodie": "🧥", "chalk": "🖍", "circle": "🔴", "triangle": "🔺",
                         "racket": "🎾", "icon": "🖼", "eight-ball": "🎱", "vinyl": "💿", "spectacle": "👓",
                         "photo": "🖼", "photograph": "🖼", "suit": "🧥", "drop": "💧", "droplet": "💧",
                         "tube": "🧪", "bubble": "🫧",
                         "man": "🧍\u200d♂", "woman": "🧍\u200d♀"}


@lru_cache(maxsize=1)
def noun_table() -> dict[str, str]:
    """noun -> picture from the committed table (empty when the file is missing)."""
    out: dict[str, str] = {}
    if not TABLE.is_file():
        return out
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        pic, nouns = line.split("\t", 1)
        for noun in nouns.split("|"):
            out[noun] = pic
    return out


def _lookup(key: str) -> str | None:
    for table in (DRAWN, EXTRA, EMOJI):
        if key in table:
            return table[key]
    return noun_table().get(key)


def pictogram_for(name: str) -> str | None:
    """The picture for a name: the whole name, then shorter tails ('red sports car' -> 'sports car' -> 'car'),
    each also without a plural 's'."""
    words = re.sub(r"[_\s]+", " ", name.lower().strip()).split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        for key in (tail, tail[:-1] if tail.endswith("s") and len(tail) > 3 else ""):
            pic = _lookup(key) if key else None
            if pic is not None:
                return pic
    return None
