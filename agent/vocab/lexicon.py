"""Word lists the rule planner reads: numbers, plurals, colours, relation phrases, categories.

Data only (plus two tiny helpers to inflect nouns). Kept apart from the parser so that adding a word
never means touching parsing logic. Categories cover COCO's 80 classes (with their multiword names)
and common objects beyond them; any other noun still works, it just gets default size priors.
"""

from __future__ import annotations

from agent.vocab import kinds, words
from agent.vocab.priors import PLACE_XY, SIZE_PRIORS
from agent.vocab.words import INVARIANT_NOUNS, IRREGULAR_PLURALS, NUMBER_WORDS, SINGULAR_S

# re-exported: places are parsed here, placed by the layout; number and plural tables live in vocab.words
__all__ = ["INVARIANT_NOUNS", "IRREGULAR_PLURALS", "NUMBER_WORDS", "PLACE_XY", "SINGULAR_S"]

# -- numbers -----------------------------------------------------------------------------------------
# Words that say "more than one" without a number: the default count for a bare plural.
DEFAULT_PLURAL_COUNT = 3
MAX_INSTANCES = 20  # per entity; more is clipped with a warning (detectors keep at most 16 anyway)
MAX_OBJECTS = 64  # per scene, for the same reason; later entities are dropped with a warning

DETERMINERS = frozenset({
    "the", "this", "these", "those", "his", "her", "their", "its", "my", "our", "your", "each", "every",
    "any", "another", "other", "such",
})

# -- nouns ----------------------------------------------------------------------------------------------
# Things that come as "a pair of": one object each ("a pair of scissors" is one pair of scissors).
PAIR_NOUNS = frozenset({"scissors", "jeans", "pants", "shorts", "trousers", "glasses", "sunglasses", "goggles",
                        "binoculars", "pliers", "headphones", "tongs", "tweezers", "skis", "chopsticks"})

# Multiword categories matched as one token (longest first at parse time). COCO's own first.
MULTIWORD_NOUNS: tuple[str, ...] = (
    "traffic light", "fire hydrant", "stop sign", "parking meter", "sports ball", "baseball bat",
    "baseball glove", "tennis racket", "wine glass", "hot dog", "potted plant", "dining table", "tv remote",
    "computer mouse", "computer keyboard", "cell phone", "teddy bear", "hair drier", "hair dryer",
    "ice cream", "fire truck", "police car", "school bus", "christmas tree", "coffee cup", "coffee mug",
    "soccer ball", "tennis ball", "golf ball", "beach ball", "basketball hoop", "street lamp", "street light",
    "mobile phone", "smart phone", "picture frame", "coffee table", "flower pot", "water bottle", "paper bag",
    "shopping bag", "shopping cart", "race car", "sports car", "pickup truck", "hot air balloon", "polar bear",
    "grizzly bear", "guinea pig", "sea turtle", "golden retriever", "german shepherd",
    "ice cube", "french fries", "cup cake", "cutting board", "frying pan", "tea pot", "washing machine",
    "light bulb", "stuffed animal", "rubber duck", "action figure", "fire place", "office chair",
    "arm chair", "rocking chair", "bunk bed", "neon sign", "road sign", "street sign", "t shirt",
    "baseball cap", "cowboy hat", "top hat", "bow tie", "high heel", "ping pong ball", "table lamp",
    "desk lamp", "floor lamp", "alarm clock", "wall clock", "grand piano", "electric guitar",
    "motor bike", "dirt bike", "space shuttle", "space ship", "fishing rod", "sail boat", "speed boat",
    "steam train", "double decker bus", "ferris wheel", "light house", "tree house", "dog house", "bird house",
    "snow man", "gas station", "stained glass", "license plate", "credit card", "playing card",
    "book cover", "human being", "living room", "dining room", "swimming pool", "bus stop", "train station",
)

