"""The self-critique loop: critics find mistakes, an edit plan fixes them, rounds append the fix to the graph.

The loop (:mod:`agent.critique.loop`) runs graphs through :mod:`agent.engine`; the engine never imports
this package.
"""

from agent.critique.critics import Critic, LayoutCritic, MLLMCritic, PluginCritic, findings_json, resolve_critics
from agent.critique.edit_plan import (
    Edit,
    EditPlan,
    LLMEditPlanner,
    apply_edits,
    edit_key,
    related_ids,
    rule_edit_plan,
    untried,
)
from agent.critique.loop import CritiqueResult, RoundRecord, critique_loop

__all__ = ["Critic", "CritiqueResult", "Edit", "EditPlan", "LLMEditPlanner", "LayoutCritic", "MLLMCritic",
           "PluginCritic", "RoundRecord", "apply_edits", "critique_loop", "edit_key", "findings_json", "related_ids",
           "resolve_critics", "rule_edit_plan", "untried"]
