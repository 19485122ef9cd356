"""Jury screens: set-up, invitations, declarations of conflicts of interest and scoring by
jurors, and the progress overview for the chair and the organisers. Who may do what is on
the models (Jury.can_oversee, Jury.can_review, can_oversee_jury...); the rules are in
operations.py."""

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
from flask_login import current_user
from sqlalchemy import select

from challenges.access import get_or_404, needs, public, require, signed_in
from challenges.accounts.enterprise import format_enterprise_number
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage, stage_criteria
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import stored_file
from challenges.forms import ActionForm
from challenges.jury import forms, operations, queries
from challenges.jury.models import (
    Jury,
    JuryMember,
    RankingView,
    can_oversee_jury,
    criteria_of,
    jury_for,
)
from challenges.jury.queries import (
    FINAL,
    WorkState,
    load_jury,
    load_jury_challenge,
    load_jury_member,
    load_jury_proposal,
    load_jury_stage,
)
from challenges.submissions.models import Proposal, ProposalAttachment
from challenges.submissions.queries import load_attachment, load_managed_proposal
from challenges.tokens import LinkRefused
from challenges.web import ListPage, flash_problems, invitation_limit, page_number, show_problems

bp = Blueprint("jury", __name__)


@bp.app_context_processor
def _enums():
    return {"WorkState": WorkState}


@bp.app_template_global()
def jury_url(endpoint: str, jury: Jury, **values) -> str:
    """The address of a jury page, for the final jury or a stage's, whichever `jury` is."""
    return url_for(endpoint, slug=jury.challenge.slug, stage_id=jury.stage_id, **values)


@bp.app_template_global()
def with_final_jury(challenges) -> set[int]:
    """Which of these challenges have a final jury (one query): the organisers' list links
    to a ranking only where there is one."""
    ids = [challenge.id for challenge in challenges]
    if not ids:
        return set()
    return set(db.session.scalars(select(Jury.challenge_id).where(
        Jury.challenge_id.in_(ids), Jury.stage_id.is_(None))))


def _seat(jury: Jury) -> JuryMember:
    """The signed-in juror's seat; the route's rule made sure there is one."""
    member = jury.member_for(current_user)
    require(member is not None)
    assert member is not None
    return member


# Set-up, by the organisers and the chair ------------------------------------------------------

def _setup_url(challenge: Challenge, stage: ChallengeStage | None, **values) -> str:
    return url_for("jury.setup", slug=challenge.slug,
                   stage_id=stage.id if stage is not None else None, **values)


def _criteria(challenge: Challenge, stage: ChallengeStage | None, jury: Jury | None):
    """What the jury of this page scores on, before it exists too."""
    if jury is not None:
        return criteria_of(jury)
    return stage_criteria(stage) if stage is not None else list(challenge.criteria)


def _render_setup(challenge: Challenge, stage: ChallengeStage | None, form=None,
                  invite_form=None, status: int = 200):
    jury = jury_for(challenge, stage)
    return render_template(
        "jury/setup.html", challenge=challenge, stage=stage, jury=jury,
        members=queries.jury_members(jury), setup_url=_setup_url(challenge, stage),
        form=form or forms.setup_form(_criteria(challenge, stage, jury), jury, stage),
        invite_form=invite_form or forms.InviteJurorForm(formdata=None),
        action_form=ActionForm(), views=list(RankingView), view_help=forms.VIEW_HELP,
        assignment_help=forms.ASSIGNMENT_HELP,
        scoring_started=bool(jury and queries.scoring_started(jury))), status


@bp.route("/manage/challenges/<slug>/jury", methods=["GET", "POST"], defaults=FINAL)
@bp.route("/manage/challenges/<slug>/stages/<id:stage_id>/jury", methods=["GET", "POST"])
@needs(can_oversee_jury, challenge=load_jury_challenge, stage=load_jury_stage)
def setup(challenge: Challenge, stage: ChallengeStage | None):
    if request.method == "GET":
        return _render_setup(challenge, stage)
    jury = jury_for(challenge, stage)
    form = forms.setup_form(_criteria(challenge, stage, jury), jury, stage)
    if not form.validate_on_submit():
        return _render_setup(challenge, stage, form=form, status=400)
    try:
        operations.configure(challenge, current_user, stage=stage, **form.settings())
    except Refused as error:
        show_problems(form, error.problems)
        return _render_setup(challenge, stage, form=form, status=409)
    flash(_("The jury settings are saved."), "success")
    return redirect(_setup_url(challenge, stage))