# Canonical spelling for a few synonyms / split spellings (the planner's `name`).
CANONICAL: dict[str, str] = {
    "t shirt": "t-shirt", "tshirt": "t-shirt", "hair dryer": "hair drier", "cellphone": "cell phone",
    "doughnut": "donut", "hotdog": "hot dog", "aeroplane": "airplane", "cup cake": "cupcake", "tea pot": "teapot",
    "fire place": "fireplace", "light house": "lighthouse", "snow man": "snowman", "sail boat": "sailboat",
    "space ship": "spaceship", "human being": "person", "motor bike": "motorbike", "grey": "gray",
}

# -- colours -----------------------------------------------------------------------------------------------
COLOR_WORDS = frozenset({
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray", "grey",
    "silver", "gold", "golden", "beige", "cyan", "magenta", "violet", "turquoise", "teal", "navy", "maroon",
    "crimson", "scarlet", "lime", "olive", "indigo", "lavender", "tan", "ivory", "cream", "khaki", "amber",
    "bronze", "copper", "burgundy", "coral", "peach", "mint", "emerald", "azure", "lilac", "mauve", "ochre",
    "rainbow", "multicolored", "colorful", "colourful",
})
COLOR_MODIFIERS = frozenset({"light", "dark", "bright", "pale", "deep", "pastel", "neon", "navy", "sky", "hot", "baby",
                             "muted", "dusty"})
# Hair colours said as nouns ("full platinum blond", "a brunette"): the colour of someone's hair.
HAIR_COLORS = frozenset({"blonde", "blond", "brunette", "auburn", "ginger", "redhead"})
# Colour words that are also nouns: a colour only when a noun follows in the same phrase.
COLOR_NOUNS = frozenset({"orange", "peach", "lime", "gold", "cream", "olive", "coral", "mint", "emerald", "amber",
                         "copper", "bronze", "silver", "ivory", "tan", "navy"})

# -- relations ---------------------------------------------------------------------------------------------
# phrase -> Scene relation word. Longest phrase wins at parse time; phrases are lower case, single-spaced.
RELATION_PHRASES: dict[str, str] = {}
for _side, _rel in (("left", "left of"), ("right", "right of")):
    for _pre in ("", "to the ", "on the ", "at the ", "towards the ", "to ", "on ", "at ", "in the "):
        RELATION_PHRASES[f"{_pre}{_side} of"] = _rel
        RELATION_PHRASES[f"{_pre}{_side} side of"] = _rel
        RELATION_PHRASES[f"{_pre}{_side}-hand side of"] = _rel
        RELATION_PHRASES[f"{_pre}{_side} hand side of"] = _rel
    RELATION_PHRASES[f"{_side} to"] = _rel  # "a dining table is left to a chair"
