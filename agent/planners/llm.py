"""The LLM planner: any OpenAI-compatible chat model writes the Scene; Scenecraft checks and fixes it.

Steps, each bounded:
1. Render the layout prompt (``prompts/layout.toml``; ``decompose.toml`` for long descriptions) and ask
   for a Scene as structured output (json_schema, function_calling or json_mode).
2. A reply that is not valid JSON, does not validate as a Scene, or whose counts differ from the
   request's explicit counts goes back to the model with the errors, at most ``repairs`` times.
3. Boxes that break one of the plan's own relations are re-solved by ``agent.layout.solve_layout``;
   the LLM's objects, names, colours and descriptions are kept.
4. If the server is unreachable (or never gives a valid plan) the planner says so in one line and falls
   back to the offline planner, unless ``fallback`` is off, in which case the error is raised.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.defaults import SIZE
from agent.layout.plan_check import count_problems, relation_holds
from agent.llm import prompts
from agent.llm.client import (
    CallReport,
    LLMConfig,
    LLMReplyError,
    LLMUnavailableError,
    chat_model,
    load_config,
    structured_call,
)
from agent.scene import Scene

log = logging.getLogger("scenecraft.planner.llm")

LONG_PROMPT_WORDS = 40  # above this many words, use the decomposition prompt (LLM Blueprint style)


class ClarifyQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aspect: str
    question: str = Field(min_length=1)
    options: list[str] = Field(default_factory=list)


class ClarifyReply(BaseModel):
    """DialPrompt-style answer: is the request too vague to draw, and what to ask (at most 3 questions)."""

    model_config = ConfigDict(extra="forbid")

    ambiguous: bool
    questions: list[ClarifyQuestion] = Field(default_factory=list, max_length=3)


class LLMPlanner:
    """Plan with a chat model. ``config`` wins; else settings load from env / config file (see docs/llm.md).

    ``last_report`` tells what happened on the latest call: the template used, each attempt and its
    errors, relations whose boxes were re-solved, and the fallback reason if the offline planner ran.
    """

    def __init__(
        self,
        config: LLMConfig | None = None,
        config_path: Path | str | None = None,
        fallback: bool | None = None,
        llm: Any = None,
        **overrides: Any,
    ) -> None:
        self.config = config if config is not None else load_config(config_path, **overrides)
        if fallback is not None:
            self.config.fallback = fallback
        self._llm = llm
        self.last_report: dict[str, Any] = {}

    def plan(self, prompt: str, width: int = SIZE, height: int = SIZE, seed: int = 0) -> Scene:
        try:
            return self.plan_with_llm(prompt, width=width, height=height, seed=seed)
        except (LLMUnavailableError, LLMReplyError) as exc:
            if not self.config.fallback:
                raise
            print(f"warning: {exc}; using the offline planner instead", file=sys.stderr)
            self.last_report["fallback"] = str(exc)
            from agent.planners.offline import OfflinePlanner

            return OfflinePlanner().plan(prompt, width=width, height=height, seed=seed)

    def plan_with_llm(self, prompt: str, width: int = SIZE, height: int = SIZE, seed: int = 0) -> Scene:
        """The LLM path only: raises :class:`LLMUnavailableError` / :class:`LLMReplyError` on failure."""
        template = "decompose" if len(prompt.split()) > LONG_PROMPT_WORDS else "layout"
        messages = prompts.render(template, prompt=prompt, width=width, height=height)
        report = CallReport()
        self.last_report = {"template": template, "model": self.config.describe(), "attempts": report.attempts}

        def check(scene: Scene) -> list[str]:
            return [f.message for f in count_problems(scene, prompt) if not f.ok]

        scene = structured_call(self.config, messages, Scene, llm=self._model(), check=check, report=report)
        scene = scene.model_copy(update={"prompt": prompt, "width": width, "height": height})
        scene, resolved = resolve_broken_relations(scene, seed)
        self.last_report["resolved"] = resolved
        return Scene.parse(scene.model_dump(mode="json"))  # re-validate after the edits

    def clarify(self, prompt: str) -> ClarifyReply:
        """Questions worth asking before drawing ``prompt`` (``prompts/clarify.toml``). No fallback: the
        offline answer to "is this ambiguous?" would be a guess, so errors are raised."""
        return structured_call(self.config, prompts.render("clarify", prompt=prompt), ClarifyReply, llm=self._model())

    def edit_scene(self, scene: Scene, message: str, seed: int = 0) -> Scene:
        """Apply one chat turn to ``scene`` (``prompts/chat_edit.toml``): the model returns the whole new
        Scene, which is validated like a plan; canvas size is kept and broken relations are re-solved."""
        messages = prompts.render("chat_edit", scene=scene.to_json(indent=None), message=message)
        new = structured_call(self.config, messages, Scene, llm=self._model())
        new = new.model_copy(update={"width": scene.width, "height": scene.height})
        new, resolved = resolve_broken_relations(new, seed)
        self.last_report = {"template": "chat_edit", "resolved": resolved}
        return Scene.parse(new.model_dump(mode="json"))

    def _model(self) -> Any:
        """The chat model, built once: the client keeps its connection pool between calls."""
        if self._llm is None:
            self._llm = chat_model(self.config, client_retries=False)
        return self._llm


def resolve_broken_relations(scene: Scene, seed: int = 0) -> tuple[Scene, list[str]]:
    """Re-solve the boxes of objects in relations the boxes break; keep everything else the LLM wrote.

    First only the objects named by a broken relation take the solver's boxes; if a relation still
    fails, every object does (the solver's layout is consistent as a whole).
    """
    from agent.layout import solve_layout

    broken = [r for r in scene.relations if not relation_holds(scene, r)]
    if not broken:
        return scene, []
    described = [f"{r.subject} {r.relation} {r.object}" for r in broken]
    log.info("re-solving boxes for broken relations: %s", "; ".join(described))
    solved = {o.id: o.box for o in solve_layout(scene, seed).objects}
    involved = {
        o.id for r in broken for ref in (r.subject, r.object, r.object2) if ref for o in scene.objects_named(ref)
    }
    out = scene.model_copy(deep=True)
    for obj in out.objects:
        if obj.id in involved and obj.id in solved:
            obj.box = solved[obj.id]
    if any(not relation_holds(out, r) for r in out.relations):
        for obj in out.objects:
            if obj.id in solved:
                obj.box = solved[obj.id]
    return out, described
