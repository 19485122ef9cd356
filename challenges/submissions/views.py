"""Proposals on screen: participants write, submit, edit and withdraw them, alone or as a
team; the public sees them when the challenge says so; organisers list, read, rule out and
export them."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public, signed_in
from challenges.accounts.enterprise import format_enterprise_number
from challenges.cache import cached_page
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.challenges.stages import first_stage
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db, reload
from challenges.files import attach_from_form, stored_file, table_download
from challenges.forms import ActionForm
from challenges.links import external_url
from challenges.submissions import answers, exports, operations, queries
from challenges.submissions.forms import (
    IneligibleForm,
    InviteForm,
    ProposalAttachmentForm,
    ProposalForm,
    proposal_form,
)
from challenges.submissions.models import (
    ORGANISER_STATUSES,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    TeamMember,
    asked_in,
    start_problem,
)
from challenges.submissions.queries import (
    load_attachment,
    load_managed_challenge,
    load_managed_proposal,
    load_member,
    load_proposal,
)
from challenges.timezones import utc_to_brussels
from challenges.tokens import LinkRefused
from challenges.web import (
    flash_form_errors,
    flash_problems,
    invitation_limit,
    page_number,
    pressed,
    safe_next,
    show_problems,
)

bp = Blueprint("submissions", __name__)


@bp.app_context_processor
def _enums():
    # shown_answers(proposal, include_private): the answers a page may show (private ones
    # for the team and the organisation only: the template says which it is).
    return {"ProposalStatus": ProposalStatus, "shown_answers": answers.shown_answers}


def _render_form(form, challenge, proposal=None, status=200, problem=None):
    # The stage a new proposal starts in (the first), or the one the proposal is in.
    stage = proposal.stage if proposal is not None else first_stage(challenge)
    deadline = stage.closes_at if stage is not None else challenge.closes_at
    now = utcnow()
    return render_template(
        "submissions/form.html", form=form, challenge=challenge, proposal=proposal,
        problem=problem, invite_form=InviteForm(), attachment_form=ProposalAttachmentForm(),
        now=now, stage=stage, deadline=deadline,
        asked=proposal.asked_fields if proposal is not None else asked_in(stage),
        accepts=proposal.accepts_entries(now) if proposal is not None
        else challenge.is_open(now)), status


# Participants ---------------------------------------------------------------------------------

@bp.route("/challenges/<slug>/proposals/new", methods=["GET", "POST"])
@signed_in(challenge=load_challenge)
def new(challenge: Challenge):
    form = proposal_form(challenge)
    if request.method == "GET":
        form.language.data = current_user.language
    problem = start_problem(challenge, current_user, utcnow())
    if problem:
        return _render_form(form, challenge, problem=problem, status=403)
    if not form.validate_on_submit():
        return _render_form(form, challenge, status=400 if form.errors else 200)
    try:
        proposal = operations.create_draft(challenge, current_user, form.data_for_save())
    except Refused as error:  # the deadline passed while the form was open
        show_problems(form, error.problems)
        return _render_form(form, challenge, status=409)
    if request.form.get("action") == "submit":
        return _submit(proposal, form)
    flash(_("Your draft is saved. Only your team can see it."), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal.id))


def _submit(proposal: Proposal, form: ProposalForm):
    proposal_id = proposal.id
    try:
        operations.submit(proposal, form.data_for_save(), current_user,
                          accept_rules=bool(form.accept_rules.data),
                          accept_terms=bool(form.accept_terms.data))
    except Refused as error:
        show_problems(form, error.problems)
        proposal = reload(Proposal, proposal_id)
        return _render_form(form, proposal.challenge, proposal, status=409)
    flash(_("Your proposal is submitted. Its reference is %(reference)s; we sent a receipt "
            "by email.", reference=proposal.reference), "success")
    return redirect(url_for("submissions.view", proposal_id=proposal.id))


@bp.route("/proposals/<id:proposal_id>/edit", methods=["GET", "POST"])
@needs(Proposal.in_team, proposal=load_proposal)
def edit(proposal: Proposal):
    challenge = proposal.challenge
    form = proposal_form(challenge, proposal)
    if request.method == "GET" and proposal.late_changes:
        flash(_("Changes you made after the deadline are shown below. They were not "
                "submitted; the jury reads the version submitted in time."), "warning")
    if not form.validate_on_submit():
        return _render_form(form, challenge, proposal, status=400 if form.errors else 200)
    if request.form.get("action", "save") == "submit" and proposal.is_resumable:
        return _submit(proposal, form)
    proposal_id = proposal.id
    try:
        outcome = operations.save(proposal, form.data_for_save(), current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_form(form, challenge, reload(Proposal, proposal_id), status=409)
    if outcome == "resubmitted":
        flash(_("Your changes are submitted as a new version. The jury reads the last version "
                "submitted before the deadline."), "success")
    else:
        flash(_("Your draft is saved."), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal.id))


@bp.get("/proposals/<id:proposal_id>")
@public(proposal=load_proposal)
def view(proposal: Proposal):
    return render_template(
        "submissions/view.html", proposal=proposal, challenge=proposal.challenge,
        support_count=queries.support_counts([proposal.id]).get(proposal.id, 0),
        supported=proposal.id in queries.supported_by(current_user, [proposal.id]),
        can_support=proposal.support_refusal(current_user, utcnow()) is None,
        now=utcnow(), action_form=ActionForm())


@bp.route("/proposals/<id:proposal_id>/withdraw", methods=["GET", "POST"])
@needs(Proposal.in_team, proposal=load_proposal)
def withdraw(proposal: Proposal):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            operations.withdraw(proposal, current_user)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("Your proposal is withdrawn. You can submit it again before the deadline."),
                  "success")
        return redirect(url_for("submissions.view", proposal_id=proposal.id))
    return render_template("submissions/withdraw.html", proposal=proposal, form=form)


@bp.post("/proposals/<id:proposal_id>/delete")
@needs(Proposal.can_lead, proposal=load_proposal)
def delete(proposal: Proposal):
    if ActionForm().validate_on_submit():
        try:
            operations.delete_draft(proposal, current_user)
        except Refused as error:
            flash_problems(error)
            return redirect(url_for("submissions.view", proposal_id=proposal.id))
        flash(_("The draft is deleted."), "success")
    return redirect(url_for("submissions.mine"))


@bp.post("/proposals/<id:proposal_id>/attachments")
@needs(Proposal.in_team, proposal=load_proposal)
def upload(proposal: Proposal):
    attach_from_form(
        ProposalAttachmentForm(),
        lambda checked: operations.add_attachment(proposal, checked, current_user),
        proposal.challenge.proposal_max_attachment_mb * 1024 * 1024, allow_text=False)
    return redirect(url_for("submissions.edit", proposal_id=proposal.id, _anchor="attachments"))


@bp.post("/proposals/<id:proposal_id>/attachments/<id:attachment_id>/delete")
@needs(Proposal.in_team, proposal=load_proposal, attachment=load_attachment)
def delete_attachment(proposal: Proposal, attachment: ProposalAttachment):
    pressed(lambda: operations.delete_attachment(attachment, current_user),
            _("The attachment is removed."))
    return redirect(url_for("submissions.edit", proposal_id=proposal.id, _anchor="attachments"))


@bp.get("/proposals/<id:proposal_id>/attachments/<id:attachment_id>")
@public(proposal=load_proposal, attachment=load_attachment)
def attachment(attachment: ProposalAttachment):
    return stored_file(attachment)


@bp.post("/proposals/<id:proposal_id>/team")
@invitation_limit
@needs(Proposal.in_team, proposal=load_proposal)
def invite(proposal: Proposal):
    form = InviteForm()
    if form.validate_on_submit():
        try:
            operations.invite(proposal, (form.email.data or ""), current_user)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("We sent an invitation to %(email)s.", email=form.email.data), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("submissions.edit", proposal_id=proposal.id, _anchor="team"))


@bp.post("/proposals/<id:proposal_id>/team/<id:member_id>/remove")
@needs(Proposal.can_lead, proposal=load_proposal, member=load_member)
def remove_member(proposal: Proposal, member: TeamMember):
    if ActionForm().validate_on_submit():
        operations.remove_member(member, current_user)
        flash(_("%(email)s is no longer in the team.", email=member.email), "success")
    return redirect(url_for("submissions.edit", proposal_id=proposal.id, _anchor="team"))


@bp.route("/team/accept/<token>", methods=["GET", "POST"])
@public()
def accept_invitation(token: str):
    """Public, so that the link shows what the invitation is before anyone signs in (the
    signed link is the proof of having read the invited mailbox); joining needs an account
    with that address, confirmed."""
    try:
        member = queries.member_of_invitation(token)
    except LinkRefused as error:
        return render_template("submissions/invitation_invalid.html", expired=error.expired), 400
    form = ActionForm()
    problem = (current_user.invitation_problem(member.email)
               if current_user.is_authenticated and member.accepted_at is None else None)
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("submissions.accept_invitation", token=token))
    if form.validate_on_submit() and not problem:
        try:
            operations.accept_invitation(member, current_user)
        except Refused as error:
            flash_problems(error)
            return redirect(url_for("submissions.mine"))
        flash(_("You are now in the team. You can edit the proposal together."), "success")
        return redirect(url_for("submissions.edit", proposal_id=member.proposal_id))
    return render_template("submissions/accept.html", member=member, proposal=member.proposal,
                           form=form, problem=problem)


@bp.get("/my/proposals")
@signed_in()
def mine():
    return render_template("submissions/mine.html", proposals=queries.proposals_of(current_user),
                           now=utcnow())


@bp.get("/challenges/<slug>/proposals")
@cached_page
@public(challenge=load_challenge)
def public_list(challenge: Challenge):
    """The proposals of a challenge, once the challenge makes them public."""
    proposals = queries.public_proposals(challenge)
    ids = [p.id for p in proposals]
    return render_template("submissions/public_list.html", challenge=challenge,
                           proposals=proposals, counts=queries.support_counts(ids),
                           mine=queries.supported_by(current_user, ids),
                           can_support=challenge.public_support_enabled
                           and challenge.is_open(utcnow()),
                           action_form=ActionForm())


@bp.post("/proposals/<id:proposal_id>/support")
@signed_in(proposal=load_proposal)
def toggle_support(proposal: Proposal):
    pressed(lambda: operations.toggle_support(proposal, current_user),
            lambda supported: (_("Thank you for your support.") if supported
                               else _("Your support is taken back.")))
    return redirect(safe_next(request.form.get("next"),
                              url_for("submissions.view", proposal_id=proposal.id)))


# Organisers -----------------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/proposals")
@needs(Challenge.can_edit, challenge=load_managed_challenge)
def manage_list(challenge: Challenge):
    filters, errors = queries.ProposalFilters.from_args(request.args)
    counts = queries.status_counts(challenge)
    page = db.paginate(queries.challenge_proposals(challenge, filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("submissions/organiser_list.html", challenge=challenge,
                           stages=list(challenge.stages),
                           filters=filters, errors=errors, counts=counts, page=page,
                           total=sum(counts.values()), statuses=ORGANISER_STATUSES,
                           enterprise=format_enterprise_number)


def _render_managed(proposal: Proposal, form: IneligibleForm | None = None, status: int = 200):
    return render_template(
        "submissions/organiser_proposal.html", proposal=proposal, challenge=proposal.challenge,
        form=form or IneligibleForm(formdata=None), enterprise=format_enterprise_number,
        flag_form=ActionForm()), status


@bp.get("/manage/proposals/<id:proposal_id>")
@needs(Proposal.can_manage, proposal=load_managed_proposal)
def manage_proposal(proposal: Proposal):
    return _render_managed(proposal)


@bp.post("/manage/proposals/<id:proposal_id>/ineligible")
@needs(Proposal.can_manage, proposal=load_managed_proposal)
def ineligible(proposal: Proposal):
    if not proposal.is_markable:
        # Say why, rather than a bare error: a withdrawn proposal is out of reach.
        flash(queries.not_markable_message(proposal.status), "danger")
        return redirect(url_for("submissions.manage_proposal", proposal_id=proposal.id))
    form = IneligibleForm()
    if not form.validate_on_submit():
        return _render_managed(proposal, form, 400)
    try:
        operations.mark_ineligible(proposal, (form.reason.data or ""), current_user)
    except Refused as error:
        if "reason" in error.problems:
            show_problems(form, error.problems)
            return _render_managed(proposal, form, 400)
        flash_problems(error)
    else:
        flash(_("The proposal is marked ineligible. Every team member is emailed the reason."),
              "success")
    return redirect(url_for("submissions.manage_proposal", proposal_id=proposal.id))


@bp.post("/manage/proposals/<id:proposal_id>/eligible")
@needs(Proposal.can_manage, proposal=load_managed_proposal)
def eligible(proposal: Proposal):
    pressed(lambda: operations.mark_eligible(proposal, current_user),
            _("The proposal is eligible again and takes part as submitted. The team was "
              "emailed that it was ineligible and gets no email about this change: let "
              "them know."))
    return redirect(url_for("submissions.manage_proposal", proposal_id=proposal.id))


def _export(challenge: Challenge):
    # The filters of the list page apply, so "download what I see" works; none means all.
    filters, _errors = queries.ProposalFilters.from_args(request.args)
    proposals = queries.proposals_for_export(challenge, filters)
    today = utc_to_brussels(utcnow()).date().isoformat()

    def attachment_url(proposal: Proposal, item: ProposalAttachment) -> str:
        return external_url("submissions.attachment", proposal_id=proposal.id,
                            attachment_id=item.id)

    questions = queries.form_questions(challenge)
    return exports.headers(questions), exports.rows(proposals, attachment_url, questions), \
        f"proposals-{challenge.slug}-{today}"


@bp.get("/manage/challenges/<slug>/proposals.csv", defaults={"extension": "csv"})
@bp.get("/manage/challenges/<slug>/proposals.xlsx", defaults={"extension": "xlsx"},
        endpoint="export_xlsx")
@needs(Challenge.can_edit, challenge=load_managed_challenge)
def export_csv(challenge: Challenge, extension: str):
    header, body, name = _export(challenge)
    return table_download(extension, name, [(_("Proposals"), header, body)],
                          wrap_columns=exports.WRAPPED_COLUMNS)
