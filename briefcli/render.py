"""The human view on a terminal, with rich.

Every string that comes from a document or a rule file is passed to rich as a ``Text`` after
``safety.visible``: rich never parses it as markup or emoji, and no escape sequence, carriage
return or bidi override from a briefing reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from briefcli.model import Document, ErrorRecord
from briefcli.safety import shorten, visible

T = TypeVar("T")

_STANCE_STYLE = {"support": "green", "welcome": "green", "commit": "cyan", "expect": "cyan",
                 "call": "yellow", "concern": "yellow", "warn": "red", "oppose": "red",
                 "condemn": "red", "deny": "magenta"}


def _t(text: object, style: str = "") -> Text:
    return Text(visible(str(text), one_line=True), style=style)


def document_view(doc: Document, names: Mapping[str, str], explain: bool = False) -> Group:
    meta = doc.meta
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    header.add_row(Text("Source"), _t(doc.source))
    if meta.title:
        header.add_row(Text("Title"), _t(meta.title))
    header.add_row(Text("Date"), _t(meta.date or "—"))
    header.add_row(Text("Speaker"), _t(", ".join(names.get(s, s) for s in meta.speakers)
                                        or "—"))
    header.add_row(Text("Size"), _t(f"{meta.chars:,} characters, {meta.sentences} sentences"))
    parts: list[object] = [Panel(header, title=Text("briefcli"), box=box.ROUNDED, expand=False)]

    if doc.actors:
        table = Table(title=Text("Actors"), box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("Name", "Type", "Country", "Role", "Mentions"):
            table.add_column(column, justify="right" if column == "Mentions" else "left")
        for a in doc.actors:
            table.add_row(_t(a.name), _t(a.type), _t(a.country or ""), _t(a.role or ""),
                          _t(a.count))
        parts.append(table)
    if doc.mechanisms:
        table = Table(title=Text("Mechanisms"), box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("Name", "Type", "Mentions"):
            table.add_column(column, justify="right" if column == "Mentions" else "left")
        for m in doc.mechanisms:
            table.add_row(_t(m.name), _t(m.type), _t(m.count))
        parts.append(table)
    if doc.positions:
        table = Table(title=Text("Positions"), box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("Holder", "Stance", "On", "Evidence"):
            table.add_column(column, overflow="fold")
        for p in doc.positions:
            stance = _t(("not " if p.negated else "") + p.stance,
                        _STANCE_STYLE.get(p.stance, ""))
            about = ", ".join(names.get(x, x) for x in p.targets + p.mechanisms)
            table.add_row(_t(names.get(p.holder, p.holder) if p.holder else "?"), stance,
                          _t(about), Text(shorten(p.evidence, 160)))
        parts.append(table)
    if not (doc.actors or doc.mechanisms or doc.positions):
        parts.append(Text("Nothing tagged.", style="dim"))
    if explain:
        parts.append(explain_view(doc, names))
    for warning in doc.warnings:
        parts.append(_t("warning: " + warning, "yellow"))
    return Group(*parts)  # type: ignore[arg-type]


def explain_view(doc: Document, names: Mapping[str, str]) -> Group:
    """Which rule and alias fired for each tag, with its score; how each holder was found."""
    lines: list[Text] = [Text("Why: mentions", style="bold")]
    mentions = [(m, a.id) for a in doc.actors for m in a.mentions] + [
        (m, k.id) for k in doc.mechanisms for m in k.mentions]
    for m, tag_id in sorted(mentions, key=lambda pair: pair[0].start):
        how = "exact" if m.score == 100 else f"fuzzy {m.score}"
        lines.append(_t(f"  {m.start}-{m.end} \"{m.text}\" -> {names.get(tag_id, tag_id)} "
                        f"[{tag_id}] by alias \"{m.alias}\" ({how}), sentence {m.sentence}"))
    lines.append(Text("Why: positions", style="bold"))
    for p in doc.positions:
        stance = ("not " if p.negated else "") + p.stance
        lines.append(_t(f"  {p.start}-{p.end} \"{p.text}\" -> {stance} by rule {p.rule}; "
                        f"holder {p.holder or '?'} found by {p.holder_via}; "
                        f"sentence {p.sentence}"))
    return Group(*lines)


def error_view(record: ErrorRecord) -> Text:
    return _t(f"{record.source}: {record.kind}: {record.message}", "red")


def make_console(stderr: bool = False, color: str = "auto") -> Console:
    force = True if color == "always" else None
    no_color = color == "never" or None
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False,
                   force_terminal=force, no_color=no_color, soft_wrap=False)


_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return "".join(_SPARKS[0] for _ in values)
    return "".join(_SPARKS[min(7, v * 7 // top)] if v else " " for v in values)


def stats_view(summary: object, top: int) -> Group:
    from briefcli.stats import Summary

    assert isinstance(summary, Summary)
    periods = summary.period_list()
    span = f"{periods[0]} … {periods[-1]}" if periods else "no dated documents"
    head = _t(f"{summary.documents:,} documents ({summary.errors} errors) · by {summary.by}"
              f" · {span}", "bold")
    parts: list[object] = [head]
    for title, counter, docs, series in (
            ("Actors", summary.actors, summary.actor_docs, summary.actor_series),
            ("Mechanisms", summary.mechanisms, summary.mechanism_docs,
             summary.mechanism_series)):
        if not counter:
            continue
        table = Table(title=Text(title), box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("Name", "Id", "Mentions", "Documents", "Bar", "Over time"):
            table.add_column(column, justify="right" if column in ("Mentions", "Documents")
                             else "left")
        most = counter.most_common(top)
        peak = most[0][1] if most else 1
        for key, count in most:
            bar = "█" * max(1, count * 20 // peak)
            table.add_row(_t(summary.names.get(key, key)), _t(key), _t(f"{count:,}"),
                          _t(f"{docs[key]:,}"), Text(bar, style="cyan"),
                          Text(sparkline([series[key].get(p, 0) for p in periods])))
        parts.append(table)
    if summary.positions:
        table = Table(title=Text("Positions"), box=box.SIMPLE_HEAD, title_justify="left")
        for column in ("Holder", "Stance", "Count"):
            table.add_column(column, justify="right" if column == "Count" else "left")
        for (holder, stance, negated), count in summary.positions.most_common(top):
            table.add_row(_t(summary.names.get(holder, holder) or "?"),
                          _t(("not " if negated else "") + stance,
                             _STANCE_STYLE.get(stance, "")), _t(count))
        parts.append(table)
        stances = Table(title=Text("Stances over time"), box=box.SIMPLE_HEAD,
                        title_justify="left")
        stances.add_column("Stance")
        stances.add_column("Total", justify="right")
        stances.add_column("Over time")
        for stance, by_period in sorted(summary.stance_series.items()):
            values = [by_period.get(p, 0) for p in periods]
            stances.add_row(_t(stance, _STANCE_STYLE.get(stance, "")), _t(sum(values)),
                            Text(sparkline(values)))
        parts.append(stances)
    return Group(*parts)  # type: ignore[arg-type]


def progress_bar(results: Iterator[T], total: int | None, color: str) -> Iterator[T]:
    """Wrap an iterator of results in a progress bar on stderr (only called on a terminal)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = make_console(stderr=True, color=color)
    columns = [TextColumn("tagging"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn()]
    import time

    started = time.monotonic()
    with Progress(*columns, console=console, transient=True,
                  disable=not console.is_terminal) as progress:
        task = progress.add_task("tag", total=total, rate="")
        for done, result in enumerate(results, 1):
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(task, advance=1, rate=f"{done / elapsed:,.0f} docs/s")
            yield result
