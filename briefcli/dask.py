"""Tagging on Dask: the same records as ``briefcli tag --format jsonl``, on any cluster.

Install with ``pip install 'briefcli[dask]'``. The compiled rules are shipped to the workers
once (``dask.delayed`` of the matcher, so each worker deserialises it once, not per document),
and each element of the bag becomes one record::

    import dask.bag as db
    from briefcli.dask import tag_paths

    records = tag_paths(db.from_sequence(paths, npartitions=8))   # a bag of dicts
    records.map(json.dumps).to_textfiles("out/*.jsonl")

``tag_texts`` does the same for a bag of ``(source, text)`` pairs. Do not use
``dask.bag.read_text`` for whole documents: it yields one element per line.
Spark or Ray users can do the same with ``briefcli.batch.tag_item`` and a pickled
``briefcli.cache.compiled_matcher()``: both are plain picklable Python.
"""

from __future__ import annotations

from typing import Any

from briefcli.batch import Options, TextItem, tag_item
from briefcli.cache import compiled_matcher
from briefcli.matcher import Matcher


def _tag_partition(items: list[Any], matcher: Matcher, options: Options) -> list[dict[str, Any]]:
    return [tag_item(item, matcher, options).to_dict() for item in items]


def _as_item(element: Any) -> str | TextItem:
    if isinstance(element, tuple):
        source, text = element
        return TextItem(str(source), str(text))
    return str(element)


def tag_bag(bag: Any, matcher: Matcher | None = None, options: Options | None = None) -> Any:
    """Map a bag of paths or ``(source, text)`` pairs to a bag of briefcli records (dicts)."""
    from dask.delayed import delayed

    shared = delayed(matcher or compiled_matcher(), pure=True)
    return bag.map(_as_item).map_partitions(_tag_partition, shared, options or Options())


def tag_paths(bag: Any, matcher: Matcher | None = None, options: Options | None = None) -> Any:
    """A bag of file paths in, a bag of records out (unreadable files become error records)."""
    return tag_bag(bag, matcher, options)


def tag_texts(bag: Any, matcher: Matcher | None = None, options: Options | None = None) -> Any:
    """A bag of ``(source, text)`` pairs in, a bag of records out."""
    return tag_bag(bag, matcher, options)
