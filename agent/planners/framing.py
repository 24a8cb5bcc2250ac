"""The frame around a request, read before tokens: quoted strings, "draw me", "a photo of", "in the
style of ...", "a scene with". What remains is the body the chunker reads.
"""

from __future__ import annotations

import re

from agent.planners.landmarks import SCULPTURES
from agent.planners.style_words import MEDIA_NOUNS, PICTURE_ADJECTIVES, STYLE_TAGS
from agent.vocab import lexicon as L
from agent.vocab import noun_kind

_ART_HEADS = sorted((re.escape(k) for k in {*L.STYLE_PHRASES, *MEDIA_NOUNS, "model", "3d model"}), key=len,
                    reverse=True)
_FUNCTION_WORDS = frozenset({"a", "an", "the", "this", "that", "these", "those", "his", "her", "their", "its", "my",
                             "our", "your", "with", "of", "in", "on", "at", "to", "for", "by", "from", "is", "are",
                             "was", "were", "be", "it", "he", "she", "they", "there", "who", "which"})
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th|s|'s|d|k|mm)?$")  # "17th", "1900s", "80's", "3d", "35mm"
_DIRECTION_RE = re.compile(r"\s*(?:above|below|behind|afar|inside|outside|underneath|overhead|the (?:side|front|"
                           r"back|top|bottom|left|right|air|ground)|a (?:distance|height)|distance)\b", re.IGNORECASE)

# "with word AXX", "letters Contour made of paper": capitals right after a lettering noun are the text.
_CAP_WORD = r"(?:[A-Z][A-Z0-9]+|[A-Z][a-z]+)"
_NAMED_TEXT_RE = re.compile(r"\b((?i:words?|letters|lettering|text))\s+(" + _CAP_WORD + r"(?:\s+" + _CAP_WORD
                            + r"){0,3})\b")
# A single-quoted text may hold apostrophes between letters ('World's Best Dad', 'Rock'n'Roll'), curly ones too.
_QUOTE_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘((?:[^’]|(?<=[A-Za-z])’(?=[A-Za-z]))+)’"
                       r"|(?<![A-Za-z0-9])'((?:[^']|(?<=[A-Za-z])'(?=[A-Za-z]))+)'(?![A-Za-z0-9])")
