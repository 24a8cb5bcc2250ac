"""Text box allocation from position words: every combination gives disjoint boxes in the image."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.layout.text_regions import REGIONS, region_for, text_boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*REGIONS, None]), min_size=1, max_size=5))
def test_boxes_never_overlap(positions):
    texts = text_boxes([f"w{i}" for i in range(len(positions))], positions)
    for a, b in itertools.combinations(texts, 2):
        assert not overlap(a.box, b.box), (positions, a.box, b.box)
    for t in texts:
        assert 0 <= t.box[0] < t.box[2] <= 1 and 0 <= t.box[1] < t.box[3] <= 1


def test_positions_land_where_they_say():
    t = {x.content: x.box for x in text_boxes(["a", "b", "c", "d"], ["upper left corner", "right", "bottom", "top"])}
    cx = lambda b: (b[0] + b[2]) / 2
    cy = lambda b: (b[1] + b[3]) / 2
    assert cx(t["a"]) < 0.5 and cy(t["a"]) < 0.5
    assert cx(t["b"]) > 0.5
    assert cy(t["c"]) > 0.5 and cy(t["d"]) < 0.5


def test_position_phrases_and_styles():
    assert region_for("at the top left of the image") == "upper left corner"
    assert region_for("Center") == "center"
    assert region_for("somewhere") is None
    (t,) = text_boxes(["Hi"], colors=["red"], styles=["cursive style"])
    assert t.color == "red" and t.font == "serif-italic"
