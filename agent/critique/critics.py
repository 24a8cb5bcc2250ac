"""Critics look at an image and its Scene and return typed findings.

Three kinds, one interface (``critic(image, scene, store) -> list[Finding]``):
- :class:`PluginCritic` runs any registered verifier plugin (``verify.ocr``, ``verify.color``,
  ``critic.layout``, ``critic.mllm``, third-party ones) whose Input takes ``image`` and/or ``scene``
  and whose Output has a ``findings`` list;
- :class:`LayoutCritic` checks the Scene's boxes against its relations and requested counts;
- :class:`MLLMCritic` sends the image (base64 PNG) and the Scene to an OpenAI-compatible vision model
  and validates its reply into findings.
The critique loop takes critics by plugin id or as objects, so a test or a user can script one.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, Field

from agent.errors import ScenecraftError
from agent.findings import Finding
from agent.layout.plan_check import check_plan

if TYPE_CHECKING:
    from agent.artifacts import ArtifactStore, ImageRef
    from agent.llm.client import LLMConfig
    from agent.registry import Registry
    from agent.scene import Scene

log = logging.getLogger("scenecraft.critics")

DEFAULT_CRITICS: tuple[str, ...] = ("critic.layout", "verify.ocr", "verify.color")
# What a verifier plugin may take from the loop: the image and the Scene, whole or in parts.
GIVEN_INPUTS: tuple[str, ...] = ("image", "scene", "objects", "texts", "prompt")


class Critic(Protocol):
    name: str

    def __call__(self, image: ImageRef, scene: Scene, store: ArtifactStore) -> list[Finding]: ...


class LayoutCritic:
    """Plan-level rules: relations hold on the boxes, counts match the request, nothing excluded is drawn."""

    name = "layout"

    def __call__(self, image: ImageRef, scene: Scene, store: ArtifactStore) -> list[Finding]:
        return check_plan(scene)


class CritiqueReply(BaseModel):
    """What the vision model must answer: one finding per Scene object and text."""

    findings: list[Finding] = Field(default_factory=list)


def image_data_url(image: ImageRef, store: ArtifactStore, max_side: int = 1024) -> str:
    """The image as a ``data:image/png;base64,...`` URL (downscaled so huge renders stay cheap)."""
    from agent.artifacts import png_bytes

    img = store.get_image(image)
    if max(img.size) > max_side:
        img = img.copy()
        img.thumbnail((max_side, max_side))
    return "data:image/png;base64," + base64.b64encode(png_bytes(img)).decode("ascii")


class MLLMCritic:
    """Ask a vision chat model (``config.vision_model`` or ``config.model``) what is wrong with the image."""

    name = "mllm"

    def __init__(self, config: LLMConfig | None = None, llm: Any = None) -> None:
        from agent.llm.client import load_config

        self.config = config if config is not None else load_config()
        self._llm = llm

    def __call__(self, image: ImageRef, scene: Scene, store: ArtifactStore) -> list[Finding]:
        from langchain_core.messages import HumanMessage

        from agent.llm import prompts
        from agent.llm.client import chat_model, structured_call

        messages: list[Any] = prompts.render("mllm_critic", prompt=scene.prompt, scene=scene.to_json(indent=None))
        role, text = messages.pop()
        messages.append(
            HumanMessage(
                content=[
                    {"type": "text", "text": text},
                    {"type": "image_url", "image_url": {"url": image_data_url(image, store)}},
                ]
            )
        )
        ids = {o.id for o in scene.objects} | {t.id for t in scene.texts}

        def check(reply: CritiqueReply) -> list[str]:
            return [
                f"findings[{i}].target '{f.target}' is not an id of the Scene (ids: {', '.join(sorted(ids))})"
                for i, f in enumerate(reply.findings)
                if f.target is not None and f.target not in ids
            ]

        llm = self._llm if self._llm is not None else chat_model(self.config, model=self.config.vision_model,
                                                                         client_retries=False)
        reply = structured_call(self.config, messages, CritiqueReply, llm=llm, check=check)
        return [f.model_copy(update={"check": "mllm"}) for f in reply.findings]


class PluginCritic:
    """Runs a verifier plugin by id and reads its ``findings`` output."""

    def __init__(self, plugin_id: str, registry: Registry | None = None) -> None:
        from agent.registry import default_registry

        self.registry = registry or default_registry()
        self.name = plugin_id
        cls = self.registry.get_class(plugin_id)  # raises RegistryError naming the id
        fields = cls.Input.model_fields
        if "findings" not in cls.Output.model_fields:
            raise ScenecraftError(f"critic plugin '{plugin_id}' has no 'findings' output")
        unknown_required = [
            n for n, f in fields.items() if f.is_required() and n not in GIVEN_INPUTS
        ]
        if unknown_required:
            raise ScenecraftError(
                f"critic plugin '{plugin_id}' needs input(s) {', '.join(unknown_required)} "
                f"that the critique loop cannot give (it gives {', '.join(GIVEN_INPUTS)})"
            )
        self._fields = set(fields)

    def __call__(self, image: ImageRef, scene: Scene, store: ArtifactStore) -> list[Finding]:
        from agent.context import RunContext

        cls = self.registry.get_class(self.name)
        given = {"image": image, "scene": scene, "objects": scene.objects, "texts": scene.texts, "prompt": scene.prompt}
        inp = cls.Input.model_validate({k: v for k, v in given.items() if k in self._fields})
        out = self.registry.get(self.name).run(inp, RunContext(store=store, node_id=f"critic:{self.name}"))
        return [f if isinstance(f, Finding) else Finding.model_validate(f) for f in out.findings]


def resolve_critics(specs: list[str | Critic] | None, registry: Registry | None = None) -> list[Critic]:
    """Critics from ids or objects. ``None`` means the defaults that are installed (layout always)."""
    from agent.registry import default_registry

    registry = registry or default_registry()
    if specs is None:  # defaults: skip (with a log line) an installed verifier whose inputs do not fit
        defaults: list[Critic] = []
        for pid in DEFAULT_CRITICS:
            if pid in registry:
                try:
                    defaults.append(PluginCritic(pid, registry))
                except ScenecraftError as exc:
                    log.warning("skipping default critic: %s", exc)
        return defaults or [LayoutCritic()]
    out: list[Critic] = []
    for spec in specs:
        if isinstance(spec, str):
            if spec not in registry:
                raise ScenecraftError(
                    f"unknown critic '{spec}' (installed: "
                    f"{', '.join(i for i in registry.ids() if i.startswith(('verify.', 'critic.'))) or 'none'})"
                )
            out.append(PluginCritic(spec, registry))
        else:
            out.append(spec)
    return out


def findings_json(findings: list[Finding]) -> str:
    return json.dumps([f.model_dump(mode="json", exclude_defaults=True) for f in findings])
