"""Build agent/vocab/data/nouns.tsv: what kind of thing each English noun names, precomputed from WordNet 3.0.

Why a build step: WordNet takes ~5 s to load through NLTK, far too slow for a planner that must answer in
milliseconds, and the planner only needs one fact per noun ("is this a drawable thing, a person, a setting,
a measure, a quality, an art form...?"). This script reads WordNet once and writes that fact per lemma;
the runtime (agent.vocab.kinds) reads only the generated table.

Source: Debian ``wordnet-base`` (data.*, index.*) and ``wordnet-sense-index`` (index.sense, for sense
counts). NLTK's reader wants them under ``<dir>/corpora/wordnet`` beside a ``lexnames`` file that Debian
lacks, so this script assembles that folder (copies: NLTK refuses symlinks out of its root).

    apt-get install wordnet-base wordnet-sense-index
    .venv/bin/pip install nltk
    .venv/bin/python scripts/build_lexicon.py            # writes agent/vocab/data/nouns.tsv

Output lines: ``lemma<TAB>kind<TAB>alt`` where ``kind`` is the weighted-majority kind over the lemma's
first senses and ``alt`` the best physical kind among them ("-" if none): "sign" is mostly a
communication but also a signboard, so the runtime can tell it apart from "slogan".
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

# lexnames(5WN): number, name, syntactic category (1 noun, 2 verb, 3 adjective, 4 adverb).
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
    "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food",
    "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant",
    "noun.possession", "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state",
    "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition", "verb.communication",
    "verb.competition", "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl"
]
_CAT = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

# Kinds, one letter each in the table. Physical ones can be drawn as an object.
KINDS = {
    "o": "object", "p": "person", "a": "animal", "l": "plant", "f": "food", "b": "body part", "c": "clothing",
    "s": "setting", "r": "art", "u": "substance", "h": "phenomenon", "m": "measure", "q": "quality",
    "t": "time", "g": "group", "x": "communication", "z": "abstraction", "e": "shape", "k": "container",
}
PHYSICAL = set("oplafbcrusk")
# Hypernyms that refine a lexname: the first match in this order wins.
ROOTS = (
    ("k", ("container.n.01", "vessel.n.03", "dish.n.01", "vase.n.01", "crockery.n.01")),
    ("c", ("clothing.n.01", "headdress.n.01", "footwear.n.01", "footwear.n.02", "jewelry.n.01", "garment.n.01",
           "glove.n.02", "mask.n.04", "eyeglasses.n.01")),
    ("s", ("room.n.01", "area.n.05", "thoroughfare.n.01", "geological_formation.n.01", "body_of_water.n.01",
           "land.n.04", "tract.n.01", "vegetation.n.01", "sky.n.01", "landscape.n.01", "field.n.01",
           "location.n.01", "shore.n.01", "land.n.02", "elevation.n.01")),
    ("r", ("graphic_art.n.01", "picture.n.01", "photograph.n.01", "drawing.n.02", "art.n.01", "painting.n.01")),
)
_LEXKIND = {
    "noun.person": "p", "noun.animal": "a", "noun.plant": "l", "noun.food": "f", "noun.body": "b",
    "noun.artifact": "o", "noun.object": "o", "noun.substance": "u", "noun.phenomenon": "h", "noun.quantity": "m",
    "noun.attribute": "q", "noun.time": "t", "noun.group": "g", "noun.location": "s", "noun.communication": "x",
    "noun.shape": "e",
}
MAX_SENSES = 6
_ALT_ORDER = "okcfurlbaps"  # which physical sense stands for the noun when its usual sense is not physical


def wordnet_dir(src: Path, work: Path) -> Path:
    """Assemble ``<work>/corpora/wordnet`` from Debian's files plus a written lexnames file."""
    dest = work / "corpora" / "wordnet"
    dest.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file():
            shutil.copy(f, dest / f.name)
    lines = [f"{i:02d}\t{name}\t{_CAT[name.split('.')[0]]}" for i, name in enumerate(LEXNAMES)]
    (dest / "lexnames").write_text("\n".join(lines) + "\n")
    return work


