"""Build agent/vocab/data/noun_pictograms.txt: every concrete English noun -> the nearest pictogram.

The sketch draws each object as a pictogram. Names no hand table lists ("retriever", "floor lamp",
"toaster") go to the pictogram of their nearest WordNet hypernym that has one: a retriever is a dog
(🐕), a floor lamp is a lamp (drawn lamp), a toaster is a kitchen appliance (drawn appliance).
Pictograms come from the emoji set's names and aliases (the ``emoji`` package's data) and from the
sketch's own drawn silhouettes (furniture and surfaces: ``@table``, ``@sofa`` ...).

WordNet is read here, once, never at run time (a first query takes ~5 s). It comes from Debian:

    apt-get install wordnet-base wordnet-sense-index
    .venv/bin/python -m pip install -e ".[tables]"     # emoji + nltk
    PYTHONPATH=$PWD .venv/bin/python scripts/build_pictogram_table.py

Output: one line per pictogram, ``<emoji or @shape>\\t<noun>|<noun>|...``, nouns with spaces.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "agent" / "vocab" / "data" / "noun_pictograms.txt"
WORDNET_DIR = Path("/usr/share/wordnet")
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
    "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
    "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant",
    "noun.possession", "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state",
    "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition", "verb.communication",
    "verb.competition", "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]
# Lexicographer files of things one can draw.
PHYSICAL = {"noun.Tops", "noun.animal", "noun.artifact", "noun.body", "noun.food", "noun.object", "noun.person",
            "noun.plant", "noun.substance", "noun.phenomenon", "noun.shape"}
MAX_HOPS = 10  # farther than this, a hypernym is too general to picture the noun

# The sketch's drawn silhouettes, by WordNet synset (they win over any emoji for these and their hyponyms).
SHAPES: dict[str, str] = {
    "table.n.02": "@table", "desk.n.01": "@desk", "counter.n.01": "@counter", "shelf.n.01": "@shelf",
    "bookcase.n.01": "@bookshelf", "bed.n.01": "@bed", "sofa.n.01": "@sofa", "bench.n.01": "@bench",
    "lamp.n.02": "@lamp", "lamp.n.01": "@lamp", "kitchen_appliance.n.01": "@appliance",
    "home_appliance.n.01": "@appliance", "cabinet.n.01": "@cabinet", "chest_of_drawers.n.01": "@cabinet",
    "workbench.n.01": "@counter", "bar.n.03": "@counter", "stall.n.03": "@counter", "booth.n.02": "@counter",
    "marketplace.n.02": "@counter", "shelf.n.02": "@shelf", "stand.n.04": "@table", "table.n.03": "@table",
    "mixer.n.04": "@appliance", "appliance.n.02": "@appliance", "hydrant.n.02": "@hydrant",
    "parking_meter.n.01": "@meter",
}
# Broad categories with no emoji of their own: the picture their members share (the nearest wins, so
# a "hound" is still a dog and only an unlisted mammal becomes a paw print).
GENERIC: dict[str, str] = {
    "food.n.01": "🍲", "food.n.02": "🍲", "edible_fruit.n.01": "🍎", "fruit.n.01": "🍎", "vegetable.n.01": "🥕",
    "container.n.01": "📦", "device.n.01": "⚙", "vehicle.n.01": "🚗", "clothing.n.01": "👕",
    "building.n.01": "🏢", "housing.n.01": "🏠",
    # too broad to picture: a framework, a mounting, a wall or a room are structures (the emoji named
    # "construction" lands here); their members are drawn neutral unless a nearer class pictures them
    "structure.n.01": "@thing", "animal.n.01": "🐾", "insect.n.01": "🐜",
    "vascular_plant.n.01": "🪴", "equipment.n.01": "🧰", "tool.n.01": "🛠", "furniture.n.01": "@cabinet",
    "tower.n.01": "🗼", "armor.n.01": "🛡", "starfish.n.01": "⭐", "head.n.01": "👤", "torso.n.01": "👕",
    "knee.n.01": "🦵", "headdress.n.01": "🎩", "footwear.n.02": "👟", "bag.n.01": "👜", "bag.n.04": "👜",
    "electronic_equipment.n.01": "📟", "musical_instrument.n.01": "🎷", "weapon.n.01": "🗡",
    "vessel.n.02": "⛵", "aircraft.n.01": "✈", "toy.n.03": "🧸", "ball.n.01": "⚽", "box.n.01": "📦",
    "cellular_telephone.n.01": "📱", "telephone.n.01": "☎", "computer.n.01": "💻", "display.n.06": "🖥",
    "monitor.n.04": "🖥", "picture.n.01": "🖼", "painting.n.01": "🖼", "sculpture.n.01": "🗿",
    "statue.n.01": "🗿", "mammal.n.01": "🐾", "reptile.n.01": "🦎", "flower.n.01": "🌸",
    "arm.n.01": "💪", "hand.n.01": "✋", "cap.n.01": "🧢", "stairs.n.01": "🪜",
    "step.n.04": "🪜", "ladder.n.01": "🪜", "body_part.n.01": "🧍", "bedclothes.n.01": "🛏", "pillow.n.01": "🛏",
    "mattress.n.01": "🛏", "curtain.n.01": "@curtain", "floor_cover.n.01": "@rug", "fabric.n.01": "🧶",
    "flame.n.01": "🔥", "roof.n.01": "🏠",
    "stalk.n.02": "🌱", "tunnel.n.01": "🚇", "figurine.n.01": "🗿", "canyon.n.01": "🏜", "shop.n.01": "🏪",
    "natural_elevation.n.01": "⛰", "racket.n.04": "🎾", "sports_equipment.n.01": "⚽", "drop.n.02": "💧",
    # class pictures for what no nearer seed covers (issue 15, second round): a person, a picture, a rod ...
    "person.n.01": "🧍", "representation.n.02": "🖼", "artwork.n.01": "🖼", "rod.n.01": "@pole",
    "implement.n.01": "🛠", "line.n.18": "🪢", "fluid.n.01": "💧", "liquid.n.03": "💧",
    "picture_frame.n.01": "🖼", "ceramic_ware.n.01": "🏺",
    "flower_arrangement.n.01": "💐", "shopfront.n.01": "🏪", "district.n.01": "🏘", "paint.n.01": "🎨",
    "platform.n.01": "@lowtable", "stretcher.n.03": "@bed", "upright.n.01": "@pole", "range_pole.n.01": "@pole",
    # the last class: a physical object no nearer class pictures is drawn as a generic solid, not a box
    "object.n.01": "@thing",
}
# Abstract synsets whose hyponyms are still drawable things in an image prompt (an illustration, a poster, a school
# district): senses under these count as concrete.
PICTURED_ROOTS = {"artwork.n.01", "district.n.01", "sign.n.02"}
# When a lemma's most frequent sense is abstract but tagged fewer times than this, its untagged concrete
# senses are still used ("cream" the food, "silhouette" the drawing); "vector" (13 tags) stays abstract.
WEAK_ABSTRACT = 6
# Nouns whose most frequent concrete sense is not the one people picture in an image prompt.
NOUN_SENSES: dict[str, str] = {
    "monitor": "monitor.n.04", "bike": "bicycle.n.01", "head": "head.n.01", "plant": "plant.n.02",
    "screen": "screen.n.03", "glass": "glass.n.02", "pot": "pot.n.01", "toy": "toy.n.03",
    "frame": "picture_frame.n.01", "arms": "arm.n.01",
}
# Emoji whose name is ambiguous in WordNet: the sense the picture shows.
SENSES: dict[str, str] = {
    "computer mouse": "mouse.n.04", "bat": "bat.n.01", "crane": "crane.n.05", "seal": "seal.n.09",
    "tie": "necktie.n.01", "necktie": "necktie.n.01", "glasses": "spectacles.n.01", "watch": "watch.n.01",
    "remote": "remote_control.n.01", "key": "key.n.01", "ring": "ring.n.08", "ball": "ball.n.01",
    "palm tree": "palm.n.03", "bow": "bow.n.04", "bank": "bank.n.09", "ram": "ram.n.05", "drum": "drum.n.01",
    "nut": "nut.n.01", "pepper": "pepper.n.04", "hot pepper": "pepper.n.04", "mushroom": "mushroom.n.05",
    "tent": "tent.n.01", "plate": "plate.n.04", "pen": "pen.n.01", "bucket": "bucket.n.01",
    "television": "television_receiver.n.01", "chair": "chair.n.01", "mouse": "mouse.n.01", "fan": "fan.n.01",
    "kite": "kite.n.03", "lock": "lock.n.01", "plant": "plant.n.02", "flower": "flower.n.01", "bell": "bell.n.01",
    "post office": "post_office.n.02",
}
# Words of an emoji name that say nothing about which sense of its head noun it shows.
FUNCTION_WORDS = {"on", "of", "in", "with", "and", "the", "a", "at", "to", "over", "under"}
# Emoji names that would picture too broad a WordNet noun ("man" is not every male person's emoji...).
SKIP_NAMES = {"object", "thing", "face", "person", "people"}


def load_wordnet(tmp: Path) -> Any:
    """NLTK's reader over Debian's WordNet 3.0 files (NLTK wants corpora/wordnet and a lexnames file)."""
    import nltk

    corpus = tmp / "corpora" / "wordnet"
    corpus.mkdir(parents=True)
    for f in WORDNET_DIR.iterdir():  # copies: NLTK refuses links that leave its root
        shutil.copyfile(f, corpus / f.name)
    cat = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
    (corpus / "lexnames").write_text("".join(f"{i:02d}\t{n}\t{cat[n.split('.')[0]]}\n" for i, n in enumerate(LEXNAMES)))
    nltk.data.path.insert(0, str(tmp))
    from nltk.corpus import wordnet as wn

    wn.ensure_loaded()
    return wn


def physical(synsets: list[Any]) -> list[Any]:
    return [s for s in synsets if s.lexname() in PHYSICAL or under_pictured_root(s)]


def under_pictured_root(synset: Any) -> bool:
    """An abstract synset that is drawable all the same: a hyponym of a ``PICTURED_ROOTS`` synset."""
    if synset.lexname() not in ("noun.communication", "noun.location"):
        return False
    return any(h.name() in PICTURED_ROOTS for h in synset.closure(lambda x: x.hypernyms()))


def emoji_names() -> list[tuple[str, str]]:
    """(name, emoji) for single pictograms in the emoji set, names and aliases in plain words."""
    import emoji

    out: list[tuple[str, str]] = []
    for ch, data in emoji.EMOJI_DATA.items():
        ch = ch.replace("\ufe0f", "")
        if data.get("status") not in (2, 4) or data.get("E", 99) > 15 or len(ch) > 3:
            continue  # not in Noto Color Emoji 2.042 (Emoji 15), or a long sequence
        if any(0x1F3FB <= ord(c) <= 0x1F3FF for c in ch):  # skin tones
            continue
        if any(0x1F1E6 <= ord(c) <= 0x1F1FF for c in ch) or any(c in "0123456789#*" for c in ch):
            continue  # flags and keycaps
        for name in [data["en"], *data.get("alias", [])]:
            words = name.strip(":").replace("_", " ").replace("-", " ").lower()
            if words.isascii() and words not in SKIP_NAMES:
                out.append((words, ch))
    return out


def resolve(wn: Any, name: str) -> Any | None:
    """The synset an emoji name pictures: an explicit sense, the name's own first concrete sense, or the
    head noun's sense whose gloss or hypernyms mention the modifier ('computer mouse', 'billed cap')."""
    if name in SENSES:
        return wn.synset(SENSES[name])
    own = physical(wn.synsets(name.replace(" ", "_"), "n"))
    if own:
        return own[0]
    words = name.split()
    if len(words) < 2 or len(words) > 3:
        return None
    heads = physical(wn.synsets(words[-1], "n"))
    mods = {w for w in words[:-1] if w not in FUNCTION_WORDS}  # "umbrella on ground": "on" says nothing
    for s in heads:
        text = s.definition().lower() + " " + " ".join(h.name() for h in s.closure(lambda x: x.hypernyms()))
        if any(m in text for m in mods):
            return s
    return None


