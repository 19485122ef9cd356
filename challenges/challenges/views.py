"""Public pages of challenges and the organisers' authoring screens."""

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
from flask_login import current_user
from sqlalchemy import select

from challenges.accounts.models import PARTICIPANT_KIND_LABELS, Organisation
from challenges.challenges import operations, queries
from challenges.challenges.forms import (
    AttachmentForm,
    CancelForm,
    ChallengeForm,
    challenge_data,
    fill_form,
)
from challenges.challenges.models import (
    PUBLIC_PHASES,
    Challenge,
    ChallengeAttachment,
    ChallengeStatus,
    Phase,
)
from challenges.challenges.operations import ChallengeRuleError
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.security import get_or_404, require, signed_in_or_403, visible_challenge_or_404
from challenges.uploads import attach_from_form, download_response
from challenges.web import flash_problems, page_number, show_problems

bp = Blueprint("challenges", __name__)



def _editable_or_403(slug: str) -> Challenge:
    challenge = queries.challenge_by_slug(slug)
    if challenge is None:
        abort(404)
    require(challenge.can_edit(current_user))
    return challenge


# Public -------------------------------------------------------------------------------------

@bp.get("/challenges")
def listing():
    filters, errors = queries.ChallengeFilters.from_args(request.args)
    page = db.paginate(queries.public_challenges(filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template(
        "challenges/list.html", page=page, filters=filters, errors=errors,
        phases=PUBLIC_PHASES, themes=queries.active_themes(),
        organisations=queries.organisations_with_public_challenges(),
        audiences=PARTICIPANT_KIND_LABELS)


@bp.get("/challenges/<slug>")
def detail(slug: str):
    challenge = visible_challenge_or_404(slug)
    from challenges.challenges.qa import section_context

    return render_template("challenges/detail.html", challenge=challenge,
                           phase=challenge.phase, can_edit=challenge.can_edit(current_user),
                           **section_context(challenge, current_user))


@bp.get("/challenges/<slug>/attachments/<int:attachment_id>")
def attachment(slug: str, attachment_id: int):
    challenge = visible_challenge_or_404(slug)
    item = get_or_404(ChallengeAttachment, attachment_id)
    if item.challenge_id != challenge.id:
        abort(404)
    return download_response(item, private=False)


@bp.get("/organisations/<slug>")
def organisation(slug: str):
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        abort(404)
    filters = queries.ChallengeFilters(organisation=slug)
    page = db.paginate(queries.public_challenges(filters), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    can_edit = current_user.is_authenticated and current_user.can_edit_for(org)
    return render_template("challenges/organisation.html", organisation=org, page=page,
                           can_edit=can_edit)


# Organisers -------------------------------------------------------------------------------

def _my_organisations() -> list[Organisation]:
    if current_user.is_platform_admin:
        return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    return sorted((m.organisation for m in current_user.memberships), key=lambda o: o.name)


@bp.get("/manage")
@signed_in_or_403
def manage():
    organisations = _my_organisations()
    require(bool(organisations))
    page = db.paginate(queries.managed_challenges([o.id for o in organisations]),
                       page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("challenges/manage.html", organisations=organisations, page=page)


def _theme_choices(form: ChallengeForm, challenge: Challenge | None) -> None:
    themes = queries.themes_for_choice(challenge.themes if challenge else ())
    form.theme_ids.choices = [(t.id, t.name) for t in themes]


def _show_problems(form: ChallengeForm, problems: dict[str, str]) -> None:
    problems = dict(problems)
    if "criteria" in problems:
        form.criteria_error = problems.pop("criteria")  # about the rows together, shown above them
    show_problems(form, problems)


def _render_form(form, challenge, organisation, status=200, preview=False):
    return render_template(
        "challenges/form.html", form=form, challenge=challenge, organisation=organisation,
        preview=preview, attachment_form=AttachmentForm(), cancel_form=CancelForm(),
        max_attachments=operations.MAX_ATTACHMENTS), status


@bp.route("/manage/organisations/<org_slug>/challenges/new", methods=["GET", "POST"])
@signed_in_or_403
def new(org_slug: str):
    org = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if org is None:
        abort(404)
    require(current_user.can_edit_for(org))
    form = ChallengeForm()
    _theme_choices(form, None)
    if request.method == "GET":
        form.contact_name.data = current_user.display_name
        form.contact_email.data = org.contact_email or current_user.email
        form.audience.data = ["citizen", "startup", "company"]
    if not form.is_submitted():
        return _render_form(form, None, org)
    action = request.form.get("action", "save")
    if not form.validate():
        return _render_form(form, None, org, status=400)
    if action == "preview":
        return _render_form(form, None, org, preview=True)
    challenge = operations.create_challenge(org, challenge_data(form), current_user)
    if action == "publish":
        return _publish_or_explain(challenge, form, org)
    flash(_("The draft is saved. Only your organisation can see it."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug))


def _publish_or_explain(challenge: Challenge, form: ChallengeForm, org: Organisation):
    try:
        operations.publish(challenge)
    except ChallengeRuleError as error:
        _show_problems(form, error.problems)
        flash(_("Saved as a draft. Before it can be published, correct what is marked below."),
              "warning")
        return _render_form(form, challenge, org, status=400)
    flash(_("The challenge is published."), "success")
    return redirect(url_for("challenges.detail", slug=challenge.slug))


@bp.route("/manage/challenges/<slug>/edit", methods=["GET", "POST"])
@signed_in_or_403
def edit(slug: str):
    challenge = _editable_or_403(slug)
    org = challenge.organisation
    form = ChallengeForm()
    _theme_choices(form, challenge)
    if not form.is_submitted():
        fill_form(form, challenge)
        return _render_form(form, challenge, org)
    action = request.form.get("action", "save")
    if not form.validate():
        return _render_form(form, challenge, org, status=400)
    if action == "preview":
        return _render_form(form, challenge, org, preview=True)
    try:
        announced = operations.update_challenge(challenge, challenge_data(form))
    except ChallengeRuleError as error:
        _show_problems(form, error.problems)
        return _render_form(form, challenge, org, status=400)
    if action == "publish" and challenge.status == ChallengeStatus.DRAFT:
        return _publish_or_explain(challenge, form, org)
    if announced:
        flash(_("Saved. This change is announced on the challenge page: %(notice)s",
                notice=" ".join(announced)), "info")
    else:
        flash(_("Your changes are saved."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug))


@bp.post("/manage/challenges/<slug>/publish")
@signed_in_or_403
def publish(slug: str):
    challenge = _editable_or_403(slug)
    if ActionForm().validate_on_submit():
        try:
            operations.publish(challenge)
        except ChallengeRuleError as error:
            for message in error.problems.values():
                flash(message, "danger")
            return redirect(url_for("challenges.edit", slug=slug))
        flash(_("The challenge is published."), "success")
    return redirect(url_for("challenges.detail", slug=slug))


@bp.post("/manage/challenges/<slug>/advance")
@signed_in_or_403
def advance(slug: str):
    challenge = _editable_or_403(slug)
    if ActionForm().validate_on_submit():
        try:
            step = operations.advance(challenge)
        except ChallengeRuleError as error:
            flash_problems(error)
        else:
            flash(_("The challenge is now: %(phase)s.", phase=Phase(step.value).label), "success")
    return redirect(url_for("challenges.manage"))


@bp.route("/manage/challenges/<slug>/cancel", methods=["GET", "POST"])
@signed_in_or_403
def cancel(slug: str):
    challenge = _editable_or_403(slug)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            operations.cancel(challenge, form.reason.data)
        except ChallengeRuleError as error:
            form.reason.errors.append(error.problems["reason"])
        else:
            flash(_("The challenge is cancelled. The reason is shown on its page."), "success")
            return redirect(url_for("challenges.detail", slug=slug))
    return render_template("challenges/cancel.html", challenge=challenge, form=form), \
        (400 if form.errors else 200)


@bp.post("/manage/challenges/<slug>/duplicate")
@signed_in_or_403
def duplicate(slug: str):
    challenge = _editable_or_403(slug)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("challenges.edit", slug=slug))
    copy = operations.duplicate(challenge, current_user)
    flash(_("This is a copy. Check the texts, set the dates and publish when ready."), "success")
    return redirect(url_for("challenges.edit", slug=copy.slug))


@bp.post("/manage/challenges/<slug>/delete")
@signed_in_or_403
def delete(slug: str):
    challenge = _editable_or_403(slug)
    if ActionForm().validate_on_submit():
        try:
            operations.delete_draft(challenge)
        except ChallengeRuleError as error:
            flash_problems(error)
            return redirect(url_for("challenges.edit", slug=slug))
        flash(_("The draft is deleted."), "success")
    return redirect(url_for("challenges.manage"))


@bp.post("/manage/challenges/<slug>/attachments")
@signed_in_or_403
def upload(slug: str):
    challenge = _editable_or_403(slug)
    attach_from_form(AttachmentForm(),
                     lambda checked: operations.add_attachment(challenge, checked),
                     operations.ATTACHMENT_MAX_BYTES)
    return redirect(url_for("challenges.edit", slug=slug, _anchor="attachments"))


@bp.post("/manage/challenges/<slug>/attachments/<int:attachment_id>/delete")
@signed_in_or_403
def delete_attachment(slug: str, attachment_id: int):
    challenge = _editable_or_403(slug)
    item = get_or_404(ChallengeAttachment, attachment_id)
    if item.challenge_id != challenge.id:
        abort(404)
    if ActionForm().validate_on_submit():
        operations.delete_attachment(item)
        flash(_("The attachment is removed."), "success")
    return redirect(url_for("challenges.edit", slug=slug, _anchor="attachments"))