_STYLE_RE = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?((?:[\w'-]+\s+){0,6}?)(" + "|".join(_ART_HEADS)
    + r")\s+(of|showing|depicting|featuring|with|from)\s+", re.IGNORECASE)
_MULTI_ART = sorted((re.escape(k) for k in {*L.STYLE_PHRASES, *STYLE_TAGS, *MEDIA_NOUNS} if " " in k), key=len,
                    reverse=True)
# "minimal oil painting realistic blonde girl ...", "photo realistic monkey ...": a leading picture phrase.
_LEAD_ART_RE = re.compile(r"^\s*(?:(?:a|an|the)\s+)?((?:[\w'-]+\s+){0,3}?)(" + "|".join(_MULTI_ART) + r")\s+(?=[a-z])",
                          re.IGNORECASE)
_SOURCE_RE = re.compile(r"[^,.;:]*")  # "from the filming of the best action movie": up to the clause's end
# "in a Victorian style living room": "style" that modifies a noun after it is that noun's, not the picture's
_STYLE_OF_RE = re.compile(r"\b(?:in\s+(?:the\s+)?style\s+of\s+([^,.;]+)"
                          r"|(?:in\s+(?:an?\s+)?|by\s+)([\w'-]+(?:\s+[\w'-]+){0,3}?)\s+style)\b"
                          r"(?!\s+(?!(?:and|or|with|of|in|on|at|for|by|from|to|but|while)\b)[A-Za-z])", re.IGNORECASE)
_VIEWPOINT_RE = re.compile(r"\b(?:(?:taken|seen|shot|viewed|drawn|painted|filmed)\s+)?(?:from|through)\s+"
                           r"(?:the\s+|an?\s+)?(point of view|perspective|viewpoint|pov|eyes)\s+of\s+", re.IGNORECASE)
_FRAME_RE = re.compile(r"^\s*(?:(?:a|an|the)\s+)?((?:[\w'’-]+\s+){0,2}?"
                       r"(?:scene|view|image|picture|shot|composition|setting))\s+"
                       r"(?:(?:with|of|where|showing|containing|featuring|in which|that has|that shows)\s+"
                       r"|(?=without\b|with no\b|that has no\b))", re.IGNORECASE)


_TEXT_AFTER_RE = re.compile(r"(?:the\s+|a\s+)?(?:text|words?|caption|title|message|slogan|phrase|writing|label)\b",
                            re.IGNORECASE)
_IMPERATIVE_RE = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:draw|generate|create|make|render|paint|show|produce|design|"
    r"illustrate|depict|imagine|sketch|give)(?:\s+(?:me|us))?\s+", re.IGNORECASE)


def strip_frame(prompt: str) -> tuple[str, list[str], str]:
    """(body with quotes replaced by ``__textN__`` markers, the quoted strings, the style)."""
    texts: list[str] = []
    style = ""

    def _keep(text: str) -> str:
        texts.append(text.strip())
        return f" __text{len(texts) - 1}__ "

    body = _QUOTE_RE.sub(lambda m: _keep(next(g for g in m.groups() if g is not None)), prompt)
    body = _NAMED_TEXT_RE.sub(lambda m: m.group(1) + _keep(m.group(2)), body)
    body = _IMPERATIVE_RE.sub("", body, count=1)
    label, body = _label(body)
    sheet = _SHEET_WITH_RE.match(body)
    if sheet:  # "Set with three different cocktails": the catalogue sheet they are shown on
        body = body[sheet.end():]
    style, body = _art_frame(body)
    style = ", ".join(s for s in (label, sheet.group(1).lower() if sheet else "", style) if s)
    m = _VIEWPOINT_RE.search(body)
    if m:  # "taken from the point of view of an ant": a camera, and whose eyes it is stays in the picture
        view = m.group(1).lower()
        style = (style + ", " if style else "") + ("point of view" if view in ("eyes", "pov") else view)
        body = body[: m.start()] + " " + body[m.end():]
    m = _STYLE_OF_RE.search(body)
    if m:
        said = ("style of " + m.group(1)) if m.group(1) else m.group(2) + " style"
        style = (style + ", " if style else "") + said.strip()
        body = body[: m.start()] + body[m.end():]
    m = _FRAME_RE.match(body)
    if m:  # "an isometric view of ...": the frame goes, how it is seen stays in the style
        said = m.group(1).strip()
        if " " in said:
            style = (style + ", " if style else "") + said
        body = body[m.end():]
    return body, texts, style


# "SDCC 2012: Agent M poses ...", "bullets: Set of nine icons": a short label before a colon that opens the
# prompt is a catalogue's category or caption, not a thing in the picture.
_LABEL_RE = re.compile(r"^\s*([^\W\d_][\w'.-]*(?:\s+[\w'.-]+){0,2})\s*:\s+(?=(?:\S+\s+){2}\S)")
_SHEET_WITH_RE = re.compile(r"^\s*(?:(?:a|an|the)\s+)?(set|collection|pack|bundle)\s+with\s+", re.IGNORECASE)
_NOT_LABELS = frozenset({"left", "right", "top", "bottom", "center", "centre", "middle", "foreground", "background",
                         "text", "caption", "title", "note", "negative", "style", "prompt"})


def _label(body: str) -> tuple[str, str]:
    """(label, rest) for a prompt opening with a short label and a colon; ("", body) otherwise."""
    m = _LABEL_RE.match(body)
    words = m.group(1).lower().split() if m is not None else []
    if m is None or "__text" in m.group(1) or any(w in _NOT_LABELS for w in words) \
            or words[0] in L.NUMBER_WORDS or words[0] in _FUNCTION_WORDS:  # "three cats: one orange, ..."
        return "", body
    kind = noun_kind(words[0]) if len(words) == 1 and L.singular(words[0]) == words[0] else None
    if kind is not None and (kind.drawable or kind.setting):
        return "", body  # "Sky: blue with white clouds", "Cat: fluffy, orange": the subject, described
    return m.group(1).strip(), body[m.end():]


def _art_frame(body: str) -> tuple[str, str]:
    """(style, rest) for "a black and white photo of X", "amazing award winning pencil illustration of X",
    "still photo from the filming of <a movie>, ..." (the source is style too); ("", body) otherwise."""
    m = _STYLE_RE.match(body)
    if m is None:
        return _lead_art(body)
    if m.group(3).lower() == "with" and _TEXT_AFTER_RE.match(body, m.end()) \
            and m.group(2).lower() in L.TEXT_SURFACES:
        return "", body  # "a poster with the text ...": the poster is the thing written on, not the style
    mods = m.group(1).lower().split()
    if not all(_frame_modifier(w, last=k == len(mods) - 1) for k, w in enumerate(mods)):
        return "", body
    if m.group(3).lower() == "of" and L.singular(m.group(2).lower().split()[-1]) in SCULPTURES:
        return "", body  # "a marble sculpture of an angel": a thing in the picture, not the picture
    said = body[m.start(1):m.end(2)].strip()  # the user's words: "studio shot", "black and white photo"
    if m.group(3).lower() != "from":
        return said, body[m.end():]
    if _DIRECTION_RE.match(body, m.end()):
        return "", body  # "a photo from above of ...": a viewpoint the reader takes
    src = _SOURCE_RE.match(body, m.end())
    end = src.end() if src else m.end()
    return f"{said} from {body[m.end():end].strip()}", body[end:].lstrip(" ,.;:")


def _lead_art(body: str) -> tuple[str, str]:
    """ "minimal oil painting realistic blonde girl": a multiword picture phrase leading the prompt is its style."""
    m = _LEAD_ART_RE.match(body)
    if m is None or body[m.end():].split(None, 1)[0].lower() in _FUNCTION_WORDS | {"and", "or"}:
        return "", body
    mods = m.group(1).lower().split()
    if not all(_frame_modifier(w, last=False) for w in mods):
        return "", body
    return body[m.start(1):m.end(2)].strip(), body[m.end():]


def _frame_modifier(word: str, last: bool) -> bool:
    """A word that may stand before a picture word in the frame: a style or colour word, a date, an adjective
    or an abstract noun ("award winning", "17th century french baroque"), or, right before it, what the
    picture is made with or of ("pencil illustration", "wedding photo")."""
    w = word.strip("'")
    if w in _FUNCTION_WORDS or w in L.NUMBER_WORDS:
        return False
    if w in PICTURE_ADJECTIVES or w in STYLE_TAGS or w in MEDIA_NOUNS or w in L.STYLE_PHRASES or w in L.COLOR_WORDS \
            or w == "and" or _ORDINAL_RE.match(w):
        return True
    kind = noun_kind(L.singular(w))
    return last or kind is None or not (kind.drawable or kind.setting)


_MARK_RE = re.compile(r"__text(\d+)__")
_PADDED_RE = re.compile(r"(?<=\S) {2}(?=__text\d+__)|(?<=__) {2}(?=\S)")


def restore_quotes(body: str, texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The body with each ``__textN__`` marker back as its quoted words, and the character span of each. The
    spaces the marker was padded with go (the tagger reads a double space as a word of its own and loses the
    phrase: 'white  "Merryman"  plates')."""
    body = _PADDED_RE.sub(" ", body)
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    length = 0
    for m in _MARK_RE.finditer(body):
        parts.append(body[pos:m.start()])
        length += m.start() - pos
        quoted = f'"{texts[int(m.group(1))]}"' if int(m.group(1)) < len(texts) else '""'
        spans.append((length, length + len(quoted)))
        parts.append(quoted)
        length += len(quoted)
        pos = m.end()
    parts.append(body[pos:])
    return "".join(parts), spans
