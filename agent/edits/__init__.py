"""Chat follow-ups ("make the cup green", "add two birds"): rules, moves, placement and the words they read.

:func:`apply_edit` is the entry point; it tries the rules first and the LLM when one is configured.
"""

from agent.edits.apply import apply_edit, describe_scene
from agent.edits.words import EditError

__all__ = ["EditError", "apply_edit", "describe_scene"]
