"""Which pictogram stands for which object category, and which colours background words suggest.

Data only: the sketch renderer draws these with a colour-emoji font when one is installed.
"""

from __future__ import annotations

import re

EMOJI: dict[str, str] = {
    # COCO's 80 categories first (some have no emoji and fall back to a labelled silhouette)
    "person": "🧍", "bicycle": "🚲", "car": "🚗", "motorcycle": "🏍", "airplane": "✈", "bus": "🚌",
    "train": "🚆", "truck": "🚚", "boat": "⛵", "traffic light": "🚦", "stop sign": "🛑", "bench": "🪑",
    "bird": "🐦", "cat": "🐈", "dog": "🐕", "horse": "🐎", "sheep": "🐑", "cow": "🐄", "elephant": "🐘",
    "bear": "🐻", "zebra": "🦓", "giraffe": "🦒", "backpack": "🎒", "umbrella": "☂", "handbag": "👜",
    "tie": "👔", "suitcase": "🧳", "frisbee": "🥏", "skis": "🎿", "snowboard": "🏂", "sports ball": "⚽",
    "kite": "🪁", "baseball bat": "🏏", "baseball glove": "🧤", "skateboard": "🛹", "surfboard": "🏄",
    "tennis racket": "🎾", "bottle": "🍾", "wine glass": "🍷", "cup": "☕", "fork": "🍴", "knife": "🔪",
    "spoon": "🥄", "bowl": "🥣", "banana": "🍌", "apple": "🍎", "sandwich": "🥪", "orange": "🍊",
    "broccoli": "🥦", "carrot": "🥕", "hot dog": "🌭", "pizza": "🍕", "donut": "🍩", "cake": "🍰",
    "chair": "🪑", "couch": "🛋", "potted plant": "🪴", "bed": "🛏", "toilet": "🚽", "tv": "📺",
    "laptop": "💻", "mouse": "🖱", "remote": "📱", "keyboard": "⌨", "cell phone": "📱", "book": "📕",
    "clock": "🕐", "vase": "🏺", "scissors": "✂", "teddy bear": "🧸", "toothbrush": "🪥", "sink": "🚰",
    # common objects beyond COCO
    "man": "👨", "woman": "👩", "girl": "👧", "boy": "👦", "child": "🧒", "baby": "👶", "robot": "🤖",
    "tree": "🌳", "palm tree": "🌴", "flower": "🌸", "rose": "🌹", "sunflower": "🌻", "tulip": "🌷",
    "cactus": "🌵", "mushroom": "🍄", "leaf": "🍃", "plant": "🪴", "sun": "☀", "moon": "🌙", "star": "⭐",
    "cloud": "☁", "mountain": "⛰", "house": "🏠", "castle": "🏰", "tent": "⛺", "bridge": "🌉",
    "fish": "🐟", "rabbit": "🐇", "lion": "🦁", "tiger": "🐅", "monkey": "🐒", "pig": "🐖",
    "chicken": "🐔", "duck": "🦆", "owl": "🦉", "frog": "🐸", "turtle": "🐢", "snake": "🐍",
    "butterfly": "🦋", "bee": "🐝", "whale": "🐋", "dolphin": "🐬", "shark": "🦈", "octopus": "🐙",
    "crab": "🦀", "penguin": "🐧", "parrot": "🦜", "eagle": "🦅", "deer": "🦌", "fox": "🦊",
    "wolf": "🐺", "panda": "🐼", "koala": "🐨", "kangaroo": "🦘", "camel": "🐫", "bat": "🦇",
    "snail": "🐌", "spider": "🕷", "ant": "🐜", "dragon": "🐉", "unicorn": "🦄", "dinosaur": "🦖",
    "key": "🔑", "lamp": "💡", "candle": "🕯", "guitar": "🎸", "piano": "🎹", "violin": "🎻",
    "drum": "🥁", "balloon": "🎈", "gift": "🎁", "hat": "🎩", "shoe": "👟", "boot": "👢",
    "glasses": "👓", "watch": "⌚", "camera": "📷", "computer": "💻", "rocket": "🚀", "helicopter": "🚁",
    "ship": "🚢", "tractor": "🚜", "ambulance": "🚑", "taxi": "🚕", "police car": "🚓", "fire truck": "🚒",
    "van": "🚐", "scooter": "🛴", "shirt": "👕", "t-shirt": "👕", "dress": "👗", "sock": "🧦",
    "coat": "🧥", "scarf": "🧣", "ring": "💍", "crown": "👑", "strawberry": "🍓", "grapes": "🍇",
    "lemon": "🍋", "watermelon": "🍉", "cherry": "🍒", "pear": "🍐", "peach": "🍑", "egg": "🥚",
    "bread": "🍞", "cheese": "🧀", "burger": "🍔", "hamburger": "🍔", "fries": "🍟", "ice cream": "🍦",
    "cookie": "🍪", "chocolate": "🍫", "coffee": "☕", "tea": "🍵", "beer": "🍺", "pen": "🖊",
    "pencil": "✏", "paintbrush": "🖌", "crayon": "🖍", "sign": "🪧", "flag": "🚩", "bell": "🔔",
    "door": "🚪", "window": "🪟", "mirror": "🪞", "bucket": "🪣", "basket": "🧺", "box": "📦",
    "envelope": "✉", "heart": "❤", "ball": "⚽", "basketball": "🏀", "football": "🏈", "baseball": "⚾",
    "soccer ball": "⚽", "tennis ball": "🎾", "phone": "📱", "television": "📺", "sofa": "🛋",
    "bicycle helmet": "⛑", "helmet": "⛑", "trophy": "🏆", "medal": "🏅", "lock": "🔒", "hammer": "🔨",
    "wrench": "🔧", "axe": "🪓", "magnet": "🧲", "microscope": "🔬", "telescope": "🔭", "globe": "🌍",
    "map": "🗺", "newspaper": "📰", "notebook": "📓", "calendar": "📅", "clipboard": "📋", "pineapple": "🍍",
    "avocado": "🥑", "tomato": "🍅", "potato": "🥔", "corn": "🌽", "pepper": "🌶", "cucumber": "🥒",
    "onion": "🧅", "garlic": "🧄", "kiwi": "🥝", "coconut": "🥥", "mango": "🥭", "blueberry": "🫐",
    "teapot": "🫖", "mug": "☕", "glass": "🥛", "plate": "🍽", "chopsticks": "🥢", "jar": "🫙",
    "snowman": "⛄", "fire": "🔥", "rainbow": "🌈", "umbrella closed": "🌂", "wheel": "🛞",
    "skier": "⛷", "horse rider": "🏇", "swan": "🦢", "flamingo": "🦩", "peacock": "🦚", "goat": "🐐",
    "ox": "🐂", "hedgehog": "🦔", "squirrel": "🐿", "raccoon": "🦝", "sloth": "🦥", "otter": "🦦",
    "giraffe head": "🦒", "lizard": "🦎", "crocodile": "🐊", "ladybug": "🐞", "beetle": "🪲", "worm": "🪱",
    "feather": "🪶", "bone": "🦴", "candy": "🍬", "lollipop": "🍭", "popcorn": "🍿", "pretzel": "🥨",
    "bagel": "🥯", "croissant": "🥐", "pancake": "🥞", "taco": "🌮", "burrito": "🌯", "sushi": "🍣",
    "noodles": "🍜", "rice": "🍚", "salad": "🥗", "soup": "🍲", "pie": "🥧", "cupcake": "🧁",
    "bathtub": "🛁", "shower": "🚿", "couch potato": "🛋", "lamp post": "🏮",
    "lantern": "🏮", "fountain": "⛲", "statue": "🗽", "church": "⛪", "factory": "🏭", "hospital": "🏥",
    "school": "🏫", "office": "🏢", "stadium": "🏟", "barn": "🛖", "hut": "🛖", "train station": "🚉",
    "airport": "🛫", "skyscraper": "🏙", "windmill": "🪁", "volcano": "🌋", "island": "🏝", "desert": "🏜",
}

