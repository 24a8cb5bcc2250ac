"""The graph pixel limit is a setting: the default still refuses a hostile provenance graph, the user's
own big layered drawing is refused with the total and the variable that lets it through, and a bad value
of that variable is an error naming it (never a silent fall-back to the default)."""

from __future__ import annotations

import pytest

from agent.defaults import MAX_GRAPH_PIXELS, MAX_GRAPH_PIXELS_ENV, max_graph_pixels
from agent.errors import ScenecraftError, ValidationError


def _lanterns(side: int):
    """A user's own sketch: 200 lanterns on a 20x10 grid, one layer each (sketch-layers)."""
    from agent.compiler import compile_scene
    from agent.scene import Scene

    objects = [{"id": f"lantern_{i}", "name": "lantern",
                "box": [(i % 20) / 20, (i // 20) / 10, (i % 20) / 20 + 0.04, (i // 20) / 10 + 0.08]}
               for i in range(200)]
    scene = Scene.parse({"prompt": "paper lanterns", "width": side, "height": side, "objects": objects})
    return compile_scene(scene, "sketch-layers")


def test_a_big_layered_sketch_names_its_total_and_the_setting_that_lets_it_run(monkeypatch):
    from agent.graph import graph_pixels
    from agent.registry import default_registry

    monkeypatch.delenv(MAX_GRAPH_PIXELS_ENV, raising=False)
    registry = default_registry()
    _lanterns(2048).validate_with(registry)  # the same drawing at 2048x2048 is within the default
    graph = _lanterns(4096)
    total = graph_pixels(graph)
    assert total > MAX_GRAPH_PIXELS
    with pytest.raises(ValidationError) as err:
        graph.validate_with(registry)
    assert f"would make or process {total / 1e9:.1f} G pixels; the limit is 4.3 G" in str(err.value)
    assert f"set {MAX_GRAPH_PIXELS_ENV} to at least {total} to run it" in str(err.value)
    monkeypatch.setenv(MAX_GRAPH_PIXELS_ENV, str(total))
    graph.validate_with(registry)  # exactly the total: allowed
    monkeypatch.setenv(MAX_GRAPH_PIXELS_ENV, str(total - 1))
    with pytest.raises(ValidationError, match="the limit is"):
        graph.validate_with(registry)


@pytest.mark.parametrize("raw, value", [("", MAX_GRAPH_PIXELS), ("  ", MAX_GRAPH_PIXELS), ("17179869184", 2**34),
                                        ("17_179_869_184", 2**34), ("1.6e10", 16_000_000_000)])
def test_the_setting_reads_whole_numbers(raw, value):
    assert max_graph_pixels({MAX_GRAPH_PIXELS_ENV: raw}) == value


@pytest.mark.parametrize("raw", ["lots", "0", "-5", "2.5", "inf", "nan", "4G"])
def test_a_bad_setting_is_an_error_naming_it(raw):
    with pytest.raises(ScenecraftError, match=f"{MAX_GRAPH_PIXELS_ENV}='{raw}' is not a positive whole number"):
        max_graph_pixels({MAX_GRAPH_PIXELS_ENV: raw})


def test_without_the_setting_the_default_is_the_safe_one():
    assert max_graph_pixels({}) == MAX_GRAPH_PIXELS == 2**32
