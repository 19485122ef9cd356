"""Public pages of challenges and the organisers' authoring screens."""

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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import FileStorage

from challenges import images
from challenges.access import needs, public, staff
from challenges.accounts.models import Organisation, ParticipantKind
from challenges.accounts.queries import all_organisations, load_organisation
from challenges.cache import cached_page
from challenges.challenges import operations, queries
from challenges.challenges.changes import NeedsConfirmation
from challenges.challenges.forms import (
    AttachmentForm,
    CancelForm,
    ChallengeForm,
    CoverForm,
    challenge_data,
    fill_form,
    translation_form,
)
from challenges.challenges.hosts import pending_invitations
from challenges.challenges.models import (
    LANGUAGE_NAMES,
    LANGUAGES,
    PUBLIC_PHASES,
    Challenge,
    ChallengeAttachment,
    ChallengeStatus,
    Phase,
)
from challenges.challenges.queries import load_attachment, load_challenge
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import attach_from_form, stored_file
from challenges.forms import ActionForm
from challenges.web import flash_problems, page_number, pressed, show_problems

bp = Blueprint("challenges", __name__)


@bp.app_context_processor
def _enums():
    # Templates compare with the enums, never with their strings.
    return {"Phase": Phase, "ChallengeStatus": ChallengeStatus}


@bp.app_template_global()
def lang_attr(language: str | None) -> Markup:
    """` lang="en"` for an element holding a text written in another language than the
    page's (WCAG 3.1.2); nothing when it is the page's."""
    if language in LANGUAGES and language != str(get_locale()):
        return Markup(f' lang="{language}"')
    return Markup("")


@bp.app_template_global()
def only_in(language: str) -> str:
    """The notice beside a text shown in the other language because it has no translation."""
    if language == "en":
        return _("This text is only available in English.")
    return _("This text is only available in Dutch.")


@bp.app_template_global()
def outdated_notice(original: str) -> str:
    """The notice beside a translation whose original (in `original`) changed since."""
    if original == "en":
        return _("This translation may be out of date: the English text changed since.")
    return _("This translation may be out of date: the Dutch text changed since.")


@bp.app_template_global()
def language_name(language: str) -> str:
    return str(LANGUAGE_NAMES.get(language, language))


def _page(query):
    return db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)


def _public_page(filters: queries.ChallengeFilters):
    return queries.public_page(filters, page_number(), current_app.config["PAGE_SIZE"])


# Public -------------------------------------------------------------------------------------

@bp.get("/challenges")
@cached_page
@public()
def listing():
    filters, errors = queries.ChallengeFilters.from_args(request.args)
    return render_template(
        "challenges/list.html", page=_public_page(filters),
        filters=filters, errors=errors, phases=PUBLIC_PHASES, themes=queries.active_themes(),
        organisations=queries.organisations_with_public_challenges(),
        audiences=ParticipantKind.labels())


@bp.get("/challenges/<slug>")
@cached_page
@public(challenge=load_challenge)
def detail(challenge: Challenge):
    return render_template("challenges/detail.html", challenge=challenge,
                           phase=challenge.phase, can_edit=challenge.can_edit(current_user))


@bp.get("/challenges/<slug>/attachments/<id:attachment_id>")
@public(challenge=load_challenge, attachment=load_attachment)
def attachment(attachment: ChallengeAttachment):
    return stored_file(attachment, private=False)


@bp.get("/organisations/<slug>")
@cached_page
@public(organisation=load_organisation)
def organisation(organisation: Organisation):
    filters = queries.ChallengeFilters(organisation=organisation.slug)
    return render_template("challenges/organisation.html", organisation=organisation,
                           page=_public_page(filters),
                           can_edit=organisation.can_edit(current_user))


# Organisers -------------------------------------------------------------------------------

def _my_organisations() -> list[Organisation]:
    if current_user.is_platform_admin:
        return all_organisations()
    return sorted((m.organisation for m in current_user.memberships), key=lambda o: o.name)


@bp.get("/manage")
@staff()
def manage():
    organisations = _my_organisations()
    return render_template(
        "challenges/manage.html", organisations=organisations,
        page=_page(queries.managed_challenges([o.id for o in organisations])),
        invitations=pending_invitations(current_user))


def _theme_choices(form: ChallengeForm, challenge: Challenge | None) -> None:
    themes = queries.themes_for_choice(challenge.themes if challenge else ())
    form.theme_ids.choices = [(t.id, t.name) for t in themes]


def _show_problems(form: ChallengeForm, problems: dict[str, str]) -> None:
    problems = dict(problems)
    if "criteria" in problems:
        form.criteria_error = problems.pop("criteria")  # about the rows together, shown above them
    show_problems(form, problems)


