"""The operator's policy on what a client may make the server spend: model downloads and the LLM key.

A request can name a model (``model``, and model-like keys in graph params or a Scene) and a planner.
Without a policy any hub id a stranger types becomes gigabytes of download and disk, and
``planner: "llm"`` spends the operator's LLM key. So, before a job is queued (never in the worker):

- ``client_models`` (``serve --client-models``): ``profiles`` allows only configured diffusion profiles
  (their names and the model each resolves to, the same set ``run --from`` trusts), downloaded if
  missing; ``cached`` (the default) never downloads: any model whose weights are already in the local
  Hugging Face cache (looked up without the network), a configured profile included, and nothing else;
  ``any`` allows every well-formed name (the old behaviour). A request that names no model loads its
  backend's profile, and that model is checked the same way (it downloads just the same).
- ``llm_planner`` (``serve --llm-planner``): off by default; then ``planner: "llm"`` is refused, and so
  is a posted graph node whose plugin sends data to the LLM endpoint (``network = True``, e.g.
  ``critic.mllm``): it spends the same key.

Refusals are :class:`~agent.server.jobs.RequestError` (422, like ``path_not_allowed``), naming the value
and the server option that would allow it. ``GET /v1/info`` reports both settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.server.jobs import MODEL_KEYS, RequestError, check_model_name
from agent.server.limits import CLIENT_MODELS, ServerSettings
from agent.server.schemas import RunRequest


def model_values(value: Any, where: str, inside: bool = False) -> Iterator[tuple[str, str]]:
    """(where, name) for every string held under a model-like key (``model``, ``loras``, ``*_model``, ...),
    at any depth: a LoRA given as ``{"path": ..., "scale": ...}`` under ``loras`` is a model name too."""
    if isinstance(value, dict):
        for k, v in value.items():
            key = str(k).lower()
            yield from model_values(v, f"{where}.{k}", inside or key in MODEL_KEYS or key.endswith("_model"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from model_values(v, f"{where}[{i}]", inside)
    elif isinstance(value, str) and inside:
        yield where, value


def _configured() -> set[str]:
    from agent.models.trust import configured_models

    return configured_models()


def _cached(model: str) -> bool:
    from agent.models.profiles import hub_cache_hit

    return hub_cache_hit(model) is not None


def _profile_model(value: str) -> str:
    """The hub id (or folder) ``value`` loads: a profile name resolves to its configured model."""
    from agent.models.profiles import PROFILES, get_profile

    return get_profile(value).model if value in PROFILES else value


def _here(model: str) -> bool:
    """Loading ``model`` downloads nothing: its weights are in the hub cache, or it is a local folder."""
    from pathlib import Path

    return _cached(model) or ("/" in model and Path(model).expanduser().is_dir())


def check_model(value: str, where: str, settings: ServerSettings) -> None:
    """Refuse a model the operator's ``client_models`` setting does not allow (a path is refused first).

    ``cached`` never makes the server download: a profile is allowed when its model is already here."""
    check_model_name(value, where)
    mode = settings.client_models
    if mode == "any":
        return
    configured = value in _configured()
    model = _profile_model(value)
    here = _here(model)
    if (mode == "profiles" and configured) or (mode == "cached" and here):
        return
    if mode == "cached" and configured:
        raise RequestError(f"{where} '{value}' is a configured profile but '{model}' is not downloaded on this "
                           "server, and --client-models cached never downloads; the operator can run "
                           f"`hf download {model}`, or let profiles download with --client-models profiles",
                           code="model_not_allowed")
    if mode == "profiles":
        why = "only configured profiles are allowed"
        fix = "--client-models cached" if here else "--client-models any (or download it on the server and " \
                                                    "use --client-models cached)"
    else:
        why = "only models already downloaded on the server are allowed"
        fix = "--client-models any, or download it on the server"
    raise RequestError(f"{where} '{value}' is not allowed on this server ({why}); the operator can allow it "
                       f"with {fix}", code="model_not_allowed")


def backend_model(spec: dict[str, Any]) -> str | None:
    """The profile a request that names no model loads: its backend's (None for sketch backends, graphs)."""
    from agent.models.profiles import PROFILES

    backend = spec.get("backend")
    if spec.get("model") is not None or spec.get("graph") is not None or backend not in PROFILES:
        return None
    return str(backend)


