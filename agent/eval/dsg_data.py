"""Reading DSG-1k (j-min/DSG ``dsg-1k-anns.csv``): prompts, their semantic tuples and dependencies.

One row per tuple with the columns item_id, text, proposition_id, dependency (parent ids, "0" = none),
category_broad, category_detailed, tuple (``relation - spatial (cat, couch, on)``) and
question_natural_language. A bad file or row is one line naming the file and line, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import ScenecraftError
from agent.eval.files import read_text

COLUMNS = ("item_id", "text", "proposition_id", "dependency", "category_broad", "category_detailed", "tuple",
           "question_natural_language")
_TUPLE = re.compile(r"^\s*(?P<broad>[\w ]+?)\s+-\s+(?P<detail>[^(]*?)\s*\((?P<args>.*)\)\s*$", re.DOTALL)

# Scored categories (SCORING_RULES.md, DSG-1k plan level); every other tuple is "not plan-checkable".
CATEGORIES = ("entity", "part", "count", "color", "spatial", "text", "style")
NUMBER_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"],
)} | {"dozen": 12, "a dozen": 12}


@dataclass(frozen=True)
class DsgTuple:
    """One proposition of a prompt: ``args`` are the tuple's arguments, quotes kept off text strings."""

    pid: int
    parents: tuple[int, ...]
    broad: str
    detailed: str
    args: tuple[str, ...]
    question: str

    @property
    def category(self) -> str | None:
        """The plan-level category this tuple is scored under, or None when a plan cannot show it."""
        if self.broad == "entity" and self.detailed in ("whole", "part"):
            return "entity" if self.detailed == "whole" else "part"
        if self.broad == "other" and self.detailed == "count":
            return "count" if self.count is not None else None
        if self.broad == "attribute" and self.detailed == "color":
            return "color"
        if self.broad == "relation" and self.detailed == "spatial":
            return "spatial"
        if self.broad == "other" and self.detailed == "text rendering":
            return "text"
        if self.broad == "global" or (self.broad == "attribute" and self.detailed == "style"):
            return "style"
        return None

    @property
    def count(self) -> int | None:
        """N of a count tuple ``(X, ==N)`` when N is a digit string or a number word; else None."""
        want = self.args[-1].strip().lower() if len(self.args) >= 2 else ""
        if not want.startswith("=="):
            return None
        n = want[2:].strip()
        return int(n) if n.isdigit() else NUMBER_WORDS.get(n)


@dataclass
class DsgPrompt:
    item_id: str
    text: str
    tuples: list[DsgTuple] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The item_id prefix names the source: ``localized_narratives_95`` -> ``localized_narratives``."""
        head, sep, tail = self.item_id.rpartition("_")
        return head if sep and tail.isdigit() else self.item_id


def split_args(text: str) -> tuple[str, ...]:
    """``a, b, "c, d"`` -> ("a", "b", "c, d"): commas inside double quotes do not split."""
    out, cur, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            continue
        if ch == "," and not quoted:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return tuple(a for a in out if a)


def parse_tuple(text: str) -> tuple[str, str, tuple[str, ...]]:
    """``relation - spatial (cat, couch, on)`` -> ("relation", "spatial", ("cat", "couch", "on"))."""
    m = _TUPLE.match(text)
    if not m:
        raise ValueError(f"tuple {text[:60]!r} is not 'broad - detailed (args)'")
    return m["broad"].strip(), m["detail"].strip(), split_args(m["args"])


def _ids(text: str) -> tuple[int, ...]:
    """Parent ids; a word among them (upstream has "5, outward" five times) is not an id and is skipped."""
    ids = tuple(int(p) for p in text.replace(" ", "").split(",") if p.isdigit())
    return tuple(i for i in ids if i != 0)


def _row_tuple(row: dict[str, str]) -> DsgTuple:
    broad, detailed, args = parse_tuple(row["tuple"])
    try:
        pid, parents = int(row["proposition_id"]), _ids(row["dependency"] or "0")
    except ValueError:
        raise ValueError(f"proposition_id {row['proposition_id']!r} is not an integer") from None
    return DsgTuple(pid, parents, (row["category_broad"] or broad).strip(),
                    (row["category_detailed"] or detailed).strip(), args, row["question_natural_language"].strip())


def load(path: Path) -> list[DsgPrompt]:
    """All prompts of a DSG CSV, in file order, each with its tuples."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ScenecraftError(f"{path}: not a DSG-1k CSV (missing column {', '.join(missing)})")
    prompts: dict[str, DsgPrompt] = {}
    try:
        for row in reader:
            if not row["item_id"]:
                raise ValueError("empty item_id")
            t = _row_tuple(row)
            p = prompts.setdefault(row["item_id"], DsgPrompt(row["item_id"], row["text"]))
            p.tuples.append(t)
    except (ValueError, KeyError, TypeError, csv.Error) as exc:
        raise ScenecraftError(f"{path}:{reader.line_num}: {exc}") from None
    if not prompts:
        raise ScenecraftError(f"{path}: no DSG rows")
    return list(prompts.values())


def write_prompts(prompts: list[DsgPrompt], path: Path) -> None:
    """A ``scenecraft batch`` prompt file: one ``{"id": item_id, "prompt": text}`` line per prompt, so the
    run folder's manifest matches each image to its DSG prompt (``eval dsg --images RUN``)."""
    lines = "".join(json.dumps({"id": p.item_id, "prompt": p.text}, ensure_ascii=False) + "\n" for p in prompts)
    try:
        path.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise ScenecraftError(f"cannot write '{path}': {exc.strerror or exc}") from None
