"""Jury screens: set-up by the organiser, invitations, declarations of conflicts of interest
and scoring by jurors, and the progress overview for the chair and the organisers.

Who may do what:
- organisers (editors and administrators of the challenge's organisation, platform
  administrators) set up the jury, invite and remove jurors and name the chair;
- a juror (an accepted member) sees the proposals they review, declares, then scores;
- the chair and the organisers follow the progress, see the declared conflicts, send
  reminders and assign proposals; the chair and the organisers lock scoring, only the
  chair reopens it (progress.may_unlock says why).
The rules themselves are in operations.py and progress.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.accounts.enterprise import format_enterprise_number
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.jury import forms
from challenges.jury import operations as ops
from challenges.jury import progress as work
from challenges.jury.models import JuryMember, RankingView
from challenges.jury.tokens import JuryTokenError, read_jury_token
from challenges.security import get_or_404, require, signed_in_or_403
from challenges.submissions.models import Proposal, ProposalAttachment
from challenges.uploads import download_response
from challenges.web import flash_problems, page_number, show_problems

bp = Blueprint("jury", __name__)

# Larger numbers in an address are answered with 404 rather than a database error.
ID = "int(max=2147483647)"



def _challenge_or_404(slug: str) -> Challenge:
    challenge = db.session.scalar(select(Challenge).where(Challenge.slug == slug).options(
        selectinload(Challenge.organisation), selectinload(Challenge.criteria)))
    if challenge is None:
        abort(404)
    return challenge


def _organiser_challenge(slug: str) -> Challenge:
    """The jury's set-up: the organisers, and the chair, who chooses the authoritative view
    before scoring starts and may invite the other jurors."""
    challenge = _challenge_or_404(slug)
    if not challenge.can_edit(current_user):
        member = ops.member_for(challenge, current_user)
        require(member is not None and member.is_chair)
    return challenge


def _juror(slug: str) -> tuple[Challenge, JuryMember]:
    challenge = _challenge_or_404(slug)
    member = ops.member_for(challenge, current_user)
    require(member is not None)
    return challenge, member


def _juror_proposal(slug: str, proposal_id: int) -> tuple[Challenge, JuryMember, Proposal]:
    """A proposal this juror reviews: 404 when it is not part of the jury's work, 403 when
    it is not theirs to review or they declared a conflict with it."""
    challenge, member = _juror(slug)
    proposal = get_or_404(Proposal, proposal_id)
    if proposal.challenge_id != challenge.id or proposal.status not in ops.REVIEWABLE:
        abort(404)
    require(ops.is_assigned(member, proposal) and work.may_declare(member, proposal))
    return challenge, member, proposal


def _overseen(slug: str):
    """The chair's and organisers' pages: the challenge, its jury and the user's own seat."""
    challenge = _challenge_or_404(slug)
    member = ops.member_for(challenge, current_user)
    require(work.may_oversee(challenge, current_user, member))
    return challenge, ops.jury_for(challenge), member


# Organiser set-up ---------------------------------------------------------------------------

def _render_setup(challenge: Challenge, form=None, invite_form=None, status: int = 200):
    jury = ops.jury_for(challenge)
    members = list(db.session.scalars(
        select(JuryMember).where(JuryMember.jury_id == jury.id)
        .options(selectinload(JuryMember.user)).order_by(JuryMember.id))) if jury else []
    return render_template(
        "jury/setup.html", challenge=challenge, jury=jury, members=members,
        form=form or forms.setup_form(challenge.criteria, jury),
        invite_form=invite_form or forms.InviteJurorForm(formdata=None),
        action_form=ActionForm(), views=list(RankingView), view_help=forms.VIEW_HELP,
        assignment_help=forms.ASSIGNMENT_HELP,
        scoring_started=bool(jury and ops.scoring_started(jury))), status


