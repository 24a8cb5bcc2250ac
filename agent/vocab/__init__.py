"""The words Scenecraft reads and draws: the planner's lexicon (numbers, plurals, colours, categories), the
pictogram / background-colour tables, and what kind of thing a noun names (:mod:`agent.vocab.kinds`,
precomputed from WordNet 3.0: only the generated table under ``data/`` is read at run time, see
``scripts/build_lexicon.py``).
"""

from __future__ import annotations

from agent.vocab.kinds import NounKind, noun_kind

__all__ = ["NounKind", "noun_kind"]
