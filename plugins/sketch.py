"""``sketch.render``: draws a Scene as a readable picture with no model weights.

Each object is drawn in its box as a colour-emoji pictogram (Noto Color Emoji when installed), tinted
toward the object's requested colour, with a small name label; when no glyph or font exists it becomes
a clean labelled silhouette. The background reflects the Scene's background words. This is the
embedded default's image and the layout the sketch-guided diffusion path starts from.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.compiler.sketch import text_carriers
from agent.registry import Plugin, PluginIO, register
from agent.scene import Scene, SceneObject, SceneText
from agent.text.fonts import font_path
from agent.vocab import noun_kind
from agent.vocab.pictograms import background_hints, color_rgb, material_rgb
from plugins.sketch_backdrops import (
    background_colors,
    draw_backdrop,
    gradient,
    is_setting_object,
    paint_backdrop,
    scene_setting,
    scene_setting_words,
    setting_word,
)
from plugins.sketch_clearance import (
    Rect,
    Ties,
    calm_backdrop,
    clear_of_zones,
    fade_in_zones,
    label_near_text,
    text_zones,
    tied_groups,
)
from plugins.sketch_draw import labelled_box, name_label
from plugins.sketch_furniture import ASPECT, FILLS_BOX, draw_shape, fit
from plugins.sketch_nouns import pictogram_for as lookup_picture
from plugins.sketch_paper import CHECK_PX, gradient_tones, lifted, paper_lift, veil
from plugins.sketch_placement import Placed, dependants, fit_aspect, settle
from plugins.sketch_poses import as_figure, posed, raise_arms, split_drawn
from plugins.sketch_reader import fade_drawn, reader_fades
from plugins.sketch_stacks import UPRIGHT
from plugins.sketch_style import apply_style
from plugins.sketch_wear import FULL_BODY

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext

__all__ = ["SketchRender", "background_colors", "cleared_objects", "draw_background", "draw_object", "emoji_glyph",
           "font_path", "pictogram_for", "placed_objects", "render_scene", "setting_word", "settled_texts",
           "text_carriers"]

EMOJI_SIZE = 109  # the one bitmap size Noto Color Emoji carries


@lru_cache(maxsize=512)
def emoji_glyph(char: str) -> Image.Image | None:
    """The pictogram as a tight RGBA crop, or None when no colour-emoji font is installed."""
    from PIL import Image, ImageDraw, ImageFont

    base, sides = split_drawn(char)
    if sides is not None:  # a standing figure with raised arms, drawn from the standing emoji
        glyph = emoji_glyph(base)
        return None if glyph is None else raise_arms(glyph, sides)
    path = font_path("emoji")
    if path is None:
        return None
    font = ImageFont.truetype(str(path), EMOJI_SIZE)
    canvas = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((8, 8), char, font=font, embedded_color=True)
    bbox = canvas.getchannel("A").getbbox()
    if bbox is None:  # the font lacks this glyph
        return None
    return canvas.crop(bbox)


def pictogram_for(name: str) -> str | None:
    """The picture for a name: an emoji, ``@shape`` for a drawn silhouette, or None (see plugins.sketch_nouns)."""
    return lookup_picture(name)


def tint(glyph: Image.Image, rgb: tuple[int, int, int]) -> Image.Image:
    """Recolour a glyph toward ``rgb`` while keeping its shading, so a 'blue apple' reads as blue."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(glyph).astype(np.float32)
    alpha = arr[..., 3:4]
    lum = (0.299 * arr[..., 0] + 0.587 * arr[..., 1] + 0.114 * arr[..., 2])[..., None] / 255.0
    visible = alpha[..., 0] > 0
    mean = float(lum[visible].mean()) if visible.any() else 0.5
    shade = np.clip(1.0 + 0.6 * (lum - mean), 0.55, 1.35)
    out = np.clip(np.array(rgb, dtype=np.float32)[None, None, :] * shade, 0, 255)
    return Image.fromarray(np.concatenate([out, alpha], axis=-1).astype(np.uint8), "RGBA")