def sense_kind(synset, closure: dict) -> str:
    """The kind of one sense: lexname first, refined by hypernyms (a room is a setting, a hat clothing)."""
    name = synset.name()
    if name not in closure:
        closure[name] = {s.name() for s in synset.closure(lambda s: s.hypernyms() + s.instance_hypernyms())} | {name}
    hyper = closure[name]
    for kind, roots in ROOTS:
        if hyper.intersection(roots):
            return kind
    return _LEXKIND.get(synset.lexname(), "z")


# A visual symbol is drawn like a made thing: a logo, an icon, a stamp, an emblem (WordNet files them under
# communication), but not a letter or a numeral (written symbols are text) nor a gesture.
GRAPHIC_ROOTS = ("symbol.n.01",)
NOT_GRAPHIC = ("written_symbol.n.01", "language_unit.n.01", "numeral.n.01", "gesture.n.02", "sign.n.02", "award.n.02",
               "academic_degree.n.01", "variable.n.01",
               "mathematical_notation.n.01")


def _graphic(synset, closure: dict) -> bool:
    hyper = closure.get(synset.name()) or {synset.name()}
    return bool(hyper.intersection(GRAPHIC_ROOTS)) and not hyper.intersection(NOT_GRAPHIC)


def lemma_kinds(wn, lemma: str, closure: dict) -> tuple[str, str]:
    """(weighted kind, best physical kind or '-') over the first senses, weighted by tagged counts.

    Several senses, not the first alone: "sign" and "poster" come out as communication on sense 1 only."""
    senses = wn.synsets(lemma, "n")[:MAX_SENSES]
    votes: dict[str, float] = {}
    physical: list[str] = []
    for rank, s in enumerate(senses):
        count = sum(x.count() for x in s.lemmas() if x.name().lower() == lemma)
        kind = sense_kind(s, closure)
        votes[kind] = votes.get(kind, 0.0) + count + (1.0 / (rank + 1))
        if kind in PHYSICAL and rank < 4:
            physical.append(kind)
        elif rank < 4 and _graphic(s, closure):
            physical.append("o")
    best = max(votes, key=lambda k: votes[k]) if votes else "z"
    # a made thing beats a rare metaphoric sense ("mug": a cup, not "a chump" or "a face")
    alt = min(physical, key=_ALT_ORDER.index) if physical else "-"
    return best, alt


ARTIST_ROOT = "artist.n.01"  # painters, sculptors, photographers, illustrators: names people tag styles with


def artist_names(wn) -> list[str]:
    """Lemmas that only name people (every noun sense an instance) and first an artist ("monet", "van gogh";
    not "barber" or "piston", common nouns too): a lone such name in a prompt says whose style, not who is in
    the picture."""
    out = set()
    for lemma in wn.all_lemma_names("n"):
        senses = wn.synsets(lemma, "n")
        if not senses or not all(s.instance_hypernyms() for s in senses):
            continue
        hyper = senses[0].closure(lambda s: s.hypernyms() + s.instance_hypernyms())
        if any(h.name() == ARTIST_ROOT for h in hyper):
            out.add(lemma.lower().replace("_", " "))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet", help="Debian's WordNet folder")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "agent/vocab/data/nouns.tsv"))
    ap.add_argument("--artists", default=str(Path(__file__).resolve().parents[1] / "agent/vocab/data/artists.txt"))
    args = ap.parse_args(argv)
    import nltk

    work = Path(tempfile.mkdtemp(prefix="wn"))
    nltk.data.path.append(str(wordnet_dir(Path(args.wordnet), work)))
    from nltk.corpus import wordnet as wn

    closure: dict = {}
    rows = []
    for lemma in sorted({name.lower() for name in wn.all_lemma_names("n")}):
        if lemma.count("_") > 2 or not lemma[:1].isalpha():
            continue
        kind, alt = lemma_kinds(wn, lemma, closure)
        rows.append(f"{lemma.replace('_', ' ')}\t{kind}\t{alt}")
    Path(args.out).write_text("# lemma\tkind\talt (see scripts/build_lexicon.py; kinds: "
                              + " ".join(f"{k}={v}" for k, v in KINDS.items()) + ")\n" + "\n".join(rows) + "\n")
    artists = artist_names(wn)
    Path(args.artists).write_text("# artists: first noun sense an instance of artist.n.01 (scripts/build_lexicon.py)\n"
                                  + "\n".join(artists) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(rows)} nouns to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
