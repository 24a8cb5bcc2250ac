"""Trivial plugins for engine tests (no models): they make the executor's behaviour observable."""

from __future__ import annotations

from typing import ClassVar

from agent.registry import Plugin, PluginIO, Registry


class Const(Plugin):
    id = "test.const"
    version = "1"

    class Input(PluginIO):
        value: int

    class Output(PluginIO):
        value: int

    calls: ClassVar[list[str]] = []

    def run(self, inp, ctx):
        Const.calls.append(ctx.node_id)
        return self.Output(value=inp.value)


class Add(Plugin):
    id = "test.add"
    version = "1"

    class Input(PluginIO):
        a: int
        b: int = 0

    class Output(PluginIO):
        value: int

    calls: ClassVar[list[str]] = []

    def run(self, inp, ctx):
        Add.calls.append(ctx.node_id)
        return self.Output(value=inp.a + inp.b)


class Fail(Plugin):
    id = "test.fail"
    version = "1"

    class Input(PluginIO):
        a: int

    class Output(PluginIO):
        value: int

    def run(self, inp, ctx):
        raise RuntimeError("boom on purpose")


class Seed(Plugin):
    id = "test.seed"
    version = "1"

    class Input(PluginIO):
        pass

    class Output(PluginIO):
        seed: int

    def run(self, inp, ctx):
        return self.Output(seed=ctx.seed)


class Text(Plugin):
    id = "test.text"
    version = "1"

    class Input(PluginIO):
        text: str

    class Output(PluginIO):
        text: str

    def run(self, inp, ctx):
        return self.Output(text=inp.text)


def make_registry() -> Registry:
    reg = Registry()
    for cls in (Const, Add, Fail, Seed, Text):
        reg.add(cls)
    Const.calls.clear()
    Add.calls.clear()
    return reg
