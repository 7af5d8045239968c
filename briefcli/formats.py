"""Machine and plain-text formats: JSON, JSON Lines, CSV and Markdown (no rich here).

JSON keeps every character of the text (UTF-8, with control, C1 and bidi characters written
as ``\\u`` escapes so that the stream is safe on a terminal). CSV is a long table with one
row per mention, position or error, for pandas, DuckDB or a spreadsheet.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import orjson

from briefcli.model import SCHEMA_VERSION, Document, ErrorRecord
from briefcli.safety import json_safe, needs_json_escapes, shorten, visible

Record = Document | ErrorRecord

CSV_COLUMNS = ("source", "kind", "id", "name", "type", "country", "stance", "negated",
               "holder", "targets", "mechanisms", "start", "end", "text", "sentence", "rule",
               "score", "date", "on_behalf_of")


def to_json(record: Record | dict[str, Any], indent: int | None = None) -> str:
    """The record as JSON: compact, or indented by two spaces.

    orjson writes it straight from the frozen dataclasses (records built and written twice as
    fast as with ``json``, indented ones four times); ``json`` from ``to_dict()`` is the
    reference and the fallback for text orjson refuses (lone surrogates, which only the Python
    API can pass in). Both give the same bytes (tested)."""
    try:
        encoded = orjson.dumps(_orjson_ready(record),
                               option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:
        return to_json_reference(record, indent)
    if not needs_json_escapes(encoded):
        return encoded.decode()
    return json_safe(encoded.decode())


def to_json_reference(record: Record | dict[str, Any], indent: int | None = None) -> str:
    data = record if isinstance(record, dict) else record.to_dict()
    separators = (",", ": ") if indent else (",", ":")
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent, separators=separators))


def _orjson_ready(record: Record | dict[str, Any]) -> Any:
    """``to_dict()`` where it differs from the dataclasses' own fields (counts, the schema
    version); mentions, positions and meta are serialised by orjson as they are."""
    if not isinstance(record, Document):
        return record if isinstance(record, dict) else record.to_dict()
    return {"schema_version": SCHEMA_VERSION, "source": record.source, "meta": record.meta,
            "actors": [{"id": a.id, "name": a.name, "type": a.type, "country": a.country,
                        "role": a.role, "unlisted": a.unlisted, "count": len(a.mentions),
                        "mentions": a.mentions}
                       for a in record.actors],
            "mechanisms": [{"id": m.id, "name": m.name, "type": m.type,
                            "unlisted": m.unlisted, "count": len(m.mentions),
                            "mentions": m.mentions}
                           for m in record.mechanisms],
            "positions": record.positions, "warnings": record.warnings}


def jsonl_line(record: Record) -> str:
    return to_json(record) + "\n"


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def csv_rows(record: Record) -> str:
    out = []
    if isinstance(record, ErrorRecord):
        out.append(_csv_line((record.source, "error", record.kind, "", "", "", "", "", "",
                              "", "", "", "", record.message, "", "", "", "", "")))
        return "".join(out)
    date = record.meta.date or ""
    for actor in record.actors:
        for m in actor.mentions:
            out.append(_csv_line((record.source, "actor", actor.id, actor.name, actor.type,
                                  actor.country or "", "", "", "", "", "", m.start, m.end,
                                  m.text, m.sentence, m.rule, m.score, date, "")))
    for mech in record.mechanisms:
        for m in mech.mentions:
            out.append(_csv_line((record.source, "mechanism", mech.id, mech.name, mech.type,
                                  "", "", "", "", "", "", m.start, m.end, m.text, m.sentence,
                                  m.rule, m.score, date, "")))
    for p in record.positions:
        out.append(_csv_line((record.source, "position", p.stance, "", "", "", p.stance,
                              str(p.negated).lower(), p.holder or "", " ".join(p.targets),
                              " ".join(p.mechanisms), p.start, p.end, p.text, p.sentence,
                              p.rule, "", date, p.on_behalf_of or "")))
    return "".join(out)


def _csv_line(values: tuple[Any, ...]) -> str:
    import csv  # only CSV output needs it

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def markdown(record: Record, names: Mapping[str, str] | None = None) -> str:
    """A readable brief: who is mentioned, which mechanisms, who said what on what."""
    names = {} if names is None else names  # not ``or``: that would count every rule
    if isinstance(record, ErrorRecord):
        return f"## {_md(record.source)}\n\n**Error** ({record.kind}): {_md(record.message)}\n\n"
    meta = record.meta
    lines = [f"## {_md(meta.title or record.source)}", ""]
    facts = [f"Source: `{_md(record.source)}`"]
    if meta.date:
        facts.append(f"Date: {meta.date}")
    if meta.speakers:
        facts.append("Speakers: " + ", ".join(_md(names.get(s, s)) for s in meta.speakers))
    lines += [" · ".join(facts), ""]
    if record.actors:
        lines.append("**Actors:** " + ", ".join(
            f"{_md(a.name)} ({a.type}, {a.count})" for a in record.actors))
        lines.append("")
    if record.mechanisms:
        lines.append("**Mechanisms:** " + ", ".join(
            f"{_md(m.name)} ({m.count})" for m in record.mechanisms))
        lines.append("")
    if record.positions:
        lines.append("**Positions:**")
        lines.append("")
        for p in record.positions:
            holder = _md(names.get(p.holder, p.holder)) if p.holder else "(unresolved)"
            stance = ("not " if p.negated else "") + p.stance
            about = [names.get(t, t) for t in p.targets + p.mechanisms]
            on = f" on {_md(', '.join(about))}" if about else ""
            lines.append(f"- **{holder}** — *{stance}*{on}: “{_md(shorten(p.evidence, 240))}”")
        lines.append("")
    for warning in record.warnings:
        lines.append(f"> warning: {_md(warning)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    text = visible(text, one_line=True)
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text