def _render_form(form, challenge, organisation, status=200, preview=False, change=None,
                 cover_form=None):
    if cover_form is None:
        cover_form = CoverForm(formdata=None)
        if challenge is not None and challenge.cover is not None:
            cover_form.alt_text.data = challenge.cover.alt_text
    return render_template(
        "challenges/form.html", form=form, challenge=challenge, organisation=organisation,
        preview=preview, change=change, attachment_form=AttachmentForm(),
        cover_form=cover_form, image_sizes=images.SIZES,
        cancel_form=CancelForm(), max_attachments=operations.MAX_ATTACHMENTS), status


@bp.route("/manage/organisations/<slug>/challenges/new", methods=["GET", "POST"])
@needs(Organisation.can_edit, organisation=load_organisation)
def new(organisation: Organisation):
    form = ChallengeForm()
    _theme_choices(form, None)
    if request.method == "GET":
        form.contact_name.data = current_user.display_name
        form.contact_email.data = organisation.contact_email or current_user.email
        form.audience.data = ["citizen", "startup", "company"]
    if not form.is_submitted():
        return _render_form(form, None, organisation)
    action = request.form.get("action", "save")
    if not form.validate():
        return _render_form(form, None, organisation, status=400)
    if action == "preview":
        return _render_form(form, None, organisation, preview=True)
    challenge = operations.create_challenge(organisation, challenge_data(form), current_user)
    if action == "publish":
        return _publish_or_explain(challenge, form, organisation)
    flash(_("The draft is saved. Only your organisation can see it."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug))


def _publish_or_explain(challenge: Challenge, form: ChallengeForm, organisation: Organisation):
    try:
        operations.publish(challenge, current_user)
    except Refused as error:
        _show_problems(form, error.problems)
        flash(_("Saved as a draft. Before it can be published, correct what is marked below."),
              "warning")
        return _render_form(form, challenge, organisation, status=400)
    flash(_("The challenge is published."), "success")
    return redirect(url_for("challenges.detail", slug=challenge.slug))


