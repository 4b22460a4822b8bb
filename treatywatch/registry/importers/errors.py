"""The one error every importer raises: the file is refused, with every problem and where it is."""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` says what is wrong and where, `hint` what to do about it."""

    def __init__(self, problems: list[str], hint: str = ""):
        self.problems = problems
        self.hint = hint
        super().__init__("\n".join([*problems, hint] if hint else problems))

    def summary(self) -> str:
        """One message: how many problems, the first ones with where they are, and how many more."""
        from treatywatch.registry.importers.limits import bounded  # limits raises this error

        listed = "\n".join(f"  - {p}" for p in bounded(self.problems))
        hint = f"\n{self.hint}" if self.hint else ""
        return f"Import refused, nothing was changed. {len(self.problems):,} problem(s):\n{listed}{hint}"
