"""A strict, safe YAML loader for rule files.

- Safe: no Python object tags (a SafeLoader subclass; the C parser where available).
- No "Norway problem": only ``true``/``false`` are booleans; ``NO``, ``on``, ``yes`` and dates
  stay strings.
- Duplicate keys are errors, not "last one wins".
- Anchors and aliases are refused, which also rules out alias bombs ("billion laughs").
- Every mapping remembers its line and column, and those of its keys, for error messages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from briefcli.errors import RuleError

MAX_RULE_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 16


class Located(dict[str, Any]):
    """A mapping that knows where it and each of its keys stood in the file (1-based)."""

    line: int = 0
    column: int = 0
    key_positions: dict[str, tuple[int, int]]


@lru_cache(maxsize=1)
def _loader() -> type:
    """The strict loader class, built on first use: a tagging run from the compiled-pack
    cache never needs PyYAML, so it is not imported until a rule file is read."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser where available

    class StrictLoader(base):  # type: ignore[misc,valid-type]
        pass

    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    StrictLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))

    def construct_object(self: Any, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            mark = node.start_mark
            raise _LoadError("anchors and aliases (*name) are not allowed in rule files",
                             mark.line + 1, mark.column + 1)
        return yaml.constructor.BaseConstructor.construct_object(self, node, deep=True)

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> Located:
        result = Located()
        result.line = node.start_mark.line + 1
        result.column = node.start_mark.column + 1
        result.key_positions = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                raise _LoadError(f"duplicate key {key!r}", *where)
            result.key_positions[key] = where
            result[key] = self.construct_object(value_node)
        return result

    StrictLoader.construct_object = construct_object
    StrictLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return StrictLoader


class _LoadError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load_yaml(text: str, path: str) -> Any:
    """Parse one rule file; raise RuleError with file, line and column on any problem."""
    if len(text) > MAX_RULE_FILE_BYTES:
        raise RuleError(f"rule file larger than {MAX_RULE_FILE_BYTES // 1024 // 1024} MB; "
                        "split it", path, check="size")
    depth = _max_flow_depth(text)
    if depth > MAX_DEPTH:
        raise RuleError(f"nested more than {MAX_DEPTH} levels deep", path, check="depth")
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except _LoadError as exc:
        raise RuleError(exc.message, path, exc.line, exc.column, "yaml") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleError(f"invalid YAML: {problem}", path, line, column, "yaml") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML: {exc}", path, check="yaml") from None
    except RecursionError:
        raise RuleError("nested too deeply", path, check="depth") from None


def _max_flow_depth(text: str) -> int:
    """A cheap upper bound on nesting, so that a pathological file is refused before parsing."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest
