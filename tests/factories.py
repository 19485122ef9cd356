"""Data factories: each returns a committed object with sensible defaults."""

from __future__ import annotations

import itertools

from challenges.accounts.models import Membership, Organisation, ParticipantKind, Role, User
from challenges.db import utcnow
from challenges.extensions import db

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)
_hashes: dict[str, str] = {}


def _set_password(obj: User, password: str) -> None:
    # scrypt is slow on purpose; hash each test password once per run.
    if password not in _hashes:
        obj.set_password(password)
        _hashes[password] = obj.password_hash
    obj.password_hash = _hashes[password]


def user(email: str | None = None, *, name: str | None = None, verified: bool = True,
         password: str = PASSWORD, language: str = "nl", platform_admin: bool = False,
         kind: ParticipantKind = ParticipantKind.CITIZEN, mfa: bool | None = None,
         **fields) -> User:
    """`mfa`: with two-step sign-in set up (its secret in `totp_secret`); platform
    administrators have it unless told otherwise, as they must before reaching /admin."""
    n = next(_counter)
    obj = User(email=(email or f"person{n}@example.be").lower(), display_name=name or f"Person {n}",
               language=language, is_platform_admin=platform_admin, participant_kind=kind,
               email_verified_at=utcnow() if verified else None, **fields)
    if platform_admin if mfa is None else mfa:
        import pyotp

        obj.totp_secret, obj.mfa_enrolled_at = pyotp.random_base32(), utcnow()
    _set_password(obj, password)
    db.session.add(obj)
    db.session.commit()
    return obj


def organisation(name: str | None = None, *, slug: str | None = None, **fields) -> Organisation:
    n = next(_counter)
    obj = Organisation(name=name or f"Gemeente {n}", slug=slug or f"gemeente-{n}", **fields)
    db.session.add(obj)
    db.session.commit()
    return obj


def membership(user_obj: User, organisation_obj: Organisation, role: Role = Role.EDITOR) -> Membership:
    obj = Membership(user=user_obj, organisation=organisation_obj, role=role)
    db.session.add(obj)
    db.session.commit()
    return obj


def org_admin(organisation_obj: Organisation | None = None, **user_fields) -> User:
    organisation_obj = organisation_obj or organisation()
    obj = user(**user_fields)
    membership(obj, organisation_obj, Role.ADMIN)
    return obj


# Challenges ---------------------------------------------------------------------------------

def theme(slug: str | None = None, name_nl: str | None = None, name_en: str | None = None):
    from challenges.challenges.models import Theme

    n = next(_counter)
    obj = Theme(slug=slug or f"theme-{n}", name_nl=name_nl or f"Thema {n}",
                name_en=name_en or f"Theme {n}", position=n)
    db.session.add(obj)
    db.session.commit()
    return obj


DEFAULT_CRITERIA = (("Impact", 50, None), ("Feasibility", 30, None), ("Cost", 20, None))


def challenge(organisation_obj: Organisation | None = None, *, phase: str = "open",
              title: str | None = None, criteria=DEFAULT_CRITERIA, themes=(),
              audience=("citizen", "startup", "company"), now=None, **fields):
    """A complete challenge in the given phase (draft, upcoming, open, closed,
    results_published, follow_up, completed, cancelled)."""
    from datetime import timedelta

    from challenges.challenges.models import (
        Challenge,
        ChallengeAudience,
        ChallengeStatus,
        Criterion,
    )

    now = now or utcnow()
    n = next(_counter)
    dates = {
        "upcoming": (now + timedelta(days=7), now + timedelta(days=37)),
        "closed": (now - timedelta(days=40), now - timedelta(days=2)),
    }
    closed_like = {"closed", "results_published", "follow_up", "completed"}
    opens_at, closes_at = dates.get("closed" if phase in closed_like else phase,
                                    (now - timedelta(days=7), now + timedelta(days=14)))
    status = {"draft": ChallengeStatus.DRAFT, "upcoming": ChallengeStatus.PUBLISHED,
              "open": ChallengeStatus.PUBLISHED, "closed": ChallengeStatus.PUBLISHED}.get(
        phase) or ChallengeStatus(phase)
    values = dict(
        organisation=organisation_obj or organisation(), slug=f"challenge-{n}",
        title=title or f"Challenge {n}", summary=f"Summary of challenge {n}",
        problem="The problem, described in **Markdown**.", context="Context.",
        expected_solutions="Ideas.", goals="Goals.", contact_name="Els",
        contact_email="innovatie@example.be", opens_at=opens_at, closes_at=closes_at,
        status=status, published_at=None if phase == "draft" else opens_at,
        reward_text="Up to EUR 10,000 for a proof of concept", follow_ups=["pilot"],
    )
    if phase == "cancelled":
        values["cancel_reason"] = "The budget was withdrawn."
    values.update(fields)
    obj = Challenge(**values)
    obj.themes = list(themes)
    obj.audience_rows = [ChallengeAudience(kind=ParticipantKind(k)) for k in audience]
    obj.criteria = [Criterion(position=i, name=name, description=f"About {name.lower()}",
                              weight=weight, minimum_score=minimum)
                    for i, (name, weight, minimum) in enumerate(criteria, start=1)]
    db.session.add(obj)
    db.session.commit()
    return obj


def partner(challenge_obj, organisation_obj: Organisation, *, status: str = "accepted"):
    """A partner organisation of a joint challenge (accepted unless told otherwise)."""
    from challenges.challenges.models import ChallengeHost, HostStatus

    obj = ChallengeHost(challenge=challenge_obj, organisation=organisation_obj,
                        status=HostStatus(status),
                        answered_at=None if status == "invited" else utcnow())
    db.session.add(obj)
    db.session.commit()
    return obj


# Proposals ----------------------------------------------------------------------------------

def proposal(challenge_obj=None, author=None, *, status: str = "submitted", title: str | None = None,
             **fields):
    """A proposal in the given status; a submitted one has its slot, reference and version."""
    from challenges.submissions.models import (
        Proposal,
        ProposalSlot,
        ProposalStatus,
        ProposalVersion,
    )

    challenge_obj = challenge_obj or challenge()
    author = author or user()
    n = next(_counter)
    obj = Proposal(challenge=challenge_obj, author=author, status=ProposalStatus(status),
                   title=title or f"Proposal {n}", summary=f"Summary {n}",
                   description="What we will build.", approach="How it answers the challenge.",
                   **fields)
    db.session.add(obj)
    db.session.flush()
    if status != "draft":
        obj.submitted_at = utcnow()
        obj.reference = f"T-{obj.id:05d}"
        obj.version = 1
        db.session.add(ProposalVersion(proposal=obj, version=1, content={"title": obj.title}))
        if status != "withdrawn":
            db.session.add(ProposalSlot(challenge_id=challenge_obj.id, user_id=author.id,
                                        slot=n, proposal_id=obj.id))
    db.session.commit()
    return obj


def lessons(challenge_obj, *, published: bool = True, **fields):
    """The challenge's lessons record, published unless told otherwise."""
    from challenges.lessons.models import LessonsRecord, LessonsStatus

    values = {"summary": "Begin klein.", "what_went_wrong": "De planning liep uit.", **fields}
    obj = LessonsRecord(challenge=challenge_obj,
                        status=LessonsStatus.PUBLISHED if published else LessonsStatus.DRAFT,
                        published_at=utcnow() if published else None, **values)
    db.session.add(obj)
    db.session.commit()
    return obj
