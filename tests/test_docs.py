"""The documentation tells the truth: commands exist, examples work."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from briefcli.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
COMMANDS = ["tag", "explain", "text", "stats", "rules list", "rules show", "rules validate",
            "rules test"]


def test_every_command_is_in_the_readme_and_has_help(runner: CliRunner) -> None:
    for command in COMMANDS:
        assert f"briefcli {command}" in README, command
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command


def test_readme_set_up_commands_name_a_real_sample() -> None:
    samples = re.findall(r"briefcli tag (samples/\S+\.txt)", README)
    assert samples and all((ROOT / s).exists() for s in samples)
    assert "pip install '.[test]' && .venv/bin/python -m pytest" in README
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


def test_writing_rules_worked_example(runner: CliRunner, tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)
    for i, block in enumerate(blocks):
        (tmp_path / f"{i}.yaml").write_text(block, encoding="utf-8")
    validate = runner.invoke(app, ["rules", "validate", str(tmp_path)])
    assert validate.exit_code == 0, validate.stdout
    tested = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert tested.exit_code == 0, tested.stdout
    text = "Murat Nurtleuov opened the Astana International Forum; FC Astana won."
    result = runner.invoke(app, ["tag", "-", "-f", "json", "--rules", str(tmp_path)],
                           input=text)
    doc = json.loads(result.stdout)
    assert [a["id"] for a in doc["actors"]] == ["person.murat-nurtleu"]  # not "FC Astana"
    assert [m["id"] for m in doc["mechanisms"]] == ["mech.astana-international-forum"]
