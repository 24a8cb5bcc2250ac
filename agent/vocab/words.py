"""The one copy of the English number words and the singular rule, for every reader of words.

Imports nothing from ``agent``, so any package (layout's plan checks, the edit reader, the planner's
lexicon) can use it without an import cycle. Callers pass the nouns they know (the lexicon's categories,
a Scene's own names): a known noun is never changed and a known singular wins among the candidates.
"""

from __future__ import annotations

from collections.abc import Collection

# Words that are numbers proper: "seven" is 7 wherever it is read (plan checks, follow-up edits, planner).
CARDINALS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "twenty": 20,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
# The planner's reading: cardinals plus articles and vague quantities ("several" draws 3).
NUMBER_WORDS: dict[str, int] = {
    **CARDINALS, "no": 0, "a": 1, "an": 1, "single": 1, "dozen": 12, "both": 2, "twin": 2,
    "pair": 2, "couple": 2, "several": 3, "few": 3, "some": 3, "many": 5, "multiple": 3, "various": 3,
    "numerous": 6, "lots": 5, "lot": 5, "bunch": 4, "group": 4, "handful": 3,
}

# -- nouns ----------------------------------------------------------------------------------------------
IRREGULAR_PLURALS: dict[str, str] = {
    "men": "man", "women": "woman", "children": "child", "people": "person", "persons": "person",
    "mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot", "oxen": "ox", "dice": "die",
    "knives": "knife", "wolves": "wolf", "leaves": "leaf", "loaves": "loaf", "calves": "calf", "halves": "half",
    "shelves": "shelf", "scarves": "scarf", "thieves": "thief", "wives": "wife", "lives": "life", "elves": "elf",
    "cacti": "cactus", "fungi": "fungus", "octopi": "octopus", "octopuses": "octopus", "buses": "bus",
    "gasses": "gas", "potatoes": "potato", "tomatoes": "tomato", "heroes": "hero", "mangoes": "mango",
    "volcanoes": "volcano", "dominoes": "domino", "echoes": "echo", "torpedoes": "torpedo", "policemen": "policeman",
    "firemen": "fireman", "fishermen": "fisherman", "snowmen": "snowman", "ladies": "lady", "puppies": "puppy",
    "bunnies": "bunny", "ponies": "pony", "kitties": "kitty", "babies": "baby", "cherries": "cherry",
    "strawberries": "strawberry", "butterflies": "butterfly", "lilies": "lily", "daisies": "daisy",
    "skis": "skis", "scissors": "scissors", "glasses": "glass",
    "jeans": "jeans", "pants": "pants", "shorts": "shorts", "trousers": "trousers", "headphones": "headphones",
    "binoculars": "binoculars", "pliers": "pliers", "goggles": "goggles", "sunglasses": "sunglasses",
    "clothes": "clothes", "series": "series", "species": "species", "news": "news", "lens": "lens",
    "cookies": "cookie", "movies": "movie", "pies": "pie", "ties": "tie", "lies": "lie", "brownies": "brownie",
    "zombies": "zombie", "hippies": "hippie", "calories": "calorie", "smoothies": "smoothie", "selfies": "selfie",
    "bikes": "bike", "horses": "horse", "houses": "house", "vases": "vase", "cases": "case", "suitcases": "suitcase",
    "roses": "rose", "noses": "nose", "bases": "base", "purses": "purse", "nurses": "nurse", "cheeses": "cheese",
    "sauces": "sauce", "pieces": "piece", "places": "place", "faces": "face", "boxes": "box", "foxes": "fox",
    "axes": "axe", "bushes": "bush", "dishes": "dish", "brushes": "brush", "toothbrushes": "toothbrush",
    "benches": "bench", "sandwiches": "sandwich", "watches": "watch", "peaches": "peach", "beaches": "beach",
    "churches": "church", "couches": "couch", "torches": "torch", "matches": "match", "witches": "witch",
    "dresses": "dress", "kisses": "kiss", "classes": "class", "buzzes": "buzz",
    "quizzes": "quiz", "waltzes": "waltz", "lenses": "lens", "canvases": "canvas", "atlases": "atlas",
    "walruses": "walrus", "octopus": "octopus", "platypuses": "platypus", "hippopotamuses": "hippopotamus",
    "hippopotami": "hippopotamus", "radii": "radius", "bacteria": "bacterium", "criteria": "criterion",
}
# Nouns whose plural is the same word (a number decides the count).
INVARIANT_NOUNS = frozenset({
    "sheep", "deer", "fish", "goldfish", "shrimp", "moose", "bison", "salmon", "trout", "squid", "aircraft",
    "spacecraft", "broccoli", "skis", "scissors", "sunglasses", "jeans", "pants", "shorts", "series",
    "species", "cod", "tuna", "swine", "buffalo", "elk", "reindeer", "offspring", "headphones", "binoculars",
})
# Words ending in "s" that are singular: never strip their "s".
SINGULAR_S = frozenset({
    "bus", "glass", "dress", "grass", "class", "gas", "lens", "canvas", "cactus", "octopus", "walrus", "platypus",
    "hippopotamus", "iris", "tennis", "chess", "boss", "cross", "moss", "mattress", "compass", "harness",
    "princess", "actress", "waitress", "goddess", "lioness", "fortress", "press", "kiss", "bass", "brass", "atlas",
    "chaos", "virus", "campus", "circus", "bonus", "cosmos", "asparagus", "hummus", "citrus", "fungus", "thermos",
    "tortoise", "rhinoceros", "analysis", "oasis", "axis", "bliss", "surplus", "always", "news", "sports",
    "species", "series", "diabetes", "physics", "mathematics", "pancreas", "abyss", "albatross", "wilderness",
    "lotus", "papyrus", "nautilus", "abacus", "pegasus", "hibiscus", "eucalyptus", "crocus", "bonsai",
})