# Background words -> (sky/wall colour, ground/floor colour, horizon as a share of the height).
BACKGROUNDS: list[tuple[tuple[str, ...], tuple[int, int, int], tuple[int, int, int], float]] = [
    (("beach", "seaside", "shore", "sand"), (135, 200, 245), (236, 214, 160), 0.55),
    (("ocean", "sea", "lake", "river", "water", "pond", "underwater"), (150, 205, 240), (50, 120, 190), 0.45),
    (("snow", "snowy", "snowfall", "winter", "ski", "arctic", "ice", "icy", "frozen", "glacier"), (200, 220, 240),
     (245, 248, 252), 0.55),
    (("desert",), (150, 200, 240), (230, 190, 120), 0.55),
    (("forest", "jungle", "woods"), (120, 170, 120), (60, 110, 50), 0.5),
    (("park", "garden", "field", "grass", "meadow", "farm", "lawn", "yard"), (140, 200, 245), (110, 180, 80), 0.55),
    (("night", "space", "dark", "galaxy"), (20, 24, 60), (40, 40, 70), 0.6),
    (("sunset", "dusk", "dawn"), (250, 160, 110), (120, 90, 80), 0.6),
    (("street", "road", "sidewalk", "crosswalk", "avenue", "alley"), (170, 190, 210), (95, 95, 100), 0.5),
    (("city", "urban", "parking", "town", "skyline", "downtown"), (170, 190, 210), (120, 120, 125), 0.5),
    (("kitchen", "table", "dining", "restaurant", "cafe", "counter"), (240, 228, 205), (160, 110, 70), 0.55),
    (("living room", "bedroom", "room", "office", "indoor", "home", "house", "library", "classroom"), (235, 225, 210),
     (170, 135, 100), 0.6),
    (("mountain", "hill", "valley"), (150, 195, 235), (120, 140, 110), 0.5),
    (("studio", "white background", "plain"), (245, 245, 245), (225, 225, 225), 0.7),
    # last, so that "a beach under a blue sky" is a beach
    (("sky", "clouds", "cloudy", "flying", "heaven"), (110, 170, 235), (160, 200, 240), 0.93),
]
DEFAULT_BACKGROUND = ((200, 225, 245), (215, 210, 195), 0.6)

