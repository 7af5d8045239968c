from __future__ import annotations

from pathlib import Path

import pytest

from briefcli.errors import RuleError
from briefcli.rules import load_pack


def write(tmp_path: Path, text: str, name: str = "r.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_norway_codes_and_dates_stay_strings(tmp_path: Path) -> None:
    path = write(tmp_path, """kind: actors
rules:
  - id: NOR
    name: Norway
    type: state
    country: NO
    aliases: [Norway, NO]
  - id: person.x
    name: X
    type: person
    country: NO
    aliases: [Xavier Example]
    terms: [{role: Minister, country: NO, from: 2015-01-02, to: null}]
""")
    pack = load_pack([path], use_default=False).by_id()
    assert pack["NOR"].country == "NO"
    assert [a.text for a in pack["NOR"].aliases] == ["Norway", "NO"]
    assert pack["person.x"].terms[0].start == "2015-01-02"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        pytest.param("kind: actors\nrules:\n  - id: A\n    id: B\n", "duplicate key 'id'", 4,
                     id="duplicate-key"),
        pytest.param("kind: actors\nrules:\n  - id: A\n    name: A\n    type: state\n"
                     "    colour: red\n    aliases: [A]\n", "unknown key 'colour'", 6,
                     id="unknown-key"),
        pytest.param("kind: actors\nrules:\n  - id: A\n    name: A\n    type: planet\n"
                     "    aliases: [A]\n", "'type' must be one of", 5, id="bad-type"),
        pytest.param("kind: mechanisms\nrules:\n  - id: m\n    name: M\n    type: treaty\n"
                     "    aliases: ['peace (treaty']\n", "bad pattern", 6, id="bad-pattern"),
        pytest.param("kind: actors\nrules:\n  - &a {id: A}\n  - *a\n", "anchors and aliases",
                     None, id="anchor"),
        pytest.param("kind: actors\nrules: [\n", "invalid YAML", None, id="syntax"),
        pytest.param("kind: nonsense\nrules: []\n", "'kind' must be one of", 1, id="bad-kind"),
        pytest.param("kind: actors\nrules:\n  - id: A\n    name: A\n    type: state\n",
                     "'aliases' must list", None, id="no-aliases"),
        pytest.param("kind: actors\nrules:\n  - {id: X, extend: true, aliases: [Y]}\n",
                     "no earlier rule defines", 3, id="extend-unknown"),
        pytest.param("kind: actors\nrules:\n  - !!python/object/apply:os.system ['true']\n",
                     "invalid YAML", None, id="python-tag"),
        pytest.param("kind: positions\nrules:\n  - id: s\n    stance: welcome\n"
                     "    weak: sometimes\n    cues: [nice]\n", "'weak' must be true or false",
                     5, id="bad-weak"),
        pytest.param("kind: positions\nrules:\n  - id: s\n    stance: commit\n"
                     "    yields: 1\n    cues: [we will]\n", "'yields' must be true or false",
                     5, id="bad-yields"),
        pytest.param("kind: actors\nrules:\n  - id: A\n    name: A\n    type: state\n"
                     "    aliases: [A]\n    headers: [No, 1]\n", "'headers' must list lines",
                     7, id="bad-headers"),
    ],
)
def test_broken_rule_files_name_file_and_line(tmp_path: Path, text: str, message: str,
                                              line: int | None) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as info:
        load_pack([path], use_default=False)
    assert message in str(info.value)
    assert str(info.value).startswith(path)
    if line is not None:
        assert info.value.line == line


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["kind: actors", "rules:", "  - id: A", "    name: A", "    type: state",
             "    aliases: &a0 [x, x]"]
    for i in range(1, 12):
        lines.append(f"    k{i}: &a{i} [*a{i - 1}, *a{i - 1}]")
    with pytest.raises(RuleError, match="anchors and aliases"):
        load_pack([write(tmp_path, "\n".join(lines) + "\n")], use_default=False)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: actors\nrules: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(RuleError, match="nested"):
        load_pack([path], use_default=False)


def test_later_rule_overrides_by_id_and_extend_adds(tmp_path: Path) -> None:
    base = write(tmp_path, "kind: actors\nrules:\n  - {id: RUS, name: Russia, type: state, "
                           "aliases: [Russia]}\n", "a.yaml")
    override = write(tmp_path, "kind: actors\nrules:\n  - {id: RUS, name: Rossiya, "
                               "type: state, aliases: [Rossiya]}\n"
                               "  - {id: RUS, extend: true, aliases: [RF]}\n", "b.yaml")
    rule = load_pack([base, override], use_default=False).by_id()["RUS"]
    assert rule.name == "Rossiya"
    assert [a.text for a in rule.aliases] == ["Rossiya", "RF"]
    assert [a.case for a in rule.aliases] == ["proper", "exact"]


def test_templates_expand_per_state(small) -> None:  # type: ignore[no-untyped-def]
    rules = small.pack.by_id()
    assert rules["inst.RUS.mfa"].name == "Ministry of Foreign Affairs of Russia"
    assert rules["inst.RUS.mfa"].country == "RUS"
    phrases = {p for a in rules["inst.AZE.mfa"].aliases for p in a.phrases}
    assert "Azerbaijani Foreign Ministry" in phrases
    assert "Ministry of Foreign Affairs of the Republic of Azerbaijan" in phrases
    assert rules["inst.USA.mfa"].name == "US Department of State"


def test_missing_rule_path_is_an_error() -> None:
    with pytest.raises(RuleError, match="no such rule file"):
        load_pack(["/nonexistent/rules.yaml"], use_default=False)


def test_an_extend_adds_header_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: actors\nrules:\n"
                           "  - {id: inst.RUS.mfa, name: MFA, type: institution, country: RUS, "
                           "aliases: [Russian Foreign Ministry]}\n"
                           "  - {id: inst.RUS.mfa, extend: true, headers: ['Press  Service']}\n")
    assert load_pack([path], use_default=False).by_id()["inst.RUS.mfa"].headers == (
        "Press Service",)
