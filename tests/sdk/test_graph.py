import json

import networkx as nx
import pytest

from agent.errors import ValidationError
from agent.graph import TaskGraph
from tests.plugins_for_tests import make_registry


def chain() -> TaskGraph:
    g = TaskGraph()
    g.add("a", "test.const", value=1)
    g.add("b", "test.add", links={"a": ("a", "value")}, b=2)
    g.add("c", "test.add", links={"a": ("b", "value")}, b=3)
    return g


def test_round_trip_json_and_networkx():
    g = chain()
    again = TaskGraph.parse(g.to_json())
    assert again == g
    nxg = g.to_networkx()
    assert isinstance(nxg, nx.DiGraph)
    assert list(nx.topological_sort(nxg)) == ["a", "b", "c"]
    assert nxg.edges["a", "b"]["links"] == [("value", "a")]
    assert TaskGraph.from_networkx(nxg).model_dump() == TaskGraph(nodes=g.nodes, edges=g.edges).model_dump()


def test_valid_graph_passes():
    g = chain()
    assert g.validate_with(make_registry()) is g


def test_field_limits_are_checked_before_running():
    from agent.registry import default_registry

    g = TaskGraph()
    g.add("s", "sketch.render", scene={}, width=1)
    with pytest.raises(ValidationError, match="node 's' field 'width': invalid value: .*greater than or equal to 8"):
        g.validate_with(default_registry())
    g.node("s").params["width"] = 64
    g.validate_with(default_registry())


def _bad(mutate):
    data = json.loads(chain().to_json())
    mutate(data)
    return data


@pytest.mark.parametrize(
    "mutate, needle",
    [
        (lambda d: d["nodes"].append({"id": "a", "plugin": "test.const", "params": {"value": 2}}),
         "node 'a': duplicate node id"),
        (lambda d: d["nodes"][0].__setitem__("plugin", "test.nope"),
         "node 'a' field 'plugin': unknown plugin 'test.nope'"),
        (lambda d: d["nodes"][0]["params"].__setitem__("colour", 3), "node 'a' field 'colour': unknown field"),
        (lambda d: d["nodes"][0]["params"].pop("value"), "node 'a' field 'value': missing required field"),
        (lambda d: d["nodes"][0]["params"].__setitem__("value", "three"), "node 'a' field 'value': invalid value"),
        (lambda d: d["edges"][0].__setitem__("source", "ghost"), "link to missing node 'ghost'"),
        (lambda d: d["edges"][0].__setitem__("output", "nope"), "node 'a' field 'nope'"),
        (lambda d: d["edges"][0].__setitem__("input", "zzz"), "node 'b' field 'zzz'"),
        (lambda d: d["edges"].append({"source": "c", "output": "value", "target": "a", "input": "value"}),
         "both a param and a link"),
        (lambda d: d["edges"].append({"source": "a", "output": "value", "target": "b", "input": "a"}), "linked twice"),
        (lambda d: d["outputs"].append({"node": "ghost", "field": "value"}), "missing node 'ghost'"),
    ],
)
def test_invalid_graphs_name_node_and_field(mutate, needle):
    with pytest.raises(ValidationError) as err:
        TaskGraph.parse(_bad(mutate)).validate_with(make_registry())
    assert needle in str(err.value)


def test_cycle_is_rejected_with_its_path():
    g = TaskGraph()
    g.add("x", "test.add", links={"a": ("y", "value")})
    g.add("y", "test.add", links={"a": ("x", "value")})
    with pytest.raises(ValidationError, match=r"cycle (x -> y -> x|y -> x -> y)"):
        g.validate_with(make_registry())


def test_mistyped_link_is_rejected():
    g = TaskGraph()
    g.add("t", "test.text", text="hi")
    g.add("n", "test.add", links={"a": ("t", "text")})
    with pytest.raises(ValidationError, match="node 'n' field 'a': type str"):
        g.validate_with(make_registry())
