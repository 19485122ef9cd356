"""The pilot's pages: started by the organiser for a winner, followed by both sides."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from challenges.access import needs, public
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.files import UploadRefused, attach_from_form, check_upload, stored_file
from challenges.pilots import changes, evaluation, exports, forms, operations, queries
from challenges.pilots.models import ChangeKind, ChangeRequest, Milestone, Payment, Pilot
from challenges.pilots.queries import (
    load_change,
    load_document,
    load_milestone,
    load_payment,
    load_pilot,
    load_selected,
)
from challenges.submissions.models import Proposal
from challenges.web import flash_form_errors, flash_problems, show_problems

bp = Blueprint("pilots", __name__)


@bp.app_template_global("pilot_timeline")
def pilot_timeline(challenge: Challenge):
    """The public progress of a challenge's pilots (templates/pilots/_public.html)."""
    return queries.public_timeline(challenge)


def _back(pilot: Pilot, anchor: str | None = None):
    return redirect(url_for("pilots.view", pilot_id=pilot.id, _anchor=anchor))


def _act(form, action: Callable[[], object], done: str, pilot: Pilot, anchor: str):
    """A form posted from the pilot's page: validate, act, and say what happened there."""
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(pilot, anchor)
    try:
        action()
    except Refused as error:
        flash_problems(error)
    else:
        flash(done, "success")
    return _back(pilot, anchor)


# Organisers: the challenge's pilots ---------------------------------------------------------

@bp.get("/manage/challenges/<slug>/pilots")
@needs(Challenge.can_edit, challenge=load_challenge)
def manage(challenge: Challenge):
    return render_template("pilots/manage.html", challenge=challenge,
                           pilots=queries.pilots_of(challenge),
                           winners=queries.selected_without_pilot(challenge),
                           kpis=queries.kpis_of(challenge.id), kpi_form=forms.KpiForm())


@bp.post("/manage/challenges/<slug>/kpis")
@needs(Challenge.can_edit, challenge=load_challenge)
def declare_kpi(challenge: Challenge):
    form = forms.KpiForm()
    if form.validate_on_submit():
        try:
            evaluation.declare_kpi(challenge, current_user, form.data)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The KPI is declared."), "success")
            return redirect(url_for("pilots.manage", slug=challenge.slug, _anchor="kpis"))
    return render_template("pilots/manage.html", challenge=challenge,
                           pilots=queries.pilots_of(challenge),
                           winners=queries.selected_without_pilot(challenge),
                           kpis=queries.kpis_of(challenge.id), kpi_form=form), 400


@bp.route("/manage/challenges/<slug>/proposals/<id:proposal_id>/pilot", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge, proposal=load_selected)
def start(challenge: Challenge, proposal: Proposal):
    form = forms.StartPilotForm()
    people = queries.organisation_people(challenge)
    form.municipality_contact_id.choices = [SelectChoice(0, _("Everyone in the organisation"))] + [
        SelectChoice(u.id, u.name) for u in people]
    form.site_id.choices = [SelectChoice(0, challenge.organisation.name)] + [
        SelectChoice(o.id, o.name) for o in challenge.partners]
    if request.method == "GET":
        form.amount.data = challenge.reward_amount
    if form.validate_on_submit():
        try:
            pilot = operations.start_pilot(challenge, proposal, current_user, form.data)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The pilot is started. Add its milestones."), "success")
            return _back(pilot, "milestones")
    return render_template("pilots/start.html", challenge=challenge, proposal=proposal,
                           form=form), 400 if form.errors else 200


# The pilot's page ---------------------------------------------------------------------------