def rank(name: str, ch: str, synset: Any) -> tuple[int, int, int, int]:
    """Lower is better: exact lemma over a head-noun match, whole bodies over faces, one code point
    over a joined sequence (which an old font may draw as two pictures), short names."""
    exact = name.replace(" ", "_") in synset.lemma_names()
    return (0 if exact else 1, 1 if "face" in name else 0, len(ch), len(name))


def agreed_senses(wn: Any, names: list[tuple[str, str]]) -> list[tuple[str, str, Any]]:
    """(name, emoji, synset) where the synset is one most of that emoji's names picture: one emoji shows one
    thing, so a joke alias naming another ("hankey" for the pile of poo) does not seed a handkerchief."""
    resolved = [(name, ch, resolve(wn, name)) for name, ch in names]
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, ch, s in resolved:
        if s is not None:
            votes[ch][s.name()] += 1
    return [(n, ch, s) for n, ch, s in resolved if s is not None and votes[ch][s.name()] == max(votes[ch].values())]


def seed(wn: Any, manual: dict[str, str]) -> dict[str, str]:
    """synset name -> pictogram, from the drawn shapes, the hand table and the emoji set."""
    picks: dict[str, tuple[tuple[int, ...], str]] = {}
    for name, ch, s in agreed_senses(wn, emoji_names()):
        if s is not None:
            r = rank(name, ch, s)
            if s.name() not in picks or r < picks[s.name()][0]:
                picks[s.name()] = (r, ch)
    for name, ch in manual.items():  # the hand table's choice wins for its own sense
        s = resolve(wn, name)
        if s is not None:
            picks[s.name()] = ((-1,), ch)
    table = {k: v for k, (_, v) in picks.items()}
    table.update(GENERIC)
    table.update(SHAPES)
    return table


