import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint

import pytest

from agent.artifacts import ArtifactStore
from agent.engine.executor import Executor
from agent.errors import RegistryError
from agent.graph import TaskGraph
from agent.registry import ENTRY_POINT_GROUP, Plugin, PluginIO, Registry, default_registry
from tests.plugins_for_tests import Add, Const, make_registry


def test_duplicate_id_is_an_error_not_an_overwrite():
    reg = make_registry()

    class Impostor(Plugin):
        id = "test.const"

        class Input(PluginIO):
            value: int

        class Output(PluginIO):
            value: int

    with pytest.raises(RegistryError, match="duplicate plugin id 'test.const'"):
        reg.add(Impostor, origin="somewhere else")
    assert reg.get_class("test.const") is Const


@pytest.mark.parametrize("bad_id", ["Const", "const", "a..b", "", "1x.y"])
def test_plugin_ids_must_be_namespaced(bad_id):
    cls = type("P", (Plugin,), {"id": bad_id, "Input": Const.Input, "Output": Const.Output})
    with pytest.raises(RegistryError, match="namespaced"):
        Registry().add(cls)


def test_entry_point_plugin_is_discovered_and_runs_in_a_graph(tmp_path, monkeypatch):
    """A third-party module found only through an entry point (nothing installed)."""
    pkg = tmp_path / "thirdparty_sc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        from agent.registry import Plugin, PluginIO

        class Shout(Plugin):
            id = "thirdparty.shout"
            version = "2.0"

            class Input(PluginIO):
                text: str

            class Output(PluginIO):
                text: str

            def run(self, inp, ctx):
                return self.Output(text=inp.text.upper() + "!")
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = make_registry()
    ep = EntryPoint(name="shout", value="thirdparty_sc:Shout", group=ENTRY_POINT_GROUP)
    reg.load_entry_points([ep])
    assert "thirdparty.shout" in reg.ids()
    assert "entry point" in reg.origin("thirdparty.shout")

    g = TaskGraph()
    g.add("t", "test.text", text="hello")
    g.add("s", "thirdparty.shout", links={"text": ("t", "text")})
    result = Executor(ArtifactStore(tmp_path / "store"), registry=reg).run(g)
    assert result.ok
    assert result.outputs["s"].text == "HELLO!"

    # A second package claiming the same id is a duplicate, reported with both origins.
    (pkg / "clash.py").write_text("from thirdparty_sc import Shout as Base\n\nclass Clash(Base):\n    pass\n")
    with pytest.raises(RegistryError, match="duplicate plugin id 'thirdparty.shout'.*entry point 'shout"):
        reg.load_entry_points([EntryPoint(name="clash", value="thirdparty_sc.clash:Clash", group=ENTRY_POINT_GROUP)])


def test_broken_entry_point_names_itself():
    reg = Registry()
    ep = EntryPoint(name="broken", value="no_such_module_xyz:Thing", group=ENTRY_POINT_GROUP)
    with pytest.raises(RegistryError, match="entry point 'broken = no_such_module_xyz:Thing' failed to load"):
        reg.load_entry_points([ep])


def test_builtins_are_registered():
    reg = default_registry()
    assert {"sketch.render", "text.render"} <= set(reg.ids())


def test_plugins_command_lists_inputs_and_outputs():
    out = subprocess.run([sys.executable, "-m", "agent.cli", "plugins", "--json"], capture_output=True, text=True,
                         check=True)
    import json

    rows = {r["id"]: r for r in json.loads(out.stdout)}
    sketch = rows["sketch.render"]
    assert sketch["version"]
    assert {"name": "scene", "type": "Scene", "required": True} in sketch["inputs"]
    assert sketch["outputs"] == [{"name": "image", "type": "ImageRef"}]


def test_add_reuses_same_class_silently():
    reg = Registry()
    reg.add(Add)
    reg.add(Add)  # the same class again is not a duplicate
    assert reg.ids() == ["test.add"]
