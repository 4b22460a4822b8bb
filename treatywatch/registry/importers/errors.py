"""The one error every importer raises: the file is refused, with every problem and where it is."""

from __future__ import annotations


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` says what is wrong and where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