def common(synset: Any, lemma: str) -> bool:
    """A common-noun sense of ``lemma``: not a named instance ("Crane") nor a nationality ("Pole"); a
    capitalised breed ("Chihuahua") is still a dog."""
    if synset.instance_hypernyms():
        return False
    return lemma in synset.lemma_names() or synset.lexname() != "noun.person"


def preference(synset: Any, lemma: str) -> tuple[int, int]:
    """Sort key of a lemma's senses: tagged frequency first; among never-tagged senses an object before a
    person, so a "toaster" is the appliance, not someone proposing a toast (WordNet's first sense)."""
    count = sum(x.count() for x in synset.lemmas() if x.name() == lemma)
    return (-count, 1 if count == 0 and synset.lexname() == "noun.person" else 0)


def concrete_senses(wn: Any, lemma: str) -> list[Any]:
    """The lemma's concrete senses, most likely first. When its most frequent sense is abstract ("letter",
    "poster"), a concrete sense counts only if it was ever tagged: a rare "poster" (a post horse) must not
    turn every poster into a horse."""
    every = [s for s in wn.synsets(lemma, "n") if common(s, lemma)]
    if not every:
        return []
    ranked = sorted(every, key=lambda s: preference(s, lemma))
    concrete = physical(ranked)
    top_tags = -preference(ranked[0], lemma)[0]
    if not physical(ranked[:1]) and top_tags >= WEAK_ABSTRACT:
        concrete = [s for s in concrete if preference(s, lemma)[0] < 0]
    return concrete


