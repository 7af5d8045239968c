"""The command line: thin wrappers that parse options, call the core, and render.

Exit codes: 0 success; 1 some input could not be read or tagged (the others were);
2 usage error or broken rules (nothing was tagged); 74 the output could not be written;
130 interrupted; 141 output pipe closed.
"""

# No ``from __future__ import annotations`` here: typer reads every command's annotations
# when the app starts, and string annotations it must evaluate (and compile) one by one,
# twice per command: 15 ms of a one-file run, for the 50 options of the 7 commands.
import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from briefcli import __version__
from briefcli.errors import (
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SOME_INPUT_FAILED,
    EXIT_USAGE,
    BriefcliError,
    RuleError,
)
from briefcli.matcher import Matcher
from briefcli.ruletypes import RulePack
from briefcli.safety import visible

if TYPE_CHECKING:
    from briefcli.commands import TagRequest

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

app = typer.Typer(
    name="briefcli", rich_markup_mode=None, no_args_is_help=True, add_completion=False,
    pretty_exceptions_enable=False,
    help="Tag foreign-ministry briefings: who is mentioned, which named mechanisms are in "
         "play, and who holds which position on what.\n\n"
         "Examples:\n\n"
         "  briefcli tag samples/ru-mfa-briefing-2025-03-14.txt\n\n"
         "  briefcli tag archive/ --format jsonl --jobs 2 > tags.jsonl\n\n"
         "  briefcli stats tags.jsonl --by month")
rules_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                        help="List, show, validate and test rules.\n\n"
                             "Example:\n\n  briefcli rules validate my-rules/")
app.add_typer(rules_app, name="rules")


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"
    html = "html"
    feed = "feed"


class TextFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


InputFormatOpt = Annotated[InputFormat | None, typer.Option(
    help="text, jsonl (records with a text field), html (web pages) or feed (RSS, Atom). "
         "Default: by extension (.html .htm .xhtml; .rss .atom, .xml whose root is a feed; "
         ".txt), else by the first bytes; JSON Lines only by this flag.")]
KeepDuplicatesOpt = Annotated[bool, typer.Option(
    "--keep-duplicates", help="Tag a feed item again when its id (guid, id, link) was "
                              "already tagged in this run (feed snapshots repeat items).")]


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    sys.stderr.write(f"briefcli: error: {visible(message, one_line=True)}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"briefcli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")]
          = False) -> None:
    """Tag foreign-ministry briefings."""


RulesOpt = Annotated[list[str] | None, typer.Option(
    "--rules", "-r", help="A rule file or folder to add to (or override) the shipped pack. "
                          "Repeatable.")]
NoDefaultOpt = Annotated[bool, typer.Option(
    "--no-default-rules", help="Use only the rules given with --rules.")]
FuzzyOpt = Annotated[bool, typer.Option(
    "--fuzzy/--no-fuzzy", help="Match transliteration and spelling variants "
                               "approximately (rapidfuzz).")]
UnlistedOpt = Annotated[bool, typer.Option(
    "--unlisted/--listed-only", help="Also find the people, bodies and mechanisms no rule "
                                     "lists (marked unlisted); --listed-only tags only the "
                                     "rules' names, about 1.5x faster on archives.")]
EncodingOpt = Annotated[str | None, typer.Option(
    help="Decode inputs with this encoding (e.g. cp1251) instead of detecting it.")]
DateOpt = Annotated[str | None, typer.Option(
    help="Briefing date YYYY-MM-DD (or YYYY-MM, YYYY); outranks the text's own.")]
IssuerOpt = Annotated[str | None, typer.Option(
    help="The state or organisation the documents speak for: a code, an id or a name "
         "(RUS, org.eu, EU, Russia).")]
SpeakerOpt = Annotated[str | None, typer.Option(
    help="Who speaks in the documents: a person's id or name.")]
NamePatternOpt = Annotated[str | None, typer.Option(
    help="Read context from each file's name, e.g. '{year}_{issuer}.txt'. Fields: "
         "{issuer}, {speaker}, {date}, {year}, {month}, {*}.")]
