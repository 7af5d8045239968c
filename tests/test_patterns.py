from __future__ import annotations

import pytest

from briefcli.patterns import PatternError, expand


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("peace treaty", ["peace treaty"], id="literal"),
        pytest.param("unblock(ing)? transport", ["unblocking transport", "unblock transport"],
                     id="optional-group"),
        pytest.param("(the |)border", ["the border", "border"], id="empty-alternative"),
        pytest.param("a (b (c|d)|e)", ["a b c", "a b d", "a e"], id="nested"),
        pytest.param(r"Georgia \(U.S. state\)", ["Georgia (U.S. state)"], id="escape"),
        pytest.param("3+3 (platform|format)", ["3+3 platform", "3+3 format"], id="plus-sign"),
    ],
)
def test_expand(pattern: str, expected: list[str]) -> None:
    assert expand(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "message", "column"),
    [
        pytest.param("a (b", "unclosed", 3, id="unclosed"),
        pytest.param("a) b", "unmatched", 2, id="unmatched"),
        pytest.param("ab?", "must follow a group", 3, id="bare-question-mark"),
        pytest.param("x\\", "trailing backslash", 2, id="trailing-backslash"),
        pytest.param("(|)", "only empty", 1, id="empty"),
        pytest.param("(a|b)" * 9, "more than 256", None, id="too-many"),
    ],
)
def test_bad_patterns(pattern: str, message: str, column: int | None) -> None:
    with pytest.raises(PatternError, match=message) as info:
        expand(pattern)
    if column is not None:
        assert info.value.column == column