def hops_to_picture(synset: Any, seeds: dict[str, str]) -> tuple[int, str | None]:
    """(hops to the nearest seeded hypernym, its picture); the generic solid counts as farthest."""
    frontier, seen = [synset], {synset.name()}
    for hop in range(MAX_HOPS + 1):
        hits = [s for s in frontier if s.name() in seeds]
        if hits:  # two paths meet seeds at once (a grouse is a game animal and a bird): the deeper, more specific
            best = max(hits, key=lambda s: (s.min_depth(), s.name()))
            pic = seeds[best.name()]
            return (MAX_HOPS + 1 if pic == "@thing" else hop), pic
        frontier = [h for s in frontier for h in s.hypernyms() + s.instance_hypernyms() if h.name() not in seen]
        seen.update(h.name() for h in frontier)
    return MAX_HOPS + 2, None


def pick(senses: list[Any], seeds: dict[str, str], lemma: str) -> str | None:
    """The picture of the most likely sense: tagged senses in frequency order; then never-tagged senses in
    their order (objects before persons), where a sense with an emoji of its own beats one with only a
    class picture ("fang": a tooth 🦷, not a generic body part); the generic solid only when no sense has
    anything better. A class picture never replaces a likelier sense that is a plain thing when it is of
    another kind (a person, an animal, a body part) or never tagged while the plain sense often was; no
    never-tagged sense's picture replaces a tagged plain thing."""
    generic = set(GENERIC.values())
    untagged: list[str] = []
    plain_kinds: set[str] = set()  # lexnames of likelier senses that are plain things (the generic solid)
    plain_tags = 0  # how often the likeliest plain sense was tagged
    for s in senses:
        hop, pic = hops_to_picture(s, seeds)
        tags = -preference(s, lemma)[0]
        if pic is None or pic == "@thing":  # a plain thing: nothing pictures it but the generic solid
            plain_kinds.add(s.lexname())
            plain_tags = max(plain_tags, tags)
        if pic is None or pic == "@thing":
            continue
        if tags == 0 and plain_tags >= WEAK_ABSTRACT:
            untagged.append("@thing")  # a rare (vulgar) sense's emoji never beats an often-tagged plain thing:
            continue  # "dirt" is soil drawn neutral, never 💩
        if hop == 0 or pic not in generic:  # the sense's own picture ("legs": 🦵), or a specific one
            return pic
        if plain_kinds and (s.lexname() not in plain_kinds or (tags == 0 and plain_tags >= WEAK_ABSTRACT)):
            continue  # a "fence" is a barrier, not the 🧍 of a receiver of loot; a "surface" is no ⚙ airfoil
        if tags > 0:
            return pic
        untagged.append(pic)
    if untagged:
        return untagged[0]
    return "@thing" if any(hops_to_picture(s, seeds)[1] == "@thing" for s in senses) else None