def singular(word: str, known: Collection[str] = ()) -> str:
    """The singular of a lower-case noun; a multiword noun changes only its last word.

    Args:
        word: the noun as written ("apples", "buses", "teddy bears").
        known: nouns known to be singular (a lexicon's categories, a Scene's object names): a known word is
            kept as it is, and a known candidate ("bus" for "buses") wins over the spelling rules.
    """
    head, _, last = word.rpartition(" ")
    s = _singular_word(last, known)
    return f"{head} {s}" if head else s


def _singular_word(w: str, known: Collection[str]) -> str:
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if w in INVARIANT_NOUNS or w in SINGULAR_S or not w.endswith("s") or w in known:
        return w
    candidates = []
    if w.endswith("ies"):
        candidates.append(w[:-3] + "y")
    if w.endswith("ves"):
        candidates += [w[:-3] + "f", w[:-3] + "fe"]
    if w.endswith("es"):
        candidates.append(w[:-2])
    candidates.append(w[:-1])
    for c in candidates:
        if c in known:
            return c
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ous")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    return w[:-1]


# Irregular plurals that end compounds: "businessmen", "chairwomen", "grandchildren", "salespeople".
_COMPOUND_TAILS = {"women": "woman", "men": "man", "children": "child", "people": "person"}


def compound_singular(word: str) -> str | None:
    """The singular a compound ending in an irregular plural would have ("businessmen" -> "businessman"), or
    None. Only a spelling: the caller checks that the result is a noun ("specimen" is no plural of "speciman")."""
    for tail, one in _COMPOUND_TAILS.items():
        if word.endswith(tail) and len(word) - len(tail) >= 3:
            return word[: -len(tail)] + one
    return None


def number_value(word: str) -> int | None:
    """A cardinal or a digit string as an int ("seven" -> 7, "12" -> 12); None for anything else."""
    return int(word) if word.isdigit() else CARDINALS.get(word)