# GenEval's ten colour words plus common extras, as RGB.
COLORS: dict[str, tuple[int, int, int]] = {
    "red": (220, 30, 30), "orange": (245, 140, 20), "yellow": (245, 215, 30), "green": (40, 170, 60),
    "blue": (30, 80, 220), "purple": (130, 50, 180), "pink": (245, 130, 190), "brown": (130, 80, 40),
    "black": (25, 25, 25), "white": (250, 250, 250), "gray": (128, 128, 128), "grey": (128, 128, 128),
    "cyan": (30, 200, 220), "gold": (212, 175, 55), "silver": (192, 192, 200), "beige": (225, 205, 165),
    "navy": (20, 30, 110), "teal": (20, 130, 130), "magenta": (210, 40, 160), "turquoise": (60, 210, 200),
    "violet": (140, 80, 210), "maroon": (120, 20, 30), "olive": (120, 120, 30), "lime": (150, 220, 40),
    "tan": (210, 180, 140), "cream": (250, 240, 210), "indigo": (70, 40, 150), "crimson": (200, 20, 50),
}


# Materials that imply a colour when none is asked for ("a wooden table" draws brown, not grey).
MATERIALS: dict[str, tuple[int, int, int]] = {
    "wooden": (150, 100, 60), "wood": (150, 100, 60), "golden": (212, 175, 55), "metal": (170, 175, 185),
    "metallic": (170, 175, 185), "steel": (170, 175, 185), "silver": (192, 192, 200), "glass": (170, 215, 230),
    "stone": (140, 140, 135), "marble": (230, 228, 222), "brick": (170, 75, 55), "leather": (120, 70, 40),
    "plastic": (90, 160, 220), "paper": (245, 240, 225), "concrete": (160, 160, 155), "copper": (184, 115, 51),
}


def material_rgb(words: list[str]) -> tuple[int, int, int] | None:
    """The colour a material word implies (first one wins), else None."""
    for w in words:
        if w.lower() in MATERIALS:
            return MATERIALS[w.lower()]
    return None


def color_rgb(name: str | None) -> tuple[int, int, int] | None:
    """RGB for a colour word (last known word wins: 'dark blue' -> blue), None if unknown."""
    if not name:
        return None
    words = name.lower().replace("-", " ").split()
    for w in reversed(words):
        if w in COLORS:
            return COLORS[w]
    return None


def setting_word(words: str) -> str:
    """The first background keyword in ``words`` (whole words only: 'season' is not 'sea'), else ''."""
    text = words.lower()
    for keys, *_ in BACKGROUNDS:
        for k in keys:
            if re.search(rf"\b{re.escape(k)}\b", text):
                return k
    return ""


# Things a background names that belong to a setting: they pick it ("palm trees" -> beach) and the sketch
# draws them into the backdrop.
SETTING_HINTS: dict[str, str] = {
    "palm tree": "beach", "surfboard": "beach", "umbrella": "beach", "skyscraper": "city", "snowman": "snow",
    "camel": "desert", "cactus": "desert", "sailboat": "ocean", "whale": "ocean", "wave": "ocean",
    "pine tree": "forest", "tree": "park", "cloud": "sky", "building": "city",
}


def background_hints(words: str) -> list[str]:
    """The setting things ``words`` names (whole words, plural allowed), in table order."""
    text = words.lower()
    found = [h for h in SETTING_HINTS if re.search(rf"\b{re.escape(h)}(?:s|es)?\b", text)]
    return [h for h in found if not any(o != h and o.endswith(" " + h) for o in found)]  # "palm tree", not "tree"


def background_key(background: str, prompt: str) -> str:
    """What of the background the sketch draws: the setting word (the prompt's when the background has
    none) and the setting things the background names ("beach palm tree")."""
    return " ".join(w for w in [setting_word(background) or setting_word(prompt), *background_hints(background)] if w)


# "a stack of books", "piles of plates": things the request piles one on another (the sketch draws a stack).
PILE_RE = re.compile(r"\b(?:stacks?|piles?|heaps?|towers?)\s+of\s+((?:[a-z-]+\s*){1,4})")


def pile_phrases(text: str) -> str:
    """The request's pile phrases ("stack of five red plates"), lower case, joined by ";" ('' when none):
    all the sketch needs of the prompt to draw stacks, so rewording the rest keeps the sketch cached."""
    return "; ".join(m.group(0).strip() for m in PILE_RE.finditer(text.lower()))
