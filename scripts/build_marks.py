"""Build agent/vocab/data/marks.txt: the nouns that name a graphic mark (an icon, a sign, a symbol, a logo),
precomputed from WordNet 3.0.

Why a table of its own: stock captions string these words into keyword chains ("Doctor icon sign symbol"),
and the planner must tell them from documents and things shown by a mark ("mail", "book", "crown"). WordNet
says it through hypernyms, which the noun table (agent/vocab/data/nouns.tsv) does not keep. A mark noun here
is a noun whose kind in that table is a communication with a made-thing sense and one of whose first two
senses descends from symbol.n.01 or sign.n.02 (not a written symbol such as a letter or a numeral).

    .venv/bin/python scripts/build_marks.py     # writes agent/vocab/data/marks.txt (see build_lexicon.py)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lexicon as B  # noqa: E402  (the same WordNet folder and kind rules)

ROOTS = frozenset({"symbol.n.01", "sign.n.02"})
NOT_MARKS = frozenset({"written_symbol.n.01", "language_unit.n.01", "numeral.n.01", "gesture.n.02", "award.n.02",
                       "academic_degree.n.01", "variable.n.01", "mathematical_notation.n.01"})
SENSES = 2


def is_mark(wn, lemma: str, closure: dict) -> bool:
    """One of the lemma's first senses is a graphic mark, and its usual kind is a communication that can be
    made (drawn, printed, hung)."""
    for s in wn.synsets(lemma, "n")[:SENSES]:
        hyper = {h.name() for h in s.closure(lambda x: x.hypernyms() + x.instance_hypernyms())} | {s.name()}
        if hyper & ROOTS and not hyper & NOT_MARKS:
            return B.lemma_kinds(wn, lemma, closure) == ("x", "o")
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet", help="Debian's WordNet folder")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "agent/vocab/data/marks.txt"))
    args = ap.parse_args(argv)
    import nltk

    work = Path(tempfile.mkdtemp(prefix="wn"))
    nltk.data.path.append(str(B.wordnet_dir(Path(args.wordnet), work)))
    from nltk.corpus import wordnet as wn

    closure: dict = {}
    names = sorted({n.lower() for n in wn.all_lemma_names("n") if "_" not in n and n[:1].isalpha()})
    rows = [n for n in names if is_mark(wn, n, closure)]
    Path(args.out).write_text("# graphic mark nouns, built by scripts/build_marks.py from WordNet 3.0; do not edit\n"
                              + "\n".join(rows) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(rows)} mark nouns to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
