"""``rules validate`` and ``rules test``: lint rule files and run the examples rules carry.

Problems print as ``file:line:column: message [check-id]``. Checks: ``yaml`` (syntax, duplicate
keys, anchors), ``schema`` and ``required`` (shape and types), ``unknown-key``, ``pattern``
(an alias that does not parse or expands beyond the limit), ``duplicate-id`` (one id defined
twice in the files checked), ``alias-collision`` (one phrase claimed by two rules without
``ambiguous: true`` on both), ``unknown-id`` (an ``extend`` of nothing), ``size``/``depth``.
Patterns cannot be slow: the language has no quantifiers (see ``patterns.py``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from briefcli.errors import RuleError
from briefcli.matcher import Matcher
from briefcli.normalize import normalize_phrase
from briefcli.rules import (
    _build,
    _check_keys,
    _file_rules,
    default_rules_dir,
    load_pack,
    rule_files,
)
from briefcli.yamlsafe import load_yaml


def validate_paths(paths: list[str]) -> tuple[list[str], str]:
    """Every problem found in the files (not just the first), and a one-line summary."""
    targets = paths or [str(default_rules_dir())]
    problems: list[str] = []
    try:
        files = rule_files(targets)
    except RuleError as exc:
        return [str(exc)], "1 problem"
    first_seen: dict[str, str] = {}
    for path in files:
        try:
            doc = load_yaml(path.read_text(encoding="utf-8-sig"), str(path))
            nodes = _file_rules(doc, str(path))
        except (RuleError, OSError, UnicodeDecodeError) as exc:
            problems.append(str(exc) if isinstance(exc, RuleError) else
                            f"{path}: cannot read: {exc} [path]")
            continue
        for _, node, kind in nodes:
            try:
                _check_keys(Path(path), node, kind)
                if node.get("extend") is True or node.get("for_each") is not None:
                    continue
                rule = _build(Path(path), node, kind)
            except RuleError as exc:
                problems.append(str(exc))
                continue
            where = f"{path}:{node.line}:{node.column}"
            if rule.id in first_seen:
                problems.append(f"{where}: id {rule.id!r} is already defined at "
                                f"{first_seen[rule.id]} [duplicate-id]")
            else:
                first_seen[rule.id] = where
    if not problems:
        problems.extend(_pack_problems(paths))
    checked = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    return problems, (f"{checked} checked: {len(problems)} problem"
                      f"{'s' if len(problems) != 1 else ''}")


def _pack_problems(paths: list[str]) -> list[str]:
    """Checks that need the assembled pack: extends, templates, alias collisions."""
    try:
        pack = load_pack(paths, use_default=True) if paths else load_pack()
    except RuleError as exc:
        return [str(exc)]
    claims: dict[tuple[str, str], dict[str, tuple[str, bool]]] = defaultdict(dict)
    for rule in pack.rules:
        if rule.kind == "positions":
            continue
        for alias in rule.aliases:
            for phrase in alias.phrases:
                phrase = normalize_phrase(phrase)
                key = (phrase if alias.case == "exact" else phrase.lower(),
                       "exact" if alias.case == "exact" else "folded")
                previous = claims[key].get(rule.id)
                claims[key][rule.id] = (rule.origin, alias.ambiguous and (previous is None
                                                                           or previous[1]))
    problems = []
    for (phrase, _), owners in sorted(claims.items()):
        if len(owners) < 2 or all(ambiguous for _, ambiguous in owners.values()):
            continue
        ids = sorted(owners)
        origin = owners[ids[1]][0]
        problems.append(f"{origin}: alias {phrase!r} is claimed by {', '.join(ids)}; keep it "
                        "in one rule or mark it 'ambiguous: true' in each [alias-collision]")
    return problems


def run_examples(matcher: Matcher) -> tuple[list[str], int]:
    """Run every rule's examples; return the failures and the number of examples."""
    from briefcli.tagger import tag

    failures: list[str] = []
    total = 0
    for rule in matcher.rules:
        for expected, texts in ((True, rule.examples_match), (False, rule.examples_no_match)):
            for text in texts:
                total += 1
                doc = tag(text, matcher, source=rule.origin)
                fired = {a.id for a in doc.actors} | {m.id for m in doc.mechanisms} | {
                    p.rule for p in doc.positions}
                if rule.kind == "positions" and rule.function != "stance":
                    continue
                if (rule.id in fired) != expected:
                    verb = "did not tag" if expected else "tagged"
                    failures.append(f"{rule.origin}: {'match' if expected else 'no_match'} "
                                    f"example {verb} {rule.id}: {text!r} [example]")
    return failures, total
