"""The TaskGraph: which plugin does what, linked output-field to input-field, checked before running.

Nodes carry literal JSON ``params``; edges link ``source.output`` to ``target.input``. ``validate()``
rejects duplicate ids, unknown plugins, unknown/missing/mistyped fields, dangling links, doubly-fed
inputs, cycles and more pixel work than ``max_graph_pixels()`` allows, each with a message naming the node and
field. Nothing in a graph is ever executed as code: a plugin id is looked up in the registry, params are data.
"""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Union

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from agent.defaults import MAX_GRAPH_NODES, MAX_GRAPH_PIXELS_ENV, SIZE, max_graph_pixels
from agent.errors import RegistryError, ValidationError
from agent.scene import check_json_value, check_lengths, first_error, load_json, parse_model

if TYPE_CHECKING:
    from agent.registry import Registry

_ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$"


class Node(BaseModel):
    """One plugin call. ``params`` are literal inputs; linked inputs come from edges."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID_PATTERN)
    plugin: str = Field(min_length=1, max_length=128)
    params: dict[str, Any] = Field(default_factory=dict)


class Edge(BaseModel):
    """``source``'s output field ``output`` feeds ``target``'s input field ``input``."""

    model_config = ConfigDict(extra="forbid")

    source: str
    output: str
    target: str
    input: str


class OutputRef(BaseModel):
    """A node output the run publishes (written to the run folder as a file)."""

    model_config = ConfigDict(extra="forbid")

    node: str
    field: str = "image"


GRAPH_LISTS = {"nodes": MAX_GRAPH_NODES, "edges": 4 * MAX_GRAPH_NODES, "outputs": MAX_GRAPH_NODES}


class TaskGraph(BaseModel):
    """A static DAG of plugin calls. Re-planning builds a new graph; the engine has no control flow."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    outputs: list[OutputRef] = Field(default_factory=list)

    # -- construction ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, data: Any) -> TaskGraph:
        """From a dict or JSON text; only the project's :class:`ValidationError` escapes.

        Node and edge counts, string lengths, nesting and valid text are checked on the raw data first
        (at most ``MAX_GRAPH_NODES`` nodes and four edges per node)."""
        data = load_json(data, "graph")
        check_lengths(data, GRAPH_LISTS, "graph")
        check_json_value(data, "graph")
        return parse_model(cls, data, where="graph")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def add(self, node_id: str, plugin: str, links: dict[str, tuple[str, str]] | None = None, **params: Any) -> Node:
        """Append a node; ``links`` maps an input field to ``(source node, output field)``."""
        node = Node(id=node_id, plugin=plugin, params=params)
        self.nodes.append(node)
        for field, (src, out) in (links or {}).items():
            self.edges.append(Edge(source=src, output=out, target=node_id, input=field))
        return node

    def to_networkx(self) -> nx.DiGraph:
        """Nodes carry ``plugin`` and ``params``; edges carry a list of ``(output, input)`` links."""
        g = nx.DiGraph()
        for n in self.nodes:
            g.add_node(n.id, plugin=n.plugin, params=n.params)
        for e in self.edges:
            if g.has_edge(e.source, e.target):
                g.edges[e.source, e.target]["links"].append((e.output, e.input))
            else:
                g.add_edge(e.source, e.target, links=[(e.output, e.input)])
        return g

    @classmethod
    def from_networkx(cls, g: nx.DiGraph) -> TaskGraph:
        nodes = [Node(id=n, plugin=d["plugin"], params=d.get("params", {})) for n, d in g.nodes(data=True)]
        edges = [
            Edge(source=s, output=o, target=t, input=i)
            for s, t, d in g.edges(data=True)
            for o, i in d.get("links", [])
        ]
        return cls(nodes=nodes, edges=edges)

    def inputs_of(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.target == node_id]

    def topological_order(self) -> list[str]:
        return list(nx.lexicographical_topological_sort(self.to_networkx()))

    def descendants(self, node_id: str) -> set[str]:
        return nx.descendants(self.to_networkx(), node_id)

    # -- validation --------------------------------------------------------------------------------
    def validate_with(self, registry: Registry) -> TaskGraph:
        """Check the whole graph against the registry before anything runs. Returns ``self``."""
        ids: set[str] = set()
        for n in self.nodes:
            if n.id in ids:
                raise ValidationError("duplicate node id", where=f"node '{n.id}'")
            ids.add(n.id)
        classes = {}
        for n in self.nodes:
            try:
                classes[n.id] = registry.get_class(n.plugin)
            except RegistryError:
                raise ValidationError(f"unknown plugin '{n.plugin}'", where=f"node '{n.id}' field 'plugin'") from None

        linked: dict[str, set[str]] = {n.id: set() for n in self.nodes}
        for e in self.edges:
            for end, field in ((e.source, "source"), (e.target, "target")):
                if end not in ids:
                    raise ValidationError(f"link to missing node '{end}'",
                                          where=f"edge {e.source}.{e.output} -> {e.target}.{e.input} field '{field}'")
            out_model = classes[e.source].Output
            in_model = classes[e.target].Input
            if e.output not in out_model.model_fields:
                raise ValidationError(f"plugin '{classes[e.source].id}' has no output '{e.output}'",
                                      where=f"node '{e.source}' field '{e.output}'")
            if e.input not in in_model.model_fields:
                raise ValidationError(f"plugin '{classes[e.target].id}' has no input '{e.input}'",
                                      where=f"node '{e.target}' field '{e.input}'")
            if e.input in linked[e.target]:
                raise ValidationError("input is linked twice", where=f"node '{e.target}' field '{e.input}'")
            linked[e.target].add(e.input)
            src_t = out_model.model_fields[e.output].annotation
            dst_t = in_model.model_fields[e.input].annotation
            if not _compatible(src_t, dst_t):
                raise ValidationError(
                    f"type {_type_name(src_t)} from {e.source}.{e.output} does not fit {_type_name(dst_t)}",
                    where=f"node '{e.target}' field '{e.input}'",
                )

        for n in self.nodes:
            _check_params(n, classes[n.id].Input, linked[n.id])

        g = self.to_networkx()
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            cycle = None
        if cycle:
            path = " -> ".join([cycle[0][0], *(v for _, v, *_ in cycle)])
            raise ValidationError(f"cycle {path}", where=f"node '{cycle[0][0]}'")

        check_graph_pixels(self)
        for o in self.outputs:
            if o.node not in ids:
                raise ValidationError(f"output names missing node '{o.node}'", where="graph outputs")
            if o.field not in classes[o.node].Output.model_fields:
                raise ValidationError("no such output field", where=f"node '{o.node}' field '{o.field}'")
        return self