@bp.route("/manage/challenges/<slug>/jury", methods=["GET", "POST"])
@signed_in_or_403
def setup(slug: str):
    challenge = _organiser_challenge(slug)
    if request.method == "GET":
        return _render_setup(challenge)
    form = forms.setup_form(challenge.criteria, ops.jury_for(challenge))
    if not form.validate_on_submit():
        return _render_setup(challenge, form=form, status=400)
    try:
        ops.configure(challenge, current_user, **form.settings())
    except ops.JuryError as error:
        show_problems(form, error.problems)
        return _render_setup(challenge, form=form, status=409)
    flash(_("The jury settings are saved."), "success")
    return redirect(url_for("jury.setup", slug=slug))


@bp.post("/manage/challenges/<slug>/jury/members")
@signed_in_or_403
def invite(slug: str):
    challenge = _organiser_challenge(slug)
    form = forms.InviteJurorForm()
    if not form.validate_on_submit():
        return _render_setup(challenge, invite_form=form, status=400)
    try:
        member = ops.invite_member(challenge, form.email.data, current_user,
                                   chair=bool(form.chair.data))
    except ops.JuryError as error:
        show_problems(form, error.problems)
        return _render_setup(challenge, invite_form=form, status=409)
    if member.accepted_at is not None:
        flash(_("%(email)s has an account and is on the jury now; we told them by email.",
                email=member.email), "success")
    else:
        flash(_("We sent an invitation to %(email)s.", email=member.email), "success")
    return redirect(url_for("jury.setup", slug=slug, _anchor="members"))


def _member_of(challenge: Challenge, member_id: int) -> JuryMember:
    member = get_or_404(JuryMember, member_id)
    if member.jury.challenge_id != challenge.id:
        abort(404)
    return member


@bp.post(f"/manage/challenges/<slug>/jury/members/<{ID}:member_id>/chair")
@signed_in_or_403
def make_chair(slug: str, member_id: int):
    challenge = _organiser_challenge(slug)
    member = _member_of(challenge, member_id)
    if ActionForm().validate_on_submit():
        ops.set_chair(member, current_user)
        flash(_("%(name)s chairs the jury now.", name=member.name), "success")
    return redirect(url_for("jury.setup", slug=slug, _anchor="members"))


@bp.post(f"/manage/challenges/<slug>/jury/members/<{ID}:member_id>/remove")
@signed_in_or_403
def remove(slug: str, member_id: int):
    challenge = _organiser_challenge(slug)
    member = _member_of(challenge, member_id)
    if ActionForm().validate_on_submit():
        name = member.name
        try:
            ops.remove_member(member, current_user)
        except ops.JuryError as error:
            flash_problems(error)
        else:
            flash(_("%(name)s is no longer on the jury.", name=name), "success")
    return redirect(url_for("jury.setup", slug=slug, _anchor="members"))


# Invitation ---------------------------------------------------------------------------------

@bp.route("/jury/accept/<token>", methods=["GET", "POST"])
@login_required
def accept(token: str):
    try:
        member = read_jury_token(token)
    except JuryTokenError as error:
        return render_template("jury/invitation_invalid.html", expired=error.expired), 400
    challenge = member.jury.challenge
    if member.accepted_at is not None and member.user_id == current_user.id:
        flash(_("You are already on this jury."), "info")
        return redirect(url_for("jury.challenge", slug=challenge.slug))
    form = ActionForm()
    if form.validate_on_submit():
        try:
            ops.accept_invitation(member, current_user)
        except ops.JuryError as error:
            flash_problems(error)
            return redirect(url_for("jury.home"))
        flash(_("Welcome to the jury. Declare for each proposal whether you have a conflict "
                "of interest, then score it."), "success")
        return redirect(url_for("jury.challenge", slug=challenge.slug))
    return render_template("jury/accept.html", member=member, challenge=challenge, form=form)


# Jurors -------------------------------------------------------------------------------------

@bp.get("/jury")
@login_required
def home():
    return render_template("jury/home.html", memberships=work.juries_of(current_user))


@bp.get("/jury/<slug>", endpoint="challenge")
@login_required
def work_list(slug: str):
    challenge, member = _juror(slug)
    current = work.overview_for_member(member)
    rows = current.work_of(member)
    return render_template(
        "jury/challenge.html", challenge=challenge, member=member, jury=member.jury,
        counts=current.member_counts(member),
        page=work.ListPage.of(rows, page_number(), current_app.config["PAGE_SIZE"]),
        may_oversee=work.may_oversee(challenge, current_user, member))


