"""Small helpers every blueprint's views share."""

from __future__ import annotations

from flask import flash, request

from challenges.errors import Refused

# Past this a page number is nonsense (and would overflow an OFFSET on PostgreSQL).
MAX_PAGE = 100_000


def page_number() -> int:
    """The `page` query argument, from 1 to MAX_PAGE; anything else is page 1 or the last."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def flash_problems(error: Refused) -> None:
    flash(" ".join(str(m) for m in error.problems.values()), "danger")


def show_problems(form, problems: dict) -> None:
    """Put each message next to its field; messages for no field go above the form."""
    for key, message in problems.items():
        if key in form and key != "csrf_token":
            form[key].errors = [*form[key].errors, str(message)]
        else:
            form.form_errors = [*form.form_errors, str(message)]