def build(wn: Any, manual: dict[str, str]) -> dict[str, str]:
    """noun -> pictogram for every lowercase one-to-three-word lemma of a concrete WordNet noun."""
    seeds = seed(wn, manual)
    out: dict[str, str] = {}
    for lemma in sorted(wn.all_lemma_names("n")):
        if not lemma.islower() or lemma.count("_") > 2 or any(c.isdigit() for c in lemma):
            continue
        senses = [wn.synset(NOUN_SENSES[lemma])] if lemma in NOUN_SENSES else concrete_senses(wn, lemma)
        pic = pick(senses, seeds, lemma)
        if pic is not None:
            out[lemma.replace("_", " ")] = pic
    for name, ch in sorted(emoji_names(), key=lambda nc: len(nc[1])):  # names WordNet lacks: "ramen", "moai"
        if len(name.split()) <= 2:
            out.setdefault(name, ch)
    return out


def write(table: dict[str, str], path: Path) -> None:
    """Grouped by picture; a multiword noun whose last word already gives its picture is left out (the
    sketch looks up shorter tails: 'sports car' -> 'car')."""
    groups: dict[str, list[str]] = defaultdict(list)
    for noun, pic in table.items():
        words = noun.split()
        if len(words) > 1 and table.get(words[-1]) == pic:
            continue
        groups[pic].append(noun)
    lines = [f"{pic}\t{'|'.join(sorted(nouns))}" for pic, nouns in sorted(groups.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# noun -> pictogram, built by scripts/build_pictogram_table.py from WordNet 3.0 and the emoji "
                    "set; do not edit\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from agent.vocab.pictograms import EMOJI

    with tempfile.TemporaryDirectory() as tmp:
        wn = load_wordnet(Path(tmp))
        table = build(wn, EMOJI)
    write(table, args.out)
    print(f"{len(table)} nouns -> {len(set(table.values()))} pictograms in {args.out} "
          f"({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
