"""What a job is: a request checked and turned into a stored spec (at submit), and a spec run (in a worker).

Everything that can be checked without rendering is checked before the job is accepted, so a bad
request is a 4xx with nothing written: the source (exactly one of prompt, Scene, TaskGraph, image),
sizes, the backend name, graph plugins/fields/cycles, model names (never a path), and image bytes.
Runs use the same code as the CLI and ``Agent``: ``Agent.run`` for prompts and Scenes,
``execute_to_dir`` for graphs, so the run folder layout, PNG provenance and cache are identical.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.errors import ScenecraftError, control_problem, text_problem
from agent.server.limits import ServerSettings
from agent.server.schemas import RunRequest

if TYPE_CHECKING:
    from agent.api import Agent

_SAFE_MODEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,95})?$")
MODEL_KEYS = frozenset({"model", "profile", "lora", "loras", "weights", "checkpoint", "harmonize_model"})
_FILE_KEYS = frozenset({"path", "file", "folder", "dir", "font", "fonts"})
SKETCH_BACKENDS = frozenset({"sketch", "sketch-layers"})


class RequestError(ScenecraftError):
    """A request the server refuses: ``status`` is the HTTP status, ``code`` the JSON ``error`` field."""

    def __init__(self, message: str, code: str = "invalid_request", status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def check_model_name(value: str, where: str = "model") -> None:
    """A profile name or hub id (``org/name``), never a path: local folders are set on the server."""
    if not _SAFE_MODEL.match(value) or ".." in value or Path(value).exists():
        raise RequestError(f"{where} '{value[:80]}' is not a model name (profile or org/name hub id); "
                           "local folders are configured on the server", code="path_not_allowed")


def check_no_paths(value: Any, key: str, where: str) -> None:
    """Graph params and Scene fields that name models or files hold names, never paths (recursively)."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_no_paths(v, str(k), f"{where}.{k}")
    elif isinstance(value, list):
        for v in value:
            check_no_paths(v, key, where)
    elif isinstance(value, str) and key.lower() in MODEL_KEYS:
        check_model_name(value, where)
    elif isinstance(value, str) and key.lower() in _FILE_KEYS and (
            value.startswith((".", "~")) or any(c in value for c in "/\\") or "\x00" in value):
        raise RequestError(f"{where} '{value[:80]}' is a path; give a name", code="path_not_allowed")


def _check_backend(backend: str | None) -> None:
    from agent.compiler import backend_names

    if backend is not None and backend not in backend_names():
        raise RequestError(f"unknown backend '{backend}' (choose from: {', '.join(backend_names())})",
                           code="unknown_backend")


def _options(req: RunRequest) -> dict[str, Any]:
    if req.model is not None:
        check_model_name(req.model)
    _check_backend(req.backend)
    return {"seed": req.seed, "backend": req.backend, "model": req.model, "steps": req.steps, "width": req.width,
            "height": req.height, "critique": req.critique, "planner": req.planner}


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise RequestError(f"{width}x{height} is over the server's {max_pixels} pixel limit", code="image_too_large",
                           status=413)


def check_request_text(value: str | None, where: str) -> None:
    """Text that is not valid Unicode (a lone surrogate) or holds a control character is refused before
    anything is written (422)."""
    problem = (text_problem(value) or control_problem(value)) if isinstance(value, str) else None
    if problem:
        raise RequestError(f"{where} {problem}", code="invalid_text")


_SEED_MAX = 2**63


def _scene_pixels(scene: Any, limits: ServerSettings) -> None:
    """A Scene (dict) inside a graph node obeys ``max_pixels`` too (a missing side is the default size)."""
    from agent.defaults import SIZE

    if isinstance(scene, dict):
        w, h = scene.get("width", SIZE), scene.get("height", SIZE)
        _check_pixels(int(w) if isinstance(w, (int, float)) else SIZE,
                      int(h) if isinstance(h, (int, float)) else SIZE, limits.max_pixels)


def _graph_pixels(graph: Any, limits: ServerSettings) -> None:
    """Every node's ``width``/``height`` params and its ``scene`` param are held to ``max_pixels``."""
    from agent.defaults import SIZE

    for node in graph.nodes:
        params = node.params or {}
        w, h = params.get("width"), params.get("height")
        if isinstance(w, (int, float)) or isinstance(h, (int, float)):
            _check_pixels(int(w if isinstance(w, (int, float)) else SIZE),
                          int(h if isinstance(h, (int, float)) else SIZE), limits.max_pixels)
        _scene_pixels(params.get("scene"), limits)


