from __future__ import annotations

import json

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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from challenges.access import public, signed_in
from challenges.accounts import operations, queries
from challenges.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResendVerificationForm,
    ResetPasswordForm,
)
from challenges.errors import Refused
from challenges.extensions import limiter
from challenges.files import download
from challenges.tokens import LinkRefused
from challenges.web import flash_problems, safe_next, show_problems

bp = Blueprint("accounts", __name__)


def _login_account_key() -> str:
    return "login-account:" + queries.normalise_email(request.form.get("email", ""))[:254]


def _failed_login(response) -> bool:
    # Only failed attempts count towards the limits; a successful login redirects.
    return response.status_code != 302


@bp.route("/register", methods=["GET", "POST"])
@public()
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]
    if form.validate_on_submit():
        try:
            user = operations.register(
                email=(form.email.data or ""), password=(form.password.data or ""),
                display_name=(form.display_name.data or ""), language=str(get_locale()),
                participant_kind=form.participant_kind.data,
                company_name=form.company_name.data,
                enterprise_number=form.enterprise_number.data)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            login_user(user)
            flash(_("Welcome! We sent a link to %(email)s to confirm your address.",
                    email=user.email), "success")
            return redirect(safe_next(request.args.get("next"), url_for("accounts.profile")))
    return render_template("accounts/register.html", form=form)


def _link_invalid(error: LinkRefused, purpose: str):
    return render_template("accounts/link_invalid.html", expired=error.expired,
                           purpose=purpose), 400


@bp.route("/verify/<token>")
@public()
def verify_email(token: str):
    try:
        user = queries.user_of_verify_token(token)
    except LinkRefused as error:
        return _link_invalid(error, "verify")
    operations.verify_email(user)
    flash(_("Thank you, your email address is confirmed."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    return redirect(url_for("accounts.login", email=user.email))


@bp.post("/verify/resend")
@signed_in()
def resend_verification():
    form = ResendVerificationForm()
    if form.validate_on_submit():
        operations.resend_verification(current_user)
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email),
              "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_IP"], methods=["POST"],
               deduct_when=_failed_login)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"], methods=["POST"],
               key_func=_login_account_key, deduct_when=_failed_login)
@public()
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=form.remember.data)
            session["lang"] = user.language
            flash(_("You are signed in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
        show_problems(form, {"password": _("The email address or password is not correct.")})
    return render_template("accounts/login.html", form=form), (400 if form.errors else 200)


@bp.post("/logout")
@public()
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public()
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data or "")
        flash(_("If an account exists for %(email)s, we sent it a link to choose a new "
                "password. The link works for one hour.", email=form.email.data), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public()
def reset_password(token: str):
    try:
        user = queries.user_of_reset_token(token)
    except LinkRefused as error:
        return _link_invalid(error, "reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        operations.reset_password(user, (form.password.data or ""))
        flash(_("Your password is changed. You can sign in with it now."), "success")
        return redirect(url_for("accounts.login", email=user.email))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@signed_in()
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.participant_kind.data = current_user.participant_kind.value
        form.enterprise_number.data = current_user.enterprise_number_display
    if form.validate_on_submit():
        operations.update_profile(
            current_user, display_name=(form.display_name.data or ""),
            participant_kind=form.participant_kind.data, company_name=form.company_name.data,
            enterprise_number=form.enterprise_number.data, language=form.language.data)
        session["lang"] = form.language.data
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form,
                           resend_form=ResendVerificationForm())


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in()
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            show_problems(form, {"current_password": _("This is not your current password.")})
        else:
            operations.change_password(current_user, (form.password.data or ""))
            # The new password signs out every other session; keep this one.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@signed_in()
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            show_problems(form, {"current_password": _("This is not your current password.")})
        else:
            try:
                operations.request_email_change(current_user, (form.email.data or ""))
            except Refused as error:
                show_problems(form, error.problems)
            else:
                flash(_("We sent a link to %(email)s. Your address changes when you follow it.",
                        email=form.email.data), "info")
                return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/account/email/confirm/<token>")
@public()
def confirm_email_change(token: str):
    try:
        user, new_email = queries.user_of_change_email_token(token)
        operations.confirm_email_change(user, new_email)
    except LinkRefused as error:
        return _link_invalid(error, "change_email")
    except Refused as error:
        flash_problems(error)
        return redirect(url_for("main.home"))
    flash(_("Your email address is now %(email)s.", email=new_email), "success")
    return redirect(url_for("accounts.profile") if current_user.is_authenticated
                    else url_for("accounts.login", email=new_email))


@bp.get("/account/export")
@signed_in()
def export_data():
    body = json.dumps(operations.export_data(current_user), indent=2, ensure_ascii=False)
    return download(body.encode(), "application/json", "my-data.json")


@bp.route("/account/delete", methods=["GET", "POST"])
@signed_in()
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            show_problems(form, {"current_password": _("This is not your current password.")})
        else:
            operations.delete_account(current_user)
            logout_user()
            flash(_("Your account is deleted."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/delete_account.html", form=form)
