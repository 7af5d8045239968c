"""Archive statistics: most-mentioned actors and mechanisms, positions, and change over time.

Input is briefcli's own records (dicts, as in its JSON Lines). Each record's period comes
from its briefing date (``meta.date``), else a date or year in the source's file name
(``2020_USA.txt``, ``briefing-2024-03-01.txt``), else the file's modification time; records
with none of these count under "undated".
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:[-_.]?(0[1-9]|1[0-2])(?:[-_.]?([0-3]\d))?)?"
                        r"(?!\d)")
UNDATED = "undated"


@dataclass(frozen=True)
class StatsFilter:
    actors: tuple[str, ...] = ()
    mechanisms: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    holder_field: str = "holder"  # or "on_behalf_of": count the state or body spoken for


@dataclass
class Summary:
    by: str
    holder_field: str = "holder"
    documents: int = 0
    errors: int = 0
    actors: Counter[str] = field(default_factory=Counter)
    actor_docs: Counter[str] = field(default_factory=Counter)
    mechanisms: Counter[str] = field(default_factory=Counter)
    mechanism_docs: Counter[str] = field(default_factory=Counter)
    positions: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    periods: Counter[str] = field(default_factory=Counter)
    actor_series: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    mechanism_series: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    stance_series: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    names: dict[str, str] = field(default_factory=dict)

    def period_list(self) -> list[str]:
        return sorted(p for p in self.periods if p != UNDATED) + (
            [UNDATED] if UNDATED in self.periods else [])

    def to_dict(self) -> dict[str, Any]:
        periods = self.period_list()

        def series(counter: Counter[str]) -> list[int]:
            return [counter.get(p, 0) for p in periods]

        return {
            "schema_version": 1, "by": self.by, "holders": self.holder_field,
            "documents": self.documents, "errors": self.errors, "periods": periods,
            "documents_per_period": series(self.periods),
            "actors": [{"id": k, "name": self.names.get(k, k), "mentions": n,
                        "documents": self.actor_docs[k], "series": series(self.actor_series[k])}
                       for k, n in self.actors.most_common()],
            "mechanisms": [{"id": k, "name": self.names.get(k, k), "mentions": n,
                            "documents": self.mechanism_docs[k],
                            "series": series(self.mechanism_series[k])}
                           for k, n in self.mechanisms.most_common()],
            "positions": [{"holder": h or None, "stance": s, "negated": neg, "count": n}
                          for (h, s, neg), n in self.positions.most_common()],
            "stances": {s: series(c) for s, c in sorted(self.stance_series.items())},
        }

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(("table", "id", "name", "stance", "negated", "period", "count"))
        for kind, series_map in (("actor", self.actor_series),
                                 ("mechanism", self.mechanism_series),
                                 ("stance", self.stance_series)):
            for key in sorted(series_map):
                for period, count in sorted(series_map[key].items()):
                    writer.writerow((kind, key if kind != "stance" else "",
                                     self.names.get(key, key) if kind != "stance" else "",
                                     key if kind == "stance" else "", "", period, count))
        for (holder, stance, negated), count in self.positions.most_common():
            writer.writerow(("position", holder, self.names.get(holder, holder), stance,
                             str(negated).lower(), "", count))
        return buffer.getvalue()


def read_records(path: str) -> Iterator[dict[str, Any]]:
    """briefcli JSON Lines records from a file; a bad line becomes an error record."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                yield {"source": f"{path}:{number}", "error": {"kind": "jsonl",
                                                              "message": str(exc)}}
                continue
            if isinstance(record, dict):
                yield record


def record_date(record: dict[str, Any]) -> str | None:
    meta = record.get("meta") or {}
    if isinstance(meta.get("date"), str):
        return str(meta["date"])
    source = str(record.get("source", ""))
    m = _NAME_DATE.search(os.path.basename(source))
    if m:
        year, month, day = m.group(1), m.group(2) or "01", m.group(3) or "01"
        return f"{year}-{month}-{day}"
    try:
        stamp = os.stat(source).st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(stamp, tz=timezone.utc).strftime("%Y-%m-%d")


def period_of(date: str | None, by: str) -> str:
    if not date:
        return UNDATED
    if by == "year":
        return date[:4]
    if by == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    return date[:7]


def summarise(records: Iterable[dict[str, Any]], by: str, filt: StatsFilter) -> Summary:
    summary = Summary(by, filt.holder_field)
    for record in records:
        if "error" in record:
            summary.errors += 1
            continue
        date = record_date(record)
        if filt.since and (not date or date < filt.since):
            continue
        if filt.until and (not date or date > filt.until):
            continue
        actors = {a["id"]: a for a in record.get("actors", [])}
        mechs = {m["id"]: m for m in record.get("mechanisms", [])}
        if filt.actors and not set(filt.actors) & set(actors):
            continue
        if filt.mechanisms and not set(filt.mechanisms) & set(mechs):
            continue
        positions = [p for p in record.get("positions", []) if _keep_position(p, filt)]
        if filt.stances and not positions:
            continue
        period = period_of(date, by)
        summary.documents += 1
        summary.periods[period] += 1
        _count(summary, actors, filt.actors, period, summary.actors, summary.actor_docs,
               summary.actor_series)
        _count(summary, mechs, filt.mechanisms, period, summary.mechanisms,
               summary.mechanism_docs, summary.mechanism_series)
        for p in positions:
            holder = p.get(filt.holder_field) or ""
            summary.positions[(holder, p["stance"], bool(p.get("negated")))] += 1
            summary.stance_series[p["stance"]][period] += 1
    return summary


def _count(summary: Summary, tags: dict[str, dict[str, Any]], only: tuple[str, ...],
           period: str, mentions: Counter[str], documents: Counter[str],
           series: dict[str, Counter[str]]) -> None:
    for key, item in tags.items():
        if only and key not in only:
            continue
        summary.names.setdefault(key, item.get("name", key))
        mentions[key] += item.get("count", 0)
        documents[key] += 1
        series[key][period] += item.get("count", 0)


def _keep_position(position: dict[str, Any], filt: StatsFilter) -> bool:
    if filt.stances and position.get("stance") not in filt.stances:
        return False
    involved = {position.get("holder"), position.get("on_behalf_of"),
                *position.get("targets", [])}
    if filt.actors and not involved & set(filt.actors):
        return False
    return not (filt.mechanisms and not set(position.get("mechanisms", [])) & set(
        filt.mechanisms))
