"""What follows the results: a pilot per selected proposal, with its contract record,
milestones, payments, change requests, measured KPIs and the evaluation that ends it.

Who may do what is said here, once, in the `can_*` predicates: the organisation runs the
pilot, its administrators approve payments, the proposal's team acts on its own pilot only.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import Organisation, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model
from challenges.submissions.models import Proposal, ProposalStatus
from challenges.timezones import utc_to_brussels


def brussels_today(now: datetime | None = None) -> date:
    return utc_to_brussels(now or utcnow()).date()


class PilotStatus(LabelledEnum):
    RUNNING = "running", _l("Running")
    EVALUATED = "evaluated", _l("Evaluated")
    DROPPED = "dropped", _l("Dropped")


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned", _l("Planned")
    SUBMITTED = "submitted", _l("Submitted")
    ACCEPTED = "accepted", _l("Accepted")
    CHANGES_REQUESTED = "changes_requested", _l("Changes requested")
    LATE = "late", _l("Late")  # derived from the due date, never stored
    DROPPED = "dropped", _l("Dropped")


class PaymentStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for approval")
    APPROVED = "approved", _l("Approved")


class ChangeKind(LabelledEnum):
    DATES = "dates", _l("Dates")
    SCOPE = "scope", _l("Scope")
    AMOUNT = "amount", _l("Amount")


class ChangeStatus(LabelledEnum):
    PROPOSED = "proposed", _l("Proposed")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")


class Outcome(LabelledEnum):
    ADOPTED = "adopted", _l("Adopted")
    EXTENDED = "extended", _l("Extended")
    SCALED = "scaled", _l("Scaled to other sites")
    STOPPED = "stopped", _l("Stopped")


class Side(LabelledEnum):
    ORGANISER = "organiser", _l("the municipality")
    PARTICIPANT = "participant", _l("the participant")


# The proposals a pilot may start for: the winners and those on the jury's shortlist (the
# Scifi programme funds a proof of concept for each selected company).
SELECTED = (ProposalStatus.WINNER, ProposalStatus.SHORTLISTED)

# Work the team still owes: these can be submitted, and are late past their due date.
OPEN_MILESTONES = (MilestoneStatus.PLANNED, MilestoneStatus.CHANGES_REQUESTED)


class Pilot(Model):
    """The contract or award record of one selected proposal, and the pilot it pays for."""

    __tablename__ = "pilots"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="RESTRICT"), unique=True)
    status: Mapped[PilotStatus] = mapped_column(str_enum(PilotStatus, "pilot_status"),
                                                default=PilotStatus.RUNNING, index=True)
    legal_route: Mapped[LegalRoute] = mapped_column(str_enum(LegalRoute, "legal_route"))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # the award, excluding VAT
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    decision_reference: Mapped[str] = mapped_column(String(200), default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    municipality_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    # Of a joint challenge: which host's site the pilot runs at (one of its hosts; null
    # means the lead's, as for every challenge of one organisation).
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"))
    # A prize to a company is paid only once its de minimis declaration is in.
    de_minimis_received_on: Mapped[date | None] = mapped_column(Date)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    challenge: Mapped[Challenge] = relationship()
    proposal: Mapped[Proposal] = relationship()
    municipality_contact: Mapped[User | None] = relationship(foreign_keys=[municipality_contact_id])
    site: Mapped[Organisation | None] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan",
        order_by="(Milestone.due_on, Milestone.id)")
    payments: Mapped[list[Payment]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="Payment.id")
    changes: Mapped[list[ChangeRequest]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="ChangeRequest.id")
    documents: Mapped[list[PilotDocument]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="PilotDocument.id")
    values: Mapped[list[KpiValue]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan",
        order_by="(KpiValue.measured_on, KpiValue.id)")
    evaluation: Mapped[Evaluation | None] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", uselist=False)

    @property
    def is_running(self) -> bool:
        return self.status == PilotStatus.RUNNING

    @property
    def is_closed(self) -> bool:
        return not self.is_running

    @property
    def organisation(self):
        return self.challenge.organisation

    @property
    def site_organisation(self) -> Organisation:
        """Where it runs: the chosen host's site, or the lead's."""
        return self.site or self.challenge.organisation

    @property
    def committed(self) -> Decimal:
        """What the milestones still standing would pay: never more than the award."""
        return sum((m.amount or Decimal(0) for m in self.milestones
                    if m.status != MilestoneStatus.DROPPED), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.status == PaymentStatus.APPROVED),
                   Decimal(0))

    @property
    def needs_de_minimis(self) -> bool:
        return (self.legal_route == LegalRoute.PRIZE
                and bool(self.proposal.enterprise_number or self.proposal.organisation_name))

    # Who may do what ------------------------------------------------------------------

    def can_manage(self, user) -> bool:
        """Run the pilot: the organisation's editors and administrators (platform admins)."""
        return self.challenge.can_edit(user)

    def in_team(self, user) -> bool:
        return self.proposal.in_team(user)

    def can_view(self, user) -> bool:
        """The whole pilot, private documents included: the organisation and the team."""
        return self.can_manage(user) or self.in_team(user)

    def can_approve_payments(self, user) -> bool:
        """The lead organisation's administrators, and those of the host at whose site it
        runs (and platform administrators) only."""
        return (self.organisation.can_manage_members(user)
                or (self.site is not None and self.site.id in {o.id for o in self.challenge.hosts}
                    and self.site.can_manage_members(user)))

    def side_of(self, user) -> Side | None:
        if self.can_manage(user):
            return Side.ORGANISER
        if self.in_team(user):
            return Side.PARTICIPANT
        return None


