"""Where the bench data is found: $SCENECRAFT_BENCH_DATA as given, else the nearest ``shared/bench-data``
above the checkout, so a worktree nested one level deeper finds the same folder as the main checkout;
bench/bench_color.py uses the same search."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agent.eval import default_data_dir, shared_bench_data

REPO = Path(__file__).resolve().parents[2]


def _layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """site/shared/bench-data, site/main (a checkout) and site/trees/feature (a worktree one level deeper)."""
    data = tmp_path / "site" / "shared" / "bench-data"
    (data / "geneval").mkdir(parents=True)
    main, tree = tmp_path / "site" / "main", tmp_path / "site" / "trees" / "feature"
    main.mkdir()
    tree.mkdir(parents=True)
    return data, main, tree


def test_a_worktree_and_the_main_checkout_find_the_same_shared_folder(tmp_path):
    data, main, tree = _layout(tmp_path)
    assert shared_bench_data(main) == data.resolve()
    assert shared_bench_data(tree / "bench") == data.resolve()  # from a subfolder of the worktree too
    assert shared_bench_data(tmp_path) is None  # nothing above the site holds one


def test_the_variable_wins_and_a_wrong_one_is_returned_as_given(tmp_path):
    data, _, _ = _layout(tmp_path)
    assert default_data_dir({"SCENECRAFT_BENCH_DATA": str(data)}) == data
    missing = tmp_path / "no-such-folder"
    assert default_data_dir({"SCENECRAFT_BENCH_DATA": str(missing)}) == missing  # the caller names it


def _bench_color():
    spec = importlib.util.spec_from_file_location("bench_color", REPO / "bench" / "bench_color.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_color_defaults_to_the_found_folder_and_names_a_missing_file(tmp_path, monkeypatch, capsys):
    data, _, _ = _layout(tmp_path)
    bench = _bench_color()
    monkeypatch.setenv("SCENECRAFT_BENCH_DATA", str(data))
    assert bench.default_data() == data / "geneval" / "evaluation_metadata.jsonl"
    monkeypatch.setattr("sys.argv", ["bench_color.py"])
    assert bench.main() == 2  # the folder is there, GenEval's metadata file is not
    err = capsys.readouterr().err
    assert "evaluation_metadata.jsonl" in err and "SCENECRAFT_BENCH_DATA" in err


@pytest.mark.skipif(shared_bench_data(REPO) is None, reason="no shared/bench-data above this checkout")
def test_this_checkout_finds_the_shared_geneval_metadata(monkeypatch):
    monkeypatch.delenv("SCENECRAFT_BENCH_DATA", raising=False)
    assert _bench_color().default_data().is_file()
