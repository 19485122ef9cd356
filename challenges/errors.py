"""The one shape every domain uses to refuse a request: messages keyed by form field."""

from __future__ import annotations


class Refused(Exception):
    """The rules refuse the request. `problems` maps form fields ("_" when no field fits)
    to messages that the view shows next to the field or above the form."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(str(m) for m in problems.values()))
        self.problems = problems