MaxBytesOpt = Annotated[int, typer.Option(
    min=1, help="Refuse inputs larger than this many bytes.")]
GlobOpt = Annotated[list[str] | None, typer.Option(
    "--glob", help="In folders, tag only files whose name matches (e.g. '*.txt'). "
                   "Repeatable.")]
FilesFromOpt = Annotated[str | None, typer.Option(
    help="Read input paths from this file, one per line (- for stdin).")]
Files0FromOpt = Annotated[str | None, typer.Option(
    help="Read NUL-separated input paths from this file, as find -print0 writes.")]
TextFieldOpt = Annotated[str, typer.Option(help="With --input-format jsonl: the text field.")]
IdFieldOpt = Annotated[str, typer.Option(help="With --input-format jsonl: the id field.")]
FieldOpt = Annotated[list[str] | None, typer.Option(
    "--field", help="With --input-format jsonl: read NAME (issuer, speaker, date, title) "
                    "from FIELD, dotted for nested fields: --field issuer=country. "
                    "Repeatable.")]


def _load(rules: list[str] | None, no_default: bool, compiled: bool,
          threshold: int = 88) -> Matcher | RulePack:
    """The rules a command asked for: compiled (from the cache) for tagging, or the full
    pack with every alias expanded for listing and showing rules. Errors end the command."""
    if no_default and not rules:
        _fail("--no-default-rules needs at least one --rules PATH")
    paths = list(rules or [])
    try:
        if compiled:
            from briefcli.cache import compiled_matcher

            return compiled_matcher(None, threshold, paths=paths, use_default=not no_default)
        from briefcli.rules import load_pack  # the YAML loader: not needed for a cached pack

        return load_pack(paths, use_default=not no_default)
    except RuleError as exc:
        _fail(str(exc))


def _matcher(rules: list[str] | None, no_default: bool, threshold: int = 88) -> Matcher:
    matcher = _load(rules, no_default, True, threshold)
    assert isinstance(matcher, Matcher)
    return matcher


def _pack(rules: list[str] | None, no_default: bool) -> RulePack:
    pack = _load(rules, no_default, False)
    assert isinstance(pack, RulePack)
    return pack


def _archive_request(inputs: list[str] | None, rules: list[str] | None,
                     glob: list[str] | None, input_format: InputFormat | None,
                     field: list[str] | None, **options: Any) -> "TagRequest":
    """The request of a command that reads archives as ``tag`` does (``tag``, ``rules
    suggest``): the option values typer gives, as the plain values the core takes."""
    from briefcli.commands import TagRequest

    return TagRequest(inputs=list(inputs or []), rules=list(rules or []),
                      globs=tuple(glob or ()),
                      input_format=input_format.value if input_format else None,
                      fields=tuple(field or ()), **options)


