"""Critic plugins: ``critic.layout`` (plan rules) and ``critic.mllm`` (a vision chat model).

Both take the image and the Scene and return typed findings, like the ``verify.*`` plugins, so the
critique loop can use every critic by id. ``critic.mllm`` is not cached: a remote model may answer
differently each time, and its settings live outside the graph (see docs/llm.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.artifacts import ImageRef
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene

if TYPE_CHECKING:
    from agent.context import RunContext


class CriticInput(PluginIO):
    image: ImageRef
    scene: Scene


class CriticOutput(PluginIO):
    findings: list[Finding]


@register
class LayoutRuleCritic(Plugin):
    """Check the Scene's boxes against its relations and the request's counts and exclusions."""

    id = "critic.layout"
    version = "0.1.0"
    description = "Relations hold on the boxes, counts match the request, excluded things are absent."
    Input = CriticInput
    Output = CriticOutput

    def run(self, inp: CriticInput, ctx: RunContext) -> CriticOutput:
        from agent.critique.critics import LayoutCritic

        return CriticOutput(findings=LayoutCritic()(inp.image, inp.scene, ctx.store))


@register
class MLLMVisionCritic(Plugin):
    """Send the image (base64) and the Scene to an OpenAI-compatible vision model; typed findings back."""

    id = "critic.mllm"
    version = "0.1.0"
    description = "A vision LLM compares the image with its Scene (configured like the LLM planner)."
    deterministic = False
    cacheable = False
    network = True
    Input = CriticInput
    Output = CriticOutput

    def run(self, inp: CriticInput, ctx: RunContext) -> CriticOutput:
        from agent.critique.critics import MLLMCritic

        return CriticOutput(findings=MLLMCritic()(inp.image, inp.scene, ctx.store))
