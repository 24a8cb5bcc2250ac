"""The WordNet noun table the planner reads instead of WordNet (agent/vocab/kinds.py, scripts/build_lexicon.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agent.planners.prompt_syntax import aspect_size, foreign_language, read_syntax
from agent.vocab import noun_kind
from agent.vocab.kinds import TABLE


def test_the_table_is_compact_and_complete() -> None:
    assert TABLE.stat().st_size < 3_000_000
    assert sum(1 for _ in TABLE.open(encoding="utf-8")) > 100_000


@pytest.mark.parametrize("noun", ["horse", "astronaut", "cake", "hat", "sign", "table", "mug", "tulip", "bowl",
                                  "teddy bear", "t-shirt"])
def test_things_to_draw(noun) -> None:
    kind = noun_kind(noun)
    assert kind is not None and kind.drawable, (noun, kind)


@pytest.mark.parametrize("noun", ["design", "lighting", "degree", "slogan", "detail", "atmosphere"])
def test_not_things(noun) -> None:
    kind = noun_kind(noun)
    assert kind is None or not kind.drawable, (noun, kind)


@pytest.mark.parametrize("noun, what", [("kitchen", "setting"), ("beach", "setting"), ("living room", "setting"),
                                        ("watercolor", "art"), ("hand", "body part"), ("shirt", "clothing"),
                                        ("vase", "container"), ("coffee", "food")])
def test_kinds(noun, what) -> None:
    assert str(noun_kind(noun)) == what


def test_prompt_syntax_and_language() -> None:
    syn = read_syntax("a fox, 8k, 35mm --ar 3:2 --no rain --stylize 750", 512, 512)
    assert syn.text == "a fox" and (syn.width, syn.height) == (512, 344) and syn.negative == ["rain"]
    assert {"8k", "35mm"} <= set(syn.style)
    assert aspect_size(16, 9, 1024) == (1024, 576)
    assert foreign_language("a red apple left of a blue cup") is None
    assert foreign_language("une pomme rouge à gauche d'une tasse bleue") is not None


def test_lexnames_file_for_nltk(tmp_path) -> None:
    script = Path(__file__).parents[2] / "scripts/build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon", script)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    src = tmp_path / "wn"
    src.mkdir()
    (src / "index.noun").write_text("")
    root = mod.wordnet_dir(src, tmp_path / "work")
    lines = (root / "corpora/wordnet/lexnames").read_text().splitlines()
    assert len(lines) == 45 and lines[0] == "00\tadj.all\t3" and lines[-1] == "44\tadj.ppl\t3"
    assert (root / "corpora/wordnet/index.noun").exists()