def prepare(req: RunRequest, limits: ServerSettings, registry: Any, store: Any,
            policy: Callable[[dict], None] | None = None) -> tuple[str, dict]:
    """(kind, spec) for a checked request; raises :class:`RequestError` (or ``ScenecraftError``).

    Args:
        req: the parsed request body.
        limits: the server's limits (pixels, prompt length, image bytes).
        registry: the plugin registry a graph is validated against.
        store: the artifact store an uploaded image is put into (its graph names it by hash).
        policy: the operator policy for the graph an uploaded image is edited by (the client named no
            model, yet ``edit.instruct`` loads one), applied before the image is written.
    """
    from agent.defaults import SIZE

    check_request_text(req.prompt, "prompt")
    check_request_text(req.instruction, "instruction")
    spec = _options(req)
    max_prompt = limits.max_prompt_chars
    if req.prompt is not None:
        _check_pixels(req.width or SIZE, req.height or SIZE, limits.max_pixels)
        if not req.prompt.strip():
            raise RequestError("prompt is empty", code="empty_prompt")
        if len(req.prompt) > max_prompt:
            raise RequestError(f"prompt is {len(req.prompt)} characters; the limit is {max_prompt}",
                               code="prompt_too_long", status=413)
        return "prompt", {**spec, "prompt": req.prompt}
    if req.scene is not None:
        from agent.scene import Scene

        check_no_paths(req.scene, "", "scene")
        scene = Scene.parse(req.scene)
        said = (("scene prompt", scene.prompt), *((f"scene text '{t.id}'", t.content) for t in scene.texts))
        for where, value in said:
            check_request_text(value, where)  # a control character in a posted Scene, as in a prompt
        _check_pixels(req.width or scene.width, req.height or scene.height, limits.max_pixels)
        if len(scene.prompt) > max_prompt:
            raise RequestError(f"scene prompt is over {max_prompt} characters", code="prompt_too_long", status=413)
        return "scene", {**spec, "scene": json.loads(scene.to_json())}
    if req.graph is not None:
        from agent.graph import TaskGraph

        graph = TaskGraph.parse(req.graph)
        for node in graph.nodes:
            check_no_paths(node.params, "", f"node '{node.id}' params")
        graph.validate_with(registry)
        _graph_pixels(graph, limits)
        return "graph", {**spec, "graph": graph.model_dump(mode="json")}
    return _prepare_image(req, spec, limits, registry, store, policy)


