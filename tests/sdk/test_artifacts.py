import pytest
from PIL import Image

from agent.artifacts import ArtifactStore, read_provenance, write_png_with_provenance
from agent.errors import ValidationError


def test_store_is_content_addressed(tmp_path):
    store = ArtifactStore(tmp_path)
    a = store.put_image(Image.new("RGB", (8, 8), (255, 0, 0)))
    b = store.put_image(Image.new("RGB", (8, 8), (255, 0, 0)))
    c = store.put_image(Image.new("RGB", (8, 8), (0, 0, 255)))
    assert a == b and a.sha256 != c.sha256
    assert store.get_image(a).getpixel((0, 0)) == (255, 0, 0)
    assert store.path_of(a).name == f"{a.sha256}.png"


def test_provenance_round_trip(tmp_path):
    path = write_png_with_provenance(Image.new("RGB", (4, 4)), tmp_path / "x.png",
                                     {"graph": {"nodes": []}, "seed": 3, "models": ["tiny"]})
    prov = read_provenance(path)
    assert prov == {"graph": {"nodes": []}, "seed": 3, "models": ["tiny"]}


def test_plain_png_has_no_provenance(tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "plain.png")
    with pytest.raises(ValidationError, match="no Scenecraft provenance"):
        read_provenance(tmp_path / "plain.png")
    (tmp_path / "junk.png").write_bytes(b"not a png")
    with pytest.raises(ValidationError, match="not a readable image"):
        read_provenance(tmp_path / "junk.png")


def test_background_writes_serve_pixels_at_once_and_land_on_flush(tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    images = [Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)) for _ in range(6)]
    store = ArtifactStore(tmp_path / "bg", writers=3)
    refs = [store.put_image(im) for im in images]
    for ref, im in zip(refs, images, strict=True):  # readable whether or not the file has landed yet
        assert store.has(ref) and store.get_image(ref).tobytes() == im.tobytes()
    store.flush()
    inline = ArtifactStore(tmp_path / "inline", writers=0)
    for ref, im in zip(refs, images, strict=True):
        assert inline.put_image(im) == ref  # the handle names the pixels, not the encoder's threads
        with Image.open(store.path_of(ref)) as on_disk:
            assert on_disk.convert("RGB").tobytes() == im.tobytes()
    assert not list((tmp_path / "bg").rglob(".tmp-*"))


def test_a_failed_background_write_is_reported_and_the_pixels_kept(tmp_path):
    from agent.errors import ScenecraftError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    store = ArtifactStore(blocker, writers=2)
    ref = store.put_image(Image.new("RGB", (8, 8), (0, 128, 0)))
    with pytest.raises(ScenecraftError, match="could not write an artifact"):
        store.flush()
    assert store.get_image(ref).getpixel((0, 0)) == (0, 128, 0)


def test_run_returns_with_pixels_ready_and_files_land_on_flush(tmp_path):
    import pickle

    from agent.engine.executor import Executor
    from agent.graph import OutputRef, TaskGraph
    from agent.registry import default_registry

    store = ArtifactStore(tmp_path, writers=2)
    graph = TaskGraph()
    graph.add("sketch", "sketch.render", scene={"objects": [{"id": "a", "name": "apple", "box": [0.1, 0.1, 0.6, 0.6]}],
                                               "width": 64, "height": 64})
    graph.outputs = [OutputRef(node="sketch", field="image")]
    result = Executor(store=store, registry=default_registry(), progress=False).run(graph)
    ref = result.outputs["sketch"].image
    assert store.get_image(ref).size == (64, 64)  # usable whether or not the write has landed
    store.flush()
    assert store._path(ref.sha256).exists()
    clone = pickle.loads(pickle.dumps(store))
    assert clone.root == store.root and clone.get_image(ref).size == (64, 64)


def test_a_producer_faster_than_the_disk_waits(tmp_path, monkeypatch):
    import threading

    from agent import artifacts

    gate = threading.Event()
    real = artifacts.png_bytes

    def slow_png(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(artifacts, "MAX_PENDING", 2)
    monkeypatch.setattr(artifacts, "png_bytes", slow_png)
    store = ArtifactStore(tmp_path, writers=1)
    store.put_image(Image.new("RGB", (4, 4), (1, 0, 0)))
    store.put_image(Image.new("RGB", (4, 4), (2, 0, 0)))
    third = threading.Thread(target=store.put_image, args=(Image.new("RGB", (4, 4), (3, 0, 0)),))
    third.start()
    third.join(0.3)
    assert third.is_alive()  # two images pending: the third waits for room
    gate.set()
    third.join(10)
    store.flush()
    assert not third.is_alive() and len(list(tmp_path.rglob("*.png"))) == 3
