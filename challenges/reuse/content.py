"""What a template carries, field by field: how a snapshot is taken from a challenge, how each
field reads on a page (the lines the diff compares), and the dates an adopter's draft gets from
the relative timeline. Pure functions of plain data, no database."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from challenges.accounts.models import ParticipantKind
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import FollowUp, ProposalVisibility
from challenges.numbers import plain_number
from challenges.timezones import brussels_to_utc, utc_to_brussels

# The texts, as the challenge names them; the Markdown ones are rendered (and sanitised).
TEXTS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
         "out_of_scope", "constraints", "eligibility", "reward_text", "ip_terms",
         "payment_terms", "open_data_terms")
PLAIN_TEXTS = ("title", "summary", "reward_text")

# Every field of a snapshot, in the order of the pages, with its label.
FIELDS = {
    "title": _l("Title"),
    "summary": _l("Short summary"),
    "themes": _l("Themes"),
    "audience": _l("Who may take part"),
    "problem": _l("The problem"),
    "context": _l("Context"),
    "expected_solutions": _l("Kinds of solutions we hope for"),
    "goals": _l("Our goals"),
    "out_of_scope": _l("Out of scope"),
    "constraints": _l("Constraints"),
    "eligibility": _l("Conditions to take part"),
    "criteria": _l("Evaluation criteria"),
    "jury": _l("Jury set-up"),
    "legal_route": _l("Legal route"),
    "ip_terms": _l("Intellectual property and data"),
    "payment_terms": _l("Payment schedule"),
    "open_data_terms": _l("Open data"),
    "reward_text": _l("Reward"),
    "follow_ups": _l("What follows for the winners"),
    "rules": _l("Rules for proposals"),
    "kpis": _l("KPIs"),
    "timeline": _l("Timeline"),
}

TIMELINE_KEYS = ("open_days", "jury_days", "results_days", "pilot_days")
OPENS_AT = time(9, 0)


def _days(start: datetime | date | None, end: datetime | date | None) -> int | None:
    """Whole days between two moments (or dates), never negative."""
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds() / 86400))


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else plain_number(value)


def snapshot(challenge, jury=None, kpis=(), pilots=()) -> dict:
    """The template's content from a challenge, its jury set-up (never its members: only how
    many there were), its KPI definitions (never the measured values) and the length of its
    first pilot. Nothing about participants, proposals or scores."""
    content: dict = {name: (getattr(challenge, name) or "") for name in TEXTS}
    content.update({
        "language": challenge.language,
        "themes": [t.slug for t in challenge.themes],
        "audience": [k.value for k in challenge.audience],
        "criteria": [{"name": c.name, "description": c.description or "", "weight": c.weight,
                      "minimum_score": _decimal(c.minimum_score)} for c in challenge.criteria],
        "jury": None if jury is None else {
            "blind": bool(jury.blind), "scale_min": jury.scale_min, "scale_max": jury.scale_max,
            "authoritative_view": jury.authoritative_view.value,
            "assignment_mode": jury.assignment_mode,
            "reviewers_per_proposal": jury.reviewers_per_proposal,
            "jurors": sum(1 for m in jury.members if m.accepted_at is not None)},
        "legal_route": challenge.legal_route.value,
        "follow_ups": list(challenge.follow_ups or []),
        "rules": {"max_proposals_per_participant": challenge.max_proposals_per_participant,
                  "public_support_enabled": bool(challenge.public_support_enabled),
                  "proposal_visibility": challenge.proposal_visibility.value,
                  "estimate_includes_follow_up": bool(challenge.estimate_includes_follow_up)},
        "kpis": [{"name": k.name, "unit": k.unit or "", "baseline": _decimal(k.baseline),
                  "target": _decimal(k.target), "method": k.method or ""} for k in kpis],
    })
    first_pilot = next(iter(pilots), None)
    closes = utc_to_brussels(challenge.closes_at)
    content["timeline"] = {
        "open_days": _days(challenge.opens_at, challenge.closes_at),
        "jury_days": _days(challenge.closes_at, challenge.jury_decision_at),
        "results_days": _days(challenge.closes_at, challenge.results_at),
        "pilot_days": _days(first_pilot.starts_on, first_pilot.ends_on) if first_pilot else None,
        "closes_time": closes.strftime("%H:%M") if closes else "17:00",
    }
    return content


def changed_fields(old: dict, new: dict) -> list[str]:
    return [name for name in FIELDS if old.get(name) != new.get(name)]


# Reading a field ------------------------------------------------------------------------------

def _label(enum_cls, value) -> str:
    try:
        return enum_cls(value).label
    except ValueError:
        return str(value)


def _yes(value) -> str:
    return _("yes") if value else _("no")


def _criteria_lines(value) -> list[str]:
    result = []
    for c in value:
        minimum = (_(", minimum score %(score)s", score=c["minimum_score"])
                   if c.get("minimum_score") else "")
        result.append(f"{c['name']} ({c['weight']}%{minimum})")
        if c.get("description"):
            result.append(f"    {c['description']}")
    return result


def _kpi_lines(value) -> list[str]:
    return [_("%(name)s: from %(baseline)s to %(target)s %(unit)s", name=k["name"],
              baseline=k["baseline"], target=k["target"], unit=k["unit"]).strip()
            + (f" ({k['method']})" if k.get("method") else "") for k in value]


def _jury_lines(value) -> list[str]:
    result = [_("Blind review until the decision") if value["blind"]
              else _("The jury sees who wrote each proposal"),
              _("Scores from %(low)s to %(high)s", low=value["scale_min"],
                high=value["scale_max"])]
    if value.get("assignment_mode") == "assigned":
        result.append(_("Each proposal reviewed by %(n)s jurors",
                        n=value["reviewers_per_proposal"]))
    else:
        result.append(_("Every juror reviews every proposal"))
    if value.get("jurors"):
        result.append(_("Jurors: %(n)s", n=value["jurors"]))
    return result


def _rules_lines(value) -> list[str]:
    return [_("Proposals per participant: %(n)s", n=value["max_proposals_per_participant"]),
            _("Public support: %(yes)s", yes=_yes(value["public_support_enabled"])),
            _("Proposals public: %(when)s",
              when=_label(ProposalVisibility, value["proposal_visibility"])),
            _("Estimate includes the follow-up contract: %(yes)s",
              yes=_yes(value.get("estimate_includes_follow_up")))]


def _timeline_lines(value) -> list[str]:
    texts = {"open_days": lambda n: _("Open for proposals: %(n)s days", n=n),
             "jury_days": lambda n: _("Jury decision: %(n)s days after the deadline", n=n),
             "results_days": lambda n: _("Results: %(n)s days after the deadline", n=n),
             "pilot_days": lambda n: _("Pilot: %(n)s days", n=n)}
    return [texts[key](value[key]) for key in TIMELINE_KEYS if value.get(key) is not None]


_LINES = {
    "audience": lambda value: [_label(ParticipantKind, kind) for kind in value],
    "follow_ups": lambda value: [_label(FollowUp, kind) for kind in value],
    "legal_route": lambda value: [_label(LegalRoute, value)],
    "criteria": _criteria_lines,
    "kpis": _kpi_lines,
    "jury": _jury_lines,
    "rules": _rules_lines,
    "timeline": _timeline_lines,
}


def lines(name: str, value, theme_names: dict[str, str] | None = None) -> list[str]:
    """The field as lines of text, in the page's language: what is shown and compared."""
    if value in (None, "", [], {}):
        return []
    if name in TEXTS:
        return str(value).splitlines()
    if name == "themes":
        return [(theme_names or {}).get(slug, slug) for slug in value]
    if name in _LINES:
        return _LINES[name](value)
    return [str(value)]


