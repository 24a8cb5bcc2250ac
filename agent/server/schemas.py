"""Request and response bodies of the HTTP API (pydantic; unknown fields are errors, as in the Python API)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RunRequest(BaseModel):
    """``POST /v1/runs``: exactly one of ``prompt``, ``scene``, ``graph`` or ``image`` (+ ``instruction``).

    The run options mirror ``Agent.run``: seed, backend, model, steps, width, height, critique. ``model``
    is a hub id or profile setting, never a local path (folders are configured on the server).
    """

    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(default=None, description="what to draw (planned by the offline planner)")
    scene: dict[str, Any] | None = Field(default=None, description="a Scene (as `scenecraft plan` writes it)")
    graph: dict[str, Any] | None = Field(default=None, description="a TaskGraph, run as is")
    image: str | None = Field(default=None, description="base64 PNG/JPEG/WebP: a source image to edit")
    instruction: str | None = Field(default=None, description="with `image`: the edit, e.g. 'make the cup green'")
    strength: float | None = Field(default=None, gt=0.0, le=1.0,
                                   description="with `image`: img2img with `instruction` as the prompt")
    seed: int = Field(default=0, ge=0, lt=2**63)
    backend: str | None = Field(default=None, max_length=64, description="sketch (default) or a diffusers profile")
    model: str | None = Field(default=None, max_length=200)
    steps: int | None = Field(default=None, ge=1, le=200)
    width: int | None = Field(default=None, ge=8, le=8192)
    height: int | None = Field(default=None, ge=8, le=8192)
    planner: Literal["offline", "llm"] = "offline"
    critique: int = Field(default=0, ge=0, le=10, description="critique-loop budget in rounds")

    @model_validator(mode="after")
    def _one_source(self) -> RunRequest:
        given = [k for k in ("prompt", "scene", "graph", "image") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of prompt, scene, graph or image (got {', '.join(given) or 'none'})")
        if (self.instruction is not None or self.strength is not None) and self.image is None:
            raise ValueError("instruction and strength go with image")
        if self.image is not None and not (self.instruction or "").strip():
            raise ValueError("image needs an instruction (what to change)")
        return self


class EditRequest(BaseModel):
    """``POST /v1/runs/{id}/edit``: a chat follow-up applied to a finished run's Scene."""

    model_config = ConfigDict(extra="forbid")

    instruction: str = Field(min_length=1, description="e.g. 'make the cup green'")
    seed: int | None = Field(default=None, ge=0, lt=2**63, description="default: the parent's seed")


class NodeView(BaseModel):
    node: str
    plugin: str | None = None
    status: str
    cache_hit: bool = False
    wall_s: float | None = None
    error: str | None = None
    step: int | None = None
    steps: int | None = None


class ImageView(BaseModel):
    name: str
    url: str


class RunView(BaseModel):
    """``GET /v1/runs/{id}``."""

    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    parent: str | None = None
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    attempts: int = 0
    cancel_requested: bool = False
    seed: int | None = None
    backend: str | None = None
    prompt: str | None = None
    instruction: str | None = None
    nodes: list[NodeView] = []
    images: list[ImageView] = []
    findings: list[dict[str, Any]] = []
    cache_hits: list[str] = []
    errors: list[str] = []
    error: str | None = None
    wall_s: float | None = None
    timings: dict[str, float | None] = {}
    scene: dict[str, Any] | None = None
    links: dict[str, str] = {}


class RunList(BaseModel):
    runs: list[RunView]
    next: str | None = Field(default=None, description="cursor for the next (older) page; null at the end")


class ErrorBody(BaseModel):
    error: str
    detail: Any = None
