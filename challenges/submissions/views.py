"""The participant's side: write, submit, edit, withdraw proposals, alone or as a team."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.security import get_or_404, require, safe_next, visible_challenge_or_404
from challenges.submissions import operations, support
from challenges.submissions.forms import InviteForm, ProposalAttachmentForm, ProposalForm
from challenges.submissions.models import (
    ENTERED,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    TeamMember,
)
from challenges.submissions.operations import ProposalError
from challenges.submissions.tokens import InvitationError, read_invitation_token
from challenges.uploads import attach_from_form, download_response
from challenges.web import flash_problems, show_problems

bp = Blueprint("submissions", __name__)

PUBLIC_STATUSES = [s for s in ENTERED if s != ProposalStatus.INELIGIBLE]


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = get_or_404(Proposal, proposal_id)
    if not proposal.can_view(current_user):
        abort(404)  # someone else's draft does not exist for you
    return proposal


def _team_proposal(proposal_id: int) -> Proposal:
    proposal = _proposal_or_404(proposal_id)
    require(proposal.is_team_member(current_user))
    return proposal


def _render_form(form, challenge, proposal=None, status=200, problem=None):
    return render_template(
        "submissions/form.html", form=form, challenge=challenge, proposal=proposal,
        problem=problem, invite_form=InviteForm(), attachment_form=ProposalAttachmentForm(),
        open_now=challenge.phase.value == "open"), status


@bp.route("/challenges/<slug>/proposals/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    challenge = visible_challenge_or_404(slug)
    form = ProposalForm()
    problem = operations.start_problem(challenge, current_user)
    if problem:
        return _render_form(form, challenge, problem=problem, status=403)
    if not form.validate_on_submit():
        return _render_form(form, challenge, status=400 if form.errors else 200)
    try:
        proposal = operations.create_draft(challenge, current_user, form.data_for_save())
    except ProposalError as error:  # the deadline passed while the form was open
        show_problems(form, error.problems)
        return _render_form(form, challenge, status=409)
    if request.form.get("action") == "submit":
        return _submit(proposal, form)
    flash(_("Your draft is saved. Only your team can see it."), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal.id))


def _submit(proposal: Proposal, form: ProposalForm):
    try:
        operations.submit(proposal, form.data_for_save(), current_user,
                          accept_rules=bool(form.accept_rules.data))
    except ProposalError as error:
        show_problems(form, error.problems)
        proposal = db.session.get(Proposal, proposal.id)
        return _render_form(form, proposal.challenge, proposal, status=409)
    flash(_("Your proposal is submitted. Its reference is %(reference)s; we sent a receipt "
            "by email.", reference=proposal.reference), "success")
    return redirect(url_for("submissions.view", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = _team_proposal(proposal_id)
    challenge = proposal.challenge
    form = ProposalForm(obj=proposal)
    if request.method == "GET" and proposal.late_changes:
        flash(_("Changes you made after the deadline are shown below. They were not "
                "submitted; the jury reads the version submitted in time."), "warning")
    if not form.validate_on_submit():
        return _render_form(form, challenge, proposal, status=400 if form.errors else 200)
    action = request.form.get("action", "save")
    if action == "submit" and proposal.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN):
        return _submit(proposal, form)
    try:
        outcome = operations.save(proposal, form.data_for_save(), current_user)
    except ProposalError as error:
        show_problems(form, error.problems)
        return _render_form(form, challenge, db.session.get(Proposal, proposal_id), status=409)
    if outcome == "resubmitted":
        flash(_("Your changes are submitted as a new version. The jury reads the last version "
                "submitted before the deadline."), "success")
    else:
        flash(_("Your draft is saved."), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal.id))


@bp.get("/proposals/<int:proposal_id>")
def view(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    return render_template("submissions/view.html", proposal=proposal,
                           challenge=proposal.challenge,
                           support_count=support.support_counts([proposal.id]).get(proposal.id, 0),
                           supported=proposal.id in support.supported_by(current_user,
                                                                         [proposal.id]),
                           can_support=support.support_problem(proposal, current_user) is None,
                           is_team=proposal.is_team_member(current_user),
                           open_now=proposal.challenge.phase.value == "open",
                           action_form=ActionForm())


@bp.route("/proposals/<int:proposal_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(proposal_id: int):
    proposal = _team_proposal(proposal_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            operations.withdraw(proposal, current_user)
        except ProposalError as error:
            flash_problems(error)
        else:
            flash(_("Your proposal is withdrawn. You can submit it again before the deadline."),
                  "success")
        return redirect(url_for("submissions.view", proposal_id=proposal_id))
    return render_template("submissions/withdraw.html", proposal=proposal, form=form)


@bp.post("/proposals/<int:proposal_id>/delete")
@login_required
def delete(proposal_id: int):
    proposal = _team_proposal(proposal_id)
    require(proposal.author_id == current_user.id)
    if ActionForm().validate_on_submit():
        try:
            operations.delete_draft(proposal)
        except ProposalError as error:
            flash_problems(error)
            return redirect(url_for("submissions.view", proposal_id=proposal_id))
        flash(_("The draft is deleted."), "success")
    return redirect(url_for("submissions.mine"))


@bp.post("/proposals/<int:proposal_id>/attachments")
@login_required
def upload(proposal_id: int):
    proposal = _team_proposal(proposal_id)
    attach_from_form(
        ProposalAttachmentForm(),
        lambda checked: operations.add_attachment(proposal, checked, current_user),
        proposal.challenge.proposal_max_attachment_mb * 1024 * 1024, allow_text=False)
    return redirect(url_for("submissions.edit", proposal_id=proposal_id, _anchor="attachments"))


@bp.post("/proposals/<int:proposal_id>/attachments/<int:attachment_id>/delete")
@login_required
def delete_attachment(proposal_id: int, attachment_id: int):
    proposal = _team_proposal(proposal_id)
    item = get_or_404(ProposalAttachment, attachment_id)
    if item.proposal_id != proposal.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            operations.delete_attachment(item)
        except ProposalError as error:
            flash_problems(error)
        else:
            flash(_("The attachment is removed."), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal_id, _anchor="attachments"))


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def attachment(proposal_id: int, attachment_id: int):
    proposal = _proposal_or_404(proposal_id)
    item = get_or_404(ProposalAttachment, attachment_id)
    if item.proposal_id != proposal.id:
        abort(404)
    return download_response(item)


@bp.post("/proposals/<int:proposal_id>/team")
@login_required
def invite(proposal_id: int):
    proposal = _team_proposal(proposal_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            operations.invite(proposal, form.email.data, current_user)
        except ProposalError as error:
            flash_problems(error)
        else:
            flash(_("We sent an invitation to %(email)s.", email=form.email.data), "success")
    else:
        for messages in form.errors.values():
            flash(" ".join(messages), "danger")
    return redirect(url_for("submissions.edit", proposal_id=proposal_id, _anchor="team"))


@bp.post("/proposals/<int:proposal_id>/team/<int:member_id>/remove")
@login_required
def remove_member(proposal_id: int, member_id: int):
    proposal = _team_proposal(proposal_id)
    require(proposal.author_id == current_user.id)
    member = get_or_404(TeamMember, member_id)
    if member.proposal_id != proposal.id:
        abort(404)
    if ActionForm().validate_on_submit():
        operations.remove_member(member)
        flash(_("%(email)s is no longer in the team.", email=member.email), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal_id, _anchor="team"))


@bp.route("/team/accept/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    try:
        member = read_invitation_token(token)
    except InvitationError as error:
        return render_template("submissions/invitation_invalid.html", expired=error.expired), 400
    form = ActionForm()
    if form.validate_on_submit():
        try:
            operations.accept_invitation(member, current_user)
        except ProposalError as error:
            flash_problems(error)
            return redirect(url_for("submissions.mine"))
        flash(_("You are now in the team. You can edit the proposal together."), "success")
        return redirect(url_for("submissions.edit", proposal_id=member.proposal_id))
    return render_template("submissions/accept.html", member=member, proposal=member.proposal,
                           form=form)


@bp.get("/my/proposals")
@login_required
def mine():
    member_of = select(TeamMember.proposal_id).where(
        TeamMember.user_id == current_user.id, TeamMember.accepted_at.is_not(None))
    proposals = db.session.scalars(
        select(Proposal).where(or_(Proposal.author_id == current_user.id,
                                   Proposal.id.in_(member_of)))
        .options(selectinload(Proposal.challenge).selectinload(Challenge.organisation))
        .order_by(Proposal.updated_at.desc())).all()
    return render_template("submissions/mine.html", proposals=proposals, now=utcnow())


@bp.get("/challenges/<slug>/proposals")
def public_list(slug: str):
    """The proposals of a challenge, once the challenge makes them public."""
    challenge = visible_challenge_or_404(slug)
    proposals = [p for p in db.session.scalars(
        select(Proposal).where(Proposal.challenge_id == challenge.id,
                               Proposal.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user))
        .order_by(Proposal.submitted_at)) if p.is_public()]
    ids = [p.id for p in proposals]
    return render_template("submissions/public_list.html", challenge=challenge,
                           proposals=proposals, counts=support.support_counts(ids),
                           mine=support.supported_by(current_user, ids),
                           can_support=challenge.public_support_enabled
                           and challenge.phase.value == "open",
                           action_form=ActionForm())


@bp.post("/proposals/<int:proposal_id>/support")
@login_required
def toggle_support(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    if ActionForm().validate_on_submit():
        try:
            supported = support.toggle_support(proposal, current_user)
        except ProposalError as error:
            flash_problems(error)
        else:
            flash(_("Thank you for your support.") if supported
                  else _("Your support is taken back."), "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("submissions.view", proposal_id=proposal_id)))
