"""Broken benchmark files give one line naming the file and line (exit 2), never a traceback."""

import pytest

from agent.cli import main


@pytest.mark.parametrize(
    "bench, rel, content, needle",
    [
        ("geneval", "geneval/evaluation_metadata.jsonl",
         '{"prompt": "x", "tag": "counting", "include": [{"class": "cat", "count": "two"}]}\n',
         "evaluation_metadata.jsonl:1: include.0.count"),
        ("geneval", "geneval/evaluation_metadata.jsonl", '\n{"prompt": "x"}\n', "evaluation_metadata.jsonl:2: tag"),
        ("lmd", "lmd/lmd_benchmark_prompts.jsonl", "{oops\n", "lmd_benchmark_prompts.jsonl:1: Invalid JSON"),
        ("t2i-compbench", "t2i-compbench/other.txt", "", "cannot read benchmark file"),
    ],
)
def test_broken_benchmark_files_are_one_line_errors(tmp_path, capsys, bench, rel, content, needle):
    path = tmp_path / rel
    path.parent.mkdir(parents=True)
    path.write_text(content)
    assert main(["eval", bench, "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and needle in err[0], err
