"""Settings drawn as settings: a beach has sea and sand, a city a skyline, a room a wall and a floor.

The setting comes from the Scene's background words (else the prompt), and from objects that are
themselves settings ("sky", "street") or belong to one (palm trees -> beach). Those objects are drawn
as the backdrop instead of as a pictogram in a box. Everything is deterministic (a fixed seed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.vocab.pictograms import BACKGROUNDS, DEFAULT_BACKGROUND, SETTING_HINTS, background_hints, setting_word
from plugins.sketch_bands import BANDED, decode, encode, paint_bands
from plugins.sketch_paper import lifted

if TYPE_CHECKING:
    from PIL import Image

    from agent.scene import Scene

RGB = tuple[int, int, int]
# Objects that are the setting itself, or say which setting they stand in.
SETTING_OBJECTS: dict[str, str] = {
    "sky": "sky", "city": "city", "street": "street", "road": "street", "beach": "beach", "ocean": "ocean",
    "sea": "ocean", "forest": "forest", "snow": "snow", "desert": "desert", "field": "field", "meadow": "field",
    "skyline": "city", "background": "", "district": "city", "jungle": "forest", "woods": "forest",
    "room": "room", "kitchen": "kitchen", "bedroom": "bedroom", "lake": "lake", "river": "river",
    "sidewalk": "street", "grass": "field", "lawn": "field", "land": "field", "water": "lake", "sand": "beach",
    "shore": "beach", "pavement": "street", "highway": "street",
}
HINTS: dict[str, str] = {k: v for k, v in SETTING_HINTS.items() if k not in ("tree", "umbrella", "building", "cloud")}


def setting_kind(words: str) -> str:
    """The setting's family name (the first word of its group: 'seaside' -> 'beach'), '' when none."""
    key = setting_word(words)
    return next((keys[0] for keys, *_ in BACKGROUNDS if key in keys), "")


def background_colors(words: str) -> tuple[RGB, RGB, float]:
    key = setting_word(words)
    for keys, sky, ground, horizon in BACKGROUNDS:
        if key in keys:
            return sky, ground, horizon
    return DEFAULT_BACKGROUND


def is_setting_object(name: str) -> bool:
    return name.lower().strip() in SETTING_OBJECTS


def _parts(text: str) -> list[str]:
    """A background's phrases ("the grass, river"): each names at most one setting, the first one wins."""
    return [p for p in re.split(r"[,;]|\band\b", text) if p.strip()]


def _setting_sources(scene: Scene) -> list[str]:
    """Where a setting can come from, most trusted first: the planned background's phrases in order (else
    the prompt's), the settings of the things the background names ("palm trees" -> beach), then setting
    objects in the Scene's order."""
    words = [*_parts(scene.background or scene.prompt),
             *(SETTING_HINTS[h] for h in background_hints(scene.background))]
    for o in scene.objects:
        key = o.name.lower().strip()
        words.append(SETTING_OBJECTS.get(key, "") or HINTS.get(key, ""))
    return [w for w in words if w]


def scene_setting_words(scene: Scene) -> str:
    """The words that pick the backdrop: the first source of ``_setting_sources`` that names a setting, so
    a planned "city sidewalk" stays a street when a "water" object is seen in the distance."""
    return next((w for w in _setting_sources(scene) if setting_word(w)), "")


def scene_setting(scene: Scene) -> str:
    """The backdrop's setting family with the Scene's other settings as bands (plugins.sketch_bands): a
    setting object of another family in its own box, a later background phrase as the far strip."""
    main = setting_kind(scene_setting_words(scene))
    boxed = [(kind, tuple(o.box)) for o in scene.objects
             if (kind := setting_kind(SETTING_OBJECTS.get(o.name.lower().strip(), ""))) and kind != main]
    said = [kind for part in _parts(scene.background) if (kind := setting_kind(part)) and kind != main]
    far = [(kind, None) for kind in dict.fromkeys(said) if kind not in {k for k, _ in boxed}]
    return encode(main, [(k, b) for k, b in [*boxed, *far] if k in BANDED])


def gradient(width: int, height: int, sky: RGB, ground: RGB, horizon: float) -> Image.Image:
    """Sky/wall above a horizon, ground/floor below, with a soft vertical gradient.

    The sky darkens a little toward the horizon and the ground lightens toward the viewer, so the
    horizon reads as an edge things stand on without drawing a line there.

    Args:
        width, height: the image size in pixels.
        sky, ground: the setting's two colours (``background_colors``).
        horizon: where the ground starts, as a share of the height; the painters and the placement use
            the same number, so drawn features and objects stand on this ground.
    """
    import numpy as np
    from PIL import Image

    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    top, bottom = np.array(sky, np.float32), np.array(ground, np.float32)
    sky_rows = top * (1.05 - 0.15 * (y / max(horizon, 1e-3)))
    ground_rows = bottom * (0.95 + 0.1 * ((y - horizon) / max(1 - horizon, 1e-3)))
    rows = np.where(y < horizon, sky_rows, ground_rows)
    arr = np.clip(np.repeat(rows[:, None, :], width, axis=1), 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def draw_backdrop(width: int, height: int, words: str, lift: float = 0.0) -> Image.Image:
    """The gradient plus the setting's own features (sea, skyline, trees, floor boards ...), all lifted
    toward white by ``lift`` (a picture carrying text: plugins.sketch_paper).

    Args:
        width, height: the image size in pixels.
        words: the setting words (plugins.sketch_backdrops.scene_setting_words).
        lift: share of the way toward white (0: the setting's own tones).
    """
    sky, ground, horizon = background_colors(words)
    return paint_backdrop(width, height, (lifted(sky, lift), lifted(ground, lift), horizon), setting_kind(words),
                          lift)


def paint_backdrop(width: int, height: int, tones: tuple[RGB, RGB, float], setting: str, lift: float) -> Image.Image:
    """The gradient of ``tones`` plus the features of the ``setting`` family, lifted toward white.

    Args:
        width, height: the image size in pixels.
        tones: (sky, ground, horizon), the tones already lifted.
        setting: the setting family whose features are painted (``setting_kind``; '' for none), with the
            bands of other settings (``scene_setting``, plugins.sketch_bands).
        lift: how far the features go toward white (plugins.sketch_paper.veil).
    """
    from PIL import ImageDraw

    from plugins.sketch_paper import veil
    from plugins.sketch_scenery import FEATURES

    main, bands = decode(setting)
    img = gradient(width, height, *tones)
    painter = FEATURES.get(main)
    if painter is not None or bands:
        plain = img.copy()
        if painter is not None:
            painter(ImageDraw.Draw(img), width, height, tones[2])
        paint_bands(ImageDraw.Draw(img), width, height, tones[2], bands)
        veil(img, plain, lift)
    return img
