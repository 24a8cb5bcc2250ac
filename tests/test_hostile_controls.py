"""Control characters in a prompt and negative seeds: refused at every entry point (command line, batch
file, HTTP) with one line naming the bad value, before anything runs; a batch keeps its good lines."""

from __future__ import annotations

import re

import pytest

from agent.batch.items_file import read_batch_file
from agent.cli import main
from agent.errors import ValidationError
from agent.scene import check_prompt


@pytest.mark.parametrize("prompt, point", [("a kettle\x00 on a stove", "U+0000"),
                                           ("\x1b[31ma red kettle", "U+001B"), ("a bell\x07 rings", "U+0007"),
                                           ("a kettle\x85", "U+0085")])
def test_a_prompt_with_a_control_character_is_refused_naming_it(prompt, point):
    with pytest.raises(ValidationError, match=re.escape(point)):
        check_prompt(prompt)


def test_tabs_and_newlines_are_still_text():
    assert check_prompt("a kettle\ton a stove\r\nnext to a mug") == "a kettle\ton a stove\r\nnext to a mug"


def test_the_command_line_refuses_a_nul_and_a_negative_seed_before_writing(tmp_path, capsys):
    assert main(["run", "a kettle\x00 on a stove", "--out", str(tmp_path / "a")]) == 2
    assert main(["run", "a kettle on a stove", "--seed", "-7", "--out", str(tmp_path / "b")]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(err) == 2 and "U+0000" in err[0] and "--seed -7" in err[1]
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_batch_line_with_an_escape_is_a_bad_line_and_the_others_stay(tmp_path):
    items = tmp_path / "p.txt"
    items.write_text("a kettle on a stove\n\x1b[2Ja toaster\ntwo mugs on a shelf\n", encoding="utf-8")
    batch = read_batch_file(items)
    assert [i.prompt for i in batch.items] == ["a kettle on a stove", "two mugs on a shelf"]
    assert [(e.line, "U+001B" in e.reason) for e in batch.errors] == [(2, True)]


def test_the_server_refuses_a_nul_in_a_prompt(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from agent.server.app import create_app
    from agent.server.limits import ServerSettings

    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "c", workers=0,
                       token=None)
    with TestClient(create_app(s), raise_server_exceptions=False) as c:
        r = c.post("/v1/runs", json={"prompt": "a kettle\x00 on a stove"})
        assert (r.status_code, r.json()["error"]) == (422, "invalid_text") and "U+0000" in r.json()["detail"]
        assert c.app.state.sc.queue.count() == 0


def test_the_server_refuses_an_escape_inside_a_posted_scene(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from agent.server.app import create_app
    from agent.server.limits import ServerSettings

    s = ServerSettings(db=tmp_path / "q.sqlite3", out_dir=tmp_path / "runs", cache_dir=tmp_path / "c", workers=0,
                       token=None)
    box = [0.1, 0.1, 0.5, 0.5]
    text = {"id": "t", "content": "OPEN\x1b[2J", "box": box}
    with TestClient(create_app(s), raise_server_exceptions=False) as c:
        for scene, point in (({"prompt": "a shop\x07 door", "texts": []}, "U+0007"),
                             ({"prompt": "a shop door", "texts": [text]}, "U+001B")):
            r = c.post("/v1/runs", json={"scene": scene})
            assert (r.status_code, r.json()["error"]) == (422, "invalid_text"), r.text
            assert point in r.json()["detail"]
        assert c.post("/v1/runs", json={"scene": {"prompt": "a shop door", "texts": [{**text, "content": "OPEN"}]}
                                        }).status_code == 202
        assert c.app.state.sc.queue.count() == 1