RELATION_PHRASES.update({
    "above": "above", "over": "above", "on the top of": "above", "at the top of": "above", "higher than": "above",
    "up above": "above", "hovering over": "above", "floating above": "above", "flying over": "above",
    "flying above": "above", "hanging above": "above", "hanging over": "above",
    "below": "below", "on the bottom of": "below", "at the bottom of": "below", "lower than": "below",
    "on bottom of": "below", "down below": "below",
    "under": "under", "beneath": "under", "underneath": "under", "on the underside of": "under",
    "on top of": "on top of", "atop": "on top of", "upon": "on top of", "on": "on top of", "onto": "on top of",
    "sitting on": "on top of", "standing on": "on top of", "lying on": "on top of", "resting on": "on top of",
    "next to": "next to", "beside": "next to", "besides": "next to", "alongside": "next to", "by": "next to",
    "side by side": "side by side", "on side of": "next to", "on the side of": "next to", "adjacent to": "next to",
    "side by side with": "next to",
    "to the side of": "next to", "at the side of": "next to", "by the side of": "next to",
    "near": "near", "nearby": "near", "close to": "near", "close by": "near", "near to": "near", "around": "near",
    "in front of": "in front of", "in the front of": "in front of",
    "behind": "behind", "in back of": "behind", "at the back of": "behind", "in the back of": "behind",
    "between": "between", "in between": "between", "among": "near", "amongst": "near",
    "in": "in", "inside": "in", "inside of": "in", "within": "in", "into": "in", "at": "at",
})
# Absolute places in the frame ("a cat on the left"): phrase -> canonical place, the string the planner
# writes into SceneObject.attributes (agent.vocab.priors.PLACE_XY says where each one is).
ABSOLUTE_PLACES: dict[str, str] = {}  # phrase -> canonical place
for _words, _canon in (
    ("left", "on the left"), ("right", "on the right"), ("top", "at the top"), ("bottom", "at the bottom"),
    ("middle", "in the center"), ("center", "in the center"), ("centre", "in the center"),
    ("top left", "in the top left corner"), ("top right", "in the top right corner"),
    ("bottom left", "in the bottom left corner"), ("bottom right", "in the bottom right corner"),
    ("upper left", "in the top left corner"), ("upper right", "in the top right corner"),
    ("lower left", "in the bottom left corner"), ("lower right", "in the bottom right corner"),
    ("foreground", "in the foreground"), ("background", "in the background"), ("left side", "on the left"),
    ("right side", "on the right"), ("upper half", "at the top"), ("lower half", "at the bottom"),
    ("upper part", "at the top"), ("lower part", "at the bottom"), ("top half", "at the top"),
    ("bottom half", "at the bottom"), ("left half", "on the left"), ("right half", "on the right"),
    ("left bottom", "in the bottom left corner"), ("right bottom", "in the bottom right corner"),
    ("left top", "in the top left corner"), ("right top", "in the top right corner"),
):
    for _pre in ("on the ", "in the ", "at the ", "to the ", "towards the "):
        for _post in ("", " corner", " of the image", " of the picture", " of the frame", " of the scene",
                      " of the photo", " of the canvas", " side", " side of the image", " part of the image"):
            ABSOLUTE_PLACES[_pre + _words + _post] = _canon

# -- clause words ------------------------------------------------------------------------------------------
CONJUNCTIONS = frozenset({"and", "with", "plus", "&", "or", "nor", "while", "whilst", "as", "also", "alongside"})
NEGATION_WORDS = frozenset({"without", "no", "not", "never", "minus", "excluding", "except", "sans"})
# Verbs that introduce the text to draw. STRONG ones may take unquoted words ("a sign that says OPEN");
# weak ones only a quoted string ('a mug labeled "DAD"').
TEXT_VERBS_STRONG = (
    "that says", "which says", "that reads", "which reads", "saying", "that said", "says", "reads",
    "with the text", "with the words", "with the word", "with text", "with the caption", "with the title",
    "with the message", "with the slogan", "with the phrase", "that spells", "spelling", "that spell", "that say",
    "that read", "which read", "which say",
)
TEXT_VERBS_WEAK = (
    "labeled", "labelled", "titled", "captioned", "written", "with writing", "the text", "the words", "the word",
    "text", "inscribed with", "printed with", "displaying", "showing the text", "with the label", "reading",
    "written on it", "that has the text", "with a sign reading",
)
# Light's marks that WordNet files as states or abstractions, yet a picture shows where they fall ("the shadow
# of a stone", "we can see shadows on the grass", "its reflection in the lake"): things to draw.
SEEN_EFFECTS = frozenset({"shadow", "reflection"})
# Objects text is usually written on; text attached to one of them goes inside its box.
TEXT_SURFACES = frozenset({
    "sign", "stop sign", "neon sign", "road sign", "street sign", "shirt", "t-shirt", "jersey", "hoodie", "sweater",
    "cover", "book", "poster", "banner", "billboard", "board", "chalkboard", "whiteboard", "blackboard", "screen",
    "tv", "laptop", "monitor", "label", "box", "bag", "cake", "wall", "door", "card", "envelope", "notebook",
    "menu", "flag", "placard", "plaque", "note", "paper", "page", "letter", "mug", "cup", "bottle", "can", "hat",
    "cap", "license plate", "storefront", "store", "shop", "truck", "bus", "van", "sticker", "tag", "magazine",
    "newspaper", "ticket", "badge", "button", "scroll", "tablet", "phone", "cell phone", "keyboard", "signboard",
    "mural", "canvas", "jar", "package", "cereal box", "sign post", "signpost", "ribbon", "kite",
})

