"""briefcli: tag foreign-ministry briefings with actors, mechanisms and positions.

>>> from briefcli import tag
>>> doc = tag("Russia welcomes the progress on the peace treaty.")
>>> doc.positions[0].stance
'welcome'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefcli.errors import BriefcliError, DocumentError, RuleError
from briefcli.model import SCHEMA_VERSION, Document
from briefcli.ruletypes import RulePack
from briefcli.tagger import tag

if TYPE_CHECKING:
    from briefcli.rules import load_pack

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``load_pack``, imported when first asked for: with it come the YAML loader and the
    validator, which tagging with a cached pack never needs."""
    if name == "load_pack":
        from briefcli.rules import load_pack

        return load_pack
    raise AttributeError(f"module 'briefcli' has no attribute {name!r}")

__all__ = [
    "SCHEMA_VERSION",
    "BriefcliError",
    "Document",
    "DocumentError",
    "RuleError",
    "RulePack",
    "__version__",
    "load_pack",
    "tag",
]