@bp.post("/manage/challenges/<slug>/jury/members", defaults=FINAL)
@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/jury/members")
@invitation_limit
@needs(can_oversee_jury, challenge=load_jury_challenge, stage=load_jury_stage)
def invite(challenge: Challenge, stage: ChallengeStage | None):
    form = forms.InviteJurorForm()
    if not form.validate_on_submit():
        return _render_setup(challenge, stage, invite_form=form, status=400)
    try:
        member = operations.invite_member(challenge, (form.email.data or ""), current_user,
                                          chair=bool(form.chair.data), stage=stage)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_setup(challenge, stage, invite_form=form, status=409)
    if member.accepted:
        flash(_("%(email)s has an account and is on the jury now; we told them by email.",
                email=member.email), "success")
    else:
        flash(_("We sent an invitation to %(email)s.", email=member.email), "success")
    return redirect(_setup_url(challenge, stage, _anchor="members"))


@bp.post("/manage/challenges/<slug>/jury/members/<id:member_id>/chair", defaults=FINAL)
@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/jury/members/<id:member_id>/chair")
@needs(Jury.can_oversee, jury=load_jury, member=load_jury_member)
def make_chair(jury: Jury, member: JuryMember):
    if ActionForm().validate_on_submit():
        operations.set_chair(member, current_user)
        flash(_("%(name)s chairs the jury now.", name=member.name), "success")
    return redirect(jury_url("jury.setup", jury, _anchor="members"))


@bp.post("/manage/challenges/<slug>/jury/members/<id:member_id>/remove", defaults=FINAL)
@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/jury/members/<id:member_id>/remove")
@needs(Jury.can_oversee, jury=load_jury, member=load_jury_member)
def remove(jury: Jury, member: JuryMember):
    if ActionForm().validate_on_submit():
        name = member.name
        try:
            operations.remove_member(member, current_user)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("%(name)s is no longer on the jury.", name=name), "success")
    return redirect(jury_url("jury.setup", jury, _anchor="members"))


# Invitation ---------------------------------------------------------------------------------

@bp.route("/jury/accept/<token>", methods=["GET", "POST"])
@public()
def accept(token: str):
    """Public, so that the link shows what the invitation is before anyone signs in; joining
    needs an account with the invited address, confirmed."""
    try:
        member = queries.member_of_invitation(token)
    except LinkRefused as error:
        return render_template("jury/invitation_invalid.html", expired=error.expired), 400
    challenge = member.jury.challenge
    work = jury_url("jury.challenge", member.jury)
    if not current_user.is_authenticated:
        if request.method == "POST":
            return redirect(url_for("jury.accept", token=token))
        return render_template("jury/accept.html", member=member, challenge=challenge,
                               form=None, problem=None)
    if member.accepted and member.user_id == current_user.id:
        flash(_("You are already on this jury."), "info")
        return redirect(work)
    form = ActionForm()
    # (A seat taken by someone else is refused by the operation, with its own message.)
    problem = None if member.accepted else current_user.invitation_problem(member.email)
    if form.validate_on_submit() and not problem:
        try:
            operations.accept_invitation(member, current_user)
        except Refused as error:
            flash_problems(error)
            return redirect(url_for("jury.home"))
        flash(_("Welcome to the jury. Declare for each proposal whether you have a conflict "
                "of interest, then score it."), "success")
        return redirect(work)
    return render_template("jury/accept.html", member=member, challenge=challenge, form=form,
                           problem=problem)


# Jurors -------------------------------------------------------------------------------------

@bp.get("/jury")
@signed_in()
def home():
    return render_template("jury/home.html", memberships=queries.juries_of(current_user))