def is_markdown(name: str) -> bool:
    return name in TEXTS and name not in PLAIN_TEXTS


# The diff ------------------------------------------------------------------------------------

_TOKENS = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """The old and new text side by side, words removed marked <del> in the old one and words
    added marked <ins> in the new one (each announced to screen readers)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[str] = []
    right: list[str] = []
    removed, added = escape(_("removed:")), escape(_("added:"))
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if i2 > i1:
            left.append(Markup('<del><span class="visually-hidden">%s </span>%s</del>')
                        % (removed, old_part))
        if j2 > j1:
            right.append(Markup('<ins><span class="visually-hidden">%s </span>%s</ins>')
                         % (added, new_part))
    return Markup("").join(left), Markup("").join(right)


# Dates from the relative timeline ----------------------------------------------------------------

def dates_from(opens_on: date, timeline: dict | None) -> dict[str, datetime | None]:
    """The draft's dates: open at 09:00 Brussels time on the chosen day, the deadline the same
    number of days later at the source's closing time, the jury and the results after it."""
    timeline = timeline or {}
    try:
        hours, minutes = (int(part) for part in str(timeline.get("closes_time", "17:00"))
                          .split(":", 1))
        closing = time(hours, minutes)
    except ValueError:
        closing = time(17, 0)
    opens_at = brussels_to_utc(datetime.combine(opens_on, OPENS_AT))
    open_days = timeline.get("open_days")
    if not open_days:
        return {"opens_at": opens_at, "closes_at": None, "jury_decision_at": None,
                "results_at": None}
    deadline_day = opens_on + timedelta(days=int(open_days))
    closes_at = brussels_to_utc(datetime.combine(deadline_day, closing))

    def after(key: str) -> datetime | None:
        days = timeline.get(key)
        if days is None:
            return None
        return brussels_to_utc(datetime.combine(deadline_day + timedelta(days=int(days)),
                                                closing))

    return {"opens_at": opens_at, "closes_at": closes_at, "jury_decision_at": after("jury_days"),
            "results_at": after("results_days")}