@bp.get("/pilots/<id:pilot_id>")
@needs(Pilot.can_view, pilot=load_pilot)
def view(pilot: Pilot):
    pilot = queries.pilot_for_page(pilot.id)
    kpis = queries.kpis_of(pilot.challenge_id)
    change_form = forms.ChangeForm(formdata=None)
    change_form.milestone_id.choices = _milestone_choices(pilot)
    value_form = forms.KpiValueForm(formdata=None)
    value_form.kpi_id.choices = [SelectChoice(k.id, k.name) for k in kpis]
    return render_template(
        "pilots/view.html", pilot=pilot, challenge=pilot.challenge, proposal=pilot.proposal,
        series=queries.kpi_series(pilot, kpis), kpis=kpis, side=pilot.side_of(current_user),
        may_manage=pilot.can_manage(current_user),
        may_approve=pilot.can_approve_payments(current_user),
        milestone_form=forms.MilestoneForm(formdata=None),
        submit_form=forms.SubmitMilestoneForm(formdata=None),
        review_form=forms.ReviewMilestoneForm(formdata=None),
        payment_form=forms.ApprovePaymentForm(formdata=None),
        de_minimis_form=forms.DeMinimisForm(formdata=None), change_form=change_form,
        decide_form=forms.DecideChangeForm(formdata=None), value_form=value_form,
        view_form=forms.ParticipantViewForm(formdata=None),
        document_form=forms.DocumentForm(formdata=None))


def _milestone_choices(pilot: Pilot) -> list[tuple[int, str]]:
    return [SelectChoice(0, _("None"))] + [SelectChoice(m.id, m.title) for m in pilot.milestones]


@bp.get("/pilots/<id:pilot_id>/documents/<id:document_id>")
@needs(Pilot.can_view, pilot=load_pilot, document=load_document)
def document(document):
    return stored_file(document)


@bp.post("/pilots/<id:pilot_id>/documents")
@needs(Pilot.can_manage, pilot=load_pilot)
def add_document(pilot: Pilot):
    attach_from_form(forms.DocumentForm(),
                     lambda checked: operations.add_document(pilot, checked, current_user),
                     operations.MAX_DOCUMENT_BYTES)
    return _back(pilot, "contract")


@bp.post("/pilots/<id:pilot_id>/milestones")
@needs(Pilot.can_manage, pilot=load_pilot)
def add_milestone(pilot: Pilot):
    form = forms.MilestoneForm()
    return _act(form, lambda: operations.add_milestone(pilot, current_user, form.data),
                _("The milestone is added."), pilot, "milestones")


@bp.post("/pilots/<id:pilot_id>/milestones/<id:milestone_id>/submit")
@needs(Pilot.in_team, pilot=load_pilot, milestone=load_milestone)
def submit_milestone(pilot: Pilot, milestone: Milestone):
    form = forms.SubmitMilestoneForm()

    def submit():
        uploads = [f for f in request.files.getlist(form.files.name) if f and f.filename]
        try:
            checked = [check_upload(f, operations.MAX_DOCUMENT_BYTES) for f in uploads]
        except UploadRefused as error:
            raise Refused({"files": _("The file was not added: %(reason)s",
                                      reason=error.problems["file"])}) from None
        operations.submit_milestone(milestone, current_user, form.report.data or "", checked)

    return _act(form, submit, _("The milestone is submitted. The municipality is told."), pilot,
                f"milestone-{milestone.id}")


@bp.post("/pilots/<id:pilot_id>/milestones/<id:milestone_id>/review")
@needs(Pilot.can_manage, pilot=load_pilot, milestone=load_milestone)
def review_milestone(pilot: Pilot, milestone: Milestone):
    form = forms.ReviewMilestoneForm()
    return _act(form, lambda: operations.review_milestone(
        milestone, current_user, accept=form.decision.data == "accept",
        reason=form.reason.data or ""), _("Your decision is saved; the team is told."), pilot,
        f"milestone-{milestone.id}")


@bp.post("/pilots/<id:pilot_id>/payments/<id:payment_id>/approve")
@needs(Pilot.can_approve_payments, pilot=load_pilot, payment=load_payment)
def approve_payment(pilot: Pilot, payment: Payment):
    form = forms.ApprovePaymentForm()
    return _act(form, lambda: operations.approve_payment(payment, current_user,
                                                         form.internal_note.data or ""),
                _("The payment is approved."), pilot, "payments")


@bp.post("/pilots/<id:pilot_id>/de-minimis")
@needs(Pilot.can_approve_payments, pilot=load_pilot)
def de_minimis(pilot: Pilot):
    form = forms.DeMinimisForm()
    return _act(form, lambda: operations.record_de_minimis(pilot, current_user,
                                                           form.received_on.data),
                _("The de minimis declaration is recorded."), pilot, "payments")


