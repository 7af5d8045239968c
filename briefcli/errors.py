"""Errors with stable codes. The CLI maps each to one stderr line and an exit code.

Exit codes (documented in the README):
    0  success
    1  at least one input could not be read or tagged (the others were)
    2  usage error or a broken rule file: nothing was tagged
   74  the output could not be written (a full disk, an I/O error)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_INPUT_FAILED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 74  # EX_IOERR of sysexits.h


class BriefcliError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    code = "E000"
    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class RuleError(BriefcliError):
    """A rule file cannot be read, parsed or validated. Nothing is tagged with a half pack."""

    code = "E100"

    def __init__(self, message: str, path: str = "", line: int | None = None,
                 column: int | None = None, check: str = "rule") -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.check = check

    def location(self) -> str:
        where = self.path or "<rules>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message} [{self.check}]"


class DocumentError(BriefcliError):
    """One input document cannot be read or decoded; other documents are still tagged."""

    code = "E200"
    exit_code = EXIT_SOME_INPUT_FAILED

    def __init__(self, message: str, source: str, kind: str = "read") -> None:
        super().__init__(message)
        self.source = source
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
