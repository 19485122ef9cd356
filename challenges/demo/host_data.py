"""The demo's joint challenge: Mechelen's smart bins ran in the SCIFI project with Brugge,
which co-hosts it as a partner (its editors work on it, one pilot ran at its site)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from challenges import events
from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, ChallengeHost, HostStatus

# challenge slug: (partner slug, invited by (the lead's admin), answered by (the partner's))
JOINT = {
    "mechelen-slimme-vuilnisbakken": ("stad-brugge", "els.peeters@mechelen.demo",
                                      "sofie.declercq@brugge.demo"),
}


def load_hosts(challenges: dict[str, Challenge], organisations: dict[str, Organisation],
               users: dict[str, User], now: datetime) -> None:
    """Each partner that is missing, accepted a week after the lead invited it."""
    for slug, (partner, inviter, answerer) in JOINT.items():
        challenge = challenges.get(slug)
        if challenge is None or any(row.organisation_id == organisations[partner].id
                                    for row in challenge.host_rows):
            continue
        invited = (challenge.published_at or now) - timedelta(days=21)
        row = ChallengeHost(
            organisation=organisations[partner], status=HostStatus.ACCEPTED,
            invited_by_id=users[inviter].id, invited_at=invited,
            answered_by_id=users[answerer].id, answered_at=invited + timedelta(days=7))
        challenge.host_rows.append(row)
        # The event record, dated as it happened (as the operations record it).
        for action, actor, at, organisation in (
                ("host_invited", users[inviter], invited, challenge.organisation),
                ("host_accepted", users[answerer], invited + timedelta(days=7),
                 organisations[partner])):
            event = events.record(action, row, actor=actor, challenge=challenge,
                                  organisation=organisation, partner=partner)
            event.created_at = at


def host_lines() -> Iterator[str]:
    for slug, (partner, _inviter, _answerer) in JOINT.items():
        yield (f"Joint challenge: /challenges/{slug} (partner {partner}: its editor "
               "pieter.vermeulen@brugge.demo edits it, a pilot ran at Brugge's site).")
