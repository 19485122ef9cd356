"""The legal route from a winner to a contract, chosen when the challenge is written.

Each route has its own checks at publication, its own public explanation and its own
wording in the results emails. The threshold of a low-value contract is configuration with
an effective date (`LOW_VALUE_THRESHOLDS`), because the law changes it: a challenge is
checked against the threshold in force on the day it is published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import format_currency
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from challenges.db import LabelledEnum
from challenges.i18n import format_day
from challenges.timezones import utc_to_brussels


class LegalRoute(LabelledEnum):
    PRIZE = "prize", _l("Prize or subsidy")
    LOW_VALUE_CONTRACT = "low_value_contract", _l("Low-value contract for a proof of concept")
    DESIGN_CONTEST = "design_contest", _l("Design contest with a follow-up contract")
    PHASED_RND = "phased_rnd", _l("Phased research and development (pre-commercial)")
    PROCUREMENT = "procurement", _l("Innovation partnership or regular procurement afterwards")


    @property
    def explanation(self) -> str:
        return str(ROUTE_EXPLANATIONS[self])

    @property
    def results_wording(self) -> str:
        return str(RESULTS_WORDING[self])


ROUTE_EXPLANATIONS = {
    LegalRoute.PRIZE: _l(
        "The winners receive a prize or a subsidy. They deliver no service to the "
        "municipality in return. A company that wins signs a de minimis declaration (state "
        "aid) before the money is paid."),
    LegalRoute.LOW_VALUE_CONTRACT: _l(
        "The municipality buys a proof of concept from the winner with a low-value public "
        "contract (below the legal threshold, excluding VAT). The estimated value is on file "
        "before publication."),
    LegalRoute.DESIGN_CONTEST: _l(
        "This challenge is a design contest: an anonymous jury chooses the winners, and the "
        "municipality announces now that it will negotiate a follow-up contract with them. "
        "The jury does not know who wrote a proposal until it has decided."),
    LegalRoute.PHASED_RND: _l(
        "Research and development in stages: first a feasibility study, then a prototype. "
        "Each stage is awarded on its own; the terms on intellectual property are stated "
        "below, before anyone takes part."),
    LegalRoute.PROCUREMENT: _l(
        "This challenge explores the market. What the municipality buys afterwards is "
        "bought through an innovation partnership or a regular tender, open to everyone; "
        "the link to that tender is published here."),
}

RESULTS_WORDING = {
    LegalRoute.PRIZE: _l(
        "What happens next: the prize is paid as a prize or subsidy. If you take part as a "
        "company, we will ask you for a de minimis declaration before payment."),
    LegalRoute.LOW_VALUE_CONTRACT: _l(
        "What happens next: the municipality will award you a low-value contract for the "
        "proof of concept and start the pilot with you."),
    LegalRoute.DESIGN_CONTEST: _l(
        "What happens next: as announced in the design contest, the municipality will "
        "negotiate the follow-up contract with the winners."),
    LegalRoute.PHASED_RND: _l(
        "What happens next: the first stage (feasibility) is awarded now; the prototype "
        "stage is awarded separately, on the terms stated in the challenge."),
    LegalRoute.PROCUREMENT: _l(
        "What happens next: the municipality will buy the solution through an innovation "
        "partnership or a regular tender; the challenge page will link to it."),
}

def threshold_on(day: date, thresholds: list[tuple[date, Decimal]] | None = None) -> Decimal | None:
    """The low-value threshold in force on `day` (None before the first one applies)."""
    if thresholds is None:
        thresholds = current_app.config["LOW_VALUE_THRESHOLDS"]
    amount = None
    for effective, value in thresholds:
        if effective <= day:
            amount = value
    return amount


# Checks other domains add (the jury's blind review for a design contest), without this
# domain importing theirs: each takes the challenge and answers {field: message}.
PUBLICATION_CHECKS: list[Callable[[Any], dict[str, str]]] = []


def publication_check(check: Callable[[Any], dict[str, str]]) -> Callable[[Any], dict[str, str]]:
    if check not in PUBLICATION_CHECKS:
        PUBLICATION_CHECKS.append(check)
    return check


def route_problems(challenge, now: datetime) -> dict[str, str]:
    """What the chosen route needs before the challenge can be published."""
    route = LegalRoute(challenge.legal_route)
    problems: dict[str, str] = {}
    needs_estimate = route in (LegalRoute.LOW_VALUE_CONTRACT, LegalRoute.DESIGN_CONTEST)
    if needs_estimate and challenge.estimated_value is None:
        problems["estimated_value"] = _("Put the estimated value (excluding VAT) on file "
                                        "before publication.")
    if route == LegalRoute.LOW_VALUE_CONTRACT:
        problems.update(_low_value_problems(challenge, now))
    if route == LegalRoute.DESIGN_CONTEST and not challenge.estimate_includes_follow_up:
        problems["estimate_includes_follow_up"] = _(
            "In a design contest the estimate must include the follow-up contract.")
    if route == LegalRoute.PHASED_RND and not (challenge.ip_terms or "").strip():
        problems["ip_terms"] = _("State the terms on intellectual property before "
                                 "publishing phased research and development.")
    for check in PUBLICATION_CHECKS:
        problems.update(check(challenge))
    return problems


def _low_value_problems(challenge, now: datetime) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not (challenge.consulted_companies or "").strip():
        problems["consulted_companies"] = _("Record which companies were consulted.")
    if challenge.estimated_value is None:
        return problems
    day = utc_to_brussels(now).date()
    threshold = threshold_on(day)
    if threshold is not None and challenge.estimated_value >= threshold:
        problems["estimated_value"] = _(
            "A low-value contract must be estimated below %(threshold)s excluding VAT (the "
            "threshold in force on %(day)s). Choose another route or lower the estimate.",
            threshold=format_currency(threshold, "EUR"), day=format_day(day))
    return problems
