"""``verify.ocr``: reads each planned text back with a real offline OCR engine and judges it.

For every Scene text it returns one typed Finding: ``ok`` (read exactly), ``misspelled`` (close,
with the edit distance), ``wrong_position`` (read exactly, but outside its box) or ``missing``. The
critique loop turns these into edits (re-render, move, enlarge) without knowing OCR was involved.

How: crop the text's box with a margin and recognise it as one line (fast, ~40 ms with RapidOCR);
if that is not exact, detect + recognise every line in the crop (multi-line, rotated text); only if
the text is still not found, read the whole image to tell ``wrong_position`` from ``missing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from agent.artifacts import ImageRef
from agent.findings import Finding
from agent.registry import Plugin, PluginIO, register
from agent.scene import SceneText
from agent.verify.ocr import EngineName, OcrLine, get_engine, squash, substring_span

if TYPE_CHECKING:
    from PIL import Image

    from agent.context import RunContext
    from agent.verify.ocr import OcrEngine


class Match:
    """The best reading of one planned text: edit distance, what was read, confidence, pixel box."""

    def __init__(self, distance: int, observed: str, confidence: float, box: tuple[int, int, int, int] | None) -> None:
        self.distance, self.observed, self.confidence, self.box = distance, observed, confidence, box


def best_match(expected: str, lines: list[OcrLine], case_sensitive: bool, offset: tuple[int, int] = (0, 0)) -> Match:
    """Compare ``expected`` with each line and with all lines joined (a wrapped text spans lines).

    Args:
        expected: the planned text.
        lines: what the OCR engine read.
        case_sensitive: compare case too.
        offset: where the crop sits in the image (for the match's box).
    """
    want = squash(expected, case_sensitive)
    best = Match(len(want), "", 0.0, None)
    candidates = list(lines)
    if len(lines) > 1:
        boxes = [ln.box for ln in lines if ln.box is not None]
        joined_box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                      max(b[3] for b in boxes)) if boxes else None
        candidates.append(OcrLine(" ".join(ln.text for ln in lines), joined_box, min(ln.confidence for ln in lines)))
    for ln in candidates:
        line = squash(ln.text, case_sensitive)
        d, start, end = substring_span(want, line)
        if d < best.distance or (d == best.distance and ln.confidence > best.confidence):
            box = None
            if ln.box is not None:  # the matched characters' share of a horizontal line's width
                x0, y0, x1, y1 = ln.box
                n = max(1, len(line))
                if (x1 - x0) >= (y1 - y0):
                    x0, x1 = x0 + (x1 - x0) * start / n, x0 + (x1 - x0) * max(end, start + 1) / n
                box = (round(x0) + offset[0], y0 + offset[1], round(x1) + offset[0], y1 + offset[1])
            best = Match(d, line[start:end] if d < len(want) else ln.text, ln.confidence, box)
    return best


def crop_box(text: SceneText, width: int, height: int, margin: float) -> tuple[int, int, int, int]:
    """The pixel box to read ``text`` from: its box grown by ``margin``, clipped to the image.

    Args:
        text: the planned text and its box.
        width: the image width in pixels.
        height: the image height in pixels.
        margin: how much to grow the box, as a share of its size.
    """
    x0, y0, x1, y1 = text.box
    mx, my = margin * (x1 - x0), margin * (y1 - y0)
    return (max(0, round((x0 - mx) * width)), max(0, round((y0 - my) * height)),
            min(width, round((x1 + mx) * width)), min(height, round((y1 + my) * height)))


def read_text(engine: OcrEngine, img: Image.Image, text: SceneText, margin: float, case_sensitive: bool) -> Match:
    """Fast single-line read of the box, then detection inside the box when that is not exact.

    Args:
        engine: the OCR engine.
        img: the whole image.
        text: the planned text and its box.
        margin: crop margin as a share of the box size.
        case_sensitive: compare case too.
    """
    box = crop_box(text, img.width, img.height, margin)
    crop = img.crop(box)
    match = best_match(text.content, [engine.read_line(crop)], case_sensitive, box[:2])
    if match.distance > 0:
        detected = best_match(text.content, engine.read(crop), case_sensitive, box[:2])
        if detected.distance < match.distance:
            match = detected
    return match


def verify_texts(img: Image.Image, texts: list[SceneText], engine: OcrEngine, case_sensitive: bool = True,
                 margin: float = 0.15, misspell_ratio: float = 0.34) -> list[Finding]:
    """One Finding per planned text (see the module docstring for the verdicts).

    Args:
        img: the image to check.
        texts: the planned texts with their boxes.
        engine: the OCR engine.
        case_sensitive: compare case too.
        margin: crop margin as a share of the box size.
        misspell_ratio: the largest edit distance per character still called a misspelling.
    """
    findings: list[Finding] = []
    whole: list[OcrLine] | None = None
    W, H = img.size
    for t in texts:
        m = read_text(engine, img, t, margin, case_sensitive)
        budget = max(1, int(misspell_ratio * len(squash(t.content))))
        if m.distance == 0:
            findings.append(Finding(check="ocr", target=t.id, problem="ok", expected=t.content, observed=m.observed,
                                    confidence=round(m.confidence, 4), box=t.box))
            continue
        if whole is None:
            whole = engine.read(img)
        elsewhere = best_match(t.content, whole, case_sensitive)
        if elsewhere.distance == 0 and elsewhere.box is not None:
            x0, y0, x1, y1 = elsewhere.box
            seen = (x0 / W, y0 / H, max(x1 / W, (x0 + 1) / W), max(y1 / H, (y0 + 1) / H))
            cx, cy = (seen[0] + seen[2]) / 2, (seen[1] + seen[3]) / 2
            if t.box[0] <= cx <= t.box[2] and t.box[1] <= cy <= t.box[3]:  # read in place, at page scale
                findings.append(Finding(check="ocr", target=t.id, problem="ok", expected=t.content,
                                        observed=elsewhere.observed, confidence=round(elsewhere.confidence, 4),
                                        box=t.box))
                continue
            findings.append(Finding(check="ocr", target=t.id, problem="wrong_position", expected=t.content,
                                    observed=elsewhere.observed, confidence=round(elsewhere.confidence, 4), box=t.box,
                                    message=f"found at {[round(v, 3) for v in seen]}, outside its box"))
        elif m.distance <= budget:
            findings.append(Finding(check="ocr", target=t.id, problem="misspelled", expected=t.content,
                                    observed=m.observed, confidence=round(m.confidence, 4), box=t.box,
                                    message=f"edit distance {m.distance}"))
        else:
            read = m.observed or ""
            findings.append(Finding(check="ocr", target=t.id, problem="missing", expected=t.content, observed=read,
                                    confidence=0.9 if not read else round(max(0.5, m.confidence), 4), box=t.box,
                                    message=f"edit distance {m.distance}" if read else "no text read in its box"))
    return findings


@register
class VerifyOcr(Plugin):
    """Check that every planned text is legible where it was planned, with an offline OCR engine."""

    id = "verify.ocr"
    version = "0.1.0"
    description = "OCR each text box; report found / misspelled / wrong_position / missing findings."

    class Input(PluginIO):
        image: ImageRef
        texts: list[SceneText]
        engine: EngineName = "auto"
        case_sensitive: bool = True
        margin: float = Field(default=0.15, ge=0.0, le=1.0, description="crop margin as a share of the box size")
        misspell_ratio: float = Field(default=0.34, gt=0.0, le=1.0,
                                      description="max edit distance per character still called a misspelling")

    class Output(PluginIO):
        findings: list[Finding]
        score: float  # share of texts read exactly in place

    def run(self, inp: Input, ctx: RunContext) -> Output:
        img = ctx.load_image(inp.image)
        findings = verify_texts(img, inp.texts, get_engine(inp.engine), inp.case_sensitive, inp.margin,
                                inp.misspell_ratio)
        score = sum(f.ok for f in findings) / len(findings) if findings else 1.0
        return self.Output(findings=findings, score=score)
