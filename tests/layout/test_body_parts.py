"""Parts drawn on their owner take no room of their own in the layout, and lie where a body has them."""

from __future__ import annotations

from agent.layout import solve_layout
from agent.scene import Scene

PARTS = ("head", "arm", "arm", "leg", "leg", "foot")


def _figure(with_parts: bool) -> Scene:
    objs = [{"id": "dancer_1", "name": "dancer", "box": [0, 0, 1, 1]},
            {"id": "drum_1", "name": "drum", "box": [0, 0, 1, 1]}]
    if with_parts:
        objs += [{"id": f"{p}_{k}", "name": p, "box": [0, 0, 1, 1], "description": f"a {p}",
                  "anchor": {"kind": "part_of", "target": "dancer_1"}} for k, p in enumerate(PARTS)]
    return Scene.parse({"objects": objs, "relations": [{"subject": "drum", "relation": "left of",
                                                       "object": "dancer"}]})


def _area(b: tuple[float, float, float, float]) -> float:
    return (b[2] - b[0]) * (b[3] - b[1])


def test_a_figures_parts_do_not_shrink_it() -> None:
    alone = solve_layout(_figure(False)).objects[0]
    posed = solve_layout(_figure(True))
    dancer = posed.objects[0]
    assert abs(_area(dancer.box) - _area(alone.box)) < 1e-6
    for o in posed.objects[2:]:  # every part inside its owner's box
        cx, cy = (o.box[0] + o.box[2]) / 2, (o.box[1] + o.box[3]) / 2
        assert dancer.box[0] <= cx <= dancer.box[2] and dancer.box[1] <= cy <= dancer.box[3]
    head, foot = posed.objects[2], posed.objects[-1]
    assert head.box[1] < foot.box[1]


def _holder(place: str) -> Scene:
    return Scene.parse({"objects": [
        {"id": "boy_1", "name": "boy", "box": [0, 0, 1, 1], "attributes": [place]},
        {"id": "flag_1", "name": "flag", "box": [0, 0, 1, 1], "anchor": {"kind": "held_by", "target": "boy_1"}}]})


def test_a_held_thing_takes_no_column_and_stays_in_the_frame() -> None:
    s = solve_layout(_holder("on the right"))
    boy, flag = s.objects
    assert (boy.box[0] + boy.box[2]) / 2 > 0.5  # the holder goes where it was asked, not left of its flag
    assert flag.box[2] <= 1.0 and flag.box[2] - flag.box[0] > 0.05  # held inside the frame, not cut
    assert boy.box[0] <= (flag.box[0] + flag.box[2]) / 2 <= boy.box[2]  # in one of the holder's hands