@app.command()
def tag(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files or folders to tag; - reads stdin.", show_default=False)] = None,
    output_format: Annotated[Format | None, typer.Option(
        "--format", "-f", help="table (default on a terminal), json, jsonl (default in a "
                               "pipe), csv or md.")] = None,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
    fuzzy: FuzzyOpt = True,
    fuzzy_threshold: Annotated[int, typer.Option(
        min=50, max=100, help="Lowest similarity (0-100) a fuzzy match needs.")] = 88,
    unlisted: UnlistedOpt = True,
    encoding: EncodingOpt = None,
    date: DateOpt = None,
    issuer: IssuerOpt = None,
    speaker: SpeakerOpt = None,
    name_pattern: NamePatternOpt = None,
    max_bytes: MaxBytesOpt = 16 * 1024 * 1024,
    glob: GlobOpt = None,
    files_from: FilesFromOpt = None,
    files0_from: Files0FromOpt = None,
    input_format: InputFormatOpt = None,
    keep_duplicates: KeepDuplicatesOpt = False,
    text_field: TextFieldOpt = "text",
    id_field: IdFieldOpt = "id",
    field: FieldOpt = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")] = 0,
    where: Annotated[str | None, typer.Option(
        help="Keep only documents that match, e.g. 'actor=AZE and stance=welcome'. Keys: "
             "actor, mechanism (mentioned); stance, holder, negated (one position).")] = None,
    explain: Annotated[bool, typer.Option(
        help="Show which rule and alias fired for each tag and how holders were found.")]
        = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but results "
                                                              "and errors.")] = False,
    color: Annotated[Color, typer.Option(help="Colour: auto, always or never.")] = Color.auto,
) -> None:
    """Tag briefings: actors, mechanisms and positions, with evidence.

    Examples:

      briefcli tag briefing.txt

      briefcli tag archive/ --glob '*.txt' --format jsonl > tags.jsonl

      find archive -name '*.txt' -print0 | briefcli tag --files0-from - -f csv > tags.csv
    """
    from briefcli.commands import run_tag

    request = _archive_request(
        inputs, rules, glob, input_format, field,
        output_format=output_format.value if output_format else None,
        no_default_rules=no_default_rules, fuzzy=fuzzy, fuzzy_threshold=fuzzy_threshold,
        unlisted=unlisted, encoding=encoding, date=date, max_bytes=max_bytes,
        files_from=files_from, files0_from=files0_from, keep_duplicates=keep_duplicates,
        text_field=text_field, id_field=id_field, issuer=issuer, speaker=speaker,
        name_pattern=name_pattern, jobs=jobs or os.cpu_count() or 1, where=where,
        explain=explain, quiet=quiet, color=color.value)
    _run(lambda: run_tag(request, _matcher(request.rules, request.no_default_rules,
                                             request.fuzzy_threshold)))


@app.command()
def explain(
    inputs: Annotated[list[str], typer.Argument(help="Files to explain; - reads stdin.")],
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
    fuzzy: Annotated[bool, typer.Option("--fuzzy/--no-fuzzy", help="Fuzzy matching.")] = True,
    date: Annotated[str | None, typer.Option(help="Briefing date YYYY-MM-DD.")] = None,
    issuer: Annotated[str | None, typer.Option(
        help="The state or organisation the documents speak for.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Who speaks in the documents.")] = None,
    color: Annotated[Color, typer.Option(help="Colour: auto, always or never.")] = Color.auto,
) -> None:
    """Show, for each tag, the rule and alias that fired, and how each holder was found.

    Example:

      briefcli explain briefing.txt
    """
    from briefcli.commands import TagRequest, run_tag

    request = TagRequest(inputs=inputs, output_format="table", rules=list(rules or []),
                         no_default_rules=no_default_rules, fuzzy=fuzzy, date=date,
                         issuer=issuer, speaker=speaker, jobs=1, explain=True,
                         color=color.value)
    _run(lambda: run_tag(request, _matcher(request.rules, request.no_default_rules)))


@app.command()
def text(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, folders, feeds or pages; - reads stdin.")],
    output_format: Annotated[TextFormat | None, typer.Option(
        "--format", "-f", help="text (the default for one document) or jsonl (the default "
                               "for several: id, input_format, title, date, issuer, "
                               "speaker, link, text).")] = None,
    input_format: InputFormatOpt = None,
    keep_duplicates: KeepDuplicatesOpt = False,
    encoding: Annotated[str | None, typer.Option(
        help="Decode inputs with this encoding instead of detecting it.")] = None,
    max_bytes: Annotated[int, typer.Option(
        min=1, help="Refuse inputs larger than this many bytes.")] = 16 * 1024 * 1024,
    glob: Annotated[list[str] | None, typer.Option(
        "--glob", help="In folders, only files whose name matches. Repeatable.")] = None,
    text_field: Annotated[str, typer.Option(help="With --input-format jsonl: the text field.")]
        = "text",
    id_field: Annotated[str, typer.Option(help="With --input-format jsonl: the id field.")]
        = "id",
) -> None:
    """Print exactly the text that tag reads from each input: every offset of tag refers to it.

    A page's article, each item of a feed, a text file as decoded.

    Examples:

      briefcli text statement.html > statement.txt

      briefcli text feed.rss -f jsonl | briefcli tag --input-format jsonl
    """
    from briefcli.commands import TagRequest
    from briefcli.more_commands import run_text

    request = TagRequest(
        inputs=list(inputs), output_format=output_format.value if output_format else None,
        encoding=encoding, max_bytes=max_bytes, globs=tuple(glob or ()),
        input_format=input_format.value if input_format else None,
        keep_duplicates=keep_duplicates, text_field=text_field, id_field=id_field)
    _run(lambda: run_text(request))


