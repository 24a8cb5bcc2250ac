"""Offline OCR engines behind one small interface, plus the string matching the OCR verifier uses.

Two real engines run here without a model hub: RapidOCR (PP-OCR models shipped inside the
``rapidocr-onnxruntime`` wheel) and Debian's ``tesseract`` binary. ``bench/bench_text.py`` measured
both on rendered LeX-Bench text; RapidOCR read far more strings exactly, so ``auto`` prefers it and
falls back to tesseract when the wheel is missing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from agent.errors import ModelUnavailableError

if TYPE_CHECKING:
    from PIL import Image

EngineName = Literal["auto", "rapidocr", "tesseract"]


class OcrLine(NamedTuple):
    """One recognised line: text, pixel box in the image read (None when unknown), confidence 0..1."""

    text: str
    box: tuple[int, int, int, int] | None
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read_line(self, image: Image.Image) -> OcrLine:
        """Recognise ``image`` as one line of text (no detection; fast)."""

    def read(self, image: Image.Image) -> list[OcrLine]:
        """Detect and recognise every line in ``image``, in reading order."""


def _reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    def key(ln: OcrLine) -> tuple[int, int]:
        if ln.box is None:
            return (0, 0)
        x0, y0, _, y1 = ln.box
        return (round((y0 + y1) / 2 / max(8, (y1 - y0) * 0.6)), x0)

    return sorted(lines, key=key)


class RapidOcrEngine:
    """PP-OCRv4 detection + recognition through onnxruntime (``pip install rapidocr-onnxruntime``)."""

    name = "rapidocr"

    def __init__(self) -> None:
        import logging

        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # it logs every empty result as a warning
        self._ocr = RapidOCR()

    def read_line(self, image: Image.Image) -> OcrLine:
        import numpy as np

        res, _ = self._ocr(np.asarray(image.convert("RGB")), use_det=False, use_cls=False, use_rec=True)
        if not res:
            return OcrLine("", None, 0.0)
        text, conf = res[0]
        return OcrLine(str(text), (0, 0, image.width, image.height), float(conf))

    def read(self, image: Image.Image) -> list[OcrLine]:
        import numpy as np

        # No 180-degree classifier: it flips symmetric words ("SOON" -> "NOOS"); planned text is upright
        # or rotated by a known angle, which the detector's rectified crops already handle.
        res, _ = self._ocr(np.asarray(image.convert("RGB")), use_cls=False)
        out = []
        for quad, text, conf in res or []:
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            out.append(OcrLine(str(text), (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), float(conf)))
        return _reading_order(out)


class TesseractEngine:
    """Debian's ``tesseract`` (apt install tesseract-ocr), called as a subprocess with TSV output."""

    name = "tesseract"

    def __init__(self) -> None:
        exe = shutil.which("tesseract")
        if exe is None:
            raise ModelUnavailableError("tesseract is not installed (apt-get install tesseract-ocr)")
        self._exe = exe

    def _run(self, image: Image.Image, psm: int) -> list[OcrLine]:
        from PIL import Image as PILImage

        img = image.convert("RGB")
        scale = 1
        if img.height < 40:  # tesseract reads small glyphs badly; upscale like its docs advise
            scale = 2
            img = img.resize((img.width * 2, img.height * 2), PILImage.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        proc = subprocess.run([self._exe, "stdin", "stdout", "--psm", str(psm), "-l", "eng", "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=60, check=False)
        lines: dict[tuple[str, str, str], list[tuple[str, tuple[int, int, int, int], float]]] = {}
        for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) < 12 or not cols[11].strip() or float(cols[10]) < 0:
                continue
            x, y, w, h = (int(c) // scale for c in cols[6:10])
            lines.setdefault((cols[2], cols[3], cols[4]),
                             []).append((cols[11], (x, y, x + w, y + h), float(cols[10]) / 100))
        out = []
        for words in lines.values():
            boxes = [b for _, b, _ in words]
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                   max(b[3] for b in boxes))
            out.append(OcrLine(" ".join(w for w, _, _ in words), box, min(c for _, _, c in words)))
        return _reading_order(out)

    def read_line(self, image: Image.Image) -> OcrLine:
        lines = self._run(image, psm=7)
        if not lines:
            return OcrLine("", None, 0.0)
        return OcrLine(" ".join(ln.text for ln in lines), lines[0].box, min(ln.confidence for ln in lines))

    def read(self, image: Image.Image) -> list[OcrLine]:
        return self._run(image, psm=11)


def available_engines() -> list[str]:
    """Engines that can run here, best first."""
    names = []
    try:
        import rapidocr_onnxruntime  # noqa: F401

        names.append("rapidocr")
    except ImportError:
        pass
    if shutil.which("tesseract"):
        names.append("tesseract")
    return names


@lru_cache(maxsize=4)
def get_engine(name: EngineName = "auto") -> OcrEngine:
    """A (cached) engine instance; ``auto`` takes the best installed one."""
    if name == "auto":
        names = available_engines()
        if not names:
            raise ModelUnavailableError("no OCR engine: pip install rapidocr-onnxruntime "
                                        "(or apt-get install tesseract-ocr)")
        name = names[0]  # type: ignore[assignment]
    if name == "rapidocr":
        try:
            return RapidOcrEngine()
        except ImportError:
            raise ModelUnavailableError("rapidocr is not installed: pip install 'scenecraft[ocr]'") from None
    if name == "tesseract":
        return TesseractEngine()
    raise ModelUnavailableError(f"unknown OCR engine '{name}' (choose auto, rapidocr or tesseract)")


# -- string matching ---------------------------------------------------------------------------------

def squash(text: str, case_sensitive: bool = True) -> str:
    """Drop whitespace (PP-OCR often drops spaces between words) and optionally fold case."""
    s = "".join(text.split())
    return s if case_sensitive else s.casefold()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def substring_distance(pattern: str, text: str) -> tuple[int, str]:
    """Smallest edit distance between ``pattern`` and any substring of ``text``, with that substring."""
    d, start, end = substring_span(pattern, text)
    return d, text[start:end]


def substring_span(pattern: str, text: str) -> tuple[int, int, int]:
    """(distance, start, end): the best approximate occurrence of ``pattern`` in ``text`` (Sellers'
    algorithm), so a planned word is found even when the OCR line also holds neighbouring words."""
    if not text:
        return len(pattern), 0, 0
    m = len(pattern)
    # dp over pattern rows, free start in text; track start positions to recover the substring.
    prev = [0] * (len(text) + 1)
    start_prev = list(range(len(text) + 1))
    for i in range(1, m + 1):
        cur = [i] + [0] * len(text)
        start_cur = [0] * (len(text) + 1)
        for j in range(1, len(text) + 1):
            options = [
                (prev[j - 1] + (pattern[i - 1] != text[j - 1]), start_prev[j - 1]),
                (prev[j] + 1, start_prev[j]),
                (cur[j - 1] + 1, start_cur[j - 1]),
            ]
            cur[j], start_cur[j] = min(options)
        prev, start_prev = cur, start_cur
    end = min(range(len(text) + 1), key=lambda j: (prev[j], -j))
    return prev[end], start_prev[end], end
