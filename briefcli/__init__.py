"""briefcli: tag foreign-ministry briefings with actors, mechanisms and positions.

>>> from briefcli import tag
>>> doc = tag("Russia welcomes the progress on the peace treaty.")
>>> doc.positions[0].stance
'welcome'
"""

from __future__ import annotations

from briefcli.errors import BriefcliError, DocumentError, RuleError
from briefcli.model import SCHEMA_VERSION, Document
from briefcli.rules import RulePack, load_pack
from briefcli.tagger import tag

__version__ = "0.1.0"

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