def draw_background(width: int, height: int, words: str) -> Image.Image:
    """The setting's backdrop: sky/wall above a horizon, ground/floor below, and the setting's features."""
    return draw_backdrop(width, height, words)


def picture(obj: SceneObject, wearers: frozenset[str] = frozenset()) -> tuple[str | None, float | None]:
    """(picture, aspect) for an object: a wearer's head-only emoji becomes a standing figure; an emoji
    with no glyph in the installed fonts becomes the labelled box (None)."""
    pic = pictogram_for(obj.name) or _described_as(obj)
    if pic is None:
        return None, None
    if pic.startswith("@"):
        return pic, None if pic in FILLS_BOX else ASPECT.get(pic, 1.0)
    if obj.id in wearers:
        pic = FULL_BODY.get(pic, pic)
    pic = posed(pic, obj.description)  # "a man kneeling", "a girl with arms raised"
    glyph = emoji_glyph(pic)
    if glyph is None:
        return None, None
    return pic, glyph.height / glyph.width


def _described_as(obj: SceneObject) -> str | None:
    """The picture of the noun the description draws when the name has none (a name the lexicon lacks,
    described "a tall wizard in a cloak": the wizard's picture)."""
    words = obj.description.split(" with ")[0].split(" in ")[0].split()
    return pictogram_for(words[-1]) if words and words[-1] != obj.name else None


def draw_object(img: Image.Image, obj: SceneObject, labels: bool, pic: str | None = None,
                box: tuple[float, float, float, float] | None = None, aspect: float | None = None,
                fade: float = 0.0) -> None:
    """Draw ``obj``'s picture fitted in its box, plus its name label; a labelled box when it has no picture;
    faded into what lies under it by ``fade`` (plugins.sketch_reader).

    The one-pass sketch and the layered backend (one object per layer) both draw through here, so a
    layered picture is the same drawing as the flat one.

    Args:
        img: the canvas, drawn on in place.
        obj: the object: its name labels it, its colour tints the picture (its material, when it has no
            colour, tints a drawn shape or box).
        labels: draw the name label (off next to real text, which a page reader would run it into).
        pic: an emoji or a ``@shape``; None with no ``box``: looked up from the object, None with a
            ``box``: the placement found no picture, so the labelled box is drawn.
        box: where, in pixels, as the placement settled it (None: the planned box, unsettled).
        aspect: height / width to squash an emoji to (a book lying in a stack); None keeps its own.
    """
    before = img.copy() if fade > 0 else None
    _draw_object(img, obj, labels, pic, box, aspect)
    if before is not None:
        fade_drawn(img, before, fade)