@bp.post("/pilots/<id:pilot_id>/changes")
@needs(Pilot.can_view, pilot=load_pilot)
def propose_change(pilot: Pilot):
    form = forms.ChangeForm()
    form.milestone_id.choices = _milestone_choices(pilot)

    def propose():
        milestone = next((m for m in pilot.milestones if m.id == form.milestone_id.data), None)
        changes.propose_change(pilot, current_user, ChangeKind(form.kind.data), {
            "reason": form.reason.data, "scope": form.scope.data,
            "new_amount": form.new_amount.data, "new_ends_on": form.new_ends_on.data,
            "milestone": milestone, "new_due_on": form.new_due_on.data})

    return _act(form, propose, _("The change is proposed; the other side is told."), pilot,
                "changes")


@bp.post("/pilots/<id:pilot_id>/changes/<id:change_id>/decide")
@needs(Pilot.can_view, pilot=load_pilot, change=load_change)
def decide_change(pilot: Pilot, change: ChangeRequest):
    form = forms.DecideChangeForm()
    return _act(form, lambda: changes.decide_change(
        change, current_user, accept=form.decision.data == "accept", note=form.note.data or ""),
        _("Your decision on the change is saved."), pilot, "changes")


@bp.post("/pilots/<id:pilot_id>/values")
@needs(Pilot.can_view, pilot=load_pilot)
def report_value(pilot: Pilot):
    form = forms.KpiValueForm()
    kpis = {k.id: k for k in queries.kpis_of(pilot.challenge_id)}
    form.kpi_id.choices = [SelectChoice(k.id, k.name) for k in kpis.values()]
    return _act(form, lambda: evaluation.report_value(
        pilot, kpis[form.kpi_id.data], current_user, form.measured_on.data, form.value.data,
        form.note.data or ""), _("The value is recorded."), pilot, "kpis")


@bp.route("/pilots/<id:pilot_id>/evaluation", methods=["GET", "POST"])
@needs(Pilot.can_manage, pilot=load_pilot)
def evaluate(pilot: Pilot):
    form = forms.EvaluationForm()
    if pilot.is_running and form.validate_on_submit():
        try:
            evaluation.evaluate(pilot, current_user, form.data)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The evaluation is recorded and public on the challenge page."), "success")
            return _back(pilot, "evaluation")
    kpis = queries.kpis_of(pilot.challenge_id)
    return render_template("pilots/evaluate.html", pilot=pilot, challenge=pilot.challenge,
                           form=form, series=queries.kpi_series(pilot, kpis)), \
        400 if form.errors else 200


@bp.post("/pilots/<id:pilot_id>/participant-view")
@needs(Pilot.in_team, pilot=load_pilot)
def participant_view(pilot: Pilot):
    form = forms.ParticipantViewForm()
    return _act(form, lambda: evaluation.add_participant_view(
        pilot, current_user, form.participant_view.data or ""),
        _("Your view is added to the evaluation."), pilot, "evaluation")


@bp.route("/pilots/<id:pilot_id>/drop", methods=["GET", "POST"])
@needs(Pilot.can_manage, pilot=load_pilot)
def drop(pilot: Pilot):
    form = forms.DropForm()
    if form.validate_on_submit():
        try:
            operations.drop_pilot(pilot, current_user, form.reason.data or "")
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The pilot is dropped."), "success")
            return _back(pilot)
    return render_template("pilots/drop.html", pilot=pilot, challenge=pilot.challenge,
                           form=form), 400 if form.errors else 200


# Exports and the public feed ----------------------------------------------------------------

@bp.get("/pilots/<id:pilot_id>/dossier")
@needs(Pilot.can_manage, pilot=load_pilot)
def dossier(pilot: Pilot):
    pilot = queries.pilot_for_page(pilot.id)
    kpis = queries.kpis_of(pilot.challenge_id)
    return render_template("pilots/dossier.html", pilot=pilot, challenge=pilot.challenge,
                           series=queries.kpi_series(pilot, kpis))


@bp.get("/pilots/<id:pilot_id>/dossier.xlsx")
@needs(Pilot.can_manage, pilot=load_pilot)
def dossier_xlsx(pilot: Pilot):
    return exports.xlsx_response(queries.pilot_for_page(pilot.id))


@bp.get("/challenges/<slug>/pilots.atom")
@public(challenge=load_challenge)
def feed(challenge: Challenge):
    return exports.atom_response(challenge, queries.public_timeline(challenge))
