"""A carrier the page reader binarises as ink under its text is made paper (plugins.carrier_paper)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from agent.scene import SceneObject, SceneText
from agent.verify.colors import classify_pixels
from plugins.carrier_paper import keeps_name, paper_carriers
from plugins.carriers import onto_flat_areas, pixel_box
from plugins.page_ink import ink_mask, page_channels
from plugins.text_render import render_texts

SIZE = 256


def picture(carrier: tuple[int, int, int], sky: tuple[int, int, int], ground: tuple[int, int, int]) -> Image.Image:
    """A sky over a ground, with a carrier board in the middle and its dark post."""
    img = Image.new("RGB", (SIZE, SIZE), sky)
    d = ImageDraw.Draw(img)
    d.rectangle((0, SIZE * 6 // 10, SIZE, SIZE), fill=ground)
    d.rectangle((120, 150, 136, 230), fill=(90, 70, 50))
    d.rectangle((60, 70, 196, 150), fill=carrier)
    return img


def board(color: str) -> SceneObject:
    return SceneObject(id="board_1", name="board", color=color, box=(60 / SIZE, 70 / SIZE, 196 / SIZE, 150 / SIZE))


def text_on_board(content: str, color: str) -> SceneText:
    return SceneText(id="t", content=content, color=color, on="board_1", box=(0.2, 0.3, 0.8, 0.5))


def board_paper(img: Image.Image) -> float:
    """The share of the board's middle that the reader takes for paper."""
    x0, y0, x1, y1 = pixel_box((70 / SIZE, 80 / SIZE, 186 / SIZE, 140 / SIZE), *img.size)
    arr = np.asarray(img.convert("RGB"))
    return 1.0 - float(ink_mask(arr, page_channels(img))[y0:y1, x0:x1].mean())


def test_a_yellow_board_that_binarises_as_ink_turns_pale_yellow_and_paper():
    img = picture((255, 225, 20), (205, 228, 248), (215, 205, 185))
    assert board_paper(img) < 0.1  # the blue channel splits the yellow off: the whole board is ink
    out, _, _, _ = render_texts(img, [text_on_board("DANGER", "purple")], objects=[board("yellow")])
    px = np.asarray(out)[74, 64]  # a corner of the board, away from the letters
    assert classify_pixels(np.array([px]))[0] == classify_pixels(np.array([(255, 225, 20)]))[0]  # still yellow
    assert tuple(px) != (255, 225, 20)  # but a paler yellow
    assert board_paper(out) > 0.6  # around the letters, paper


def test_a_white_board_keeps_its_white_and_the_rest_pales():
    img = picture((252, 252, 252), (170, 200, 235), (190, 180, 150))
    assert board_paper(img) < 0.1  # the white board is the light minority of the red channel: ink
    texts, areas = onto_flat_areas(img.copy(), [text_on_board("MORNING", "black")], [board("white")])
    shade, veil = paper_carriers(img.copy(), texts, areas, [board("white")])
    assert veil > 0 and shade == 0.0  # white has no paler white: the rest of the picture pales instead
    out, _, _, _ = render_texts(img, [text_on_board("MORNING", "black")], objects=[board("white")])
    arr = np.asarray(out)
    assert tuple(arr[74, 64]) == (252, 252, 252)  # the board keeps its white
    assert arr[5, 5].mean() > np.asarray(img)[5, 5].mean() + 10  # the sky is paler
    assert board_paper(out) > 0.6


def test_a_board_that_is_paper_already_is_left_alone():
    img = picture((230, 215, 170), (235, 240, 248), (150, 120, 90))  # the dark ground is what splits off
    before = np.asarray(img).copy()
    texts, areas = onto_flat_areas(img, [text_on_board("OPEN", "black")], [board("beige")])
    assert areas
    assert np.array_equal(np.asarray(img), before)
    assert paper_carriers(img, texts, areas, [board("beige")]) == (0.0, 0.0)


def test_a_shade_keeps_the_colour_name_or_is_refused():
    assert keeps_name((255, 230, 30), 0.5)  # pale yellow is yellow
    assert not keeps_name((200, 30, 30), 0.5)  # a red lifted that far is pink