def _draw_object(img: Image.Image, obj: SceneObject, labels: bool, pic: str | None,
                 box: tuple[float, float, float, float] | None, aspect: float | None) -> None:
    from PIL import ImageDraw

    W, H = img.size
    x0, y0, x1, y1 = box if box is not None else (obj.box[0] * W, obj.box[1] * H, obj.box[2] * W, obj.box[3] * H)
    if pic is None and box is None:
        pic = picture(obj)[0]
    rgb = color_rgb(obj.color) or (material_rgb(obj.attributes) if pic is None or pic.startswith("@") else None)
    if rgb is None and obj.name.lower().endswith(("blackboard", "chalkboard")):
        rgb = (40, 70, 50)
    draw = ImageDraw.Draw(img)
    if pic is None:
        labelled_box(draw, obj.name, (x0, y0, x1, y1), rgb, labels)
        return
    if pic.startswith("@"):
        rect = fit(pic, (x0, y0, x1, y1))
        draw_shape(draw, pic, rect, rgb)
    else:
        rect = _paste_glyph(img, pic, (x0, y0, x1, y1), color_rgb(obj.color), aspect)
    if labels and rect[3] - rect[1] >= 24:
        cx = (rect[0] + rect[2]) / 2
        room = max(int(rect[2] - rect[0]), int((x1 - x0) / 2))
        name_label(draw, obj.name, cx, rect[3] - 2, room, max(7, min(14, H // 40)))


def _paste_glyph(img: Image.Image, pic: str, box: tuple[float, float, float, float],
                 rgb: tuple[int, int, int] | None, aspect: float | None = None) -> tuple[float, float, float, float]:
    """The emoji fitted in ``box`` at its own aspect (or ``aspect``), bottom-aligned and centred; returns
    where it went."""
    from PIL import Image

    glyph = emoji_glyph(pic)
    if glyph is None:
        return box
    if rgb is not None:
        glyph = tint(glyph, rgb)
    if aspect is not None and glyph.height > UPRIGHT * glyph.width and aspect < 1:  # a book lying in a stack
        glyph = glyph.rotate(90, expand=True)
    x0, y0, x1, y1 = fit_aspect(box, aspect or glyph.height / glyph.width)
    size = (max(1, round(x1 - x0)), max(1, round(y1 - y0)))
    g = glyph.resize(size, Image.BILINEAR if max(size) < 64 else Image.LANCZOS)
    img.paste(g, (round(x0), round(y1) - size[1]), g)
    return x0, y1 - size[1], x0 + size[0], y1


def draw_setting_things(img: Image.Image, pictures: list[str | None], horizon: float) -> None:
    """The things the background names ("palm trees") in the backdrop: small, at the image's edges, on the
    horizon, so they set the scene without covering the planned objects."""
    W, H = img.size
    for i, pic in enumerate(p for p in pictures if p and not p.startswith("@")):
        size = 0.22 * H * (0.85 ** i)
        for cx in (0.09 + 0.05 * i, 0.91 - 0.05 * i):
            _paste_glyph(img, pic, (cx * W - size / 2, horizon * H + 0.04 * H - size, cx * W + size / 2,
                                    horizon * H + 0.04 * H), None)


def wearer_ids(scene: Scene) -> frozenset[str]:
    return frozenset(o.anchor.target for o in scene.objects if o.anchor and o.anchor.kind in ("worn_by", "held_by"))


def placed_objects(scene: Scene, width: int, height: int) -> list[Placed]:
    """The scene's drawable objects where and in the order the sketch draws them (setting objects such as
    "sky" or "street" are the backdrop, not pictures)."""
    return cleared_objects(scene, width, height)[0]


def cleared_objects(scene: Scene, width: int, height: int) -> tuple[list[Placed], list[Rect], set[str]]:
    """``placed_objects`` with the pictures moved clear of the texts that keep their planned box, the
    zones kept clear (pixels) and the ids of the pictures that could not leave them (see
    plugins.sketch_clearance)."""
    scene = as_figure(scene)  # "legs apart, left arm raised": one person, not loose limbs
    wearers = wearer_ids(scene)
    placed = settle(scene, lambda o: picture(o, wearers), width, height)
    figures = {p.obj.id for p in placed if p.pic and not _body_part(p.obj.name)}
    placed = [p for p in placed if not is_setting_object(p.obj.name) and not (
        p.obj.anchor is not None and p.obj.anchor.kind == "part_of" and p.obj.anchor.target in figures
        and _body_part(p.obj.name))]
    zones = text_zones(scene, {p.obj.id for p in placed}, width, height)
    deps = dependants(scene)
    standing = {d: tgt for tgt, ds in deps.items() for d, kind in ds if kind == "on" and d not in deps}
    grouped = {i for tgt, ds in deps.items() for i in [tgt, *(d for d, _ in ds)]} - set(standing)
    ties = Ties(frozenset(t.on for t in scene.texts if t.on), frozenset(grouped), standing, tied_groups(deps))
    return placed, zones, clear_of_zones(placed, zones, ties, width, height)


def _body_part(name: str) -> bool:
    """A body part ("arm", "knee"): posed on a figure drawn as a pictogram, it is not drawn again, since the
    figure's picture has its limbs and an arm pasted on its chest reads as a second thing, not a pose."""
    low = name.lower()
    kind = noun_kind(low) or noun_kind(low.replace(" ", ""))  # "knee cap": WordNet's kneecap
    return kind is not None and kind.kind == "b"


def settled_texts(scene: Scene, width: int, height: int) -> list[SceneText]:
    """The scene's texts moved with the object they are written on (a slogan on a worn shirt goes to the
    wearer's torso): each keeps its place relative to its carrier, mapped onto the carrier as drawn. A
    text with an image region stays where the layout put it: the image position wins over the carrier."""
    placed = {p.obj.id: p for p in placed_objects(scene, width, height)}
    out: list[SceneText] = []
    for t in scene.texts:
        p = placed.get(t.on or "")
        if p is None or t.region is not None:
            out.append(t)
            continue
        ox0, oy0, ox1, oy1 = p.obj.box
        nx0, ny0, nx1, ny1 = p.rect
        nx0, nx1, ny0, ny1 = nx0 / width, nx1 / width, ny0 / height, ny1 / height
        sx, sy = (nx1 - nx0) / (ox1 - ox0), (ny1 - ny0) / (oy1 - oy0)
        x0, y0 = nx0 + (t.box[0] - ox0) * sx, ny0 + (t.box[1] - oy0) * sy
        x1, y1 = nx0 + (t.box[2] - ox0) * sx, ny0 + (t.box[3] - oy0) * sy
        x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(1.0, x1), min(1.0, y1)
        out.append(t.model_copy(update={"box": (x0, y0, x1, y1)}) if x1 - x0 > 1e-3 and y1 - y0 > 1e-3 else t)
    return out


def render_scene(scene: Scene, width: int | None = None, height: int | None = None, labels: bool = True,
                 unlabelled: set[str] | frozenset[str] = frozenset(), lift: float | None = None) -> Image.Image:
    """The whole sketch: the setting's backdrop, then objects settled on their supports, worn by their
    wearers and in paint order (see plugins.sketch_placement).

    Objects in ``unlabelled``, carrying one of the scene's texts or lying near one get no name label: a
    small label beside real text is read with it as one line by a page reader (tesseract), and the text
    would be misread. A picture that carries text is lifted toward white as far as a page reader needs
    to take it for paper where the text goes (plugins.sketch_paper).

    Args:
        scene: the plan to draw.
        width, height: the picture's size in pixels (None: the scene's); a guided diffusion backend asks
            for the size it denoises at.
        labels: name labels at all (off where the sketch guides a model, which would paint the letters).
        unlabelled: ids of objects to leave unlabelled besides the text carriers (the compiler lists the
            carriers of texts it keeps out of the scene).
        lift: how far the backdrop and the pictures carrying no text go toward white; None: the least
            that makes the picture paper where text goes (:func:`scene_lift`).
    """
    W, H = width or scene.width, height or scene.height
    quiet = frozenset(text_carriers(scene) | set(unlabelled))
    if lift is None:
        lift = scene_lift(scene, W, H, labels, quiet)
    return _drawn(scene, W, H, labels, quiet, lift, object_fades(scene, W, H, labels, quiet, lift))[0]


def object_fades(scene: Scene, W: int, H: int, labels: bool, quiet: frozenset[str], lift: float) -> dict[str, float]:
    """How much opacity each object loses so that no picture part sets the reader's letter size
    (plugins.sketch_reader); the same for sketch.render and the layered backend.

    Args:
        scene: the plan as the sketch node gets it (its texts: those drawn in their own box).
        W, H: the picture's size in pixels.
        labels, quiet: as for :func:`render_scene` (labels are ink the reader sees too).
        lift: the backdrop's lift toward paper (:func:`scene_lift`).
    """
    boxes = {p.obj.id: p.box for p in cleared_objects(scene, W, H)[0]}
    def draw(fades: dict[str, float], w: int, h: int) -> Image.Image:  # the texts go over the styled picture
        return apply_style(_drawn(scene, w, h, labels, quiet, lift, fades)[0], scene.style)

    return reader_fades(draw, scene.texts, boxes, W, H)


def scene_lift(scene: Scene, width: int, height: int, labels: bool, carriers: frozenset[str]) -> float:
    """The least lift (plugins.sketch_paper.LIFTS) after which the picture reads as paper where its texts
    go, checked on a small render; 0 for a picture with no text.

    Args:
        scene: the plan as the sketch node gets it (its texts: those that keep their own box).
        width, height: the picture's size in pixels (the check renders it at most CHECK_PX on a side).
        labels: name labels drawn (they are part of the page the reader binarises).
        carriers: ids of the objects texts are written on (kept at their colour, not lifted).
    """
    if not scene.texts and not carriers:
        return 0.0
    k = min(1.0, CHECK_PX / max(width, height))
    w, h = max(8, round(width * k)), max(8, round(height * k))
    return paper_lift(lambda lift: _drawn(scene, w, h, labels, carriers, lift))


def _drawn(scene: Scene, W: int, H: int, labels: bool, quiet: frozenset[str], lift: float,
           fades: dict[str, float] | None = None
           ) -> tuple[Image.Image, list[tuple[int, int, int]], list[Rect], list[Rect]]:
    """(picture, backdrop tones, zones kept for texts, text carriers' drawn boxes) at ``lift``, the objects
    in ``fades`` faded by their share."""
    words = scene_setting_words(scene)
    sky, ground, horizon = background_colors(words)
    sky, ground = lifted(sky, lift), lifted(ground, lift)
    img = paint_backdrop(W, H, (sky, ground, horizon), scene_setting(scene), lift)
    before = img.copy()
    draw_setting_things(img, [pictogram_for(h) for h in background_hints(scene.background)], horizon)
    veil(img, before, lift)
    placed, zones, stuck = cleared_objects(scene, W, H)
    calm_backdrop(img, gradient(W, H, sky, ground, horizon), zones)
    for p in placed:
        near = label_near_text(p.box, scene.texts, W, H)
        before = img.copy() if p.obj.id in stuck else None
        draw_object(img, p.obj, labels and p.obj.id not in quiet and not near, pic=p.pic, box=p.box,
                    aspect=p.aspect if p.flat else None, fade=(fades or {}).get(p.obj.id, 0.0))
        if before is not None:
            fade_in_zones(img, before, zones)
    return img, gradient_tones(sky, ground), zones, [p.box for p in placed if p.obj.id in quiet]


@register
class SketchRender(Plugin):
    """Render a Scene's objects as pictograms in their boxes over a themed background."""

    id = "sketch.render"
    version = "0.5.3"  # 0.3: settled placement (supports, contents, worn, depth), furniture, backdrops; 0.3.1: posed
    # body parts of a drawn figure are not pasted on it; 0.3.2: a person is drawn in its described posture;
    # 0.4: pictures and backdrop keep clear of staying texts; 0.4.1: things on a street keep their size;
    # 0.4.2: grass, water, sand drawn as objects are the backdrop; 0.4.3: a two-word part ("knee cap") is a part too;
    # 0.4.4: a pose said only of parts is drawn as one person;
    # 0.5: a backdrop under text is lifted to paper; 0.5.1: other settings as bands, rugs, curtains, all raised arms;
    # 0.5.2: objects whose parts would set the reader's letter size are faded into the backdrop (plugins.sketch_reader)
    # 0.5.3: pictogram table: a rare sense's or a joke alias's emoji no longer pictures a common noun
    description = "Draw each Scene object as a pictogram in its box (no model weights)."

    class Input(PluginIO):
        scene: Scene
        width: int | None = Field(default=None, ge=8, le=8192)
        height: int | None = Field(default=None, ge=8, le=8192)
        labels: bool = True
        unlabelled: list[str] = Field(default_factory=list, description="object ids drawn without a name label "
                                      "(the compiler lists those a text is written on)")
        texts: list[SceneText] = Field(default_factory=list, description="texts drawn in their planned box "
                                       "(image position or no carrier): pictures and backdrop keep clear of them")

    class Output(PluginIO):
        image: ImageRef

    def run(self, inp: Input, ctx: RunContext) -> Output:
        scene = inp.scene.model_copy(update={"texts": inp.texts}) if inp.texts else inp.scene
        img = render_scene(scene, inp.width, inp.height, inp.labels, set(inp.unlabelled))
        return self.Output(image=ctx.save_image(img))
