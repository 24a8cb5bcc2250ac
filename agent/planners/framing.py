"""The frame around a request, read before tokens: quoted strings, "draw me", "a photo of", "in the
style of ...", "a scene with". What remains is the body the chunker reads.
"""

from __future__ import annotations

import re

from agent.vocab import lexicon as L

_QUOTE_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![A-Za-z0-9])'([^']+)'(?![A-Za-z0-9])")
_STYLE_RE = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?((?:[\w-]+\s+){0,4}?)(" + "|".join(
        sorted((re.escape(k) for k in L.STYLE_PHRASES), key=len,
               reverse=True)) + r")\s+(?:of|showing|depicting|featuring|with)\s+",
    re.IGNORECASE)
_STYLE_OF_RE = re.compile(r"\b(?:in\s+(?:the\s+)?style\s+of\s+([^,.;]+)"
                          r"|in\s+(?:an?\s+)?([\w-]+(?:\s+[\w-]+)?)\s+style)\b", re.IGNORECASE)
_FRAME_RE = re.compile(r"^\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?"
                       r"(?:scene|view|image|picture|shot|composition|setting)\s+"
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

    def _take_quote(m: re.Match[str]) -> str:
        texts.append(next(g for g in m.groups() if g is not None).strip())
        return f" __text{len(texts) - 1}__ "

    body = _QUOTE_RE.sub(_take_quote, prompt)
    body = _IMPERATIVE_RE.sub("", body, count=1)
    m = _STYLE_RE.match(body)
    if m and _TEXT_AFTER_RE.match(body, m.end()) and m.group(2).lower() in L.TEXT_SURFACES:
        m = None  # "a poster with the text ...": the poster is the thing written on, not the picture's style
    if m and all(w in L.STYLE_ADJECTIVES for w in m.group(1).lower().split()):
        adjs = [w for w in m.group(1).lower().split() if w in L.STYLE_ADJECTIVES]
        style = " ".join([*adjs, m.group(2).lower()])  # the user's words: "studio shot", not "photo"
        body = body[m.end():]
    m = _STYLE_OF_RE.search(body)
    if m:
        said = ("style of " + m.group(1)) if m.group(1) else m.group(2) + " style"
        style = (style + ", " if style else "") + said.strip()
        body = body[: m.start()] + body[m.end():]
    m = _FRAME_RE.match(body)
    if m:
        body = body[m.end():]
    return body, texts, style
