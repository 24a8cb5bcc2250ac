"""Image-level DSG: questions go to a vision LLM (a stub server on 127.0.0.1); a "no" parent makes its children "no"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from test_eval_dsg import ROWS, write_csv

from agent.cli import main
from agent.eval.dsg import load
from agent.eval.dsg_vqa import answer_prompt, find_images, parse_answer, score_images, vlm_asker
from agent.llm.client import LLMConfig
from tests.llm_stub import Reply, StubServer


def yes_unless(*words: str):
    """A deterministic VLM: "no" when the question names one of ``words``, else "Yes."."""

    def script(body: dict) -> Reply:
        content = body["messages"][-1]["content"]
        question = next(c["text"] for c in content if c["type"] == "text")
        assert any(c["type"] == "image_url" and c["image_url"]["url"].startswith("data:image/png;base64,")
                   for c in content)
        return Reply(content="No." if any(w in question.lower() for w in words) else "Yes.")

    return script


def image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 32), (200, 30, 30)).save(path)
    return path


@pytest.fixture
def prompts(tmp_path):
    return load(write_csv(tmp_path / "d.csv", ROWS))


def test_parse_answer():
    assert [parse_answer(t) for t in ("Yes.", "no", "I think: YES", "maybe", "")] == [True, False, True, None, None]


def test_parent_no_makes_children_no_unasked(tmp_path, prompts):
    asked: list[str] = []

    def ask(question: str, img: Path) -> str:
        asked.append(question)
        return "no" if "table?" in question else "yes"

    r = answer_prompt(prompts[0], image(tmp_path / "a.png"), ask)
    assert asked == ["Is there a cat?", "Is there a table?"]  # the relation was not asked
    assert {k: ok for k, (_, ok, _) in r.results.items()} == {1: True, 2: False, 3: False}
    assert "parent 2 answered no" in r.results[3][2] and r.score == pytest.approx(1 / 3)


def test_images_named_by_item_id_or_batch_manifest(tmp_path, prompts):
    flat = tmp_path / "flat"
    image(flat / "vrd_1.png")
    assert find_images(flat, prompts) == {"vrd_1": flat / "vrd_1.png"}
    run = tmp_path / "run"
    image(run / "items" / "a" / "image.png")
    image(run / "items" / "b" / "image.png")
    recs = [{"id": "vrd_1", "status": "ok", "prompt": "a cat on a table", "images": ["items/a/image.png"]},
            {"id": "x", "status": "ok", "prompt": "two red apples", "images": ["items/b/image.png"]}]
    (run / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs) + '{"partial')
    assert find_images(run, prompts) == {"vrd_1": run / "items/a/image.png", "whoops_2": run / "items/b/image.png"}


def test_stub_vlm_scores_per_category_and_source(tmp_path, prompts):
    image(tmp_path / "imgs" / "vrd_1.png")
    image(tmp_path / "imgs" / "whoops_2.jpg")
    with StubServer(yes_unless("red", "on the table")) as server:
        ask = vlm_asker(config=LLMConfig(base_url=server.base_url, model="vlm", timeout=5, max_retries=0))
        rep = score_images(prompts, tmp_path / "imgs", ask=ask, workers=2)
        assert len(server.requests) == 6
    assert rep.level == "image" and rep.scores["entity"] == 1.0 and rep.scores["relation"] == 0.0
    assert rep.scores["attribute"] == 0.0 and rep.scores["other"] == 1.0
    assert rep.scores["prompt mean"] == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert rep.by_source["vrd"]["relation"] == 0.0 and rep.by_source["whoops"]["entity"] == 1.0


def test_cli_images_through_stub_server(tmp_path, capsys, monkeypatch, prompts):
    image(tmp_path / "imgs" / "vrd_1.png")
    path = tmp_path / "d.csv"
    with StubServer(yes_unless("apples")) as server:
        monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("SCENECRAFT_LLM_MAX_RETRIES", "0")
        assert main(["eval", "dsg", "--data", str(path), "--images", str(tmp_path / "imgs"), "--by-source",
                     "--show-failures"]) == 0
        out = capsys.readouterr().out
        assert "dsg (image level, 2 prompts)" in out and "no image for 1 prompt(s), scored 0: whoops_2" in out
        assert "relation" in out and "[entity] 'two red apples': Are there apples? -> no image" in out
        assert main(["eval", "dsg", "--data", str(path), "--images", str(tmp_path / "empty")]) == 2
        assert "is not a folder" in capsys.readouterr().err
        (tmp_path / "empty").mkdir()
        assert main(["eval", "dsg", "--data", str(path), "--images", str(tmp_path / "empty")]) == 2
        assert "no image in" in capsys.readouterr().err


def test_cli_images_vlm_errors_are_one_line(tmp_path, capsys, monkeypatch, prompts):
    image(tmp_path / "imgs" / "vrd_1.png")
    with StubServer([Reply(status=500)]) as server:
        monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("SCENECRAFT_LLM_MAX_RETRIES", "0")
        assert main(["eval", "dsg", "--data", str(tmp_path / "d.csv"), "--images", str(tmp_path / "imgs")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "answered HTTP 500" in err[0]
    (tmp_path / "imgs" / "vrd_1.png").write_bytes(b"not a png")
    monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    assert main(["eval", "dsg", "--data", str(tmp_path / "d.csv"), "--images", str(tmp_path / "imgs")]) == 2
    assert "cannot read image" in capsys.readouterr().err


def test_export_batch_run_then_score_its_images(tmp_path, capsys, monkeypatch, prompts):
    """The documented round trip: --export-prompts, `scenecraft batch` (sketch), then --images on the run folder."""
    data, jsonl, run = tmp_path / "d.csv", tmp_path / "p.jsonl", tmp_path / "run"
    assert main(["eval", "dsg", "--data", str(data), "--export-prompts", str(jsonl)]) == 0
    assert [json.loads(line)["id"] for line in jsonl.read_text().splitlines()] == ["vrd_1", "whoops_2"]
    assert main(["batch", str(jsonl), "--out", str(run)]) == 0
    assert set(find_images(run, prompts)) == {"vrd_1", "whoops_2"}
    capsys.readouterr()
    with StubServer(yes_unless("two")) as server:
        monkeypatch.setenv("SCENECRAFT_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.setenv("SCENECRAFT_LLM_BASE_URL", server.base_url)
        assert main(["eval", "dsg", "--data", str(data), "--images", str(run), "--json"]) == 0
        assert len(server.requests) == 6  # the count question is asked and answered no
    assert json.loads(capsys.readouterr().out)["scores"]["other"] == 0.0


@pytest.mark.parametrize("name", ["../outside.png", "/etc/hostname", "items/../../outside.png", "link/image.png"])
def test_manifest_image_outside_the_folder_is_one_line_error(tmp_path, prompts, name):
    from agent.errors import ScenecraftError

    run = tmp_path / "run"
    image(tmp_path / "outside.png")
    image(run / "items" / "a" / "image.png")
    (run / "link").symlink_to(tmp_path)
    (tmp_path / "image.png").write_bytes((tmp_path / "outside.png").read_bytes())
    rec = {"id": "vrd_1", "status": "ok", "prompt": "a cat on a table", "images": [name]}
    (run / "manifest.jsonl").write_text(json.dumps(rec) + "\n")
    with pytest.raises(ScenecraftError) as exc:
        find_images(run, prompts)
    assert "outside the folder" in str(exc.value) and "\n" not in str(exc.value)
