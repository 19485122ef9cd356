"""The organisers' side of proposals: the list per challenge, a proposal in full, marking it
ineligible (or eligible again), and the CSV and XLSX exports. Only the editors and
administrators of the challenge's organisation (and platform administrators) get in."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from challenges.accounts.enterprise import format_enterprise_number
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.notifications.outbox import external_url
from challenges.security import require, signed_in_or_403
from challenges.submissions import exports, review
from challenges.submissions import organiser_queries as queries
from challenges.submissions.models import Proposal, ProposalAttachment, ProposalStatus
from challenges.timezones import utc_to_brussels
from challenges.web import flash_problems, page_number

bp = Blueprint("organiser", __name__)

# Larger numbers in an address are answered with 404 rather than a database error.
ID = "int(max=2147483647)"


class IneligibleForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[
            DataRequired(message=_l("Give the reason; it is sent to the team.")),
            Length(max=review.REASON_MAX)],
        description=_l("Which rule of the challenge the proposal does not meet. Every team "
                       "member receives it by email."))



def _challenge_or_403(slug: str) -> Challenge:
    challenge = queries.challenge_for_organiser(slug)
    if challenge is None:
        abort(404)
    require(challenge.can_edit(current_user))
    return challenge


def _proposal_or_403(proposal_id: int) -> Proposal:
    proposal = queries.proposal_for_organiser(proposal_id)
    if proposal is None:
        abort(404)
    require(proposal.challenge.can_edit(current_user))
    if proposal.status == ProposalStatus.DRAFT:
        abort(404)  # a draft is private to its team: for organisers it does not exist yet
    return proposal


# The list -------------------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/proposals")
@signed_in_or_403
def index(slug: str):
    challenge = _challenge_or_403(slug)
    filters, errors = queries.ProposalFilters.from_args(request.args)
    counts = queries.status_counts(challenge)
    page = db.paginate(queries.challenge_proposals(challenge, filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("submissions/organiser_list.html", challenge=challenge,
                           filters=filters, errors=errors, counts=counts, page=page,
                           total=sum(counts.values()), statuses=queries.ORGANISER_STATUSES,
                           enterprise=format_enterprise_number)


# One proposal ---------------------------------------------------------------------------------

def _render_proposal(proposal: Proposal, form: IneligibleForm | None = None, status: int = 200):
    return render_template(
        "submissions/organiser_proposal.html", proposal=proposal, challenge=proposal.challenge,
        form=form or IneligibleForm(formdata=None),
        can_mark_ineligible=proposal.status in review.MARKABLE,
        enterprise=format_enterprise_number), status


@bp.get(f"/manage/proposals/<{ID}:proposal_id>")
@signed_in_or_403
def proposal(proposal_id: int):
    return _render_proposal(_proposal_or_403(proposal_id))


@bp.post(f"/manage/proposals/<{ID}:proposal_id>/ineligible")
@signed_in_or_403
def ineligible(proposal_id: int):
    proposal = queries.proposal_for_organiser(proposal_id)
    if proposal is None:
        abort(404)
    require(proposal.challenge.can_edit(current_user))
    if proposal.status not in review.MARKABLE:
        # Say why, rather than a bare error: a draft or withdrawn proposal is out of reach.
        flash(review.not_markable_message(proposal.status), "danger")
        if proposal.status == ProposalStatus.DRAFT:
            return redirect(url_for("organiser.index", slug=proposal.challenge.slug))
        return redirect(url_for("organiser.proposal", proposal_id=proposal.id))
    form = IneligibleForm()
    if not form.validate_on_submit():
        return _render_proposal(proposal, form, 400)
    try:
        review.mark_ineligible(proposal, form.reason.data, current_user)
    except review.ReviewError as error:
        if "reason" in error.problems:
            form.reason.errors = [*form.reason.errors, error.problems["reason"]]
            return _render_proposal(proposal, form, 400)
        flash_problems(error)
    else:
        flash(_("The proposal is marked ineligible. Every team member is emailed the reason."),
              "success")
    return redirect(url_for("organiser.proposal", proposal_id=proposal_id))


@bp.post(f"/manage/proposals/<{ID}:proposal_id>/eligible")
@signed_in_or_403
def eligible(proposal_id: int):
    proposal = _proposal_or_403(proposal_id)
    if ActionForm().validate_on_submit():
        try:
            review.mark_eligible(proposal, current_user)
        except review.ReviewError as error:
            flash_problems(error)
        else:
            flash(_("The proposal is eligible again and takes part as submitted. The team was "
                    "emailed that it was ineligible and gets no email about this change: let "
                    "them know."), "success")
    return redirect(url_for("organiser.proposal", proposal_id=proposal_id))


# Exports --------------------------------------------------------------------------------------

def _attachment_url(proposal: Proposal, attachment: ProposalAttachment) -> str:
    return external_url("submissions.attachment", proposal_id=proposal.id,
                        attachment_id=attachment.id)


def _export(slug: str):
    challenge = _challenge_or_403(slug)
    # The filters of the list page apply, so "download what I see" works; none means all.
    filters, _errors = queries.ProposalFilters.from_args(request.args)
    proposals = queries.proposals_for_export(challenge, filters)
    today = utc_to_brussels(utcnow()).date().isoformat()
    return exports.headers(), exports.rows(proposals, _attachment_url), \
        f"proposals-{challenge.slug}-{today}"


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


@bp.get("/manage/challenges/<slug>/proposals.csv")
@signed_in_or_403
def export_csv(slug: str):
    header, body, name = _export(slug)
    return _download(exports.to_csv(header, body), "text/csv; charset=utf-8", f"{name}.csv")


@bp.get("/manage/challenges/<slug>/proposals.xlsx")
@signed_in_or_403
def export_xlsx(slug: str):
    header, body, name = _export(slug)
    content = exports.to_xlsx(header, body, sheet_title=_("Proposals"))
    return _download(
        content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{name}.xlsx")