@app.command()
def stats(
    inputs: Annotated[list[str], typer.Argument(
        help="briefcli JSON Lines output, or briefings/folders to tag first.")],
    by: Annotated[str, typer.Option(help="Period: month, quarter or year.")] = "year",
    actor: Annotated[list[str] | None, typer.Option(help="Only these actor ids.")] = None,
    mechanism: Annotated[list[str] | None, typer.Option(
        help="Only these mechanism ids.")] = None,
    stance: Annotated[list[str] | None, typer.Option(help="Only these stances.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    top: Annotated[int, typer.Option(min=1, help="Rows per table.")] = 15,
    holders: Annotated[str, typer.Option(
        help="Count positions by holder (as the text states it: a person, an institution) "
             "or by on_behalf_of (the state or organisation it speaks for).")] = "holder",
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="table, json or csv.")] = "table",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")] = 0,
    color: Annotated[Color, typer.Option(help="Colour: auto, always or never.")] = Color.auto,
) -> None:
    """Summarise an archive: most-mentioned actors and mechanisms, positions over time.

    Examples:

      briefcli stats tags.jsonl --by quarter --mechanism mech.3plus3

      briefcli stats archive/ --actor AZE --stance welcome --since 2020-01-01
    """
    from briefcli.more_commands import StatsRequest, run_stats

    if by not in ("month", "quarter", "year"):
        _fail("--by must be month, quarter or year")
    if output_format not in ("table", "json", "csv"):
        _fail("--format must be table, json or csv")
    if holders not in ("holder", "on_behalf_of"):
        _fail("--holders must be holder or on_behalf_of")
    request = StatsRequest(inputs=inputs, by=by, actors=tuple(actor or ()),
                           mechanisms=tuple(mechanism or ()), stances=tuple(stance or ()),
                           since=since, until=until, top=top, output_format=output_format,
                           rules=list(rules or []), no_default_rules=no_default_rules,
                           jobs=jobs or os.cpu_count() or 1, color=color.value,
                           holder_field=holders)
    _run(lambda: run_stats(request, lambda: _matcher(request.rules, request.no_default_rules)))


@rules_app.command("list")
def rules_list(
    kind: Annotated[str | None, typer.Option(
        help="Only this kind: actors, mechanisms, positions or ignore.")] = None,
    grep: Annotated[str | None, typer.Option(
        help="Only rules whose id, name or an alias contains this text.")] = None,
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
) -> None:
    """List rules: id, kind, type, name and number of phrases.

    Example:

      briefcli rules list --kind mechanisms --grep treaty
    """
    from briefcli.more_commands import rules_list as run

    _run(lambda: run(_pack(rules, no_default_rules), kind, grep))


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="The rule id, e.g. RUS or mech.3plus3.")],
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
) -> None:
    """Show one rule with all its aliases and where it was defined.

    Example:

      briefcli rules show person.maria-zakharova
    """
    from briefcli.more_commands import rules_show as run

    _run(lambda: run(_pack(rules, no_default_rules), rule_id))


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Rule files or folders (default: the shipped pack).")] = None,
) -> None:
    """Check rule files: schema, unknown keys, duplicate ids, aliases claimed twice, patterns.

    Prints file:line:column: message [check] for each problem; exit code 2 if any.

    Example:

      briefcli rules validate my-rules/
    """
    from briefcli.more_commands import rules_validate as run

    _run(lambda: run(list(paths or [])))


