"""A person's pictogram in the pose its description says: kneeling, running, walking, sitting, bowing,
or standing with one or both arms raised.

Why: the sketch is the layout the guided diffusion path starts from and the picture a user checks; a
figure that stands upright whatever the prompt says ("a man kneeling with his arms raised") shows a plan
that lost the pose. Emoji carry the whole-body postures (🧎 🏃 🚶 🧘 🙇 🤸, each also as man and woman);
none stands with raised arms, so that one is drawn: the standing figure's hanging arms are cut off and
raised arms, sleeve and hand coloured from the figure itself, are painted beside its head.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.layout.body import LOOSE_FIGURE, loose_body
from agent.scene import Scene, SceneObject
from plugins.sketch_wear import FULL_BODY

if TYPE_CHECKING:
    from PIL import Image

STANDING = "🧍"
# Posture words of a description -> the emoji drawing that posture.
POSTURES: dict[str, str] = {
    "kneeling": "🧎", "squatting": "🧎", "crouching": "🧎", "running": "🏃", "jogging": "🏃", "sprinting": "🏃",
    "walking": "🚶", "sitting": "🧘", "meditating": "🧘", "cross-legged": "🧘", "bowing": "🙇", "cartwheel": "🤸",
    "handstand": "🤸",
}
# Suffixes of a standing figure with raised arms (drawn, not an emoji): both, the figure's right, its left.
ARMS_UP = {"both": "+arms-up", "right": "+right-arm-up", "left": "+left-arm-up"}
_RAISED = r"(?:raised|up|lifted|overhead|upwards?|high|in the air|above (?:his|her|their|the) head)"
_LIMB = r"(?:arms?|hands?)"
_RAISING = r"(?:rais(?:ed|es|ing|e)|lift(?:ed|s|ing)?|holds? up|holding up|throws? up|throwing up)"
_OWNER = r"(?:(?:his|her|their|its|the|one|an?) )?"
_RAISED_RE = re.compile(rf"\b(?:(?P<side>left|right|both) )?(?P<limb>{_LIMB}) {_RAISED}\b"
                        rf"|\b{_RAISING} {_OWNER}(?:(?P<side2>left|right|both) )?(?P<limb2>{_LIMB})\b")


def _gender(pic: str) -> str:
    """The man / woman joiner of a person pictogram ("🧍‍♂" or the head "👨"), else ""."""
    full = FULL_BODY.get(pic, pic)
    return "\u200d♂" if "♂" in full else "\u200d♀" if "♀" in full else ""


def is_figure(pic: str) -> bool:
    return pic.startswith(STANDING) or pic in FULL_BODY


def posed(pic: str, description: str) -> str:
    """The picture for a person drawn as ``pic`` whose description is ``description``: a posture emoji, the
    standing figure with raised arms, or ``pic`` unchanged when no pose is said."""
    if not is_figure(pic):
        return pic
    words = description.lower()
    for word, emoji in POSTURES.items():
        if re.search(rf"\b{re.escape(word)}\b", words):
            return emoji + _gender(pic)
    sides = {_side(m) for m in _RAISED_RE.finditer(words)}  # every raised arm said, not just the first
    if not sides:
        return pic
    which = "both" if "both" in sides or {"left", "right"} <= sides else sides.pop()
    return STANDING + _gender(pic) + ARMS_UP[which]


def _side(m: re.Match[str]) -> str:
    """The side one raised-arm phrase names: its own side word, both for plural arms, else the right."""
    side, limb = m["side"] or m["side2"], m["limb"] or m["limb2"]
    return side if side in ("left", "right") else "both" if side == "both" or limb.endswith("s") else "right"


def split_drawn(pic: str) -> tuple[str, str | None]:
    """(emoji, raised-arm sides) for a picture with an ``ARMS_UP`` suffix, else (pic, None)."""
    for sides, suffix in ARMS_UP.items():
        if pic.endswith(suffix):
            return pic[: -len(suffix)], sides
    return pic, None


def raise_arms(glyph: Image.Image, sides: str) -> Image.Image:
    """The standing figure ``glyph`` (Noto's 🧍: arms hang along the body's outer eighths) with the arms of
    ``sides`` ("both", "right", "left": the figure's own, on the picture's left for its right) raised."""
    from PIL import Image, ImageDraw

    w, h = glyph.size
    top = round(0.22 * h)  # room above the head for the raised hands
    out = Image.new("RGBA", (w, h + top), (0, 0, 0, 0))
    out.paste(glyph, (0, top), glyph)
    px = glyph.load()
    skin = px[round(0.04 * w), round(0.68 * h)]  # a hanging hand
    sleeve = px[round(0.2 * w), round(0.42 * h)]
    arm_w = max(3, round(0.15 * w))
    draw = ImageDraw.Draw(out)
    picture_sides = {"both": (0, 1), "right": (0,), "left": (1,)}[sides]  # facing the viewer
    for s in picture_sides:
        x0, x1 = (0, round(0.19 * w)) if s == 0 else (round(0.81 * w), w)
        draw.rectangle((x0, top + round(0.44 * h), x1, top + h * 0.74), fill=(0, 0, 0, 0))  # the hanging arm
        cx = round(0.1 * w) if s == 0 else round(0.9 * w)
        shoulder = top + round(0.4 * h)
        draw.line((cx, shoulder, cx, round(0.09 * h)), fill=skin, width=arm_w)
        draw.line((cx, shoulder, cx, shoulder - round(0.1 * h)), fill=sleeve, width=arm_w + 2)
        r = arm_w * 0.75
        draw.ellipse((cx - r, round(0.07 * h) - r, cx + r, round(0.07 * h) + r), fill=skin)
    return out


def as_figure(scene: Scene) -> Scene:
    """A pose said only of parts ("legs apart, right arm up, head tilted") drawn as the one person they are
    parts of: a copy of ``scene`` whose parts give way to a person over their boxes, posed by the prompt's
    words; any other scene unchanged. A row of loose limb pictograms reads as a pile of limbs, not a pose."""
    if not loose_body(scene):
        return scene
    boxes = [LOOSE_FIGURE, *(o.box for o in scene.objects)]  # the whole body, though only the arms are said
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    said = scene.prompt or ", ".join(o.description for o in scene.objects)
    person = SceneObject(id="figure_1", name="person", description=f"a person: {said}", box=box)
    return scene.model_copy(update={"objects": [person], "relations": []})
