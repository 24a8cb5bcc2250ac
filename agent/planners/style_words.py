"""Style and quality words: "highly detailed, 4k, cinematic lighting, trending on artstation", "by <artist>",
"watercolor painting", "pixel art", "children's book illustration", "close-up", "top view".

People add these as comma-separated tags; they describe how the picture looks, never a thing in it. A
tag goes to ``style`` when its head word is an art form, a quality, a measure or an abstraction (by the
WordNet table, :mod:`agent.vocab`), when it has no noun at all and no colour or number, or when it is a
credit ("by ...", "trending on ...", "in the style of ..."). The first tag is the subject and stays
unless it is entirely style words.
"""

from __future__ import annotations

import re

from agent.planners.opponents import OPPONENT_WORDS
from agent.planners.read_nouns import ART_WORDS, lookup
from agent.vocab import NounKind, noun_kind
from agent.vocab import lexicon as L

SEP_RE = re.compile(r"(\s*[,;|]\s*|\s+-\s+|\.\s+)")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:st|nd|rd|th|s|'s)?")  # "1900s", "17th": dates, not counts
# Renderers, sites and camera words people tag prompts with: style, whatever WordNet says of each word.
STYLE_TAGS = frozenset({
    "artstation", "cgsociety", "deviantart", "behance", "pixiv", "unreal engine", "octane", "octane render",
    "vray", "v-ray", "redshift", "blender", "cinema4d", "c4d", "unity", "houdini", "zbrush", "keyshot", "dslr",
    "bokeh", "hdr", "uhd", "hd", "4k", "8k", "16k", "ultra hd", "full hd", "volumetric lighting", "ray tracing",
    "depth of field", "close-up", "closeup", "close up", "top view", "side view", "front view", "aerial view",
    "wide angle", "wide shot", "long shot", "macro", "bird's eye view", "low angle", "fisheye", "tilt shift",
    "golden hour", "studio lighting", "rim lighting", "sharp focus", "soft focus", "photorealistic",
    "hyperrealistic", "hyperrealism", "surrealism", "concept art", "matte painting", "digital art", "pixel art",
    "vector art", "line art", "low poly", "isometric", "studio ghibli", "ghibli", "pixar", "disney", "anime",
    "manga", "chibi", "kawaii", "synthwave", "vaporwave", "cyberpunk", "steampunk", "art nouveau", "art deco",
    "baroque", "ukiyo-e", "bauhaus", "minimalism", "minimalist", "trending", "award winning", "masterpiece",
    "best quality", "high quality", "highly detailed", "intricate", "intricate details", "ultra detailed",
    "sharp", "symmetrical", "symmetry", "centered", "cinematic", "dramatic", "epic", "realistic", "render",
    "rendering", "3d render", "ray traced", "unreal", "photography", "portrait photography", "film grain",
    "polaroid", "kodak", "canon", "nikon", "leica", "sony", "fujifilm", "35mm film", "analog", "portrait",
    "fantasy", "sci-fi", "scifi", "retrofuturistic", "retro", "noir", "film noir", "gothic", "psychedelic",
    "cel shaded", "cel shading", "unreal engine 5", "hq", "uhd 8k", "4k uhd", "oil on canvas",
    "acrylic on canvas", "watercolor on paper", "ink on paper", "national geographic", "photo realistic",
    "hyper realistic",
})
# Picture words beyond the lexicon's art forms: what a frame is called when it is footage, a still or a render.
MEDIA_NOUNS = frozenset({"close up", "close-up", "closeup", "still", "film still", "movie still", "still photo",
                         "footage", "video", "screenshot", "selfie", "photo shoot", "photoshoot", "render",
                         "rendering", "cgi", "livestream", "stock photo", "stock video", "stock footage"})
# Adjectives that say how the picture looks, said of the picture or of a thing in it ("realistic monkey").
PICTURE_ADJECTIVES = L.STYLE_ADJECTIVES | {
    "amazing", "lifelike", "minimal", "epic", "atmospheric", "moody", "intricate", "hyperreal", "award-winning",
    "photographic", "abstract", "surrealist", "impressionist", "ornate", "whimsical", "ethereal", "gritty",
    "conceptual", "generative", "symmetrical", "cinematic", "stylized", "stylised", "painterly", "minimalistic",
    "futuristic", "dystopian", "utopian", "hyperdetailed", "photoreal", "volumetric", "extreme"}
