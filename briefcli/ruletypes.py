"""What a rule pack is made of: frozen dataclasses, and where the pack's files are.

Apart from ``briefcli.rules`` (which loads and validates YAML into these, and re-exports them)
so that tagging with a compiled pack from the cache never imports the loader: a one-file run
needs only these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefcli.errors import RuleError


@dataclass(frozen=True)  # no slots: a __dict__ unpickles much faster (the pack cache)
class Alias:
    """A name or cue of a rule, with the literal phrases its pattern expands to."""

    text: str
    phrases: tuple[str, ...]
    category: str = "alias"  # alias | adjective | capital | cue
    case: str = "proper"
    avoid_near: tuple[str, ...] = ()
    given_name: bool = False
    fuzzy: bool = True
    ambiguous: bool = False
    prefer: bool = False


@dataclass(frozen=True)  # no slots: a __dict__ unpickles much faster (the pack cache)
class Term:
    """A term in office: the role, the state, and the dates (YYYY-MM-DD; None: open)."""

    role: str
    country: str | None
    start: str | None
    end: str | None

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None
                                                                or date <= self.end)


@dataclass(frozen=True)  # no slots: a __dict__ unpickles much faster (the pack cache)
class Rule:
    """One actor, mechanism, position cue or ignore phrase, as the YAML defines it."""

    id: str
    kind: str
    name: str
    type: str | None = None
    country: str | None = None
    role: str | None = None
    aliases: tuple[Alias, ...] = ()
    terms: tuple[Term, ...] = ()
    function: str | None = None
    stance: str | None = None
    parties: tuple[str, ...] = ()
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    origin: str = ""
    notes: str | None = None
    holder: str = "subject"  # positions: "speaker" when the cue judges others ("unacceptable")
    weak: bool = False  # positions: a cue read only where no other stance cue is
    yields: bool = False  # positions: a cue whose stance gives way to a stance verb after it
    office: tuple[str, ...] = ()  # a title ("the Foreign Minister of Armenia"): these roles
    fallback: str | None = None  # the rule a title means when no office holder is known
    headers: tuple[str, ...] = ()  # header lines that mark this actor's own releases


@dataclass(frozen=True, slots=True)
class RulePack:
    """The validated rules, with a fingerprint of the files they came from."""

    rules: tuple[Rule, ...]
    fingerprint: str
    files: tuple[str, ...] = ()

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}



def default_rules_dir() -> Path:
    """The shipped pack: inside the wheel, or ``rules/`` beside the package in a checkout.

    The package's own folder is tried first: importing ``importlib.resources`` costs more than
    a one-file run should, and is needed only when the package is not a plain folder."""
    here = Path(__file__).resolve().parent
    for packaged in (here / "_pack" / "rules", here.parent / "rules"):
        if packaged.is_dir():
            return packaged
    import importlib.resources

    return Path(str(importlib.resources.files("briefcli"))) / "_pack" / "rules"


def rule_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError("no such rule file or folder", str(path), check="path")
    return files