@bp.route("/manage/challenges/<slug>/edit", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def edit(challenge: Challenge):
    organisation = challenge.organisation
    form = ChallengeForm()
    _theme_choices(form, challenge)
    if not form.is_submitted():
        fill_form(form, challenge)
        return _render_form(form, challenge, organisation)
    action = request.form.get("action", "save")
    if not form.validate():
        return _render_form(form, challenge, organisation, status=400)
    if action == "preview":
        return _render_form(form, challenge, organisation, preview=True)
    try:
        announced = operations.update_challenge(challenge, challenge_data(form), current_user,
                                                confirmed=request.form.get("confirm"))
    except Refused as error:
        _show_problems(form, error.problems)
        return _render_form(form, challenge, organisation, status=400)
    except NeedsConfirmation as asked:
        # Nothing is saved yet: the same form, as typed, with what the change means.
        return _render_form(form, challenge, organisation, change=asked.change)
    if action == "publish" and challenge.is_draft:
        return _publish_or_explain(challenge, form, organisation)
    if announced:
        flash(_("Saved. This change is announced on the challenge page: %(notice)s",
                notice=" ".join(announced)), "info")
    else:
        flash(_("Your changes are saved."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug))


@bp.route("/manage/challenges/<slug>/translation/<language>", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def translation(challenge: Challenge, language: str):
    if language not in LANGUAGES or language == challenge.language:
        abort(404)
    form = translation_form(challenge, language)
    if form.validate_on_submit():
        changed = operations.save_translation(challenge, language, form.texts(), current_user)
        flash(_("The translation is saved.") if changed
              else _("Nothing changed in the translation."), "success")
        return redirect(url_for("challenges.translation", slug=challenge.slug,
                                language=language))
    return render_template("challenges/translation.html", challenge=challenge, form=form,
                           language=language, language_name=LANGUAGE_NAMES[language],
                           language_names=LANGUAGE_NAMES), \
        (400 if form.errors else 200)


@bp.post("/manage/challenges/<slug>/publish")
@needs(Challenge.can_edit, challenge=load_challenge)
def publish(challenge: Challenge):
    if ActionForm().validate_on_submit():
        try:
            operations.publish(challenge, current_user)
        except Refused as error:
            for message in error.problems.values():
                flash(message, "danger")
            return redirect(url_for("challenges.edit", slug=challenge.slug))
        flash(_("The challenge is published."), "success")
    return redirect(url_for("challenges.detail", slug=challenge.slug))


@bp.post("/manage/challenges/<slug>/advance")
@needs(Challenge.can_edit, challenge=load_challenge)
def advance(challenge: Challenge):
    pressed(lambda: operations.advance(challenge, current_user),
            lambda step: _("The challenge is now: %(phase)s.", phase=Phase(step.value).label))
    return redirect(url_for("challenges.manage"))


@bp.route("/manage/challenges/<slug>/cancel", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def cancel(challenge: Challenge):
    form = CancelForm()
    if form.validate_on_submit():
        try:
            operations.cancel(challenge, (form.reason.data or ""), current_user)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The challenge is cancelled. The reason is shown on its page."), "success")
            return redirect(url_for("challenges.detail", slug=challenge.slug))
    return render_template("challenges/cancel.html", challenge=challenge, form=form), \
        (400 if form.errors else 200)


@bp.post("/manage/challenges/<slug>/duplicate")
@needs(Challenge.can_edit, challenge=load_challenge)
def duplicate(challenge: Challenge):
    if not ActionForm().validate_on_submit():
        return redirect(url_for("challenges.edit", slug=challenge.slug))
    copy = operations.duplicate(challenge, current_user)
    flash(_("This is a copy. Check the texts, set the dates and publish when ready."), "success")
    return redirect(url_for("challenges.edit", slug=copy.slug))


@bp.post("/manage/challenges/<slug>/delete")
@needs(Challenge.can_edit, challenge=load_challenge)
def delete(challenge: Challenge):
    if ActionForm().validate_on_submit():
        try:
            operations.delete_draft(challenge, current_user)
        except Refused as error:
            flash_problems(error)
            return redirect(url_for("challenges.edit", slug=challenge.slug))
        flash(_("The draft is deleted."), "success")
    return redirect(url_for("challenges.manage"))


@bp.post("/manage/challenges/<slug>/attachments")
@needs(Challenge.can_edit, challenge=load_challenge)
def upload(challenge: Challenge):
    attach_from_form(AttachmentForm(),
                     lambda checked: operations.add_attachment(challenge, checked, current_user),
                     operations.ATTACHMENT_MAX_BYTES)
    return redirect(url_for("challenges.edit", slug=challenge.slug, _anchor="attachments"))


@bp.post("/manage/challenges/<slug>/cover")
@needs(Challenge.can_edit, challenge=load_challenge)
def set_cover(challenge: Challenge):
    form = CoverForm()
    if form.validate_on_submit():
        upload = form.image.data
        data = (upload.read(images.MAX_BYTES + 1)
                if isinstance(upload, FileStorage) and upload.filename else b"")
        try:
            operations.set_cover(challenge, data, form.alt_text.data or "", current_user)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The cover image is saved."), "success")
            return redirect(url_for("challenges.edit", slug=challenge.slug, _anchor="cover"))
    # The challenge's form as saved, the cover's as typed, its problems next to its fields.
    challenge_form = ChallengeForm(formdata=None)
    _theme_choices(challenge_form, challenge)
    fill_form(challenge_form, challenge)
    return _render_form(challenge_form, challenge, challenge.organisation, status=400,
                        cover_form=form)


@bp.post("/manage/challenges/<slug>/cover/delete")
@needs(Challenge.can_edit, challenge=load_challenge)
def delete_cover(challenge: Challenge):
    if ActionForm().validate_on_submit():
        operations.remove_cover(challenge, current_user)
        flash(_("The cover image is removed."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug, _anchor="cover"))


@bp.get("/challenges/<slug>/cover/<size>.jpg")
@public(challenge=load_challenge)
def cover(challenge: Challenge, size: str):
    """The cover in one of its sizes. Its address carries its version (?v=): such a response
    is kept for a year; without it, for an hour. The ETag answers a repeated request with 304."""
    item = challenge.cover
    if item is None or size not in images.SIZES:
        abort(404)
    response = Response(getattr(item, size), mimetype="image/jpeg")
    response.set_etag(f"{item.version}-{size}")
    if request.args.get("v") == item.version:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "public, max-age=3600"
    return response.make_conditional(request)


@bp.post("/manage/challenges/<slug>/attachments/<id:attachment_id>/delete")
@needs(Challenge.can_edit, challenge=load_challenge, attachment=load_attachment)
def delete_attachment(challenge: Challenge, attachment: ChallengeAttachment):
    if ActionForm().validate_on_submit():
        operations.delete_attachment(attachment, current_user)
        flash(_("The attachment is removed."), "success")
    return redirect(url_for("challenges.edit", slug=challenge.slug, _anchor="attachments"))
