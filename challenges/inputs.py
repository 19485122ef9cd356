"""What happens to control characters in every input, decided once, at the edge.

No one types a NUL or an escape sequence into a form, a search box or a web address; they
come from a broken client or an attacker, and PostgreSQL refuses NUL in text outright. So:

- in query arguments and form fields (their names and values, and the names of uploaded
  files) the C0 control characters and DEL are removed, except tab, line feed and carriage
  return, which text areas legitimately send; what remains is what the person typed;
- a path containing any control character names no page: 404.

Everything downstream (forms, loaders, queries, logs) can then take text as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request, abort, request
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict

# C0 controls and DEL, but not \t \n \r.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any control character at all, for paths.
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(value: str) -> str:
    return CONTROL.sub("", value)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = clean(value.filename)
    return value


def _pairs(mapping: Any) -> Iterable[tuple[Any, Any]]:
    if mapping is None:
        return ()
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, Mapping):
        return mapping.items()
    return mapping


class CleanMultiDict(ImmutableMultiDict):
    """Werkzeug's immutable MultiDict for `request.args`, `request.form` and
    `request.files`, with the control characters of its keys and values removed."""

    def __init__(self, mapping: Any = None):
        super().__init__([(_cleaned(key), _cleaned(value)) for key, value in _pairs(mapping)])


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


def refuse_control_characters_in_path() -> None:
    """A before_request hook: no page has a control character in its address."""
    if PATH_CONTROL.search(request.path):
        abort(404)
