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
