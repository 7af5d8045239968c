"""The compiled-pack cache: keyed by the rule files' content, never an error, kept small."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from briefcli import tag
from briefcli.cache import compiled_matcher

RULE = """kind: actors
rules:
  - id: ARM
    name: Armenia
    type: state
    aliases: [Armenia]
"""


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFCLI_CACHE_DIR", str(folder))
    return folder


def test_a_cached_pack_tags_as_the_compiled_one_and_a_rule_edit_recompiles(
        cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE, encoding="utf-8")
    text = "Armenia and Azerbaijan met in Yerevan."
    compiled = compiled_matcher(paths=[str(rules)], use_default=False)
    assert len(list(cache.glob("pack-*.pickle"))) == 1
    cached = compiled_matcher(paths=[str(rules)], use_default=False)
    assert cached is not compiled
    assert tag(text, cached) == tag(text, compiled)
    assert [a.id for a in tag(text, cached).actors] == ["ARM"]
    rules.write_text(RULE.replace("[Armenia]", "[Armenia, Yerevan]"), encoding="utf-8")
    edited = compiled_matcher(paths=[str(rules)], use_default=False)
    assert [len(a.mentions) for a in tag(text, edited).actors] == [2]
    assert len(list(cache.glob("pack-*.pickle"))) == 2


def test_a_damaged_cache_file_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE, encoding="utf-8")
    compiled_matcher(paths=[str(rules)], use_default=False)
    (pack,) = cache.glob("pack-*.pickle")
    pack.write_bytes(b"not a pickle")
    again = compiled_matcher(paths=[str(rules)], use_default=False)
    assert [a.id for a in tag("Armenia", again).actors] == ["ARM"]
    assert pack.read_bytes() != b"not a pickle"


def test_only_the_most_recently_used_packs_are_kept(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    for n in range(12):
        old = cache / f"pack-old{n}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE, encoding="utf-8")
    compiled_matcher(paths=[str(rules)], use_default=False)
    kept = sorted(p.name for p in cache.glob("pack-*.pickle"))
    assert len(kept) == 8
    assert "pack-old11.pickle" in kept and "pack-old4.pickle" not in kept


def test_a_truncated_cache_file_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE, encoding="utf-8")
    compiled_matcher(paths=[str(rules)], use_default=False)
    (pack,) = cache.glob("pack-*.pickle")
    whole = pack.read_bytes()
    for cut in (0, 10, 40, len(whole) // 2, len(whole) - 1):
        pack.write_bytes(whole[:cut])
        again = compiled_matcher(paths=[str(rules)], use_default=False)
        assert [a.id for a in tag("Armenia", again).actors] == ["ARM"]
        assert pack.read_bytes() == whole


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_a_pack_loaded_from_the_cache_pickles_again(cache: Path, protocol: int) -> None:
    """A pack mapped from its cache file holds views of the file: pickled again (workers that
    are spawned, Dask), it is pickled whole, with any protocol."""
    compiled_matcher()
    cached = compiled_matcher()
    text = "The Foreign Minister of Armenia met Sergei Lavrov in Moscow; Zaharova spoke."
    expected = tag(text, cached)
    clone = pickle.loads(pickle.dumps(cached, protocol=protocol))
    assert tag(text, clone) == expected
    assert tag(text, pickle.loads(pickle.dumps(clone, protocol=protocol))) == expected


BODIES = """kind: actors
rules:
  - id: RUS
    name: Russia
    type: state
    aliases: [Russia]
  - id: inst.RUS.ministry-of-defence
    name: Ministry of Defence of the Russian Federation
    type: institution
    country: RUS
    aliases: ["Russian Ministry of Defen(c|s)e"]
"""


def test_a_cached_pack_reads_unlisted_bodies_as_the_compiled_one(cache: Path,
                                                                 tmp_path: Path) -> None:
    # the open world's table of bodies comes from the aliases too ("Defense"), which the
    # cached copy of the pack leaves out
    rules = tmp_path / "rules.yaml"
    rules.write_text(BODIES, encoding="utf-8")
    text = "We designated the Ministry of Defense’s shipping company for Russia today.\n"
    compiled = compiled_matcher(paths=[str(rules)], use_default=False)
    cached = compiled_matcher(paths=[str(rules)], use_default=False)
    assert cached is not compiled
    for matcher in (compiled, cached):
        assert [a.id for a in tag(text, matcher).actors] == [
            "inst.RUS.ministry-of-defence", "RUS"]
