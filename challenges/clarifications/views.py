"""Clarifications on screen: the organisers ask and withdraw on the proposal's page; the team
answers on a page of its own; the jury reads them on its review page (a template global)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from challenges.access import needs
from challenges.clarifications import operations, queries
from challenges.clarifications.forms import AnswerForm, AskForm
from challenges.clarifications.models import Clarification, ClarificationStatus
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.files import UploadRefused, check_upload
from challenges.submissions.models import Proposal
from challenges.submissions.queries import load_managed_proposal, load_proposal
from challenges.timezones import brussels_to_utc
from challenges.web import pressed, show_problems

bp = Blueprint("clarifications", __name__)


@bp.app_template_global("clarifications_of")
def clarifications_of(proposal: Proposal) -> list[Clarification]:
    """A proposal's requests, for the organisers', the team's and the jury's pages."""
    return queries.of_proposal(proposal)


def _render_ask(proposal: Proposal, form: AskForm, status: int = 200):
    return render_template(
        "clarifications/ask.html", proposal=proposal, challenge=proposal.challenge, form=form,
        items=queries.of_proposal(proposal),
        refusal=operations.asking_refusal(proposal, utcnow()), now=utcnow()), status


@bp.route("/manage/proposals/<id:proposal_id>/clarifications", methods=["GET", "POST"])
@needs(Proposal.can_manage, proposal=load_managed_proposal)
def ask(proposal: Proposal):
    form = AskForm()
    if not form.is_submitted():
        return _render_ask(proposal, form)
    if not form.validate_on_submit():
        return _render_ask(proposal, form, 400)
    try:
        operations.ask(proposal, form.question.data or "", brussels_to_utc(form.reply_by.data),
                       current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_ask(proposal, form, 400)
    flash(_("The question is sent to every member of the team."), "success")
    return redirect(url_for("clarifications.ask", proposal_id=proposal.id))


@bp.post("/manage/proposals/<id:proposal_id>/clarifications/<id:clarification_id>/withdraw")
@needs(Proposal.can_manage, proposal=load_managed_proposal,
       clarification=queries.load_clarification)
def withdraw(proposal: Proposal, clarification: Clarification):
    pressed(lambda: operations.withdraw(clarification, current_user),
            _("The request is withdrawn."))
    return redirect(url_for("clarifications.ask", proposal_id=proposal.id))


def _render_answer(proposal: Proposal, item: Clarification, form: AnswerForm, status: int = 200):
    return render_template("clarifications/answer.html", proposal=proposal, item=item,
                           challenge=proposal.challenge, form=form,
                           open=item.status == ClarificationStatus.OPEN), status


@bp.route("/proposals/<id:proposal_id>/clarifications/<id:clarification_id>",
          methods=["GET", "POST"])
@needs(Proposal.in_team, proposal=load_proposal, clarification=queries.load_clarification)
def answer(proposal: Proposal, clarification: Clarification):
    form = AnswerForm()
    if not form.is_submitted():
        return _render_answer(proposal, clarification, form)
    if not form.validate_on_submit():
        return _render_answer(proposal, clarification, form, 400)
    checked = None
    upload = form.file.data
    try:
        if isinstance(upload, FileStorage) and upload.filename:
            checked = check_upload(
                upload, proposal.challenge.proposal_max_attachment_mb * 1024 * 1024,
                allow_text=False)
        operations.answer(clarification, form.answer.data or "", checked, current_user)
    except UploadRefused as error:
        show_problems(form, {"file": error.problems["file"]})
        return _render_answer(proposal, clarification, form, 400)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_answer(proposal, clarification, form, 400)
    flash(_("Your answer is sent. The jury reads it beside your proposal."), "success")
    return redirect(url_for("submissions.view", proposal_id=proposal.id,
                            _anchor="clarifications-heading"))
