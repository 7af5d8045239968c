"""A disk cache of compiled rule packs, keyed by the content of every rule file.

Compiling the full pack (parsing YAML, expanding patterns and templates, indexing phrases)
costs far more than tagging one briefing, so the compiled ``Matcher`` is pickled to
``$BRIEFCLI_CACHE_DIR`` (default ``$XDG_CACHE_HOME/briefcli`` or ``~/.cache/briefcli``). The key
hashes the paths and bytes of all rule files, the briefcli version, the fuzzy threshold and
the source of the compiling modules, so editing any rule (or the compiler) recompiles. The
cache is only ever read from the user's own cache folder; set ``BRIEFCLI_NO_CACHE=1`` to
bypass it. Failing to read or write it is never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from briefcli.matcher import Matcher
from briefcli.rules import RulePack, default_rules_dir, load_pack, rule_files

_COMPILER_MODULES = ("matcher.py", "rules.py", "patterns.py", "normalize.py", "yamlsafe.py")


def cache_dir() -> Path:
    explicit = os.environ.get("BRIEFCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefcli"


def pack_key(paths: list[str], use_default: bool, fuzzy_threshold: int) -> str:
    from briefcli import __version__

    digest = hashlib.sha256(f"{__version__}\0{fuzzy_threshold}\0".encode())
    here = Path(__file__).resolve().parent
    for module in _COMPILER_MODULES:  # a change to the compiler invalidates the cache too
        digest.update((here / module).read_bytes())
    sources = ([str(default_rules_dir())] if use_default else []) + list(paths)
    for path in rule_files(sources):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def compiled_matcher(pack: RulePack | None = None, fuzzy_threshold: int = 88, *,
                     paths: list[str] | None = None, use_default: bool = True) -> Matcher:
    """The compiled matcher for a pack, from the cache when its rule files are unchanged."""
    if pack is not None:
        return Matcher(pack, fuzzy_threshold)
    if os.environ.get("BRIEFCLI_NO_CACHE"):
        return Matcher(load_pack(paths, use_default), fuzzy_threshold)
    try:
        key = pack_key(list(paths or []), use_default, fuzzy_threshold)
    except OSError:
        return Matcher(load_pack(paths, use_default), fuzzy_threshold)
    target = cache_dir() / f"pack-{key}.pickle"
    try:
        with target.open("rb") as cache_file:
            cached = pickle.load(cache_file)  # noqa: S301 - our own cache file
        if isinstance(cached, Matcher):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        pass
    matcher = Matcher(load_pack(paths, use_default), fuzzy_threshold).lean()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as handle:
            pickle.dump(matcher, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        pass
    return matcher