STYLE_PHRASES: dict[str, str] = {
    "photo": "photo", "photograph": "photo", "picture": "photo", "image": "photo", "snapshot": "photo",
    "shot": "photo", "realistic photo": "realistic photo", "photorealistic image": "realistic photo",
    "oil painting": "oil painting", "painting": "painting", "watercolor": "watercolor", "watercolour": "watercolor",
    "watercolor painting": "watercolor", "drawing": "drawing", "pencil drawing": "pencil drawing",
    "sketch": "sketch", "pencil sketch": "pencil sketch", "illustration": "illustration", "cartoon": "cartoon",
    "anime": "anime", "3d render": "3d render", "render": "3d render", "rendering": "3d render",
    "digital art": "digital art", "digital painting": "digital painting", "pixel art": "pixel art",
    "poster": "poster", "vector art": "vector art", "comic": "comic", "photo realistic image": "realistic photo",
    "close-up photo": "close-up photo", "close up photo": "close-up photo", "studio photo": "studio photo",
}
STYLE_ADJECTIVES = frozenset({
    "realistic", "photorealistic", "hyperrealistic", "detailed", "high", "quality", "resolution", "hd", "4k", "8k",
    "beautiful", "professional", "cinematic", "vintage", "black-and-white", "close-up", "closeup", "stunning",
    "simple", "minimalist", "colorful", "vivid", "studio", "wide-angle", "aerial", "dslr", "stock", "cute",
    "realistic-looking", "real", "nice", "good", "artistic", "surreal", "dramatic", "soft", "sharp", "amateur",
})
# HTML entity names left in scraped prompts ("11&quot;" read as "11 quot"): markup, never words.
MARKUP_WORDS = frozenset({"quot", "amp", "nbsp", "apos", "lt", "gt", "mdash", "ndash", "hellip", "rsquo", "lsquo",
                          "rdquo", "ldquo", "eps10", "eps"})
# Quality abbreviations people tag prompts with ("artstation hq"): the picture's quality, a style.
QUALITY_ABBREVIATIONS = frozenset({"hq", "hd", "uhd", "fhd", "hdr", "lq", "sd", "4k", "8k", "16k"})
# Nouns that describe the whole frame, not an object in it ("a scene with ...").
FRAME_NOUNS = frozenset({"scene", "image", "photo", "photograph", "picture", "view", "shot", "frame", "composition",
                         "snapshot", "depiction", "rendering", "render"})
