"""Two-step sign-in: enrolment on the profile, the code after the password, and the rule
that whoever must have it enrols before anything else."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public, rule_of, signed_in
from challenges.accounts import mfa
from challenges.accounts.forms import CodeForm, RequireMfaForm, SignInCodeForm
from challenges.accounts.models import Organisation
from challenges.accounts.queries import load_organisation
from challenges.errors import Refused
from challenges.extensions import limiter
from challenges.files import download
from challenges.web import show_problems

bp = Blueprint("mfa", __name__)

PENDING = "mfa_pending"
# Where someone who must enrol may still go besides the public pages: their own account.
OPEN_BLUEPRINTS = {"accounts", "mfa"}


@bp.before_app_request
def _enrol_first():
    """Platform administrators and the staff of an organisation that requires it reach no
    page behind a sign-in (the administration, their organisation's work) before enrolling."""
    endpoint = request.endpoint or ""
    view = current_app.view_functions.get(endpoint)
    rule = rule_of(view) if view is not None else None
    if rule is None or not rule.needs_sign_in or endpoint.split(".")[0] in OPEN_BLUEPRINTS:
        return None
    if not current_user.is_authenticated or current_user.has_mfa:
        return None
    if not mfa.required_for(current_user):
        return None
    flash(_("Your role requires two-step sign-in. Set it up first; it takes two minutes."),
          "warning")
    return redirect(url_for("mfa.settings"))


@bp.get("/account/two-step")
@signed_in()
def settings():
    user = current_user._get_current_object()
    return render_template("accounts/mfa.html", renew_form=CodeForm(prefix="renew"),
                           disable_form=CodeForm(prefix="disable"), required=mfa.required_for(user),
                           unused=mfa.unused_recovery_codes(user) if user.has_mfa else 0)


@bp.route("/account/two-step/enrol", methods=["GET", "POST"])
@signed_in()
def enrol():
    user = current_user._get_current_object()
    if user.has_mfa:
        return redirect(url_for("mfa.settings"))
    if request.method == "GET" or not user.totp_secret:
        mfa.start_enrolment(user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = mfa.confirm_enrolment(user, form.code.data or "")
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("Two-step sign-in is on."), "success")
            return render_template("accounts/mfa_codes.html", codes=codes)
    status = 400 if form.errors else 200
    return render_template("accounts/mfa_enrol.html", form=form,
                           secret=mfa.grouped_secret(user)), status


@bp.get("/account/two-step/qr.svg")
@signed_in()
def qr_code():
    user = current_user._get_current_object()
    if user.has_mfa or not user.totp_secret:
        return redirect(url_for("mfa.settings"))
    response = download(mfa.qr_svg(user), "image/svg+xml", "qr.svg")
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.post("/account/two-step/recovery-codes")
@signed_in()
def renew_codes():
    form = CodeForm(prefix="renew")
    if form.validate_on_submit():
        try:
            codes = mfa.renew_recovery_codes(current_user._get_current_object(),
                                             form.code.data or "")
        except Refused as error:
            flash(str(error.problems["code"]), "danger")
        else:
            return render_template("accounts/mfa_codes.html", codes=codes)
    return redirect(url_for("mfa.settings"))


@bp.post("/account/two-step/disable")
@signed_in()
def disable():
    form = CodeForm(prefix="disable")
    if form.validate_on_submit():
        try:
            mfa.disable(current_user._get_current_object(), form.code.data or "")
        except Refused as error:
            flash(str(error.problems["code"]), "danger")
        else:
            flash(_("Two-step sign-in is off."), "success")
    return redirect(url_for("mfa.settings"))


def _pending_key() -> str:
    data = session.get(PENDING)
    return f"mfa-code:{data.get('uid') if isinstance(data, dict) else ''}"


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("5 per 10 minutes", methods=["POST"], key_func=_pending_key,
               deduct_when=_failed)
@public()
def sign_in_code():
    """The second step of signing in, after the right password."""
    from challenges.accounts.views import finish_sign_in

    data = session.get(PENDING) or {}
    user = mfa.pending_user(data)
    if user is None:
        session.pop(PENDING, None)
        flash(_("Sign in again: the step after your password lasts five minutes."), "info")
        return redirect(url_for("accounts.login"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        if mfa.verify_second_step(user, form.code.data or ""):
            session.pop(PENDING, None)
            return finish_sign_in(user, bool(data.get("remember")), data.get("next") or None)
        show_problems(form, {"code": _("This code is not right. Type the six digits your app "
                                       "shows now, or an unused recovery code.")})
    return render_template("accounts/login_code.html", form=form), (400 if form.errors else 200)


@bp.post("/organisations/<slug>/two-step")
@needs(Organisation.can_manage_members, organisation=load_organisation)
def require(organisation: Organisation):
    form = RequireMfaForm()
    if form.validate_on_submit():
        mfa.set_requirement(organisation, bool(form.require_mfa.data), current_user)
        flash(_("Two-step sign-in is now required for the editors and administrators of "
                "%(name)s.", name=organisation.name) if organisation.require_mfa
              else _("Two-step sign-in is no longer required at %(name)s.",
                     name=organisation.name), "success")
    return redirect(url_for("admin.members", slug=organisation.slug, _anchor="two-step"))
