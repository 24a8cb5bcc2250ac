"""Word knowledge the planners read: what kind of thing a noun names (precomputed from WordNet 3.0).

Only the generated table under ``data/`` is read at run time (see ``scripts/build_lexicon.py``); WordNet
itself is never loaded by a planner.
"""

from __future__ import annotations

from agent.vocab.kinds import NounKind, noun_kind

__all__ = ["NounKind", "noun_kind"]