# Nouns that name a setting; after in/on/at they become the background.
SETTING_NOUNS = frozenset({
    "beach", "kitchen", "street", "park", "forest", "room", "living room", "dining room", "bedroom", "bathroom",
    "office", "field", "desert", "city", "town", "village", "ocean", "sea", "sky", "snow", "grass", "lawn",
    "mountain", "mountains", "road", "garden", "lake", "river", "jungle", "meadow", "valley", "hill", "hills",
    "countryside", "farm", "classroom", "library", "studio", "restaurant", "cafe", "bar", "market", "station",
    "train station", "airport", "stadium", "gym", "space", "outer space", "universe", "night", "sunset", "sunrise",
    "dawn", "dusk", "morning", "evening", "afternoon", "winter", "summer", "autumn", "fall", "spring", "rain",
    "storm", "fog", "background", "foreground", "distance", "water", "underwater", "cave", "island", "harbor",
    "harbour", "port", "shore", "coast", "sand", "ground", "floor", "parking lot", "alley", "sidewalk", "highway",
    "bridge", "square", "plaza", "courtyard", "backyard", "yard", "playground", "zoo", "museum", "gallery",
    "church", "castle", "palace", "temple", "house", "home", "apartment", "hallway", "corridor", "attic",
    "basement", "garage", "warehouse", "factory", "laboratory", "lab", "hospital", "school", "campus", "savanna",
    "savannah", "tundra", "swamp", "marsh", "pond", "waterfall", "canyon", "cliff", "glacier", "arctic", "volcano",
    "wilderness", "woods", "orchard", "vineyard", "barn", "stable", "pasture", "prairie", "dunes", "crowd",
    "atmosphere", "weather", "daylight", "moonlight", "sunlight", "light", "darkness", "shade", "shadow",
    "landscape", "cityscape", "skyline", "horizon", "galaxy", "heaven", "world", "wild", "nature", "open", "air",
    "table top", "tabletop", "counter", "countertop", "shelf", "swimming pool",
    "pool", "bus stop", "stage", "arena", "court", "track", "runway", "rooftop", "roof", "balcony", "porch",
    "window", "windowsill", "fireplace", "corner", "kitchen island", "platform", "dock", "pier", "wall", "ceiling",
    "moon",
})
# Abstract nouns that are never drawn as objects ("created a warm atmosphere", "used for a recipe").
ABSTRACT_NOUNS = frozenset({
    "atmosphere", "recipe", "moment", "time", "day", "mood", "vibe", "feeling", "style", "way", "lot", "kind",
    "sort", "type", "variety", "thing", "things", "something", "anything", "nothing", "everything", "color",
    "colour", "shape", "size", "texture", "idea", "concept", "dream", "memory", "art", "quality", "detail",
    "details", "resolution", "lighting", "focus", "angle", "perspective", "meal", "seating", "fun", "joy",
    "display", "decoration", "arrangement", "collection", "company", "use", "purpose", "show", "game", "party",
    "celebration", "performance", "music", "sound", "noise", "silence", "peace", "harmony", "chaos", "order",
    "it", "them", "they", "he", "she", "him", "one", "ones", "together", "each", "other", "top", "bottom",
    "left", "right", "side", "middle", "center", "centre", "front", "back", "rest", "set", "pair", "couple",
})