def _render_declare(challenge, member, proposal, form, status=200):
    return render_template("jury/declare.html", challenge=challenge, member=member,
                           jury=member.jury, proposal=proposal, form=form,
                           current=ops.declaration(member, proposal)), status


@bp.route(f"/jury/<slug>/proposals/<{ID}:proposal_id>/declare", methods=["GET", "POST"])
@login_required
def declare(slug: str, proposal_id: int):
    challenge, member, proposal = _juror_proposal(slug, proposal_id)
    current = ops.declaration(member, proposal)
    form = forms.DeclarationForm(data={"conflict": "no"} if current else None)
    if request.method == "GET":
        return _render_declare(challenge, member, proposal, form)
    if not form.validate_on_submit():
        return _render_declare(challenge, member, proposal, form, 400)
    try:
        ops.declare(member, proposal, form.has_conflict, form.reason.data or "", current_user)
    except ops.JuryError as error:
        show_problems(form, error.problems)
        return _render_declare(challenge, member, proposal, form, 409 if member.jury.locked
                               else 400)
    if form.has_conflict:
        flash(_("Your conflict of interest is recorded. You will not see or score this "
                "proposal."), "success")
        return redirect(url_for("jury.challenge", slug=slug))
    flash(_("Thank you. You can now read and score the proposal."), "success")
    return redirect(url_for("jury.review", slug=slug, proposal_id=proposal.id))


def _render_review(challenge, member, proposal, form, status=200):
    jury = member.jury
    review = ops.my_review(member, proposal)
    see_others = ops.may_see_others(member, proposal)
    return render_template(
        "jury/review.html", challenge=challenge, member=member, jury=jury, proposal=proposal,
        form=form, review=review, criteria=challenge.criteria,
        enterprise=format_enterprise_number,
        levels=jury.level_descriptions or {},
        others=work.other_reviews(member, proposal) if see_others else None), status


@bp.route(f"/jury/<slug>/proposals/<{ID}:proposal_id>/review", methods=["GET", "POST"])
@login_required
def review(slug: str, proposal_id: int):
    challenge, member, proposal = _juror_proposal(slug, proposal_id)
    if not ops.may_read(member, proposal):
        flash(_("Declare first whether you have a conflict of interest with this proposal."),
              "warning")
        return redirect(url_for("jury.declare", slug=slug, proposal_id=proposal.id))
    form = forms.review_form(challenge.criteria, member.jury,
                             ops.my_review(member, proposal))
    if request.method == "GET":
        return _render_review(challenge, member, proposal, form)
    if not form.validate_on_submit():
        return _render_review(challenge, member, proposal, form, 400)
    submit = request.form.get("action") == "submit"
    try:
        ops.save_review(member, proposal, current_user, submit=submit,
                        **form.review_data(request.form))
    except ops.JuryError as error:
        show_problems(form, error.problems)
        return _render_review(challenge, member, proposal, form,
                              409 if member.jury.locked else 400)
    if submit:
        flash(_("Your review is saved and submitted."), "success")
    else:
        flash(_("Your draft is saved. Submit it when every criterion has a score."), "success")
    return redirect(url_for("jury.review", slug=slug, proposal_id=proposal.id))


@bp.get(f"/jury/<slug>/proposals/<{ID}:proposal_id>/attachments/<{ID}:attachment_id>")
@login_required
def attachment(slug: str, proposal_id: int, attachment_id: int):
    _challenge, member, proposal = _juror_proposal(slug, proposal_id)
    require(ops.may_read(member, proposal))
    item = get_or_404(ProposalAttachment, attachment_id)
    if item.proposal_id != proposal.id:
        abort(404)
    return download_response(item)


# Chair and organisers -----------------------------------------------------------------------

