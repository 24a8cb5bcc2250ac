"""Text fitting speed: 200 vs 2,000 CJK characters in one 500x500 box, one thread, in one run.

Fitting is meant to be O(n log n) (issue 18): ten times the characters should cost about ten times the
time, not a hundred. Prints both times and their ratio.

    PYTHONPATH=$PWD python bench/bench_textfit.py
"""

from __future__ import annotations

import statistics
import time

from agent.text import fit as textfit
from agent.text.fonts import choose_font

TEXT = "漢字かなテキスト" * 400


def seconds(n: int, repeats: int = 3) -> float:
    """Median wall time to fit the first ``n`` characters, the wrap cache cleared each time."""
    text = TEXT[:n]
    choice = choose_font(None, text)
    out = []
    for _ in range(repeats):
        textfit._wrapped.cache_clear()
        t0 = time.perf_counter()
        fit = textfit.fit_text(text, choice, 500, 500, 6, None)
        out.append(time.perf_counter() - t0)
        assert fit is not None and "".join(fit.lines) == text
    return statistics.median(out)


def main() -> int:
    small, large = seconds(200), seconds(2000)
    print(f"fit 200 CJK chars: {1000 * small:.1f} ms; 2000: {1000 * large:.1f} ms; ratio {large / small:.1f}x "
          f"(at most ~15x expected: O(n^2) fitting would give ~100x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
