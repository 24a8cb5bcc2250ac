"""Property test: thousands of malformed scenes and graphs; only the project's ValidationError escapes."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.errors import ValidationError
from agent.graph import TaskGraph
from agent.scene import Scene
from tests.plugins_for_tests import make_registry

REG = make_registry()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
ids = st.sampled_from(["a", "b", "c", "", "a/b", "..", "x" * 200]) | st.text(max_size=6)
plugins = st.sampled_from(["test.const", "test.add", "test.fail", "test.text", "nope", "", "test"])
fields = st.sampled_from(["value", "a", "b", "text", "seed", "zzz", ""])

nodes = st.fixed_dictionaries(
    {"id": ids, "plugin": plugins, "params": st.dictionaries(fields, json_values, max_size=3)}
) | json_values
edges = st.fixed_dictionaries({"source": ids, "output": fields, "target": ids, "input": fields}) | json_values
graphs = st.fixed_dictionaries(
    {"nodes": st.lists(nodes, max_size=5), "edges": st.lists(edges, max_size=5)},
    optional={"outputs": st.lists(st.fixed_dictionaries({"node": ids, "field": fields}) | json_values, max_size=2)},
) | json_values

boxes = st.lists(st.floats(min_value=-0.5,
                           max_value=1.5) | st.sampled_from([float("nan"), float("inf")]) | json_values, max_size=5)
objects = st.fixed_dictionaries(
    {"id": ids, "name": st.text(max_size=8) | json_values, "box": boxes},
    optional={"color": json_values, "description": json_values, "extra": json_values},
) | json_values
scenes = st.fixed_dictionaries(
    {"objects": st.lists(objects, max_size=4)},
    optional={
        "width": json_values,
        "relations": st.lists(
            st.fixed_dictionaries({"subject": ids, "relation": st.sampled_from(["left of", "above", "inside"]),
                                   "object": ids})
            | json_values,
            max_size=3,
        ),
        "texts": st.lists(st.fixed_dictionaries({"id": ids, "content": json_values, "box": boxes}) | json_values,
                          max_size=2),
        "negative": json_values,
    },
) | json_values

FUZZ = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(graphs, st.booleans())
def test_graph_validator_only_raises_validation_error(data, as_text):
    try:
        TaskGraph.parse(json.dumps(data) if as_text else data).validate_with(REG)
    except ValidationError as exc:
        assert str(exc) and "\n" not in str(exc)


@FUZZ
@given(scenes, st.booleans())
def test_scene_validator_only_raises_validation_error(data, as_text):
    try:
        Scene.parse(json.dumps(data) if as_text else data)
    except ValidationError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes(raw):
    for parse in (Scene.parse, lambda b: TaskGraph.parse(b).validate_with(REG)):
        try:
            parse(raw)
        except ValidationError:
            pass
