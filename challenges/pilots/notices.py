"""Who hears of a step in a pilot: the other side, by email through the outbox, in the same
transaction as the step (a refused step sends nothing)."""

from __future__ import annotations

from flask_babel import LazyString, format_currency
from flask_babel import gettext as _
from sqlalchemy import select

from challenges.accounts.models import Membership, User
from challenges.errors import Refused
from challenges.extensions import db
from challenges.i18n import format_day
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.pilots.models import Pilot, Side


def refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def closed_refusal() -> Refused:
    return refuse(_("This pilot is closed: it can no longer change."))


def organiser_side(pilot: Pilot) -> list[User]:
    """The municipality's contact for the pilot, or else everyone who runs the organisation's
    challenges."""
    if pilot.municipality_contact is not None and pilot.municipality_contact.email:
        return [pilot.municipality_contact]
    # Of a joint challenge: the lead's people and those of the host where it runs.
    organisation_ids = {pilot.challenge.organisation_id, pilot.site_organisation.id}
    return list(db.session.scalars(
        select(User).where(User.id.in_(
            select(Membership.user_id).where(Membership.organisation_id.in_(organisation_ids))))
        .order_by(User.id)))


def participant_side(pilot: Pilot) -> list[User]:
    return list(pilot.proposal.team)


def tell(pilot: Pilot, side: Side, subject, message, **context) -> None:
    """Email one side of the pilot. `subject` and `message` are lazy strings, translated in
    each recipient's language."""
    people = organiser_side(pilot) if side == Side.ORGANISER else participant_side(pilot)
    link = external_url("pilots.view", pilot_id=pilot.id)
    for person in people:
        if not person.email:
            continue  # a deleted account
        queue_email(person.email, person.language, "pilot_notice", subject, user=person,
                    pilot=pilot, challenge=pilot.challenge, message=message, link=link,
                    **context)


def other(side: Side) -> Side:
    return Side.PARTICIPANT if side == Side.ORGANISER else Side.ORGANISER


def long_date(day) -> LazyString:
    """A date written in the language of whoever reads it (an email is rendered in the
    recipient's)."""
    return LazyString(format_day, day)


def euro(amount) -> LazyString:
    return LazyString(format_currency, amount, "EUR")