@bp.get("/jury/<slug>", endpoint="challenge", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>", endpoint="challenge")
@needs(Jury.has_member, jury=load_jury)
def work_list(jury: Jury):
    member = _seat(jury)
    current = queries.overview_for_member(member)
    page = ListPage.of(current.work_of(member), page_number(), current_app.config["PAGE_SIZE"])
    if not jury.blind:      # a blind review shows no teams
        queries.with_teams([proposal for proposal, _state in page.items])
    return render_template(
        "jury/challenge.html", challenge=jury.challenge, member=member, jury=jury,
        criteria=criteria_of(jury), counts=current.member_counts(member), page=page,
        may_oversee=jury.can_oversee(current_user))


def _render_declare(jury, member, proposal, form, status=200):
    return render_template("jury/declare.html", challenge=jury.challenge, member=member,
                           jury=jury, proposal=proposal, form=form,
                           current=member.declaration_for(proposal)), status


@bp.route("/jury/<slug>/proposals/<id:proposal_id>/declare", methods=["GET", "POST"],
          defaults=FINAL)
@bp.route("/jury/<slug>/stages/<id:stage_id>/proposals/<id:proposal_id>/declare",
          methods=["GET", "POST"])
@needs(Jury.can_review, jury=load_jury, proposal=load_jury_proposal)
def declare(jury: Jury, proposal: Proposal):
    member = _seat(jury)
    current = member.declaration_for(proposal)
    form = forms.DeclarationForm(data={"conflict": "no"} if current else None)
    if request.method == "GET":
        return _render_declare(jury, member, proposal, form)
    if not form.validate_on_submit():
        return _render_declare(jury, member, proposal, form, 400)
    try:
        operations.declare(member, proposal, form.has_conflict, form.reason.data or "",
                           current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_declare(jury, member, proposal, form, 409 if jury.locked else 400)
    if form.has_conflict:
        flash(_("Your conflict of interest is recorded. You will not see or score this "
                "proposal."), "success")
        return redirect(jury_url("jury.challenge", jury))
    flash(_("Thank you. You can now read and score the proposal."), "success")
    return redirect(jury_url("jury.review", jury, proposal_id=proposal.id))


def _render_review(jury, member, proposal, form, status=200):
    challenge = jury.challenge
    return render_template(
        "jury/review.html", challenge=challenge, member=member, jury=jury, proposal=proposal,
        form=form, review=member.review_of(proposal), criteria=criteria_of(jury),
        enterprise=format_enterprise_number, levels=jury.level_descriptions or {},
        others=queries.other_reviews(member, proposal)
        if member.may_see_others(proposal) else None), status


@bp.route("/jury/<slug>/proposals/<id:proposal_id>/review", methods=["GET", "POST"],
          defaults=FINAL)
@bp.route("/jury/<slug>/stages/<id:stage_id>/proposals/<id:proposal_id>/review",
          methods=["GET", "POST"])
@needs(Jury.can_review, jury=load_jury, proposal=load_jury_proposal)
def review(jury: Jury, proposal: Proposal):
    member = _seat(jury)
    if not member.can_read(proposal):
        flash(_("Declare first whether you have a conflict of interest with this proposal."),
              "warning")
        return redirect(jury_url("jury.declare", jury, proposal_id=proposal.id))
    form = forms.review_form(criteria_of(jury), jury, member.review_of(proposal))
    if request.method == "GET":
        return _render_review(jury, member, proposal, form)
    if not form.validate_on_submit():
        return _render_review(jury, member, proposal, form, 400)
    submit = request.form.get("action") == "submit"
    try:
        operations.save_review(member, proposal, current_user, submit=submit,
                               **form.review_data(request.form))
    except Refused as error:
        show_problems(form, error.problems)
        return _render_review(jury, member, proposal, form, 409 if jury.locked else 400)
    if submit:
        flash(_("Your review is saved and submitted."), "success")
    else:
        flash(_("Your draft is saved. Submit it when every criterion has a score."), "success")
    return redirect(jury_url("jury.review", jury, proposal_id=proposal.id))


def _reads(jury: Jury, user, proposal: Proposal) -> bool:
    """Download a proposal's attachment: a juror who reviews it and declared no conflict."""
    member = jury.member_for(user)
    return member is not None and bool(jury.can_review(user, proposal)) \
        and member.can_read(proposal)


@bp.get("/jury/<slug>/proposals/<id:proposal_id>/attachments/<id:attachment_id>",
        defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/proposals/<id:proposal_id>/attachments/"
        "<id:attachment_id>")
@needs(_reads, jury=load_jury, proposal=load_jury_proposal, attachment=load_attachment)
def attachment(jury: Jury, attachment: ProposalAttachment):
    if jury.blind:
        # A blind jury gets no file the organisers marked as naming the team, and no file
        # under the name the team gave it.
        if attachment.identifies_team:
            abort(404)
        return stored_file(attachment, filename=attachment.neutral_name)
    return stored_file(attachment)


@bp.post("/manage/proposals/<id:proposal_id>/attachments/<id:attachment_id>/names-team")
@needs(Proposal.can_manage, proposal=load_managed_proposal, attachment=load_attachment)
def flag_attachment(proposal: Proposal, attachment: ProposalAttachment):
    if ActionForm().validate_on_submit():
        flagged = request.form.get("identifies_team") == "1"
        operations.flag_attachment(attachment, flagged, current_user)
        flash(_("%(name)s is hidden from a blind jury.", name=attachment.filename) if flagged
              else _("%(name)s is shown to the jury again.", name=attachment.filename),
              "success")
    return redirect(url_for("submissions.manage_proposal", proposal_id=proposal.id,
                            _anchor="attachments-heading"))


# Chair and organisers -----------------------------------------------------------------------

@bp.get("/jury/<slug>/progress", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/progress")
@needs(can_oversee_jury, challenge=load_jury_challenge, stage=load_jury_stage)
def progress(challenge: Challenge, stage: ChallengeStage | None):
    jury = jury_for(challenge, stage)
    if jury is None:
        flash(_("Set up the jury first."), "info")
        return redirect(_setup_url(challenge, stage))
    current = queries.overview(jury)
    return render_template(
        "jury/progress.html", challenge=challenge, jury=jury, current=current,
        page=ListPage.of(current.proposals, page_number(), current_app.config["PAGE_SIZE"]),
        jurors=[m for m in current.members if m.accepted],
        invited=[m for m in current.members if not m.accepted],
        action_form=ActionForm(), may_unlock=jury.can_unlock(current_user),
        is_organiser=challenge.can_edit(current_user))


def _back_to_progress(jury: Jury):
    return redirect(jury_url("jury.progress", jury))


@bp.post("/jury/<slug>/remind", defaults=FINAL)
@bp.post("/jury/<slug>/stages/<id:stage_id>/remind")
@needs(Jury.can_oversee, jury=load_jury)
def remind(jury: Jury):
    if ActionForm().validate_on_submit():
        try:
            count = operations.remind_pending(jury, current_user)
        except Refused as error:
            flash_problems(error)
        else:
            if count:
                flash(ngettext("A reminder is on its way to %(num)d juror.",
                               "A reminder is on its way to %(num)d jurors.", count), "success")
            else:
                flash(_("Every juror is done: nobody needed a reminder."), "info")
    return _back_to_progress(jury)


@bp.post("/jury/<slug>/lock", defaults=FINAL)
@bp.post("/jury/<slug>/stages/<id:stage_id>/lock")
@needs(Jury.can_oversee, jury=load_jury)
def lock(jury: Jury):
    if ActionForm().validate_on_submit():
        operations.lock(jury, current_user)
        flash(_("Scoring is locked. Jurors can read their reviews but no longer change them."),
              "success")
    return _back_to_progress(jury)


@bp.post("/jury/<slug>/unlock", defaults=FINAL)
@bp.post("/jury/<slug>/stages/<id:stage_id>/unlock")
@needs(Jury.can_unlock, jury=load_jury)
def unlock(jury: Jury):
    if ActionForm().validate_on_submit():
        try:
            operations.unlock(jury, current_user)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("Scoring is open again."), "success")
    return _back_to_progress(jury)


@bp.post("/jury/<slug>/assign", defaults=FINAL)
@bp.post("/jury/<slug>/stages/<id:stage_id>/assign")
@needs(Jury.can_oversee, jury=load_jury)
def assign(jury: Jury):
    if ActionForm().validate_on_submit():
        load = operations.auto_assign(jury, current_user)
        flash(ngettext("Proposals are assigned: %(reviews)d reviews for %(num)d juror. Each "
                       "juror now sees only their assignments.",
                       "Proposals are assigned: %(reviews)d reviews over %(num)d jurors. Each "
                       "juror now sees only their assignments.", len(load),
                       reviews=sum(load.values())), "success")
    return _back_to_progress(jury)


@bp.post("/jury/<slug>/assignments", defaults=FINAL)
@bp.post("/jury/<slug>/stages/<id:stage_id>/assignments")
@needs(Jury.can_oversee, jury=load_jury)
def assignments(jury: Jury):
    form = forms.AssignmentForm()
    if not form.validate_on_submit():
        flash(_("The assignment was not changed: the request was incomplete."), "danger")
        return _back_to_progress(jury)
    member = get_or_404(JuryMember, form.member_id.data)
    proposal = get_or_404(Proposal, form.proposal_id.data)
    try:
        operations.set_assignment(jury, member, proposal, form.wants_assigned, current_user)
    except Refused as error:
        flash_problems(error)
    else:
        if form.wants_assigned:
            flash(_("%(title)s is assigned to %(name)s.", title=proposal.title,
                    name=member.name), "success")
        else:
            flash(_("%(title)s is no longer assigned to %(name)s.", title=proposal.title,
                    name=member.name), "success")
    return redirect(jury_url("jury.progress", jury, page=request.form.get(
        "page", 1, type=int), _anchor="assignments"))
