"""text.render: real Pillow rendering, checked on the pixels it draws."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.artifacts import ArtifactStore
from agent.context import RunContext
from agent.errors import PluginError
from agent.registry import default_registry
from agent.scene import SceneText
from agent.text.fonts import choose_font, font_path
from plugins.text_render import render_texts

needs_fonts = pytest.mark.skipif(font_path("sans-bold") is None, reason="DejaVu/Noto fonts not installed")


def blank(w: int = 256, h: int = 256, rgb=(255, 255, 255)) -> Image.Image:
    return Image.new("RGB", (w, h), rgb)


def ink_bbox(mask: Image.Image) -> tuple[int, int, int, int]:
    bbox = mask.point(lambda v: 255 if v > 40 else 0).getbbox()
    assert bbox is not None, "nothing was drawn"
    return bbox


def px(box, w=256, h=256):
    return box[0] * w, box[1] * h, box[2] * w, box[3] * h


@needs_fonts
def test_single_word_fills_its_box_and_stays_inside():
    t = SceneText(id="t", content="HELLO", box=(0.1, 0.1, 0.9, 0.4))
    _, mask, placed, findings = render_texts(blank(), [t], legible=False)  # fitting alone: no size cap
    x0, y0, x1, y1 = ink_bbox(mask)
    bx0, by0, bx1, by1 = px(t.box)
    assert bx0 <= x0 and x1 <= bx1 + 1 and by0 <= y0 and y1 <= by1 + 1
    assert (x1 - x0) > 0.7 * (bx1 - bx0)  # fitted large, not a default tiny size
    assert placed[0].box == t.box and not [f for f in findings if not f.ok]


@needs_fonts
def test_long_text_wraps_to_several_lines_inside_a_narrow_box():
    t = SceneText(id="t", content="the quick brown fox jumps over the lazy dog", box=(0.3, 0.1, 0.6, 0.9))
    _, mask, placed, findings = render_texts(blank(), [t], legible=False)  # 12 px allowed: it fits
    assert findings == []
    x0, y0, x1, y1 = ink_bbox(mask)
    bx0, by0, bx1, by1 = px(t.box)
    assert bx0 <= x0 and x1 <= bx1 + 1 and by0 <= y0 and y1 <= by1 + 1
    rows_with_ink = np.asarray(mask)[:, int(bx0):int(bx1)].max(axis=1) > 40
    gaps = np.flatnonzero(np.diff(rows_with_ink.astype(int)) == 1)
    assert len(gaps) >= 3  # at least 4 separate lines of glyphs
    assert placed[0].box == t.box


@needs_fonts
@pytest.mark.parametrize("align", ["left", "right"])
def test_alignment_moves_the_glyphs(align):
    t = SceneText(id="t", content="Hi", box=(0.0, 0.0, 1.0, 0.2), align=align)
    _, mask, _, _ = render_texts(blank(), [t], effect="none")
    x0, _, x1, _ = ink_bbox(mask)
    if align == "left":
        assert x0 < 40
    else:
        assert x1 > 216


@needs_fonts
def test_requested_colour_is_drawn():
    t = SceneText(id="t", content="RED", box=(0.1, 0.1, 0.9, 0.6), color="red")
    out, mask, _, _ = render_texts(blank(), [t], effect="none")
    arr, m = np.asarray(out), np.asarray(mask) == 255
    colors, counts = np.unique(arr[m].reshape(-1, 3), axis=0, return_counts=True)
    assert tuple(colors[counts.argmax()]) == (220, 30, 30)


@needs_fonts
def test_low_contrast_text_gets_a_dark_outline():
    t = SceneText(id="t", content="WHITE", box=(0.1, 0.1, 0.9, 0.5), color="white")
    out, mask, _, _ = render_texts(blank(), [t])  # auto: white on white needs a stroke
    arr, m = np.asarray(out).astype(int), np.asarray(mask) > 200
    assert (arr[m].sum(axis=1) < 150).mean() > 0.1  # a real share of the glyph area is dark outline


@needs_fonts
def test_text_too_long_for_its_box_grows_the_box_and_says_so():
    t = SceneText(id="t", content="a sentence far too long for a tiny box", box=(0.45, 0.45, 0.55, 0.5))
    _, mask, placed, findings = render_texts(blank(), [t], min_size=12)
    grown = placed[0].box
    assert (grown[2] - grown[0]) * (grown[3] - grown[1]) > (t.box[2] - t.box[0]) * (t.box[3] - t.box[1])
    assert any(f.check == "text.fit" and f.target == "t" and "grown" in f.message for f in findings)
    x0, y0, x1, y1 = ink_bbox(mask)
    gx0, gy0, gx1, gy1 = px(grown)
    assert gx0 - 1 <= x0 and x1 <= gx1 + 1 and gy0 - 1 <= y0 and y1 <= gy1 + 1


@needs_fonts
def test_text_that_cannot_fit_even_the_whole_image_is_reported_not_clipped_silently():
    t = SceneText(id="t", content="word " * 60, box=(0.1, 0.1, 0.9, 0.9))
    _, _, _, findings = render_texts(blank(48, 48), [t], min_size=12, legible=False)
    bad = [f for f in findings if f.problem == "clipped"]
    assert bad and bad[0].target == "t" and bad[0].expected == ">= 12px"


@needs_fonts
def test_without_growth_a_too_long_text_is_a_clipped_finding():
    t = SceneText(id="t", content="EXTRAORDINARILY", box=(0.4, 0.4, 0.5, 0.45))
    _, _, placed, findings = render_texts(blank(), [t], min_size=12, grow=False)
    assert placed[0].box == t.box
    assert [f.problem for f in findings] == ["clipped"]


@needs_fonts
def test_unknown_colour_word_is_a_finding():
    t = SceneText(id="t", content="X", box=(0.1, 0.1, 0.9, 0.9), color="blurple-ish")
    _, _, _, findings = render_texts(blank(), [t])
    assert any(f.problem == "other" and f.expected == "blurple-ish" for f in findings)


@needs_fonts
def test_rotation_tilts_the_glyph_block():
    straight = SceneText(id="t", content="ROTATE", box=(0.1, 0.1, 0.9, 0.9))
    tilted = straight.model_copy(update={"rotation": 45.0})
    _, m0, _, _ = render_texts(blank(), [straight])
    _, m1, _, _ = render_texts(blank(), [tilted])
    a0, a1 = ink_bbox(m0), ink_bbox(m1)
    aspect = lambda b: (b[2] - b[0]) / (b[3] - b[1])
    assert aspect(a0) > 2.5 and aspect(a1) < 1.6
    bx0, by0, bx1, by1 = px(straight.box)
    assert bx0 - 1 <= a1[0] and a1[2] <= bx1 + 1 and by0 - 1 <= a1[1] and a1[3] <= by1 + 1


@pytest.mark.parametrize("content,prefix", [("مرحبا بالعالم", "NotoSansArabic"), ("你好世界", "NotoSansCJK"),
                                            ("नमस्ते दुनिया", "NotoSansDevanagari")])
def test_non_latin_scripts_get_a_covering_noto_face_and_are_drawn(content, prefix):
    choice = choose_font("serif", content)
    if choice.path is None or not choice.path.name.startswith(prefix):
        pytest.skip(f"{prefix} font not installed")
    t = SceneText(id="t", content=content, box=(0.05, 0.3, 0.95, 0.6))
    _, mask, _, findings = render_texts(blank(), [t])
    ink_bbox(mask)
    assert not [f for f in findings if not f.ok]


def test_arabic_is_shaped_by_raqm():
    from PIL import ImageFont, features

    choice = choose_font(None, "مرحبا")
    if not features.check("raqm") or choice.path is None or "Arabic" not in choice.path.name:
        pytest.skip("raqm or an Arabic font is missing")
    shaped = ImageFont.truetype(str(choice.path), 40, layout_engine=ImageFont.Layout.RAQM)
    basic = ImageFont.truetype(str(choice.path), 40, layout_engine=ImageFont.Layout.BASIC)
    # joined (contextual) forms differ from the isolated forms the basic engine draws
    assert shaped.getbbox("مرحبا") != basic.getbbox("مرحبا") or bytes(shaped.getmask("مرحبا")) != bytes(
        basic.getmask("مرحبا"))


@needs_fonts
def test_cjk_without_spaces_wraps_between_characters():
    t = SceneText(id="t", content="这是一段很长的中文句子需要换行显示", box=(0.3, 0.05, 0.7, 0.95))
    if choose_font(None, t.content).script != "cjk" or choose_font(None, t.content).path is None:
        pytest.skip("no CJK font")
    _, mask, placed, _ = render_texts(blank(), [t])
    x0, y0, x1, y1 = ink_bbox(mask)
    assert placed[0].box == t.box and (y1 - y0) > (x1 - x0)  # stacked lines, taller than wide


@needs_fonts
def test_plugin_runs_through_the_registry(tmp_path):
    plugin = default_registry().get("text.render")
    ctx = RunContext(store=ArtifactStore(tmp_path))
    ref = ctx.save_image(blank())
    out = plugin.run(plugin.Input(image=ref, texts=[SceneText(id="a", content="OPEN", box=(0.2, 0.2, 0.8, 0.5))]), ctx)
    assert out.image != ref and out.mask.mode == "L"
    assert ink_bbox(ctx.load_image(out.mask))
    assert out.texts[0].id == "a" and out.findings == []


@needs_fonts
def test_mixed_scripts_pick_a_face_that_covers_every_character():
    from agent.text.fonts import missing_glyphs

    choice = choose_font(None, "مرحبا Hello 2024")
    if choice.script != "arabic":
        pytest.skip("no Arabic-capable font")
    assert missing_glyphs(choice, "مرحبا Hello 2024") == []
    assert missing_glyphs(choose_font(None, "Hello"), "Hello") == []


@needs_fonts
def test_characters_no_font_can_draw_are_reported():
    t = SceneText(id="t", content="OPEN \ue000", box=(0.1, 0.1, 0.9, 0.5))  # a private-use code point
    with pytest.raises(PluginError) as err:  # fails the node: never tofu boxes
        render_texts(blank(), [t])
    assert "\n" not in str(err.value) and "U+E000" in str(err.value)


def test_an_emoji_no_face_draws_is_named_as_a_symbol_not_a_script():
    from plugins.text_render import install_hint

    hint = install_hint(["\U0001F355"])  # a slice of pizza: no Noto text face, no script to install
    assert "U+1F355" in hint and "SLICE OF PIZZA" in hint and "script" not in hint


@needs_fonts
def test_text_no_single_face_covers_is_drawn_as_runs_of_several_faces():
    from agent.text.fonts import font_runs, missing_glyphs

    text = "नमस्ते Hello"
    choice = choose_font(None, text)
    if choice.script != "devanagari" or not choice.fallbacks:
        pytest.skip("no Devanagari font installed")
    assert missing_glyphs(choice, text) == []
    runs = font_runs(choice, text)
    assert [r for r, _ in runs] == ["नमस्ते ", "Hello"] and runs[0][1].path != runs[1][1].path
    t = SceneText(id="t", content=text, box=(0.05, 0.3, 0.95, 0.6))
    _, mask, _, findings = render_texts(blank(), [t], legible=False)
    assert findings == []
    x0, _, x1, _ = ink_bbox(mask)
    assert (x1 - x0) > 0.6 * 0.9 * 256  # both runs drawn, fitted to the box width


def test_font_paths_outside_font_folders_are_refused(tmp_path, monkeypatch):
    """A Scene's font may come from an LLM or a PNG: it must not open arbitrary files."""
    from agent.text.fonts import font_path

    stray = tmp_path / "evil.ttf"
    stray.write_bytes(b"not a font")
    assert font_path(str(stray)) is None
    monkeypatch.setenv("SCENECRAFT_FONT_DIRS", str(tmp_path))
    assert font_path(str(stray)) == stray.resolve()
