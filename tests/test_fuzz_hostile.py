"""Issue 18 fuzz suite: hostile Scene/graph files, prompts, batch files, provenance chunks and LLM replies.

Each property says the same thing: the input is accepted (and what came out serialises), or one of the
project's errors says why in one line. Seeds are fixed (``derandomize``) and sizes small, so the whole
file runs in well under a minute.
"""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.errors import MAX_ERROR_CHARS, ScenecraftError
from agent.graph import TaskGraph
from agent.registry import default_registry
from agent.scene import Scene
from tests.hostile import itxt, png, provenance_png

FUZZ = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
HOSTILE = ["\ud800", "\udcff", "\x00", "\x1b[31m", "\u202e", "\n", '"', "\\", "é", "漢字", "🙂", "\ufeff", " ",
           "{", "[", "NaN", "1e309", "-0", "'", "<script>", "../", "~", "\t"]
pieces = st.one_of(st.text(max_size=6), st.sampled_from(HOSTILE))
texts = st.lists(pieces, max_size=8).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), texts)
json_values = st.recursive(scalars,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=12)
boxes = st.one_of(st.lists(st.floats(-0.5, 1.5) | st.sampled_from([float("nan"), float("inf")]),
                           min_size=4, max_size=4),
                  json_values)
objects = st.fixed_dictionaries({"id": texts, "name": texts, "box": boxes},
                                optional={"color": texts, "attributes": st.lists(texts, max_size=3), "z": json_values})
scenes = st.fixed_dictionaries({}, optional={
    "prompt": texts, "background": texts, "objects": st.lists(objects, max_size=4),
    "texts": st.lists(st.fixed_dictionaries({"id": texts, "content": texts, "box": boxes},
                                            optional={"rotation": json_values}), max_size=2),
    "relations": st.lists(st.fixed_dictionaries({"subject": texts, "relation": st.sampled_from(["left of", "x"]),
                                                 "object": texts}), max_size=2),
    "width": json_values, "negative": st.lists(texts, max_size=2)})
PLUGINS = ["sketch.render", "text.render", "mask.box", "generate.one_step", "critic.layout", "nope"]
graphs = st.fixed_dictionaries({"nodes": st.lists(st.fixed_dictionaries(
    {"id": texts | st.sampled_from(["a", "b"]), "plugin": st.sampled_from(PLUGINS),
     "params": st.dictionaries(st.sampled_from(["scene", "model", "prompt", "boxes", "width", "x"]),
                               json_values | scenes, max_size=3)}), max_size=3)},
    optional={"outputs": st.lists(st.fixed_dictionaries({"node": texts | st.just("a")}), max_size=2),
              "edges": st.lists(json_values, max_size=2)})


def _clean(exc: ScenecraftError) -> None:
    text = str(exc)
    assert text and "\n" not in text and len(text) <= MAX_ERROR_CHARS + 200


@FUZZ
@given(scenes, st.booleans())
def test_scene_files(data, as_text):
    try:
        scene = Scene.parse(json.dumps(data) if as_text else data)
    except ScenecraftError as exc:
        _clean(exc)
    else:
        scene.to_json().encode("utf-8")


@FUZZ
@given(graphs)
def test_graph_files(data):
    try:
        graph = TaskGraph.parse(json.dumps(data)).validate_with(default_registry())
    except ScenecraftError as exc:
        _clean(exc)
    else:
        graph.to_json().encode("utf-8")


@FUZZ
@given(texts)
def test_prompts_plan_or_fail_cleanly(prompt):
    from agent import Agent

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            scene = Agent().plan(prompt)
        except ScenecraftError as exc:
            _clean(exc)
        else:
            scene.to_json().encode("utf-8")


@FUZZ
@given(st.sampled_from([".txt", ".jsonl", ".csv"]), st.lists(texts | json_values.map(json.dumps), max_size=5),
       st.sampled_from(["prompt", "id,prompt", "prompt,prompt", "seed,prompt,n"]))
def test_batch_files(tmp_path_factory, suffix, lines, header):
    from agent.batch.contact_sheet import render_index
    from agent.batch.items_file import read_batch_file

    path = tmp_path_factory.mktemp("batch") / f"p{suffix}"
    body = "\n".join(lines)
    head = ((header + "\n") if suffix == ".csv" else "").encode()
    path.write_bytes(head + body.encode("utf-8", "surrogatepass"))  # lone surrogates: invalid UTF-8 too
    try:
        batch = read_batch_file(path)
    except ScenecraftError as exc:
        _clean(exc)
    else:
        page = render_index("t", batch.items, {}, batch.errors)
        assert "\x00" not in page
        page.encode("utf-8")


@FUZZ
@given(st.dictionaries(st.sampled_from(["graph", "scene", "seed", "plugins", "models", "node", "scenecraft"]),
                       json_values | graphs | scenes, max_size=5),
       st.lists(st.tuples(texts, st.binary(max_size=40), st.booleans()), max_size=2), st.integers(0, 2**31 - 1))
def test_provenance_chunks(tmp_path_factory, prov, raw_chunks, side):
    from agent.artifacts import read_provenance

    extra = [itxt("scenecraft:" + k.encode("utf-8", "replace").decode("latin-1", "replace")[:40], v, c)
             for k, v, c in raw_chunks]
    data = png([itxt("scenecraft:" + k, json.dumps(v)) for k, v in prov.items()] + extra, side or 1, side or 1)
    path = tmp_path_factory.mktemp("png") / "x.png"
    path.write_bytes(data)
    try:
        read_provenance(path)
    except ScenecraftError as exc:
        _clean(exc)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.one_of(texts, json_values.map(json.dumps), scenes.map(json.dumps)))
def test_llm_replies_through_the_stub(llm_server, reply):
    from agent.llm.client import LLMReplyError, LLMUnavailableError
    from agent.planners.llm import LLMPlanner

    llm_server.script[:] = [reply]
    planner = LLMPlanner(base_url=llm_server.base_url, model="stub", timeout=5, max_retries=0, repairs=0,
                         fallback=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scene = planner.plan("two red apples left of a cup")
    except (LLMReplyError, LLMUnavailableError) as exc:
        _clean(exc)
    else:
        scene.to_json().encode("utf-8")


@pytest.fixture(scope="module")
def llm_server():
    from tests.llm_stub import Reply, StubServer

    script: list = []

    def answer(body: dict) -> Reply:
        return Reply(content=script[0] if script else "")

    server = StubServer(answer)
    server.script = script  # type: ignore[assignment]
    with server:
        yield server


def test_valid_provenance_still_reads(tmp_path):
    from agent.artifacts import read_provenance

    path = tmp_path / "ok.png"
    graph = {"nodes": [{"id": "a", "plugin": "sketch.render", "params": {}}]}
    path.write_bytes(provenance_png({"graph": graph, "seed": 2, "plugins": {"sketch.render": "0.2.0"}, "models": []}))
    assert read_provenance(path)["seed"] == 2
