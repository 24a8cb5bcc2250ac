"""Base forms of the few verbs the reader acts on (wear, hold, ride, say...), without spaCy's lemmatizer.

Why not the lemmatizer: it costs a fifth of the pipeline's time and load, and the reader only ever asks
"is this a form of *wear*?" for a few dozen verbs; their regular forms come from
:func:`agent.planners.tokens.verb_forms`, the irregular ones are listed.
"""

from __future__ import annotations

from spacy.tokens import Token

from agent.planners.tokens import verb_forms

VERBS = ("wear", "don", "sport", "dress", "put", "hold", "carry", "grip", "clutch", "cradle", "wield", "grasp", "hug",
         "raise", "lift", "brandish", "balance", "juggle", "squeeze", "hoist", "present", "offer", "build", "make",
         "show", "depict", "feature", "say", "read", "spell", "ride", "mount", "straddle", "top", "have", "paint",
         "draw", "do", "perform", "look", "seem", "eat", "drink", "sip", "use", "lick", "bite", "munch", "type")
IRREGULAR = {"wore": "wear", "worn": "wear", "held": "hold", "built": "build", "made": "make", "shown": "show",
             "said": "say", "spelt": "spell", "rode": "ride", "ridden": "ride", "had": "have", "has": "have",
             "drew": "draw", "drawn": "draw", "put": "put", "did": "do", "does": "do", "done": "do",
             "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "drink", "bit": "bite", "bitten": "bite"}
_BASE = {form: verb for verb in VERBS for form in verb_forms(verb)} | IRREGULAR


def lemma(t: Token) -> str:
    """The base form of ``t`` when it is one of :data:`VERBS`, else the word in lower case."""
    low = t.text.lower()
    return _BASE.get(low, low)
