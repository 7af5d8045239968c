"""Containers that make the compiled pack (``briefcli.cache``) quick to unpickle.

Unpickling costs about one step per object, and a pack held in plain lists and dicts is some
hundred thousand objects: most of a one-file run's start-up, for data it mostly never reads.
These hold many values in a few large objects (a joined string, an array of offsets, a blob
of bytes), which unpickle at the speed of a copy, and make a value only when it is read.
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

_T = TypeVar("_T")


def _offsets(sizes: Iterable[int]) -> array[int]:
    """Where each of a run of consecutive items starts, and where the last ends."""
    offsets = array("q", [0])  # 64 bits: a pack's text may outgrow 2 GiB one day
    total = 0
    for size in sizes:
        total += size
        offsets.append(total)
    return offsets


class Strings(Sequence[str]):
    """A list of strings stored as their UTF-8 bytes, each followed by a line break, and the
    offsets where each starts: bytes unpickle at the speed of a copy, a string (decoded) ten
    times slower. A string is decoded when read; all of them at once, with one decode and
    one split (unless an item holds a line break itself)."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        encoded = [item.encode("utf-8", "surrogatepass") for item in items]
        self._splittable = not any(b"\n" in item for item in encoded)
        self._blob = b"".join(item + b"\n" for item in encoded)
        self._offsets = _offsets(len(item) + 1 for item in encoded)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("Strings index out of range")
        return self._blob[self._offsets[index]:self._offsets[index + 1] - 1].decode(
            "utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_list())

    def to_list(self) -> list[str]:
        if self._splittable:
            return self._blob.decode("utf-8", "surrogatepass").split("\n")[:-1]
        return [self[i] for i in range(len(self))]

    def __getstate__(self) -> tuple[bytes, array[int], bool]:
        return self._blob, self._offsets, self._splittable

    def __setstate__(self, state: tuple[bytes, array[int], bool]) -> None:
        self._blob, self._offsets, self._splittable = state


class Pickles(Sequence[Any]):
    """A list of values stored as one blob of their pickles: a value is unpickled when read
    (each time it is read: callers that read one often keep it)."""

    def __init__(self, values: Iterable[Any] = ()) -> None:
        pickles = [pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for value in values]
        self._blob = b"".join(pickles)
        self._offsets = _offsets(map(len, pickles))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("Pickles index out of range")
        start, end = self._offsets[index], self._offsets[index + 1]
        return pickle.loads(memoryview(self._blob)[start:end])  # noqa: S301 - our own bytes

    def __getstate__(self) -> tuple[bytes, array[int]]:
        return self._blob, self._offsets

    def __setstate__(self, state: tuple[bytes, array[int]]) -> None:
        self._blob, self._offsets = state


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
