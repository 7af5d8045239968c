"""Rule loading and validation: YAML files in, a validated ``RulePack`` out.

Files are read in sorted order, folders recursively (``*.yaml``/``*.yml``). The shipped pack
comes first, then every ``--rules`` path in the order given. A rule whose ``id`` was seen
before replaces it; ``extend: true`` adds to it instead; ``for_each: state`` templates expand
once per state. Any error stops loading: nothing is ever tagged with a half-loaded pack.
The format is documented in ``docs/rules-format.md`` and ``schema/rules.schema.json``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefcli.errors import RuleError
from briefcli.model import STANCES
from briefcli.patterns import PatternError, expand
from briefcli.ruletypes import Alias as Alias
from briefcli.ruletypes import Rule as Rule
from briefcli.ruletypes import RulePack as RulePack
from briefcli.ruletypes import Term as Term
from briefcli.ruletypes import default_rules_dir as default_rules_dir
from briefcli.ruletypes import rule_files as rule_files
from briefcli.yamlsafe import Located, load_yaml

KINDS = ("actors", "mechanisms", "positions", "ignore")
ACTOR_TYPES = ("state", "person", "organization", "institution", "group")
MECHANISM_TYPES = ("treaty", "agreement", "format", "platform", "process", "institution-meeting",
                   "sanctions", "initiative", "organization-body", "declaration", "resolution",
                   "convention", "summit", "forum", "corridor", "dialogue", "mission", "law",
                   "other")
FUNCTIONS = ("stance", "negation", "attribution", "first-person", "journalist", "moderator",
             "neutral")
CASE_MODES = ("exact", "proper", "any")
MAX_PHRASES = 2_000_000

_COMMON_KEYS = {"id", "name", "aliases", "examples", "notes", "sources", "extend", "status"}
_KEYS = {
    "actors": _COMMON_KEYS | {"type", "country", "role", "adjectives", "capitals", "terms",
                              "for_each", "office", "fallback", "headers"},
    "mechanisms": _COMMON_KEYS | {"type", "parties"},
    "positions": _COMMON_KEYS | {"function", "stance", "cues", "holder", "weak", "yields"},
    "ignore": _COMMON_KEYS,
}
_ALIAS_KEYS = {"text", "case", "avoid_near", "given_name", "fuzzy", "ambiguous", "prefer"}
_TERM_KEYS = {"role", "country", "from", "to"}


def load_pack(paths: list[str] | None = None, use_default: bool = True) -> RulePack:
    """Load and validate the shipped pack (unless ``use_default`` is false) plus ``paths``."""
    sources = ([str(default_rules_dir())] if use_default else []) + list(paths or [])
    files = rule_files(sources)
    digest = hashlib.sha256()
    raw: list[tuple[Path, Located, str]] = []
    for path in files:
        try:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
        except OSError as exc:
            raise RuleError(f"cannot read: {exc.strerror or exc}", str(path),
                            check="path") from None
        except UnicodeDecodeError as exc:
            raise RuleError(f"not valid UTF-8 at byte {exc.start}", str(path),
                            check="encoding") from None
        digest.update(str(path).encode() + b"\0" + data + b"\0")
        raw.extend(_file_rules(load_yaml(text, str(path)), str(path)))
    rules = _assemble(raw)
    total = sum(len(a.phrases) for rule in rules for a in rule.aliases)
    if total > MAX_PHRASES:
        raise RuleError(f"the pack expands to {total:,} phrases, more than the "
                        f"{MAX_PHRASES:,} allowed", sources[-1] if sources else "", check="size")
    return RulePack(tuple(rules), digest.hexdigest(), tuple(str(f) for f in files))


def _file_rules(doc: Any, path: str) -> list[tuple[Path, Located, str]]:
    if doc is None:
        return []
    if not isinstance(doc, Located):
        raise RuleError("a rule file must be a mapping with 'kind' and 'rules'", path, 1, 1,
                        "schema")
    unknown = set(doc) - {"kind", "rules"}
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"unknown top-level key {key!r} (expected 'kind' and 'rules')", path,
                        *doc.key_positions[key], "unknown-key")
    kind = doc.get("kind")
    if kind not in KINDS:
        line, col = doc.key_positions.get("kind", (doc.line, doc.column))
        raise RuleError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}", path, line,
                        col, "schema")
    items = doc.get("rules") or []
    if not isinstance(items, list):
        raise RuleError("'rules' must be a list", path, *doc.key_positions["rules"], "schema")
    out = []
    for item in items:
        if not isinstance(item, Located):
            raise RuleError("each rule must be a mapping", path, doc.line, doc.column, "schema")
        out.append((Path(path), item, kind))
    return out


def _fail(message: str, path: Path, node: Located, key: str | None = None,
          check: str = "schema") -> RuleError:
    line, col = node.key_positions.get(key, (node.line, node.column)) if key else (
        node.line, node.column)
    return RuleError(message, str(path), line, col, check)


def _assemble(raw: list[tuple[Path, Located, str]]) -> list[Rule]:
    base: dict[str, Rule] = {}
    templates: list[tuple[Path, Located]] = []
    extensions: list[tuple[Path, Located, str]] = []
    for path, node, kind in raw:
        _check_keys(path, node, kind)
        if node.get("extend") is True:
            extensions.append((path, node, kind))
        elif node.get("for_each") is not None:
            if node.get("for_each") != "state":
                raise _fail("'for_each' supports only 'state'", path, node, "for_each")
            templates.append((path, node))
        else:
            rule = _build(path, node, kind)
            base.pop(rule.id, None)  # a later rule replaces an earlier one, at the end
            base[rule.id] = rule
    states = [r for r in base.values() if r.kind == "actors" and r.type == "state"]
    for path, node in templates:
        for state in states:
            rule = _build(path, _instantiate(node, state), "actors")
            base.setdefault(rule.id, rule)
    for path, node, kind in extensions:
        rule_id = _require_str(path, node, "id")
        if rule_id not in base:
            raise _fail(f"'extend: true' names {rule_id!r}, which no earlier rule defines",
                        path, node, "id", "unknown-id")
        base[rule_id] = _extend(base[rule_id], path, node, kind)
    return list(base.values())


def _check_keys(path: Path, node: Located, kind: str) -> None:
    for key in node:
        if key not in _KEYS[kind]:
            raise _fail(f"unknown key {key!r} for a rule of kind {kind!r}", path, node, key,
                        "unknown-key")


def _require_str(path: Path, node: Located, key: str) -> str:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"'{key}' is required and must be a non-empty string", path, node,
                    key if key in node else None, "required")
    return value.strip()


def _optional_str(path: Path, node: Located, key: str) -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(f"'{key}' must be a string (quote it)", path, node, key)
    return value


def _str_list(path: Path, node: Located, key: str) -> list[Any]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(f"'{key}' must be a list", path, node, key)
    return value


def _build(path: Path, node: Located, kind: str) -> Rule:
    rule_id = _require_str(path, node, "id")
    origin = f"{path}:{node.line}"
    if kind == "positions":
        function = node.get("function", "stance")
        if function not in FUNCTIONS:
            raise _fail(f"'function' must be one of {', '.join(FUNCTIONS)}", path, node,
                        "function")
        stance = node.get("stance")
        if function == "stance" and stance not in STANCES:
            raise _fail(f"'stance' must be one of {', '.join(STANCES)}", path, node,
                        "stance" if "stance" in node else None)
        cues = _aliases(path, node, "cues", "cue")
        if not cues:
            raise _fail("'cues' must list at least one phrase", path, node, None, "required")
        holder = node.get("holder", "subject")
        if holder not in ("subject", "speaker"):
            raise _fail("'holder' must be subject or speaker", path, node, "holder")
        weak = node.get("weak", False)
        if not isinstance(weak, bool):
            raise _fail("'weak' must be true or false", path, node, "weak")
        yields = node.get("yields", False)
        if not isinstance(yields, bool):
            raise _fail("'yields' must be true or false", path, node, "yields")
        return Rule(rule_id, kind, str(node.get("name") or rule_id), aliases=tuple(cues),
                    function=function, stance=stance if function == "stance" else None,
                    holder=holder, weak=weak, yields=yields,
                    examples_match=_examples(path, node, "match"),
                    examples_no_match=_examples(path, node, "no_match"), origin=origin)
    name = rule_id if kind == "ignore" else _require_str(path, node, "name")
    aliases = _aliases(path, node, "aliases", "alias")
    if kind == "actors":
        aliases += _aliases(path, node, "adjectives", "adjective")
        aliases += _aliases(path, node, "capitals", "capital")
    if not aliases:
        raise _fail("'aliases' must list at least one phrase", path, node,
                    "aliases" if "aliases" in node else None, "required")
    rule_type = None
    if kind in ("actors", "mechanisms"):
        rule_type = _require_str(path, node, "type")
        allowed = ACTOR_TYPES if kind == "actors" else MECHANISM_TYPES
        if rule_type not in allowed:
            raise _fail(f"'type' must be one of {', '.join(allowed)}, not {rule_type!r}",
                        path, node, "type")
    country = _optional_str(path, node, "country")
    if kind == "actors" and rule_type == "state" and not country:
        country = rule_id
    return Rule(
        rule_id, kind, name, type=rule_type, country=country,
        role=_optional_str(path, node, "role"), aliases=tuple(aliases),
        terms=tuple(_terms(path, node)),
        parties=tuple(str(p) for p in _str_list(path, node, "parties")),
        examples_match=_examples(path, node, "match"),
        examples_no_match=_examples(path, node, "no_match"), origin=origin,
        notes=node.get("notes") if isinstance(node.get("notes"), str) else None,
        office=tuple(str(o) for o in _str_list(path, node, "office")),
        fallback=_optional_str(path, node, "fallback"),
        headers=_headers(path, node))


def _headers(path: Path, node: Located) -> tuple[str, ...]:
    """``headers``: whole lines ("Office of the Spokesperson"), compared ignoring case."""
    headers = _str_list(path, node, "headers")
    if not all(isinstance(h, str) and h.strip() for h in headers):
        raise _fail("'headers' must list lines of text", path, node, "headers")
    return tuple(" ".join(h.split()) for h in headers)


def _default_case(text: str) -> str:
    has_upper = any(ch.isupper() for ch in text)
    has_lower = any(ch.islower() for ch in text)
    if not has_lower:
        return "exact"
    return "proper" if has_upper else "any"


def _aliases(path: Path, node: Located, key: str, category: str) -> list[Alias]:
    out: list[Alias] = []
    for entry in _str_list(path, node, key):
        options: dict[str, Any] = {}
        if isinstance(entry, Located):
            unknown = set(entry) - _ALIAS_KEYS
            if unknown:
                bad = sorted(unknown)[0]
                raise _fail(f"unknown alias key {bad!r}", path, entry, bad, "unknown-key")
            options = dict(entry)
            text = options.pop("text", None)
            where = entry
        else:
            text = entry
            where = node
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = str(text)
        if not isinstance(text, str) or not text.strip():
            raise _fail(f"each entry of '{key}' must be a non-empty string or have 'text'",
                        path, where, key if where is node else None)
        try:
            phrases = tuple(expand(text))
        except PatternError as exc:
            raise _fail(f"bad pattern {text!r}: {exc} (at character {exc.column})", path,
                        where, key if where is node else "text", "pattern") from None
        case = options.get("case") or _default_case(text)
        if case not in CASE_MODES:
            raise _fail(f"'case' must be one of {', '.join(CASE_MODES)}", path, where, "case")
        avoid = options.get("avoid_near") or []
        if not isinstance(avoid, list) or not all(isinstance(a, str) for a in avoid):
            raise _fail("'avoid_near' must be a list of strings", path, where, "avoid_near")
        flags = {}
        for flag in ("given_name", "fuzzy", "ambiguous", "prefer"):
            value = options.get(flag)
            if value is not None and not isinstance(value, bool):
                raise _fail(f"'{flag}' must be true or false", path, where, flag)
            if value is not None:
                flags[flag] = value
        out.append(Alias(text.strip(), phrases, category, case, tuple(avoid), **flags))
    return out


def _terms(path: Path, node: Located) -> list[Term]:
    out = []
    for entry in _str_list(path, node, "terms"):
        if not isinstance(entry, Located):
            raise _fail("each term must be a mapping with role, country, from, to", path, node,
                        "terms")
        unknown = set(entry) - _TERM_KEYS
        if unknown:
            bad = sorted(unknown)[0]
            raise _fail(f"unknown term key {bad!r}", path, entry, bad, "unknown-key")
        start, end = entry.get("from"), entry.get("to")
        for key, value in (("from", start), ("to", end)):
            if value is not None and (not isinstance(value, str) or not _is_date(value)):
                raise _fail(f"'{key}' must be a date \"YYYY-MM-DD\" (or YYYY-MM, YYYY) or null",
                            path, entry, key)
        out.append(Term(str(entry.get("role") or ""), entry.get("country"),
                        _pad_date(start, "01"), _pad_date(end, "31")))
    return out


def _is_date(value: str) -> bool:
    parts = value.split("-")
    return (1 <= len(parts) <= 3 and len(parts[0]) == 4
            and all(p.isdigit() for p in parts))


def _pad_date(value: str | None, fill: str) -> str | None:
    if value is None:
        return None
    parts = value.split("-")
    while len(parts) < 3:
        parts.append("12" if fill == "31" and len(parts) == 1 else fill)
    return "-".join(parts)


def _examples(path: Path, node: Located, which: str) -> tuple[str, ...]:
    examples = node.get("examples")
    if examples is None:
        return ()
    if not isinstance(examples, Located):
        raise _fail("'examples' must be a mapping with 'match' and 'no_match'", path, node,
                    "examples")
    unknown = set(examples) - {"match", "no_match"}
    if unknown:
        bad = sorted(unknown)[0]
        raise _fail(f"unknown examples key {bad!r}", path, examples, bad, "unknown-key")
    values = examples.get(which) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _fail(f"'examples.{which}' must be a list of strings", path, examples, which)
    return tuple(values)


def _instantiate(node: Located, state: Rule) -> Located:
    names = [a.text for a in state.aliases if a.category == "alias" and not a.ambiguous
             and not (a.case == "exact" and "." in a.text)]
    adjectives = [a.text for a in state.aliases if a.category == "adjective"]
    # Plural demonyms ("Russians") never precede "Foreign Ministry": leave them out.
    adjectives = [a for a in adjectives if not (a.endswith("s") and a[:-1] in adjectives)]

    def fill(text: str) -> list[str]:
        results = [text.replace("{id}", state.id).replace("{name}", state.name)]
        for placeholder, values in (("{alias}", names), ("{adjective}", adjectives)):
            if placeholder in text:
                results = [r.replace(placeholder, v) for r in results for v in values]
        return results

    result = Located()
    result.line, result.column, result.key_positions = node.line, node.column, node.key_positions
    for key, value in node.items():
        if key == "for_each":
            continue
        if key == "aliases":
            expanded: list[Any] = []
            for entry in value:
                text = entry if isinstance(entry, str) else entry.get("text", "")
                for filled in fill(text):
                    if isinstance(entry, Located):
                        copy = Located(entry)
                        copy.line, copy.column = entry.line, entry.column
                        copy.key_positions = entry.key_positions
                        copy["text"] = filled
                        expanded.append(copy)
                    else:
                        expanded.append(filled)
            result[key] = expanded
        elif isinstance(value, str):
            result[key] = (fill(value) or [value])[0]
        else:
            result[key] = value
    result.setdefault("country", state.id)
    return result


def _extend(rule: Rule, path: Path, node: Located, kind: str) -> Rule:
    if kind != rule.kind:
        raise _fail(f"'extend' of {rule.id!r} must be in a file of kind {rule.kind!r}", path,
                    node, "extend")
    extra = _aliases(path, node, "aliases" if kind != "positions" else "cues", "alias")
    if kind == "actors":
        extra += _aliases(path, node, "adjectives", "adjective")
        extra += _aliases(path, node, "capitals", "capital")
    return replace(
        rule,
        name=_optional_str(path, node, "name") or rule.name,
        role=_optional_str(path, node, "role") or rule.role,
        aliases=rule.aliases + tuple(extra),
        terms=rule.terms + tuple(_terms(path, node)),
        examples_match=rule.examples_match + _examples(path, node, "match"),
        examples_no_match=rule.examples_no_match + _examples(path, node, "no_match"),
        headers=rule.headers + (_headers(path, node) if kind == "actors" else ()))
