"""``index.html``: a static contact sheet of a batch (thumbnails, prompts, status, findings, bad lines).

Every string that came from the prompt file or a worker is HTML-escaped, and every link is a
percent-encoded path relative to the batch folder, so a prompt like ``<script>`` is shown, not run.
The page has no scripts and no external resources; it opens from disk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from agent.artifacts import atomic_write
from agent.batch.items_file import BatchItem, LineError
from agent.batch.manifest import ManifestRecord

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;background:#fafafa;color:#222}
h1{font-size:1.3rem} .summary{margin-bottom:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;overflow-wrap:anywhere}
.card img{width:100%;height:auto;image-rendering:auto;border-radius:4px;background:#eee}
.ok{color:#17702b}.failed{color:#b3261e}.pending{color:#777}
.prompt{font-size:.9rem;margin:.3rem 0}.meta{font-size:.75rem;color:#666}
.err{font-size:.8rem;color:#b3261e;white-space:pre-wrap}
ul.findings{font-size:.75rem;padding-left:1rem;margin:.3rem 0}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;font-size:.85rem}
"""


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _e(text: object) -> str:
    """HTML-escaped, with control characters (a NUL in an id) and lone surrogates shown as escapes."""
    raw = _CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), str(text))
    return html.escape(raw, quote=True)


def _href(rel: str) -> str:
    return quote(rel, safe="/")


def render_index(title: str, items: Sequence[BatchItem], latest: dict[str, ManifestRecord],
                 errors: Sequence[LineError] = ()) -> str:
    """The page as a string; a record's ``thumb.jpg`` (if it has one) is shown, linking to the image.

    Args:
        title: the page's heading (the items file's name).
        items: every item of the batch, in file order (one card each, pending ones too).
        latest: each item id's newest manifest record (its status, images, error).
        errors: lines of the items file that could not be read, listed under the cards.
    """
    done = sum(1 for it in items if latest.get(it.id) and latest[it.id].status == "ok")
    failed = sum(1 for it in items if latest.get(it.id) and latest[it.id].status == "failed")
    cards = []
    for it in items:
        rec = latest.get(it.id)
        status = rec.status if rec else "pending"
        parts = [f'<div class="card" id="{_e(it.name)}">']
        if rec and rec.images:
            src = next((p for p in rec.paths if p.endswith("/thumb.jpg")), rec.images[0])
            parts.append(f'<a href="{_href(rec.images[0])}">'
                         f'<img src="{_href(src)}" alt="{_e(it.prompt)}" loading="lazy"></a>')
            if len(rec.images) > 1:
                links = " ".join(f'<a href="{_href(p)}">{i}</a>' for i, p in enumerate(rec.images))
                parts.append(f'<div class="meta">samples: {links}</div>')
        parts.append(f'<div class="{status}"><b>{_e(status)}</b> '
                     f'<span class="meta">{_e(it.id)} · line {it.line}</span></div>')
        parts.append(f'<div class="prompt">{_e(it.prompt)}</div>')
        if rec:
            parts.append(f'<div class="meta">seed {rec.seed} · {_e(rec.backend)} · {rec.time:.2f}s</div>')
            if rec.error:
                parts.append(f'<div class="err">{_e(rec.error)}</div>')
            if rec.findings:
                lis = "".join(
                    f'<li class="{"ok" if f.ok else "failed"}">{_e(f.check)}: {_e(f.target or "-")} '
                    f'{_e(f.problem)}{(" — " + _e(f.message)) if f.message else ""}</li>' for f in rec.findings)
                parts.append(f'<ul class="findings">{lis}</ul>')
        parts.append("</div>")
        cards.append("".join(parts))
    bad = ""
    if errors:
        rows = "".join(f"<tr><td>{e.line}</td><td>{_e(e.reason)}</td></tr>" for e in errors)
        bad = (f"<h2>Lines that were not run ({len(errors)})</h2>"
               f"<table><tr><th>line</th><th>reason</th></tr>{rows}</table>")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><div class=\"summary\">{len(items)} items: {done} ok, {failed} failed, "
        f"{len(items) - done - failed} pending; {len(errors)} bad lines</div>"
        f"<div class=\"grid\">{''.join(cards)}</div>{bad}</body></html>\n"
    )


def write_index(out: Path, title: str, items: Sequence[BatchItem], latest: dict[str, ManifestRecord],
                errors: Sequence[LineError] = ()) -> Path:
    """Write ``out/index.html`` atomically (a reader never sees half a page); its path.

    Args:
        out: the batch's output folder.
        title, items, latest, errors: as for :func:`render_index`.
    """
    path = out / "index.html"
    atomic_write(path, render_index(title, items, latest, errors).encode("utf-8"))
    return path