_CREDIT_RE = re.compile(r"^\s*(?:by|trending on|featured on|in the style of|style of|inspired by|art by|"
                        r"artwork by|painted by|drawn by|illustrated by|photo by|made in|made with|rendered in)\b",
                        re.IGNORECASE)
_STYLE_SUFFIX_RE = re.compile(r"\b(?:style|aesthetic|vibes?|lighting|shading|render(?:ing)?|quality|angle|lens|"
                              r"resolution|detail(?:s|ed)?|art|artwork|photography|illustration|painting|"
                              r"drawing|sketch|look|palette|tones?|colou?r scheme|colou?rs|colou?ring|effects?|"
                              r"(?:magazine|album|book|comic|record|vhs|dvd) cover|"
                              r"(?:movie|film|propaganda) poster)\s*$",
                              re.IGNORECASE)
_ART_WORDS = sorted((re.escape(w) for w in {*L.STYLE_PHRASES, *MEDIA_NOUNS, "art", "artwork"}), key=len, reverse=True)
# "oil painting made with a palette knife", "a detailed matte painting by Artem Demura": how and by whom the
# picture was made, not a knife or a painting in it.
_MADE_WITH_RE = re.compile(r"^(?:(?:a|an)\s+)?(?:[\w'-]+\s+){0,3}?(?:" + "|".join(_ART_WORDS) + r")\s+(?:(?:made|"
                           r"painted|drawn|done|created|rendered|shot|taken|printed|carved|sculpted)\s+"
                           r"(?:with|in|using|on|by)|by(?!\s+(?:the|a|an|this|that|his|her|its|their|my|our)\b))\b")
_PREP_START_RE = re.compile(r"^\s*(?:in|on|at|under|over|above|below|near|beside|behind|with|without|next|"
                            r"inside|between|against|along|across|through|during|into|from|to|and|while)\b",
                            re.IGNORECASE)
_NUMBER_WORDS = frozenset(w for w in L.NUMBER_WORDS if w not in ("a", "an"))
_COPULAS = frozenset({"is", "are", "was", "were"})
_SHEETS = frozenset({"set", "collection", "pack", "bundle", "kit", "sheet"})
_BACKDROPS = frozenset({"background", "backdrop", "backgrounds", "backdrops"})
_OWNERS = frozenset(  # an article, owner or speaker: the shadow is one thing said of something
    {"a", "an", "the", "its", "his", "her", "their", "my", "our", "your", "we", "i", "you", "they"})
_LINK_WORDS = frozenset({"of", "in", "on", "at", "with", "by", "from", "into", "over", "under", "above", "below"})


def names_a_look(word: str) -> bool:
    """Whether lower-case ``word`` is a style word or the word a style tag ends in ("lighting", "render")."""
    return is_style_word(word) or _STYLE_SUFFIX_RE.fullmatch(word) is not None


def is_style_word(words: str) -> bool:
    """Whether lower-case ``words`` are a known style tag or picture adjective ("octane render", "hd")."""
    return words in STYLE_TAGS or words in PICTURE_ADJECTIVES or L.singular(words) in MEDIA_NOUNS


def _art_word(word: str) -> bool:
    """An art form by the hand lists of :mod:`agent.planners.read_nouns` or the WordNet table ("vector")."""
    kind = noun_kind(word)
    return word in ART_WORDS or word in L.STYLE_PHRASES or kind is not None and kind.art


def _light_tag(words: list[str]) -> bool:
    """A shadow or reflection said bare, at most two plain words before it ("deep shadows", "reflections"): how
    the picture is lit. An owner, a place or a clause ("its shadow", "shadows on the grass", "we can see long
    shadows") names one that falls somewhere, which the sentence reader draws."""
    if L.singular(words[-1]) not in L.SEEN_EFFECTS or len(words) > 3:
        return False
    kinds = [lookup(L.singular(w)) for w in words[:-1]]
    return not any(w in _OWNERS or w in _LINK_WORDS or w in L.VERB_BASES or w.endswith("ing") for w in words) \
        and all(k is None or not (k.drawable or k.setting) for k in kinds)


