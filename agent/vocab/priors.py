"""Layout priors: how big things are, which float high, and where a named place in the frame is.

Data the solver reads. Sizes are for the object alone in a square frame; the solver scales all boxes
of a scene together, so relative sizes survive (a bus stays bigger than an apple). Unknown names fall
back to their last word ("coffee mug" -> "mug"), then to DEFAULT_SIZE.
"""

from __future__ import annotations

# Canonical places (SceneObject.attributes) -> (x, y) centre preference; None leaves that axis free.
PLACE_XY: dict[str, tuple[float | None, float | None]] = {
    "on the left": (0.25, None), "on the right": (0.75, None), "at the top": (None, 0.25),
    "at the bottom": (None, 0.75), "in the center": (0.5, 0.5), "in the top left corner": (0.25, 0.25),
    "in the top right corner": (0.75, 0.25), "in the bottom left corner": (0.25, 0.75),
    "in the bottom right corner": (0.75, 0.75), "in the foreground": (None, 0.68), "in the background": (None, 0.32),
}

# -- size priors ---------------------------------------------------------------------------------------------
# name -> (width, height) as fractions of the canvas for the object alone in a frame. Unknown names get
# DEFAULT_SIZE; the solver scales all boxes together so relative sizes (a bus > an apple) survive.
DEFAULT_SIZE = (0.34, 0.34)
_SIZES: dict[tuple[float, float], tuple[str, ...]] = {
    (0.96, 0.24): ("grass", "lawn", "ground", "road", "street", "sidewalk", "floor", "water", "sand", "snow",
                   "dirt", "mud", "field", "river", "lake", "sea", "ocean", "beach", "pavement", "path", "track",
                   "runway", "highway", "ice", "meadow", "shore", "waves", "grassland", "land", "asphalt", "gravel"),
    # ground strips
    (0.96, 0.2): ("roof", "ceiling"),  # overhead strips: the top of a building or a room
    (0.85, 0.55): ("bus", "train", "truck", "airplane", "boat", "ship", "fire truck", "school bus", "van", "tram",
                   "couch", "bed", "dining table", "table", "whale", "elephant", "tank", "yacht", "limousine"),
    (0.7, 0.45): ("car", "taxi", "police car", "race car", "sports car", "pickup truck", "jeep", "sofa", "desk",
                  "bench", "piano", "grand piano", "canoe", "kayak", "rhinoceros", "hippopotamus", "crocodile",
                  "alligator", "motorcycle", "tractor", "sailboat", "helicopter", "bathtub", "coffee table"),
    (0.5, 0.5): ("horse", "cow", "bear", "polar bear", "zebra", "camel", "bicycle", "tv", "refrigerator", "oven",
                 "cabinet", "dresser", "lion", "tiger", "deer", "moose", "buffalo", "bison", "gorilla", "dinosaur",
                 "dragon", "fireplace", "shark", "dolphin", "billboard", "banner", "washing machine", "arm chair"),
    (0.42, 0.75): ("giraffe", "person", "man", "woman", "boy", "girl", "child", "kid", "baby", "lady", "teenager",
                   "tree", "christmas tree", "lamp", "floor lamp", "street lamp", "street light", "door",
                   "refrigerator", "statue", "robot", "astronaut", "soldier", "knight", "wizard", "king", "queen",
                   "snowman", "policeman", "fireman", "doctor", "chef", "dancer", "ghost", "zombie", "skeleton",
                   "scarecrow", "mannequin", "lighthouse", "tower", "rocket", "palm tree", "ladder", "column"),
    (0.4, 0.5): ("dog", "sheep", "pig", "goat", "chair", "office chair", "rocking chair", "toilet", "sink",
                 "microwave", "suitcase", "fire hydrant", "parking meter", "stop sign", "sign", "potted plant",
                 "kangaroo", "panda", "wolf", "fox", "monkey", "chimpanzee", "penguin", "ostrich", "llama",
                 "alpaca", "donkey", "calf", "sign post", "signpost", "mailbox", "trash can", "guitar",
                 "electric guitar", "cello", "drum", "painting", "picture", "poster", "mirror", "window",
                 "stool", "crate", "barrel", "tent", "umbrella", "surfboard", "snowboard", "skis", "kite",
                 "traffic light", "skateboard", "monitor", "computer", "printer", "whiteboard", "chalkboard",
                 "neon sign", "road sign", "street sign", "flag", "clock", "wall clock", "shirt", "t-shirt",
                 "dress", "jacket", "coat", "hoodie", "sweater", "teddy bear", "snowman", "scooter", "cart",
                 "shopping cart", "stroller", "wheelchair", "easel", "bookshelf", "shelf", "vending machine"),
    (0.36, 0.36): ("cat", "laptop", "backpack", "handbag", "bag", "tv remote", "book", "notebook", "bird",
                   "chicken", "duck", "goose", "swan", "rabbit", "bunny", "turtle", "tortoise", "frog", "owl",
                   "parrot", "eagle", "pizza", "cake", "birthday cake", "bowl", "basket", "toaster", "box",
                   "computer keyboard", "keyboard", "pillow", "cushion", "drum", "hat", "helmet", "sandwich",
                   "puppy", "kitten", "squirrel", "raccoon", "hedgehog", "koala", "seal", "octopus", "crab",
                   "lobster", "fish", "goldfish", "plate", "pan", "frying pan", "pot", "teapot", "kettle",
                   "radio", "speaker", "camera", "typewriter", "globe", "hamburger", "burger", "pie", "bread",
                   "watermelon", "pumpkin", "cabbage", "pineapple", "balloon", "hot air balloon", "lantern",
                   "vase", "flower pot", "cardboard box", "package", "gift", "present", "tablet", "menu",
                   "magazine", "newspaper", "envelope", "letter", "card", "rug", "towel", "blanket", "cup cake"),
    (0.22, 0.32): ("bottle", "wine glass", "cup", "mug", "coffee cup", "coffee mug", "glass", "vase", "candle",
                   "can", "jar", "water bottle", "thermos", "trophy", "lamp", "desk lamp", "table lamp", "shoe",
                   "boot", "sneaker", "high heel", "sock", "glove", "baseball glove", "mitten", "tie", "bow tie",
                   "cell phone", "phone", "remote", "wallet", "purse", "ice cream", "popsicle", "microphone",
                   "bell", "perfume", "salt shaker", "pepper", "flower", "rose", "tulip", "sunflower", "cactus",
                   "penguin", "mouse", "hamster", "bee", "butterfly", "spider", "snail", "ladybug", "bat",
                   "hair drier", "hair dryer", "toothbrush", "scissors", "pen", "pencil", "paintbrush", "brush",
                   "candlestick", "hourglass", "alarm clock", "doll", "action figure", "figurine", "mushroom",
                   "rubber duck", "toy", "stuffed animal", "light bulb", "bulb", "dice", "die", "sticker"),
    (0.2, 0.2): ("apple", "orange", "banana", "donut", "doughnut", "sports ball", "ball", "soccer ball",
                 "tennis ball", "golf ball", "beach ball", "baseball", "basketball", "football", "frisbee",
                 "carrot", "broccoli", "hot dog", "egg", "lemon", "lime", "peach", "pear", "plum", "tomato",
                 "potato", "onion", "strawberry", "cherry", "grape", "grapes", "cookie", "cupcake", "muffin",
                 "croissant", "bagel", "avocado", "coconut", "kiwi", "mango", "pepper", "corn", "key", "coin",
                 "ring", "watch", "computer mouse", "spoon", "fork", "knife", "chopsticks", "candy", "shell",
                 "seashell", "rock", "stone", "pebble", "acorn", "pinecone", "leaf", "feather", "button", "dice",
                 "ornament", "cube", "ice cube", "sushi", "dumpling", "taco", "burrito", "sausage", "steak",
                 "paddle", "baseball bat", "tennis racket", "racket", "bat", "golf club", "umbrella_closed"),
}
SIZE_PRIORS: dict[str, tuple[float, float]] = {}
for _size, _names in _SIZES.items():
    for _n in _names:
        SIZE_PRIORS.setdefault(_n, _size)
# Things usually seen high in the frame (the solver lifts them when nothing says otherwise).
SKY_THINGS = frozenset({"kite", "bird", "airplane", "helicopter", "balloon", "hot air balloon", "cloud", "sun",
                        "moon", "star", "rainbow", "drone", "eagle", "butterfly", "bee", "rocket", "ufo", "bat",
                        "lantern", "chandelier", "traffic light", "clock", "wall clock", "flag"})
# What closes a building or a room from above: drawn across the top of the frame, over everything under it.
OVERHEAD_THINGS = frozenset({"roof", "ceiling"})


def size_prior(name: str) -> tuple[float, float]:
    """(width, height) of ``name`` alone in a frame; falls back to the head word, then a default."""
    if name in SIZE_PRIORS:
        return SIZE_PRIORS[name]
    head = name.rpartition(" ")[2]
    return SIZE_PRIORS.get(head, DEFAULT_SIZE)
