"""What a benchmark rule looks at: detections (name, box, score, optional colour).

A plan's boxes stand in for a detector's output: :func:`from_scene` turns a Scene into detections the
way a perfect detector would report them. Real detections from an image (later) use the same type, so
every rule in this package scores both.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.scene import Scene


@dataclass(frozen=True)
class Detection:
    """``box`` is ``[x0, y0, x1, y1]`` normalised to 0..1 (y down). ``phrase`` is the open-vocabulary query
    that found it ("a red cup"), which LMD's rules match against; closed-set detectors leave it None."""

    name: str
    box: tuple[float, float, float, float]
    score: float = 1.0
    color: str | None = None
    phrase: str | None = None

    def pixels(self, width: int, height: int) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.box
        return x0 * width, y0 * height, x1 * width, y1 * height


def article(words: str) -> str:
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def from_scene(scene: Scene) -> list[Detection]:
    """One detection per object, score 1.0, with the colour the plan asked for and an LMD-style phrase."""
    out = []
    for o in scene.objects:
        words = f"{o.color} {o.name}" if o.color else o.name
        out.append(Detection(name=o.name, box=tuple(o.box), color=o.color, phrase=article(words)))  # type: ignore[arg-type]
    return out


# How a detector's label set names things a plan may call otherwise. Used to map plan names onto COCO
# classes (GenEval's Mask2Former) and onto T2I-CompBench's person rule.
COCO_ALIASES: dict[str, str] = {
    "man": "person", "woman": "person", "boy": "person", "girl": "person", "child": "person", "kid": "person",
    "people": "person", "lady": "person", "gentleman": "person", "baby": "person", "teenager": "person",
    "policeman": "person", "fireman": "person", "chef": "person", "doctor": "person", "soldier": "person",
    "sofa": "couch", "television": "tv", "telly": "tv", "bike": "bicycle", "motorbike": "motorcycle",
    "plane": "airplane", "aeroplane": "airplane", "jet": "airplane", "taxi": "car", "cab": "car",
    "police car": "car", "race car": "car", "sports car": "car", "puppy": "dog", "kitten": "cat",
    "fridge": "refrigerator", "phone": "cell phone", "smartphone": "cell phone", "mobile phone": "cell phone",
    "ball": "sports ball", "soccer ball": "sports ball", "tennis ball": "sports ball", "football": "sports ball",
    "basketball": "sports ball", "baseball": "sports ball", "doughnut": "donut", "remote": "tv remote",
    "keyboard": "computer keyboard", "table": "dining table", "plant": "potted plant", "ship": "boat",
    "lorry": "truck", "pickup truck": "truck", "fire truck": "truck", "hydrant": "fire hydrant",
    "hair dryer": "hair drier", "racket": "tennis racket", "school bus": "bus", "calf": "cow", "bull": "cow",
    "lamb": "sheep", "pony": "horse", "teddy": "teddy bear", "coffee cup": "cup", "mug": "cup",
    "coffee mug": "cup", "sailboat": "boat", "canoe": "boat", "kayak": "boat", "yacht": "boat",
}