@rules_app.command("suggest")
def rules_suggest(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files or folders of an archive; - reads stdin.", show_default=False)] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Write the drafted rules to this file (default: stdout).")]
        = None,
    min_count: Annotated[int, typer.Option(
        min=1, help="Draft a rule for names seen in at least this many documents.")]
        = 2,
    min_mentions: Annotated[int, typer.Option(
        min=0, help="Also draft one for names mentioned at least this many times in all, "
                    "in one document or several (0: documents alone decide).")] = 2,
    kind: Annotated[str, typer.Option(
        help="Which unlisted names to draft: actors or mechanisms (one kind per file).")]
        = "actors",
    rules: RulesOpt = None,
    no_default_rules: NoDefaultOpt = False,
    fuzzy: FuzzyOpt = True,
    encoding: EncodingOpt = None,
    date: DateOpt = None,
    issuer: IssuerOpt = None,
    speaker: SpeakerOpt = None,
    name_pattern: NamePatternOpt = None,
    max_bytes: MaxBytesOpt = 16 * 1024 * 1024,
    glob: GlobOpt = None,
    files_from: FilesFromOpt = None,
    files0_from: Files0FromOpt = None,
    input_format: InputFormatOpt = None,
    keep_duplicates: KeepDuplicatesOpt = False,
    text_field: TextFieldOpt = "text",
    id_field: IdFieldOpt = "id",
    field: FieldOpt = None,
) -> None:
    """Draft YAML rules for the names an archive mentions that no rule lists.

    Most frequent first, with the spellings seen, role and country when known, and example
    sentences from the archive. Review them, then add them with tag --rules FILE.

    Example:

      briefcli rules suggest archive/ --min-count 3 -o drafted.yaml
    """
    from briefcli.suggest import SuggestRequest, run_suggest

    request = _archive_request(
        inputs, rules, glob, input_format, field, no_default_rules=no_default_rules,
        fuzzy=fuzzy, encoding=encoding, date=date, max_bytes=max_bytes, files_from=files_from,
        files0_from=files0_from, keep_duplicates=keep_duplicates, text_field=text_field,
        id_field=id_field, issuer=issuer, speaker=speaker, name_pattern=name_pattern,
        quiet=True)
    suggest = SuggestRequest(request, output, min_count, kind, min_mentions)
    _run(lambda: run_suggest(suggest, _matcher(request.rules, request.no_default_rules)))


@rules_app.command("test")
def rules_test(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Extra rule files or folders whose examples to run (added to the pack).")] = None,
    no_default_rules: NoDefaultOpt = False,
) -> None:
    """Run the examples that rules carry: each 'match' must tag, each 'no_match' must not.

    Example:

      briefcli rules test my-rules/
    """
    from briefcli.more_commands import rules_test as run

    _run(lambda: run(_matcher(list(paths or []), no_default_rules)))


def _run(action) -> None:  # type: ignore[no-untyped-def]
    """Run a command body: map our errors to one line and an exit code, never a traceback."""
    try:
        code = action()
        sys.stdout.flush()  # a full disk shows here, not in the interpreter's last flush
    except BriefcliError as exc:
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except KeyboardInterrupt:
        sys.stderr.write("briefcli: interrupted\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:  # inputs fail as error records: what is left is a path or stdout
        if exc.filename is not None:
            _fail(f"{exc.filename}: {exc.strerror or exc}", EXIT_SOME_INPUT_FAILED)
        _quiet_stdout()
        _fail(f"cannot write output: {exc.strerror or exc}", EXIT_OUTPUT)
    raise typer.Exit(code or EXIT_OK)


def _quiet_stdout() -> None:
    """After EPIPE, point stdout at devnull so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so in one line unless --debug asks for more
        if debug:
            raise
        sys.stderr.write(f"briefcli: internal error: {type(exc).__name__}: "
                         f"{visible(str(exc), one_line=True)} (rerun with --debug for a "
                         "traceback, and please report it)\n")
        sys.exit(70)