def check_planner(planner: str | None, settings: ServerSettings) -> None:
    """``planner: "llm"`` spends the operator's LLM key: only with ``serve --llm-planner``."""
    if planner == "llm" and not settings.llm_planner:
        raise RequestError("planner 'llm' is not enabled on this server (the operator has not started it with "
                           "--llm-planner); use planner 'offline'", code="planner_not_allowed")


def check_llm_nodes(graph: Any, settings: ServerSettings, registry: Any) -> None:
    """Graph nodes of plugins that call the LLM endpoint (``network = True``) need ``--llm-planner`` too."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    if settings.llm_planner or not isinstance(nodes, list):
        return
    for node in nodes:
        plugin = node.get("plugin") if isinstance(node, dict) else None
        if isinstance(plugin, str) and plugin in registry and getattr(registry.get_class(plugin), "network", False):
            raise RequestError(f"node '{str(node.get('id'))[:80]}' ({plugin}) sends data to the server's LLM "
                               "endpoint, which the operator has not enabled (--llm-planner)", code="llm_not_allowed")


def check_spec(spec: dict[str, Any], settings: ServerSettings, registry: Any) -> None:
    """Apply the policy to a job spec (a request's fields, or an edit's inherited ones): planner, model,
    every model named in its Scene or graph, and the graph's LLM-calling nodes."""
    check_planner(spec.get("planner"), settings)
    check_llm_nodes(spec.get("graph"), settings, registry)
    if spec.get("model") is not None:
        check_model(str(spec["model"]), "model", settings)
    elif (profile := backend_model(spec)) is not None:  # the backend's own model downloads just the same
        check_model(profile, f"backend '{profile}' (its default model)", settings)
    for source in ("scene", "graph"):
        for where, name in model_values(spec.get(source), source):
            check_model(name, where, settings)
    for where, name in default_models(spec.get("graph"), registry):
        check_model(name, where, settings)


def default_models(graph: Any, registry: Any) -> Iterator[tuple[str, str]]:
    """(where, model) for each graph node that names no model but whose plugin loads one by default
    (``edit.instruct`` loads instruct-pix2pix): that download is the client's doing all the same."""
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    for i, node in enumerate(nodes if isinstance(nodes, list) else []):
        if not isinstance(node, dict):
            continue
        plugin, params = node.get("plugin"), node.get("params") if isinstance(node.get("params"), dict) else {}
        if not isinstance(plugin, str) or plugin not in registry or params.get("model") is not None:
            continue
        field = getattr(getattr(registry.get_class(plugin), "Input", None), "model_fields", {}).get("model")
        if field is not None and isinstance(field.default, str):
            yield f"graph.nodes[{i}] ({plugin}, its default model)", field.default


def check_request(req: RunRequest, settings: ServerSettings, registry: Any) -> None:
    """Apply the policy to a run request before anything is parsed further or written."""
    check_spec({"planner": req.planner, "model": req.model, "backend": req.backend, "scene": req.scene,
                "graph": req.graph}, settings, registry)


def check_graph(graph: dict[str, Any], settings: ServerSettings, registry: Any) -> None:
    """The policy for a graph the server builds itself (an uploaded image's edit): its plugins' default
    models download just as a posted graph's do."""
    check_spec({"graph": graph}, settings, registry)


def recheck_queued(queue: Any, settings: ServerSettings, registry: Any) -> list[str]:
    """Hold every queued job (re-queued after a restart, or accepted by an earlier server under a looser
    policy) to this server's policy; a job it refuses is marked failed with the refusal. Returns their ids."""
    refused: list[str] = []
    before: int | None = None
    while page := queue.list(limit=500, status="queued", before=before):
        for job in page:
            try:
                check_spec(job.spec, settings, registry)
            except RequestError as exc:
                if queue.refuse(job.id, f"refused by this server's policy: {exc}"):
                    refused.append(job.id)
        before = page[-1].seq
    return refused


def policy_info(settings: ServerSettings) -> dict[str, Any]:
    """What ``GET /v1/info`` says about the policy, so a client knows before it asks."""
    return {"client_models": settings.client_models, "client_models_choices": list(CLIENT_MODELS),
            "llm_planner": settings.llm_planner}