def _side(value: Any) -> int:
    return max(0, int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else SIZE


def _declared_size(params: dict[str, Any]) -> tuple[int, int] | None:
    """The image size a node's literal params name: ``width``/``height`` (a missing side: the default
    size), a ``scene``'s, or the largest image handle's (``{"sha256", "width", "height"}``); None: none."""
    if any(isinstance(params.get(k), (int, float)) for k in ("width", "height")):
        return _side(params.get("width")), _side(params.get("height"))
    scene = params.get("scene")
    if isinstance(scene, dict):
        return _side(scene.get("width")), _side(scene.get("height"))
    handles = [(_side(v.get("width")), _side(v.get("height"))) for v in params.values()
               if isinstance(v, dict) and "sha256" in v]
    return max(handles, key=lambda s: s[0] * s[1]) if handles else None


def graph_pixels(graph: TaskGraph) -> int:
    """Pixels the graph's nodes make or process, summed: each node counts, per side, the larger of the size
    its params name and the largest of its linked inputs (grown by ``left``/``right``/``top``/``bottom``
    margins), so a small declared ``scene`` cannot hide the big image a node is fed. An upper
    bound on the work, computed from the graph alone (no registry, nothing run); the graph has no cycle."""
    sizes: dict[str, tuple[int, int]] = {}
    sources: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for e in graph.edges:
        sources[e.target].append(e.source)
    params = {n.id: n.params for n in graph.nodes}
    for node in nx.topological_sort(graph.to_networkx()):
        p = params[node]
        ins = [sizes[s] for s in sources[node]]
        grow = [p.get(k) if isinstance(p.get(k), int) else 0 for k in ("left", "right", "top", "bottom")]
        inherited = (max((w for w, _ in ins), default=0) + grow[0] + grow[1],
                     max((h for _, h in ins), default=0) + grow[2] + grow[3])
        declared = _declared_size(p) or (0, 0)
        sizes[node] = (max(declared[0], inherited[0]), max(declared[1], inherited[1]))
    return sum(w * h for w, h in sizes.values())


def check_graph_pixels(graph: TaskGraph) -> None:
    """More pixel work than the limit (a hostile PNG's 500 nodes at 8192x8192) is a one-line error before
    anything runs; it names the total and the setting, so the user's own big graph can be let through."""
    pixels = graph_pixels(graph)
    limit = max_graph_pixels()
    if pixels > limit:
        raise ValidationError(f"its {len(graph.nodes)} nodes would make or process {pixels / 1e9:.1f} G pixels; "
                              f"the limit is {limit / 1e9:.1f} G: set {MAX_GRAPH_PIXELS_ENV} to at least {pixels} "
                              "to run it", where="graph")


def _check_params(n: Node, model: type[BaseModel], linked: set[str]) -> None:
    """``n``'s literal params against its plugin's Input: known, typed, not also linked, none missing."""
    fields = model.model_fields
    where = f"node '{n.id}'"
    for key, value in n.params.items():
        if key not in fields:
            raise ValidationError(f"unknown field for plugin '{n.plugin}'", where=f"{where} field '{key}'")
        if key in linked:
            raise ValidationError("field is both a param and a link", where=f"{where} field '{key}'")
        _check_value(model, key, value, f"{where} field '{key}'")
    for name, info in fields.items():
        if info.is_required() and name not in n.params and name not in linked:
            raise ValidationError("missing required field", where=f"{where} field '{name}'")
    if not linked:  # all inputs are literal: the model's own validators (boxes, profile) run now
        _check_input(model, n.params, where)


@lru_cache(maxsize=512)
def _adapter(model: type[BaseModel], field: str) -> TypeAdapter:
    """The field's type with its constraints (ge, le, min_length, ...), so limits fail before running."""
    info = model.model_fields[field]
    return TypeAdapter(Annotated[info.annotation, info])


def _check_value(model: type[BaseModel], field: str, value: Any, where: str) -> None:
    try:
        _adapter(model, field).validate_python(value)
    except PydanticValidationError as exc:
        raise ValidationError(f"invalid value: {first_error(exc)}", where=where) from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValidationError(f"invalid value: {exc}".splitlines()[0], where=where) from None


def _check_input(model: type[BaseModel], params: dict[str, Any], where: str) -> None:
    try:
        model.model_validate(params)
    except PydanticValidationError as exc:
        raise ValidationError(f"invalid input: {first_error(exc)}", where=where) from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValidationError(f"invalid input: {exc}".splitlines()[0], where=where) from None


def _members(t: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(t)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(t)
    return (t,)


def _compatible(src: Any, dst: Any) -> bool:
    """A link fits when every type the source may produce is accepted by the destination."""
    if dst is Any or src == dst:
        return True
    dst_members = _members(dst)
    for s in _members(src):
        if s is type(None) and type(None) in dst_members:
            continue
        ok = any(
            d is Any or s == d or (isinstance(s, type) and isinstance(d, type) and issubclass(s, d))
            for d in dst_members
        )
        if not ok:
            return False
    return True


def _type_name(t: Any) -> str:
    return getattr(t, "__name__", None) or str(t).replace("typing.", "")


def graph_from_file_text(text: str) -> TaskGraph:
    """Parse a graph file's JSON text (the CLI's ``--graph``): a graph without nodes is an error here,
    since running it would succeed with nothing to show."""
    graph = TaskGraph.parse(text)
    if not graph.nodes:
        raise ValidationError("has no nodes", where="graph")
    return graph
