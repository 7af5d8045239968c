"""The compiled pack's compact storage: what it stores, it gives back, through pickling."""

from __future__ import annotations

import pickle

import pytest

from briefcli.compact import Deferred, Pickles, Strings, defer, restore


@pytest.mark.parametrize("items", [
    [], [""], ["", ""], ["a", "", "Türkiye", "\ud800 lone surrogate", "日本"],
    ["a line\nbreak", "x"],  # no longer splittable: read one by one
])
def test_strings_give_back_what_they_store(items: list[str]) -> None:
    for strings in (Strings(items), pickle.loads(pickle.dumps(Strings(items)))):
        assert len(strings) == len(items)
        assert strings.to_list() == items
        assert list(strings) == items
        assert [strings[i] for i in range(len(items))] == items
        assert [strings[-1 - i] for i in range(len(items))] == items[::-1]
        assert strings[1:] == items[1:]
        with pytest.raises(IndexError):
            strings[len(items)]


def test_pickles_give_back_what_they_store() -> None:
    values = [None, 3, ("RUS", (1, 2), "proper"), {"a": [1]}, "é"]
    for pickles in (Pickles(values), pickle.loads(pickle.dumps(Pickles(values)))):
        assert list(pickles) == values
        assert pickles[-1] == "é"
        with pytest.raises(IndexError):
            pickles[5]


class Holder:
    big: Deferred[dict[str, int]] = Deferred()

    def __init__(self) -> None:
        self.big = {"a": 1}
        self.small = 2

    def __getstate__(self) -> dict[str, object]:
        return defer(self.__dict__, Holder)

    def __setstate__(self, state: dict[str, object]) -> None:
        restore(self, state)


def test_a_deferred_attribute_is_unpickled_when_first_read() -> None:
    clone = pickle.loads(pickle.dumps(Holder()))
    assert "big" not in clone.__dict__ and clone.small == 2
    assert clone.big == {"a": 1}
    assert clone.__dict__["big"] == {"a": 1}  # read directly from now on
    clone.big["b"] = 2
    again = pickle.loads(pickle.dumps(clone))
    assert again.big == {"a": 1, "b": 2}
    unread = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(Holder()))))
    assert unread.big == {"a": 1}  # pickled again before it was ever read
