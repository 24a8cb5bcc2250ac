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

from agent.vocab import lexicon as L
from agent.vocab import noun_kind

_SEP_RE = re.compile(r"(\s*[,;|]\s*|\s+-\s+|\.\s+)")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
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
    "polaroid", "kodak", "canon", "nikon", "leica", "sony", "fujifilm", "35mm film", "analog",
})
_CREDIT_RE = re.compile(r"^\s*(?:by|trending on|featured on|in the style of|style of|inspired by|art by|"
                        r"artwork by|painted by|drawn by|illustrated by|photo by|made in|made with|rendered in)\b",
                        re.IGNORECASE)
_STYLE_SUFFIX_RE = re.compile(r"\b(?:style|aesthetic|vibes?|lighting|shading|render(?:ing)?|quality|"
                              r"resolution|detail(?:s|ed)?|art|artwork|photography|illustration|painting|"
                              r"drawing|sketch|look|palette|tones?|colou?r scheme)\s*$", re.IGNORECASE)
_PREP_START_RE = re.compile(r"^\s*(?:in|on|at|under|over|above|below|near|beside|behind|with|without|next|"
                            r"inside|between|against|along|across|through|during|into|from|to|and|while)\b",
                            re.IGNORECASE)
_NUMBER_WORDS = frozenset(w for w in L.NUMBER_WORDS if w not in ("a", "an"))
_COPULAS = frozenset({"is", "are", "was", "were"})


def split_style(text: str) -> tuple[str, list[str]]:
    """(the body with style tags removed, the style tags in order)."""
    parts = _SEP_RE.split(text)  # tag, separator, tag, separator, ...
    tags = [(parts[k], parts[k + 1] if k + 1 < len(parts) else "") for k in range(0, len(parts), 2)]
    tags = [(t, sep) for t, sep in tags if t.strip()]
    if len(tags) <= 1:
        return text, []
    body: list[tuple[str, str]] = []
    style: list[str] = []
    for k, (tag, sep) in enumerate(tags):
        if is_style_tag(tag, first=k == 0):
            style.append(tag.strip().strip("."))
        else:
            body.append((tag, sep))
    if not body:  # all style: the first tag is still what to draw
        body, style = [tags[0]], style[1:]
    return "".join(t + sep for t, sep in body).strip(" ,;|-"), style


def is_style_tag(tag: str, first: bool = False) -> bool:
    """Whether one comma-separated tag describes the look of the picture rather than a thing in it."""
    low = tag.lower().strip(" .!")
    if not low:
        return False
    listed = re.match(r"(?:a|an|one|two|three|four|five|\d+)\s", low)  # "..., a painting, and a goldfish"
    if low in STYLE_TAGS or _CREDIT_RE.match(low) or _STYLE_SUFFIX_RE.search(low) and not first and not listed:
        return True
    if first or listed or _PREP_START_RE.match(low):
        return False
    words = _WORD_RE.findall(low)
    if not words or any(w in L.COLOR_WORDS or w in _NUMBER_WORDS or w.isdigit() or w in _COPULAS for w in words):
        return False  # a colour, a number or a clause ("knees are bent") is about a thing, not the look
    kinds = [noun_kind(L.singular(w)) for w in words]
    lead = next(((w, k) for w, k in zip(words, kinds) if w not in ("the", "a", "an")), None)
    thing = lead is not None and (L.singular(lead[0]) in L.KNOWN_NOUNS or lead[1] is not None and lead[1].drawable)
    if thing and any(w in L.RELATION_PHRASES or w in L.VERB_BASES for w in words[1:-1]):
        return False  # a thing and a relation: "person on skis", "hat cover person", "the sauce on the plate"
    head = kinds[-1]
    if head is not None and (head.art or head.kind in "qmtz" and not head.drawable):
        return True  # "watercolor painting", "cinematic lighting", "soft focus"
    # no drawable noun in the tag at all: adjectives and unknown names ("highly detailed", "surreal")
    return all(k is None or not (k.drawable or k.setting) for k in kinds) and words[0] not in ("a", "an", "the")