@bp.get("/jury/<slug>/progress")
@login_required
def progress(slug: str):
    challenge, jury, member = _overseen(slug)
    if jury is None:
        flash(_("Set up the jury first."), "info")
        return redirect(url_for("jury.setup", slug=slug))
    current = work.overview(jury)
    return render_template(
        "jury/progress.html", challenge=challenge, jury=jury, current=current,
        page=work.ListPage.of(current.proposals, page_number(), current_app.config["PAGE_SIZE"]),
        jurors=[m for m in current.members if m.accepted_at is not None],
        invited=[m for m in current.members if m.accepted_at is None],
        action_form=ActionForm(), may_lock=work.may_lock(challenge, current_user, member),
        may_unlock=work.may_unlock(challenge, current_user, member),
        is_organiser=challenge.can_edit(current_user))


def _back_to_progress(slug: str):
    return redirect(url_for("jury.progress", slug=slug))


def _jury_or_404(jury):
    if jury is None:
        abort(404)
    return jury


@bp.post("/jury/<slug>/remind")
@login_required
def remind(slug: str):
    _challenge, jury, _member = _overseen(slug)
    jury = _jury_or_404(jury)
    if ActionForm().validate_on_submit():
        try:
            count = work.remind_pending(jury, current_user)
        except ops.JuryError as error:
            flash_problems(error)
        else:
            if count:
                flash(ngettext("A reminder is on its way to %(num)d juror.",
                               "A reminder is on its way to %(num)d jurors.", count), "success")
            else:
                flash(_("Every juror is done: nobody needed a reminder."), "info")
    return _back_to_progress(slug)


@bp.post("/jury/<slug>/lock")
@login_required
def lock(slug: str):
    challenge = _challenge_or_404(slug)
    member = ops.member_for(challenge, current_user)
    require(work.may_lock(challenge, current_user, member))
    jury = _jury_or_404(ops.jury_for(challenge))
    if ActionForm().validate_on_submit():
        ops.lock(jury, current_user)
        flash(_("Scoring is locked. Jurors can read their reviews but no longer change them."),
              "success")
    return _back_to_progress(slug)


@bp.post("/jury/<slug>/unlock")
@login_required
def unlock(slug: str):
    challenge = _challenge_or_404(slug)
    member = ops.member_for(challenge, current_user)
    require(work.may_unlock(challenge, current_user, member))
    jury = _jury_or_404(ops.jury_for(challenge))
    if ActionForm().validate_on_submit():
        try:
            ops.unlock(jury, current_user)
        except ops.JuryError as error:
            flash_problems(error)
        else:
            flash(_("Scoring is open again."), "success")
    return _back_to_progress(slug)


@bp.post("/jury/<slug>/assign")
@login_required
def assign(slug: str):
    _challenge, jury, _member = _overseen(slug)
    jury = _jury_or_404(jury)
    if ActionForm().validate_on_submit():
        load = ops.auto_assign(jury, current_user)
        flash(ngettext("Proposals are assigned: %(reviews)d reviews for %(num)d juror. Each "
                       "juror now sees only their assignments.",
                       "Proposals are assigned: %(reviews)d reviews over %(num)d jurors. Each "
                       "juror now sees only their assignments.", len(load),
                       reviews=sum(load.values())), "success")
    return _back_to_progress(slug)


@bp.post("/jury/<slug>/assignments")
@login_required
def assignments(slug: str):
    _challenge, jury, _member = _overseen(slug)
    jury = _jury_or_404(jury)
    form = forms.AssignmentForm()
    if not form.validate_on_submit():
        flash(_("The assignment was not changed: the request was incomplete."), "danger")
        return _back_to_progress(slug)
    member = get_or_404(JuryMember, form.member_id.data)
    proposal = get_or_404(Proposal, form.proposal_id.data)
    try:
        work.change_assignment(jury, member, proposal, form.wants_assigned, current_user)
    except ops.JuryError as error:
        flash_problems(error)
    else:
        if form.wants_assigned:
            flash(_("%(title)s is assigned to %(name)s.", title=proposal.title,
                    name=member.name), "success")
        else:
            flash(_("%(title)s is no longer assigned to %(name)s.", title=proposal.title,
                    name=member.name), "success")
    return redirect(url_for("jury.progress", slug=slug, page=request.form.get(
        "page", 1, type=int), _anchor="assignments"))