# -- verbs (base forms; inflections are generated) -----------------------------------------------------------
VERB_BASES = (
    "be", "sit", "stand", "lie", "lay", "rest", "fly", "float", "hang", "lean", "perch", "run", "walk", "jump",
    "swim", "play", "eat", "drink", "hold", "carry", "ride", "drive", "chase", "watch", "look", "stare", "sleep",
    "wait", "park", "pass", "roll", "sail", "buzz", "hover", "glide", "climb", "fall", "crawl", "hop", "graze",
    "roam", "wander", "share", "provide", "create", "adorn", "decorate", "fill", "cover", "surround", "line",
    "entertain", "use", "make", "build", "place", "put", "set", "arrange", "display", "show", "feature", "contain",
    "include", "face", "meet", "greet", "hug", "kiss", "fight", "read", "write", "paint", "draw", "cook", "bake",
    "serve", "catch", "throw", "kick", "hit", "push", "pull", "wear", "appear", "seem", "stay", "remain", "dance",
    "sing", "smile", "laugh", "cry", "bark", "meow", "chirp", "shine", "glow", "grow", "bloom", "blossom", "gather",
    "huddle", "cluster", "scatter", "spread", "pile", "stack", "lounge", "relax", "nap", "doze", "bask", "peek",
    "emerge", "explore", "visit", "occupy", "accompany", "join", "flank", "guard", "protect", "support", "balance",
    "tower", "loom", "dominate", "overlook", "decorate", "dot", "litter", "have", "has", "get", "keep", "let",
    "go", "come", "move", "travel", "cross", "enter", "leave", "stop", "start", "begin", "pose", "gaze", "point",
    "wave", "sniff", "lick", "chew", "bite", "nibble", "feed", "pet", "stroll", "march", "race", "speed",
    "zoom", "drift", "bob", "dangle", "sway", "swing", "spin", "twirl", "fetch", "dig", "sip", "peer",
)
IRREGULAR_VERB_FORMS = frozenset({
    "is", "are", "was", "were", "been", "being", "am", "sat", "stood", "lay", "lain", "lying", "flew", "flown",
    "ran", "swam", "ate", "eaten", "drank", "drunk", "held", "rode", "ridden", "drove", "driven", "slept",
    "hung", "fell", "fallen", "made", "built", "put", "set", "shown", "wore", "worn", "caught", "threw", "thrown",
    "hit", "fought", "stuck", "parked", "rose", "risen", "rise", "rises", "rising", "read", "wrote", "written",
    "drew", "drawn", "sang", "sung", "grew", "grown", "spread",
    "kept", "got", "went", "gone", "came", "left", "began", "begun", "had", "does", "did", "done", "do",
    "can", "could", "will", "would", "shall", "should", "may", "might", "must", "seen", "saw", "see", "sees",
    "looks", "lit", "dug", "sped", "spun", "swung", "bit", "fed", "met", "brought", "bought", "found", "led",
})
# Common words that are nouns even though they look like verbs in the lists above.
NOUN_NOT_VERB = frozenset({
    "sign", "watch", "box", "ring", "fly", "drink", "dance", "park", "face", "cover", "line", "display", "show",
    "set", "stack", "pile", "stand", "cook", "race", "point", "wave", "spread", "bloom", "kiss", "hug", "nap",
    "swing", "chase", "pass", "roll", "sail", "float", "rest", "play", "walk", "run", "hold", "ride", "drive",
    "fall", "dot", "litter", "feed", "pet", "bite", "sip", "tower", "lie", "fight", "guard", "support",
    "balance", "paint", "drawing", "painting", "building", "ceiling", "wedding", "pudding", "earring", "string",
    "wing", "king", "sibling", "duckling", "seedling", "dumpling", "icing", "frosting", "clothing",
    "stuffing", "railing", "sling", "spring", "sting", "thing", "evening", "morning", "awning",
    "bed", "sled", "shed", "seed", "weed", "reed", "steed", "head", "bread", "thread", "red",
    "kid", "lid", "pyramid", "squid", "bird", "cord", "sword", "word",
})

COCO_CLASSES: tuple[str, ...] = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis",
    "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket",
    "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
    "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed",
    "dining table", "toilet", "tv", "laptop", "computer mouse", "tv remote", "computer keyboard", "cell phone",
    "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
    "hair drier", "toothbrush",
)
KNOWN_NOUNS: frozenset[str] = frozenset(SIZE_PRIORS) | frozenset(COCO_CLASSES) | frozenset(MULTIWORD_NOUNS) | \
    TEXT_SURFACES | SETTING_NOUNS | frozenset(CANONICAL)


def singular(word: str) -> str:
    """The singular of a lower-case noun (or multiword noun: only its last word changes).

    A word WordNet knows as a drawable thing stays whole when stripping its "s" leaves no noun, or only an
    abbreviation (three letters or fewer, nothing to draw): "mars" is a planet, not a plural of "mar" (a
    month); "arms" still gives "arm", "bars" "bar" (a place) and "colors" "color" (a quality, not flags)."""
    s = words.singular(word, KNOWN_NOUNS)
    if s != word:
        stem = s.rpartition(" ")[2]
        mine, theirs = kinds.noun_kind(word.rpartition(" ")[2]), kinds.noun_kind(stem)
        if mine is not None and mine.drawable and (theirs is None or len(stem) <= 3 and not (
                theirs.drawable or theirs.setting)):
            return word
    return s


def looks_plural(word: str) -> bool:
    """True for a regular or irregular plural form ("apples", "mice"); invariant nouns say False."""
    last = word.rpartition(" ")[2]
    if last in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[last] != last
    return singular(word) != word


def canonical(name: str) -> str:
    return CANONICAL.get(name, name)
