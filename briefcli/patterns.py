"""The alias pattern language: literal phrases with groups that expand to a finite list.

``unblock(ing)? (of )?transport (communications|links)`` expands to eight literal phrases.
There are no quantifiers or wildcards, so every pattern is a finite set of strings that the
multi-pattern matcher scans for in linear time: no pattern can backtrack or hang.

A lemma in angle brackets stands for all its inflections: ``<urge> (on|upon)`` is "urge
on", "urges on", "urged on", "urging on", ... (see ``briefcli.lemmas``).

Grammar::

    pattern := sequence
    sequence := (literal | escape | group | lemma)*
    group := "(" sequence ("|" sequence)* ")" "?"?
    lemma := "<" word ">"
    escape := "\\" any character
"""

from __future__ import annotations

MAX_EXPANSIONS = 256


class PatternError(ValueError):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


def expand(pattern: str, limit: int = MAX_EXPANSIONS) -> list[str]:
    """All the literal phrases a pattern stands for, in order, without duplicates."""
    parser = _Parser(pattern, limit)
    results = parser.sequence()
    if parser.pos < len(pattern):
        raise PatternError(f"unmatched {pattern[parser.pos]!r}", parser.pos + 1)
    seen: dict[str, None] = {}
    for phrase in results:
        cleaned = " ".join(phrase.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    if not seen:
        raise PatternError("the pattern matches only empty text", 1)
    return list(seen)


class _Parser:
    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.pos = 0
        self.limit = limit

    def sequence(self) -> list[str]:
        results = [""]
        literal: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in "|)":
                break
            if ch == "\\":
                if self.pos + 1 >= len(self.text):
                    raise PatternError("a trailing backslash escapes nothing", self.pos + 1)
                literal.append(self.text[self.pos + 1])
                self.pos += 2
            elif ch in "(<":
                choices = self.group() if ch == "(" else self.lemma()
                prefix = "".join(literal)
                literal = []
                if len(results) * len(choices) > self.limit:
                    raise PatternError(
                        f"expands to more than {self.limit} phrases; split it into several "
                        "aliases", self.pos)
                results = [r + prefix + c for r in results for c in choices]
            elif ch == "?":
                raise PatternError("'?' must follow a group: write (x)?", self.pos + 1)
            else:
                literal.append(ch)
                self.pos += 1
        tail = "".join(literal)
        return [r + tail for r in results]

    def lemma(self) -> list[str]:
        from briefcli.lemmas import inflections

        opened_at = self.pos
        close = self.text.find(">", self.pos)
        word = self.text[self.pos + 1:close] if close > 0 else ""
        if close < 0 or not word.isalpha():
            raise PatternError("a lemma is one word in angle brackets: <urge>", opened_at + 1)
        self.pos = close + 1
        return list(inflections(word))

    def group(self) -> list[str]:
        opened_at = self.pos
        self.pos += 1
        choices: list[str] = []
        while True:
            choices.extend(self.sequence())
            if self.pos >= len(self.text):
                raise PatternError("unclosed '('", opened_at + 1)
            if self.text[self.pos] == "|":
                self.pos += 1
                continue
            self.pos += 1  # the closing parenthesis
            break
        if self.pos < len(self.text) and self.text[self.pos] == "?":
            self.pos += 1
            choices.append("")
        if len(choices) > self.limit:
            raise PatternError(f"a group with more than {self.limit} alternatives", opened_at + 1)
        return choices