def _tag_kind(word: str) -> NounKind | None:
    """The kind of a tag's word; a plural the lexicon lists whole ("mountains", "hills", "waves") is looked up
    by its singular too, so a lone "mountains" tag is the landscape, not a word nobody knows."""
    kind = lookup(L.singular(word))
    return kind if kind is not None or not word.endswith("s") else lookup(word[:-1])


def is_style_tag(tag: str, first: bool = False) -> bool:
    """Whether one comma-separated tag describes the look of the picture rather than a thing in it."""
    low = tag.lower().strip(" .!")
    if not low or "__text" in low:
        return False  # a tag with a quoted text in it writes something: the text reader's
    listed = re.match(r"(?:a|an|one|two|three|four|five|\d+)\s", low)  # "..., a painting, and a goldfish"
    if listed and re.match(r"(?:a|an)\s", low) and low.split(None, 1)[1] in MEDIA_NOUNS:
        return True  # "..., a 3D render, ...": no render is drawn
    if low in STYLE_TAGS or _CREDIT_RE.match(low) or _MADE_WITH_RE.match(low) \
            or _STYLE_SUFFIX_RE.search(low) and not first and not listed:
        return True
    if first or listed or _PREP_START_RE.match(low) or low.rsplit(None, 1)[-1] in _BACKDROPS:
        return False  # "..., neon city background": what the background shows, not the look
    words = WORD_RE.findall(low)
    if len(words) > 1 and words[-1] in _SHEETS and all(is_style_word(w) or _art_word(w) for w in words[:-1]):
        return True  # "..., vector set": the sheet the things are shown on
    if not words or any(w in L.COLOR_WORDS or w in L.HAIR_COLORS or w in _NUMBER_WORDS or w.isdigit() or w in _COPULAS
                        or w in OPPONENT_WORDS for w in words):
        return False  # a colour, a number, a clause ("knees are bent"), two sides ("police vs the mafia")
    if _light_tag(words):
        return True
    # a picture adjective is no thing, whatever rare noun sense WordNet has for it ("moody": a person)
    kinds = [None if w in PICTURE_ADJECTIVES else _tag_kind(w) for w in words]
    lead = next(((w, k) for w, k in zip(words, kinds) if w not in ("the", "a", "an")), None)
    thing = lead is not None and (L.singular(lead[0]) in L.KNOWN_NOUNS or lead[1] is not None and lead[1].drawable)
    if thing and any(w in L.RELATION_PHRASES or w in L.VERB_BASES or w in ("and", "or") for w in words[1:-1]):
        return False  # a thing and a relation or another thing: "person on skis", "bottle and an object"
    head = kinds[-1]
    if thing and len(words) > 1 and any(w.endswith("ing") and not is_style_word(w) for w in (words[1], words[-1])):
        return False  # "guns blazing", "dragons flying", "subject leaning to the right": a thing doing something
    if head is not None and (head.art or head.kind in "qmtz" and not head.drawable):
        return True  # "watercolor painting", "cinematic lighting", "soft focus"
    weather = noun_kind(L.singular(words[-1]))
    if weather is not None and weather.kind == "h" and words[0] not in ("a", "an", "the") and len(words) <= 3 \
            and not any(w in L.RELATION_PHRASES or w in L.VERB_BASES or w in _LINK_WORDS or w.endswith("ing")
                        for w in words):  # a clause ("a girl floating in the clouds") is about a thing
        return True  # "stormy clouds", "cumulonimbus clouds": the sky's look, whatever kind the compound has
    # no drawable noun in the tag at all: adjectives and unknown names ("highly detailed", "surreal")
    return all(k is None or not (k.drawable or k.setting) for k in kinds) and words[0] not in ("a", "an", "the")