class Milestone(Model):
    __tablename__ = "pilot_milestones"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    deliverable: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # paid on acceptance
    status: Mapped[MilestoneStatus] = mapped_column(
        str_enum(MilestoneStatus, "milestone_status"), default=MilestoneStatus.PLANNED)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_for: Mapped[date | None] = mapped_column(Date)  # the due date last reminded of
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="milestones")
    accepted_by: Mapped[User | None] = relationship()
    submissions: Mapped[list[MilestoneSubmission]] = relationship(
        back_populates="milestone", cascade="all, delete-orphan",
        order_by="MilestoneSubmission.id")

    def status_on(self, day: date) -> MilestoneStatus:
        """The status to show: work still owed past its due date is late."""
        if self.status in OPEN_MILESTONES and day > self.due_on:
            return MilestoneStatus.LATE
        return self.status

    @property
    def shown_status(self) -> MilestoneStatus:
        return self.status_on(brussels_today())

    @property
    def can_be_submitted(self) -> bool:
        return self.pilot.is_running and self.status in OPEN_MILESTONES

    @property
    def can_be_reviewed(self) -> bool:
        return self.pilot.is_running and self.status == MilestoneStatus.SUBMITTED

    @property
    def last_submission(self) -> MilestoneSubmission | None:
        return self.submissions[-1] if self.submissions else None


class MilestoneSubmission(Model):
    """The team's report and evidence for a milestone, and the organiser's answer to it."""

    __tablename__ = "pilot_milestone_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("pilot_milestones.id", ondelete="CASCADE"), index=True)
    report: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted: Mapped[bool | None] = mapped_column(Boolean)  # None until reviewed
    review_reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    milestone: Mapped[Milestone] = relationship(back_populates="submissions")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    documents: Mapped[list[PilotDocument]] = relationship(
        back_populates="submission", order_by="PilotDocument.id")


class PilotDocument(Model):
    """The contract's documents and the evidence of milestones: private to the pilot."""

    __tablename__ = "pilot_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("pilot_milestone_submissions.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # The bytes, kept once whoever refers to them (challenges/storage.py).
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="documents")
    submission: Mapped[MilestoneSubmission | None] = relationship(back_populates="documents")


class Payment(Model):
    """One per accepted milestone with an amount; approved by an organisation administrator
    other than the person who accepted the milestone."""

    __tablename__ = "pilot_payments"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("pilot_milestones.id", ondelete="CASCADE"), unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus, "payment_status"),
                                                  default=PaymentStatus.PENDING)
    internal_note: Mapped[str] = mapped_column(Text, default="")  # never public
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="payments")
    milestone: Mapped[Milestone] = relationship()
    approved_by: Mapped[User | None] = relationship()


class ChangeRequest(Model):
    """A change of dates, scope or amount proposed by one side, decided by the other."""

    __tablename__ = "pilot_change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind, "change_kind"))
    side: Mapped[Side] = mapped_column(str_enum(Side, "pilot_side"))
    reason: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text, default="")
    new_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    new_ends_on: Mapped[date | None] = mapped_column(Date)
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("pilot_milestones.id", ondelete="SET NULL"))
    new_due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ChangeStatus] = mapped_column(str_enum(ChangeStatus, "change_status"),
                                                 default=ChangeStatus.PROPOSED)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")

    pilot: Mapped[Pilot] = relationship(back_populates="changes")
    milestone: Mapped[Milestone | None] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])


class Kpi(Model):
    """What success means, declared with the challenge: baseline, target, unit, method."""

    __tablename__ = "challenge_kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    target: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    method: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship()

    @property
    def lower_is_better(self) -> bool:
        return self.target < self.baseline


class KpiValue(Model):
    __tablename__ = "pilot_kpi_values"
    __table_args__ = (UniqueConstraint("pilot_id", "kpi_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("challenge_kpis.id", ondelete="CASCADE"),
                                        index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    note: Mapped[str] = mapped_column(String(500), default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="values")
    kpi: Mapped[Kpi] = relationship()


class Evaluation(Model):
    """How the pilot ended, public once recorded: a stopped pilot is an outcome too."""

    __tablename__ = "pilot_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"),
                                          unique=True)
    # None only for a text carried over from the old free-text pilot summary.
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, "pilot_outcome"))
    summary: Mapped[str] = mapped_column(Text, default="")
    what_worked: Mapped[str] = mapped_column(Text, default="")
    what_did_not: Mapped[str] = mapped_column(Text, default="")
    final_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    kpi_result: Mapped[str] = mapped_column(Text, default="")
    do_differently: Mapped[str] = mapped_column(Text, default="")
    other_municipalities: Mapped[str] = mapped_column(Text, default="")
    participant_view: Mapped[str] = mapped_column(Text, default="")
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="evaluation")

    PUBLIC_TEXTS = ("summary", "what_worked", "what_did_not", "kpi_result", "do_differently",
                    "other_municipalities", "participant_view")
