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

import gc
import hashlib
import mmap
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from briefcli.matcher import Matcher
from briefcli.ruletypes import RulePack, default_rules_dir, rule_files

_COMPILER_MODULES = ("matcher.py", "compact.py", "fuzzy.py", "ruletypes.py", "rules.py",
                     "patterns.py", "normalize.py", "yamlsafe.py", "openworld.py",
                     "openworld_words.py", "cache.py")
_KEEP = 8  # compiled packs kept in the cache folder, most recently used first


def cache_dir() -> Path:
    explicit = os.environ.get("BRIEFCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefcli"


def pack_key(paths: list[str], use_default: bool, fuzzy_threshold: int) -> str:
    from briefcli import __version__

    # BLAKE2b: twice as fast as SHA-256 here, and this hashes every rule file on every run.
    digest = hashlib.blake2b(f"{__version__}\0{fuzzy_threshold}\0".encode(), digest_size=16)
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
        return _compile(paths, use_default, fuzzy_threshold)
    try:
        key = pack_key(list(paths or []), use_default, fuzzy_threshold)
    except OSError:
        return _compile(paths, use_default, fuzzy_threshold)
    target = cache_dir() / f"pack-{key}.pickle"
    try:
        with _no_gc():
            cached = _read(target)
        if isinstance(cached, Matcher):
            _touch(target)
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        pass
    from briefcli.openworld import derive_tables
    full = _compile(paths, use_default, fuzzy_threshold)
    derive_tables(full)  # from the rules with their aliases, which the lean copy drops
    matcher = full.lean()
    try:
        import tempfile  # only when writing the cache, as ``briefcli.rules`` below

        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as handle:
            _write(matcher, handle)
        os.replace(handle.name, target)
        _prune(target.parent)
    except OSError:
        pass
    return matcher


# A cache file: this mark, the number of buffers, the sizes of the pickle and of each buffer
# (8 bytes each, little-endian), then the pickle and the buffers, each padded to 8 bytes.
# The buffers are the large blocks of the compact containers (``briefcli.compact``), pickled
# out of band: mapped from the file, not read, they cost a one-file run only the pages it
# touches (the pickle alone is a tenth of the file).
_MAGIC = b"briefpk1"
_ALIGN = 8


def _write(matcher: Matcher, handle: IO[bytes]) -> None:
    buffers: list[pickle.PickleBuffer] = []
    main = pickle.dumps(matcher, protocol=5, buffer_callback=buffers.append)
    blocks: list[bytes | memoryview] = [main, *(buffer.raw() for buffer in buffers)]
    handle.write(_MAGIC + len(buffers).to_bytes(8, "little"))
    handle.write(b"".join(len(block).to_bytes(8, "little") for block in blocks))
    for block in blocks:
        handle.write(block)
        handle.write(bytes(-len(block) % _ALIGN))


def _read(path: Path) -> object:
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    data = memoryview(mapped)
    if data[:8] != _MAGIC:
        raise ValueError("not a compiled pack")
    count = int.from_bytes(data[8:16], "little")
    at = 16 + 8 * (count + 1)
    if at > len(data):
        raise ValueError("truncated")
    blocks = []
    for i in range(count + 1):
        size = int.from_bytes(data[16 + 8 * i:24 + 8 * i], "little")
        if at + size > len(data):
            raise ValueError("truncated")
        blocks.append(data[at:at + size])
        at += size + (-size % _ALIGN)
    return pickle.loads(blocks[0], buffers=blocks[1:])  # noqa: S301 - our own cache file


def _compile(paths: list[str] | None, use_default: bool, fuzzy_threshold: int) -> Matcher:
    # The YAML loader and validator are imported only here: a run that finds its pack in
    # the cache never needs them.
    from briefcli.rules import load_pack

    return Matcher(load_pack(paths, use_default), fuzzy_threshold)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes some hundred thousand objects, none of them garbage: without the
    cyclic collector running over them again and again it takes half the time. They are then
    frozen (``gc.freeze``), so no later collection of an archive run scans them either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, keep: int = _KEEP) -> None:
    """Keep the most recently used compiled packs (one per rule set and version); a cache
    that only grew would leave several megabytes behind with every rule edit."""
    packs = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in packs[keep:]:
        stale.unlink(missing_ok=True)
