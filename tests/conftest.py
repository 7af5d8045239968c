from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefcli.matcher import Matcher
from briefcli.rules import load_pack

ROOT = Path(__file__).resolve().parent.parent
SMALL_RULES = [str(ROOT / "tests" / "rules"), str(ROOT / "rules" / "positions")]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["BRIEFCLI_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def small() -> Matcher:
    """A tiny self-contained pack: the engine's behaviour, independent of the shipped data."""
    return Matcher(load_pack(SMALL_RULES, use_default=False))


@pytest.fixture(scope="session")
def full() -> Matcher:
    """The shipped pack."""
    return Matcher(load_pack())


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def small_args() -> list[str]:
    args = ["--no-default-rules"]
    for path in SMALL_RULES:
        args += ["--rules", path]
    return args
