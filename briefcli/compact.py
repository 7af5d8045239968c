"""Containers that make the compiled pack (``briefcli.cache``) quick to load.

Unpickling costs about one step per object, and a pack held in plain lists and dicts is some
hundred thousand objects: most of a one-file run's start-up, for data it mostly never reads.
These hold many values in a few large buffers (the UTF-8 of many strings, the pickles of many
values, columns of numbers) and make a value only when it is read.

Pickled with protocol 5, the buffers go out of band (``pickle.PickleBuffer``): the pack cache
writes them apart from the pickle and maps them back from the file without copying them, so
a one-file run reads from disk only the pages it touches. Loaded that way, a container holds
read-only ``memoryview``s of the mapped file; pickled again (``--jobs`` without fork, Dask),
it is pickled whole, like any object.
"""

from __future__ import annotations

import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from operator import index as as_int
from typing import Any, Generic, Literal, SupportsIndex, TypeVar, overload

_T = TypeVar("_T")
Bytes = bytes | bytearray | memoryview  # what a buffer comes back as from a pickle


def raw(data: Bytes | array[int], protocol: SupportsIndex) -> pickle.PickleBuffer | bytes:
    """A buffer as pickled: out of band where the pickler can take it (protocol 5), else as
    bytes inside the pickle."""
    return pickle.PickleBuffer(data) if as_int(protocol) >= 5 else bytes(data)


def ints(data: Bytes | array[int], typecode: Literal["i", "q"]) -> memoryview[int]:
    """A buffer read as a column of numbers (``array`` type codes), without copying it."""
    return memoryview(data).cast("B").cast(typecode)


def _offsets(sizes: Iterable[int]) -> array[int]:
    """Where each of a run of consecutive items starts, and where the last ends."""
    offsets = array("q", [0])  # 64 bits: a pack's text may outgrow 2 GiB one day
    total = 0
    for size in sizes:
        total += size
        offsets.append(total)
    return offsets


class LazySequence(Sequence[_T]):
    """A sequence whose items are made when read: a subclass gives ``__len__`` and ``_item``
    (called with an index in range)."""

    def _item(self, index: int) -> _T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...

    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(index)


class Strings(LazySequence[str]):
    """A list of strings stored as their UTF-8 bytes, each followed by a line break, and the
    offsets where each starts: bytes unpickle at the speed of a copy, a string (decoded) ten
    times slower. A string is decoded when read; all of them at once, with one decode and
    one split (unless an item holds a line break itself)."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        encoded = [item.encode("utf-8", "surrogatepass") for item in items]
        self._splittable = not any(b"\n" in item for item in encoded)
        self._blob = memoryview(b"".join(item + b"\n" for item in encoded))
        self._offsets: Sequence[int] = _offsets(len(item) + 1 for item in encoded)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _item(self, index: int) -> str:
        return str(self._blob[self._offsets[index]:self._offsets[index + 1] - 1], "utf-8",
                   "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_list())

    def to_list(self) -> list[str]:
        if self._splittable:
            return str(self._blob, "utf-8", "surrogatepass").split("\n")[:-1]
        return [self[i] for i in range(len(self))]

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _strings, (raw(self._blob, protocol), raw(_column(self._offsets), protocol),
                          self._splittable)


def _strings(blob: Bytes, offsets: Bytes, splittable: bool) -> Strings:
    strings = Strings.__new__(Strings)
    strings._blob, strings._offsets = memoryview(blob), ints(offsets, "q")
    strings._splittable = splittable
    return strings


def _column(numbers: Sequence[int]) -> array[int] | memoryview[int]:
    """A column of numbers as a buffer: it is one already (an ``array``, or a view)."""
    assert isinstance(numbers, (array, memoryview))
    return numbers


class SortedLookup:
    """Where strings stand in a sorted ``Strings``, decoded when first asked: by bisection
    for the first ``dict_after`` lookups (a dict of thousands of strings costs a one-file run
    more than its few lookups), then by a dict made once (one set intersection in C)."""

    def __init__(self, strings: Strings, dict_after: int) -> None:
        self._strings = strings
        self._sorted: list[str] | None = None
        self._slots: dict[str, int] | None = None
        self._bisections_left = dict_after

    def slots(self, items: set[str]) -> list[int]:
        """The places of those of ``items`` that are there."""
        if self._slots is None:
            if self._sorted is None:
                self._sorted = self._strings.to_list()
            ordered = self._sorted
            if self._bisections_left > 0:
                self._bisections_left -= 1
                found = []
                for item in items:
                    slot = bisect_left(ordered, item)
                    if slot < len(ordered) and ordered[slot] == item:
                        found.append(slot)
                return found
            self._slots = {item: slot for slot, item in enumerate(ordered)}
        slots = self._slots
        return [slots[item] for item in slots.keys() & items]


class Pickles(LazySequence[Any]):
    """A list of values stored as one blob of their pickles: a value is unpickled when read
    (each time it is read: callers that read one often keep it)."""

    def __init__(self, values: Iterable[Any] = ()) -> None:
        pickles = [pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for value in values]
        self._blob = memoryview(b"".join(pickles))
        self._offsets: Sequence[int] = _offsets(map(len, pickles))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _item(self, index: int) -> Any:
        start, end = self._offsets[index], self._offsets[index + 1]
        return pickle.loads(self._blob[start:end])  # noqa: S301 - our own bytes

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _pickles, (raw(self._blob, protocol), raw(_column(self._offsets), protocol))


def _pickles(blob: Bytes, offsets: Bytes) -> Pickles:
    pickles = Pickles.__new__(Pickles)
    pickles._blob, pickles._offsets = memoryview(blob), ints(offsets, "q")
    return pickles


class Deferred(Generic[_T]):
    """An attribute that a pickled object keeps as a pickle of its own, unpickled when first
    read: for the parts of a compiled pack that most runs never read.

    The owner's ``__getstate__`` calls ``defer`` and its ``__setstate__`` calls ``restore``;
    until then, and once read, the value is an ordinary instance attribute (this descriptor
    defines no ``__set__``, so the instance's own value, once there, is read directly)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Deferred[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> _T | Deferred[_T]:
        if instance is None:
            return self
        try:
            data = instance.__dict__[_PICKLED].pop(self.name)
        except KeyError:
            raise AttributeError(self.name) from None
        value: _T = pickle.loads(data)  # noqa: S301 - our own bytes
        instance.__dict__[self.name] = value
        return value


_PICKLED = "_deferred_pickles"


def defer(state: dict[str, Any], owner: type) -> dict[str, Any]:
    """``state`` (a copy of an instance's ``__dict__``) with the values of ``owner``'s
    ``Deferred`` attributes pickled apart."""
    state = dict(state)
    pickled = dict(state.pop(_PICKLED, {}))  # still unread since this instance was unpickled
    for name, attribute in vars(owner).items():
        if isinstance(attribute, Deferred) and name in state:
            pickled[name] = pickle.dumps(state.pop(name), protocol=pickle.HIGHEST_PROTOCOL)
    state[_PICKLED] = pickled
    return state


def restore(instance: object, state: dict[str, Any]) -> None:
    """The counterpart of ``defer``, for ``__setstate__``."""
    instance.__dict__.update(state)
    instance.__dict__.setdefault(_PICKLED, {})
