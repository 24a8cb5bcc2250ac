"""``scenecraft batch``: prompt files, bad lines, safe names, manifest, resume after SIGKILL, contact sheet.

Everything runs the real sketch backend at small sizes; the kill tests run the real CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.batch import BatchSettings, LocalRunner, get_runner, run_batch
from agent.batch.items_file import read_batch_file
from agent.batch.manifest import Manifest, ManifestRecord
from agent.batch.worker import Worker, WorkItem, group_items
from agent.cli import main as cli_main
from agent.compiler import register_backend
from agent.compiler.backends import _BUILDERS
from agent.errors import ScenecraftError
from agent.graph import OutputRef, TaskGraph
from agent.util.safe_names import NameAllocator, inside, safe_name
from tests.procenv import pythonpath

REPO = Path(__file__).resolve().parents[2]
SMALL = BatchSettings(width=64, height=64, progress=False)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENECRAFT_CACHE", str(tmp_path / "cache"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


# -- reading prompt files ---------------------------------------------------------------------------
def test_txt_skips_blank_and_comment_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.txt", "\ufeffa red apple\n\n# a comment\n  two blue cups  \n")
    batch = read_batch_file(f)
    assert [(i.line, i.prompt) for i in batch.items] == [(1, "a red apple"), (4, "two blue cups")]
    assert batch.errors == []
    assert len({i.id for i in batch.items}) == 2


def test_jsonl_fields_defaults_and_bad_lines(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.jsonl", """\
{"prompt": "a cat", "id": "cat", "seed": 7, "n": 2, "backend": "sketch", "width": 96, "height": 80}
{"prompt": "a dog", "tag": "single_object"}
{not json
["a list"]
{"id": "no-prompt"}
{"prompt": "a cow", "seed": "seven"}
{"prompt": "a cow", "n": 0}
{"prompt": "   "}
{"prompt": "a hen", "id": "cat"}
{"prompt": "a pig", "seed": true}
""")
    batch = read_batch_file(f)
    cat = batch.items[0]
    assert (cat.id, cat.seed, cat.n, cat.width, cat.height) == ("cat", 7, 2, 96, 80)
    assert batch.items[1].prompt == "a dog" and batch.items[1].seed is None
    assert batch.ignored_fields == ["tag"]
    reasons = {e.line: e.reason for e in batch.errors}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "invalid JSON" in reasons[3]
    assert "JSON object" in reasons[4]
    assert "prompt" in reasons[5]
    assert reasons[6].startswith("seed")
    assert reasons[7].startswith("n")
    assert "empty" in reasons[8]
    assert "duplicate id 'cat' (first on line 1)" in reasons[9]
    assert reasons[10].startswith("seed")


def test_csv_prompt_column_optional_columns_and_bad_rows(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.csv", 'id,prompt,seed,note\nx1,"a red apple, on a table",3,hi\n'
                                   'x2,"a multi\nline prompt",,\nx3,a cup,three,\n,,,\nx4,a dog,1,a,extra\n')
    batch = read_batch_file(f)
    assert [(i.id, i.prompt, i.seed, i.line) for i in batch.items] == [
        ("x1", "a red apple, on a table", 3, 2), ("x2", "a multi\nline prompt", None, 3)]
    reasons = {e.line: e.reason for e in batch.errors}
    assert "seed: 'three' is not an integer" in reasons[5]
    assert "more cells" in reasons[7]
    assert batch.ignored_fields == ["note"]


def test_csv_without_prompt_column_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(ScenecraftError, match="no 'prompt' column"):
        read_batch_file(_write(tmp_path / "p.csv", "text,seed\na cat,1\n"))
    with pytest.raises(ScenecraftError, match="unknown prompt file type"):
        read_batch_file(_write(tmp_path / "p.yaml", "a cat\n"))
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ScenecraftError, match="not UTF-8"):
        read_batch_file(tmp_path / "bad.txt")


def test_auto_ids_are_stable_when_other_lines_change(tmp_path: Path) -> None:
    a = read_batch_file(_write(tmp_path / "a.txt", "a cat\na dog\na cat\n"))
    b = read_batch_file(_write(tmp_path / "b.txt", "a cow\na cat\na dog\n"))
    assert a.items[0].id == b.items[1].id and a.items[1].id == b.items[2].id
    assert a.items[2].id == a.items[0].id + "~2"  # the same prompt twice is two items


# -- safe names ---------------------------------------------------------------------------------------
HOSTILE_IDS = ["../../etc/passwd", "/etc/passwd", "..", ".", "...", "a/../../b", "..\\..\\win", "\x00nul\x00",
               "CON", "con.txt", "index.html", "manifest.jsonl", ".hidden", "~", "-rf", "日本語の名前",
               "é" * 250, "y" * 256, "a/b", "a_b", "A-B", "a-b", "e\u0301", "\u00e9", " ", "💥" * 40]


def test_hostile_ids_stay_inside_out_and_get_distinct_names(tmp_path: Path) -> None:
    lines = [json.dumps({"prompt": f"a red apple {i}", "id": s}) for i, s in enumerate(HOSTILE_IDS)]
    lines += [json.dumps({"prompt": "../../../../tmp/evil " + "red apple " * 60})]  # a long prompt-derived name
    lines += [json.dumps({"prompt": "too long an id", "id": "x" * 5000})]
    f = _write(tmp_path / "evil.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "sub" / "out"
    report = run_batch(f, out, SMALL)
    assert [(e.line, e.reason.split(":")[0]) for e in report.errors] == [(len(lines), "id")]
    assert report.ok == len(HOSTILE_IDS) + 1 and report.failed == 0
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents
               and p != f and "cache" not in p.relative_to(tmp_path).parts]
    assert outside == []
    names = [r["name"] for r in _records(out)]
    assert len(names) == len({n.lower() for n in names}), names
    for n in names:
        assert n == safe_name(n) and len(n.encode()) <= 80 and not n.startswith(".")
        assert (out / "items" / n / "image.png").is_file()
    assert not (out / "index.html").read_text().count("<script")


def test_blank_id_is_a_bad_line(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.jsonl", '{"prompt": "a cat", "id": ""}\n{"prompt": "a dog"}\n')
    batch = read_batch_file(f)
    assert [e.line for e in batch.errors] == [1] and len(batch.items) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_safe_name_is_always_one_harmless_component(text: str) -> None:
    name = safe_name(text)
    assert name and name not in (".", "..") and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith((".", "-")) and len(name.encode("utf-8")) <= 80
    assert safe_name(name) == name
    root = Path("/tmp/scenecraft-root")
    assert inside(root, "items", name).parent == root.resolve() / "items"


def test_name_allocator_is_deterministic_and_case_insensitive() -> None:
    ids = ["a/b", "a-b", "A-B", "x" * 200, "x" * 201]
    first = [NameAllocator().take(i) for i in ids]
    alloc = NameAllocator()
    names = [alloc.take(i) for i in ids]
    assert len({n.lower() for n in names}) == len(ids)
    alloc2 = NameAllocator()
    assert names == [alloc2.take(i) for i in ids]
    assert first[0] == names[0] == "a-b"


def test_inside_refuses_escape(tmp_path: Path) -> None:
    with pytest.raises(ScenecraftError, match="outside"):
        inside(tmp_path, "..", "x")
    with pytest.raises(ScenecraftError, match="outside"):
        inside(tmp_path, "/etc/passwd")


# -- running ----------------------------------------------------------------------------------------
def test_cli_batch_runs_items_reports_bad_lines_and_exit_status(tmp_path: Path, capsys) -> None:
    f = _write(tmp_path / "p.jsonl", '{"prompt": "a red apple", "id": "apple"}\n{oops\n'
                                     '{"prompt": "two blue cups", "id": "cups", "n": 2, "seed": 5}\n'
                                     '{"prompt": "a dog", "backend": "no-such-backend"}\n')
    out = tmp_path / "out"
    rc = cli_main(["batch", str(f), "--out", str(out), "--width", "64", "--height", "64", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 1  # two bad lines
    assert f"{f}:2: invalid JSON" in err and f"{f}:4: unknown backend 'no-such-backend'" in err
    recs = {r["id"]: r for r in _records(out)}
    assert set(recs) == {"apple", "cups"} and all(r["status"] == "ok" for r in recs.values())
    assert recs["cups"]["images"] == ["items/cups/s0/image.png", "items/cups/s1/image.png"]
    from agent.artifacts import read_provenance

    seeds = [read_provenance(out / p)["seed"] for p in recs["cups"]["images"]]
    assert seeds == [5, 6]
    for p in recs["apple"]["paths"]:
        assert (out / p).is_file()
    good = _write(tmp_path / "good.txt", "a red apple\n")
    assert cli_main(["batch", str(good), "--out", str(tmp_path / "o2"), "--width", "64", "--height", "64"]) == 0


def test_existing_batch_needs_resume_and_resume_skips_done(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\na blue cup\n")
    out = tmp_path / "out"
    assert run_batch(f, out, SMALL).ok == 2
    with pytest.raises(ScenecraftError, match="--resume"):
        run_batch(f, out, SMALL)
    _write(f, "a red apple\na blue cup\na green car\n")
    again = run_batch(f, out, BatchSettings(width=64, height=64, resume=True, progress=False))
    assert (again.skipped, again.ok, again.failed) == (2, 1, 0)
    assert len(_records(out)) == 3


def test_failed_items_are_recorded_exit_1_and_retried_on_resume(tmp_path: Path) -> None:
    state = {"broken": True}

    def build(scene, options):  # a real backend whose graph is invalid while "broken"
        g = TaskGraph()
        g.add("sketch", "sketch.render" if not state["broken"] else "no.such_plugin",
              scene=scene.model_dump(mode="json"))
        g.outputs = [OutputRef(node="sketch")]
        return g

    if "test-flaky" not in _BUILDERS:
        register_backend("test-flaky")(build)
    else:
        _BUILDERS["test-flaky"] = build
    f = _write(tmp_path / "p.jsonl", '{"prompt": "a cat", "id": "cat", "backend": "test-flaky"}\n'
                                     '{"prompt": "a dog", "id": "dog"}\n')
    out = tmp_path / "out"
    first = run_batch(f, out, SMALL)
    assert (first.ok, first.failed, first.exit_code) == (1, 1, 1)
    rec = {r["id"]: r for r in _records(out)}["cat"]
    assert rec["status"] == "failed" and "no.such_plugin" in rec["error"] and rec["images"] == []
    assert "no.such_plugin" in (out / "index.html").read_text()
    state["broken"] = False
    second = run_batch(f, out, BatchSettings(width=64, height=64, resume=True, progress=False))
    assert (second.skipped, second.ok, second.failed, second.exit_code) == (1, 1, 0, 0)
    assert Manifest(out / "manifest.jsonl").finished_ids() == {"cat", "dog"}


def test_index_html_escapes_prompts_and_links_existing_files(tmp_path: Path) -> None:
    import html.parser
    from urllib.parse import unquote

    f = _write(tmp_path / "p.jsonl", json.dumps({"prompt": "<script>alert('x')</script> & a cat", "id": "<b>\"q\"</b>"})
               + "\n" + json.dumps({"prompt": "ein Hund über Äpfel", "id": "ü/ß"}) + "\n{bad\n")
    out = tmp_path / "out"
    run_batch(f, out, SMALL)
    page = (out / "index.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;&quot;q&quot;&lt;/b&gt;" in page
    assert "Lines that were not run (1)" in page

    class Links(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.links += [v for k, v in attrs if k in ("src", "href") and v]

    parser = Links()
    parser.feed(page)
    assert len(parser.links) == 4  # a thumbnail and a link per item
    for link in parser.links:
        assert (out / unquote(link)).is_file(), link
    assert any(link.endswith("thumb.jpg") for link in parser.links)


def test_grouping_by_backend_model_steps_and_size() -> None:
    def w(i: str, **kw) -> WorkItem:
        return WorkItem(id=i, name=i, prompt=i, seed=0, **kw)

    items = [w("a"), w("b", backend="sd", model="m1"), w("c"), w("d", backend="sd", model="m1"),
             w("e", backend="sd", model="m2"), w("f", width=64)]
    groups = group_items(items)
    assert [[i.id for i in g.items] for g in groups] == [["a", "c"], ["b", "d"], ["e"], ["f"]]
    assert groups[1].key == ("sd", "m1", None, 512, 512)


def test_manifest_drops_a_partial_last_line(tmp_path: Path) -> None:
    m = Manifest(tmp_path / "manifest.jsonl")
    rec = ManifestRecord(id="a", status="ok", name="a", line=1, prompt="p", seed=0)
    m.open()
    m.append(rec)
    with open(m.path, "ab") as fh:
        fh.write(b'{"id": "b", "status": "o')  # a SIGKILL mid-append
    assert [r.id for r in m.records()] == ["a"]
    m.open()
    m.append(rec.model_copy(update={"id": "c"}))
    assert [r.id for r in m.records()] == ["a", "c"]
    assert m.path.read_text().count("\n") == 2


class ThreadedReversed:
    """A different executor through the same seam: threads, groups in reverse, outcomes out of order."""

    name = "threaded"

    def __init__(self) -> None:
        self.worker = Worker()

    def map_groups(self, groups):
        items = [it for g in reversed(groups) for it in reversed(g.items)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            yield from pool.map(Worker().run_item, items)

    def close(self) -> None:
        pass


def test_executor_seam_gives_the_same_files_as_local(tmp_path: Path) -> None:
    f = _write(tmp_path / "p.jsonl", "\n".join(json.dumps({"prompt": p, "seed": s, **extra}) for p, s, extra in [
        ("a red apple", 1, {}), ("two blue cups and a sign that says 'OPEN'", 2, {"n": 2}),
        ("a green car", 3, {"width": 48}), ("three dogs", 4, {})]) + "\n")
    a = run_batch(f, tmp_path / "a", SMALL, executor=LocalRunner())
    b = run_batch(f, tmp_path / "b", SMALL, executor=ThreadedReversed())
    assert a.ok == b.ok == 4
    ra = {r["id"]: r for r in _records(tmp_path / "a")}
    rb = {r["id"]: r for r in _records(tmp_path / "b")}
    assert list(ra) != list(rb) and set(ra) == set(rb)  # order differs, content must not
    for i, r in ra.items():
        assert r["paths"] == rb[i]["paths"]
        for p in r["images"]:
            assert (tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes()
    with pytest.raises(ScenecraftError, match="unknown executor 'nope'"):
        get_runner("nope")


def test_progress_bar_renders(tmp_path: Path, capsys) -> None:
    f = _write(tmp_path / "p.txt", "a red apple\na blue cup\n")
    run_batch(f, tmp_path / "out", BatchSettings(width=64, height=64, progress=True))
    err = capsys.readouterr().err
    assert "2/2" in err and "ETA" in err


# -- SIGKILL at a random point, then --resume -------------------------------------------------------
PROMPTS = [f"{k} red apples and a blue cup with a sign that says 'NO {i}'" for i, k in
           zip(range(24), [1, 2, 3, 4] * 6, strict=True)]


def _prompt_file(tmp_path: Path, fmt: str) -> Path:
    if fmt == "txt":
        return _write(tmp_path / "p.txt", "\n".join(PROMPTS) + "\n")
    if fmt == "jsonl":
        return _write(tmp_path / "p.jsonl", "\n".join(json.dumps({"prompt": p, "id": f"item {i}", "seed": i})
                                                      for i, p in enumerate(PROMPTS)) + "\n")
    rows = ["prompt,seed"] + [f'"{p}",{i}' for i, p in enumerate(PROMPTS)]
    return _write(tmp_path / "p.csv", "\n".join(rows) + "\n")


def _batch_cmd(f: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "agent.cli", "batch", str(f), "--out", str(out), "--width", "256", "--height",
            "256", "--no-progress", *extra]


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv"])
def test_sigkill_then_resume_does_every_item_exactly_once(tmp_path: Path, fmt: str) -> None:
    rng = random.Random(os.urandom(8))
    f = _prompt_file(tmp_path, fmt)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": pythonpath(REPO)}
    kill_after = rng.randint(1, len(PROMPTS) // 2)
    jitter = rng.uniform(0, 0.03)
    proc = subprocess.Popen(_batch_cmd(f, out), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= kill_after:
            break
        time.sleep(0.002)
    time.sleep(jitter)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    info = f"(kill after {kill_after} items + {jitter:.3f}s)"
    assert proc.returncode == -signal.SIGKILL, f"batch finished before the kill {info}"
    before = Manifest(manifest).records()
    assert kill_after <= len(before) < len(PROMPTS), info

    done = subprocess.run(check=False, args=_batch_cmd(f, out, "--resume"), env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{len(before)} already done" in done.stderr or len(before) < len(Manifest(manifest).records())
    recs = Manifest(manifest).records()
    ids = [r.id for r in recs]
    expected = {i.id for i in read_batch_file(f).items}
    assert len(ids) == len(set(ids)) == len(PROMPTS), f"duplicates or losses {info}: {sorted(ids)}"
    assert set(ids) == expected and all(r.status == "ok" for r in recs)
    assert manifest.read_bytes().endswith(b"\n")
    for r in recs:
        assert (out / r.images[0]).is_file()
    assert len(list((out / "items").iterdir())) == len(PROMPTS)


def test_a_second_driver_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    import fcntl

    f = _write(tmp_path / "p.txt", "a red apple\n")
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".batch.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running driver holds it
    try:
        with pytest.raises(ScenecraftError, match="another 'scenecraft batch' is running"):
            run_batch(f, out, SMALL)
    finally:
        os.close(fd)
    assert run_batch(f, out, SMALL).ok == 1


def test_contact_sheet_lists_findings_escaped() -> None:
    from agent.batch.contact_sheet import render_index
    from agent.batch.items_file import BatchItem
    from agent.findings import Finding

    item = BatchItem(id="sign", prompt="a sign that says 'OPEN'", line=3, name="sign")
    rec = ManifestRecord(id="sign", status="ok", name="sign", line=3, prompt=item.prompt, seed=0,
                         images=["items/sign/image.png"], paths=["items/sign/image.png", "items/sign/thumb.jpg"],
                         findings=[Finding(check="ocr", target="text_1", problem="misspelled", expected="OPEN",
                                           observed="0PEN", message="read <0PEN>"),
                                   Finding(check="color", target="cup_1")])
    page = render_index("t", [item], {"sign": rec})
    assert '<li class="failed">ocr: text_1 misspelled — read &lt;0PEN&gt;</li>' in page
    assert '<li class="ok">color: cup_1 ok</li>' in page
    assert 'src="items/sign/thumb.jpg"' in page and 'href="items/sign/image.png"' in page
    pending = render_index("t", [item], {})
    assert "pending" in pending and "<img" not in pending