def decode_image(data: str, max_bytes: int, max_pixels: int = 4096 * 4096) -> tuple[Any, dict[str, Any]]:
    """(PIL image, Scenecraft provenance or {}) from base64 text; a clear error for anything else."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > (max_bytes * 4) // 3 + 4:
        raise RequestError(f"image is over the {max_bytes} byte upload limit", code="image_too_large", status=413)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise RequestError("image is not valid base64", code="invalid_image") from None
    try:
        with Image.open(io.BytesIO(raw)) as im:
            if im.format not in ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF"):
                raise RequestError(f"image format {im.format} is not accepted", code="invalid_image")
            _check_pixels(im.width, im.height, max_pixels)  # before decoding: a small file can hold a huge image
            im.load()
            chunks = dict(getattr(im, "text", {}) or {})
            image = im.convert("RGB")
    except RequestError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise RequestError(f"image is not a readable image ({type(exc).__name__})", code="invalid_image") from None
    prov: dict[str, Any] = {}
    for key, value in chunks.items():
        if key.startswith("scenecraft:"):
            try:
                prov[key.split(":", 1)[1]] = json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                prov = {}
                break
    return image, prov


def _prepare_image(req: RunRequest, spec: dict, limits: ServerSettings, registry: Any, store: Any,
                   policy: Callable[[dict], None] | None = None) -> tuple[str, dict]:
    """A Scenecraft PNG (its provenance has a Scene) is edited by the chat rules; any other image goes
    through ``edit.instruct`` (or ``edit.img2img`` when ``strength`` is given) as a graph node.

    Only the provenance Scene (path-checked) and seed are used; the PNG's graph is never run, so the
    ``run --from`` trust check (:mod:`agent.models.trust`) has nothing to refuse here."""
    assert req.image is not None and req.instruction is not None
    check_request_text(req.instruction, "instruction")
    image, prov = decode_image(req.image, limits.max_image_bytes, limits.max_pixels)
    if "scene" in prov and req.strength is None:
        from agent.edits import apply_edit
        from agent.scene import Scene

        check_no_paths(prov["scene"], "", "the image's provenance scene")
        parsed = Scene.parse(prov["scene"])
        _check_pixels(parsed.width, parsed.height, limits.max_pixels)
        scene = apply_edit(parsed, req.instruction)
        _check_pixels(scene.width, scene.height, limits.max_pixels)
        s = prov.get("seed")
        seed_ok = type(s) is int and 0 <= s < _SEED_MAX
        seed = req.seed if "seed" in req.model_fields_set or not seed_ok else s
        return "image_edit", {**spec, "seed": seed, "scene": json.loads(scene.to_json()),
                              "instruction": req.instruction}
    plugin = "edit.img2img" if req.strength is not None else "edit.instruct"
    if plugin not in registry:
        raise RequestError(f"editing an image without Scenecraft provenance needs the '{plugin}' plugin "
                           "(install the diffusers extra)", code="unavailable", status=422)
    params: dict[str, Any] = {"prompt": req.instruction}
    if req.model is not None:
        params["model"] = req.model
    if req.steps is not None:
        params["num_inference_steps"] = req.steps
    if req.strength is not None:
        params["strength"] = req.strength
    from agent.artifacts import ImageRef, pixel_digest
    from agent.graph import TaskGraph

    ref = ImageRef(sha256=pixel_digest(image), width=image.width, height=image.height)
    graph = TaskGraph()
    graph.add("edit", plugin, image=ref.model_dump(mode="json"), **params)
    graph = TaskGraph.parse({**graph.model_dump(mode="json"), "outputs": [{"node": "edit", "field": "image"}]})
    graph.validate_with(registry)
    if policy is not None:  # the plugin's default model downloads as if the client had named it
        policy(graph.model_dump(mode="json"))
    if store.put_image(image) != ref:  # only now, with the request checked, does anything get written
        raise ScenecraftError("the artifact store hashed the image differently")
    store.flush()
    return "image_edit", {**spec, "graph": graph.model_dump(mode="json"), "instruction": req.instruction}


def prepare_edit(parent_result: dict[str, Any] | None, parent_spec: dict[str, Any], instruction: str,
                 seed: int | None) -> dict[str, Any]:
    """The spec of a follow-up edit: the parent's Scene with the chat rules applied, same options.

    Args:
        parent_result: the finished parent run's result (its Scene); without a Scene the edit is
            refused (409).
        parent_spec: the parent's stored spec (backend, model, steps, critique and planner carry over).
        instruction: what to change, in words.
        seed: a different run seed (None: the parent's).
    """
    from agent.edits import apply_edit
    from agent.scene import Scene

    scene_dict = (parent_result or {}).get("scene")
    if scene_dict is None:
        raise RequestError("this run has no Scene to edit (it was run from a bare graph)", code="not_editable",
                           status=409)
    scene = apply_edit(Scene.parse(scene_dict), instruction)
    keep = {k: parent_spec.get(k) for k in ("backend", "model", "steps", "critique", "planner")}
    return {**keep, "seed": parent_spec.get("seed", 0) if seed is None else seed, "width": None, "height": None,
            "scene": json.loads(scene.to_json()), "instruction": instruction}


def execute(agent: Agent, spec: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Run one spec into ``out_dir`` (the CLI's run folder layout); the result summary stored in the queue."""
    from agent.api import Result, findings_of

    kw = {"seed": spec.get("seed", 0), "backend": spec.get("backend"), "model": spec.get("model"),
          "steps": spec.get("steps")}
    if "graph" in spec:
        from agent.engine.run_folder import execute_to_dir
        from agent.graph import TaskGraph

        outcome = execute_to_dir(TaskGraph.parse(spec["graph"]), out_dir, seed=kw["seed"], executor=agent.executor)
        agent.executor.store.flush()
        result = Result(prompt=spec.get("instruction") or "", seed=kw["seed"], backend="graph",
                        out_dir=outcome.out_dir, images=list(outcome.images), scene=None, graph=outcome.graph,
                        trace=list(outcome.result.trace), findings=findings_of(outcome.result),
                        wall_s=outcome.result.wall_s)
    else:
        from agent.scene import Scene

        request: Any = Scene.parse(spec["scene"]) if "scene" in spec else spec["prompt"]
        result = agent.run(request, critique=spec.get("critique", 0), width=spec.get("width"),
                           height=spec.get("height"), out=out_dir, **kw)
        agent.executor.store.flush()
    return summarize(result)


def summarize(result: Any) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "images": [Path(p).name for p in result.images],
        "nodes": [r.model_dump(mode="json") for r in result.trace],
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "cache_hits": list(result.cache_hits),
        "errors": list(result.errors),
        "wall_s": round(result.wall_s, 6),
        "scene": json.loads(result.scene.to_json()) if result.scene is not None else None,
    }
