from __future__ import annotations

import json
from collections.abc import Callable

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
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
from challenges.accounts import mfa, operations, queries, sessions
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
    SignOutEverywhereForm,
)
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import client_ip, limiter
from challenges.files import download
from challenges.tokens import LinkRefused
from challenges.web import flash_problems, is_signed_in, safe_next, show_problems

bp = Blueprint("accounts", __name__)


def _tried_email() -> str:
    return queries.normalise_email(request.form.get("email", ""))[:254]


def _tried_user():
    """The account a sign-in attempt names (looked up once per request)."""
    if "tried_user" not in g:
        g.tried_user = queries.find_user_by_email(_tried_email()) if _tried_email() else None
    return g.tried_user


def _known_device() -> bool:
    return sessions.is_known_device(_tried_user())


def _unknown_device() -> bool:
    return not _known_device()


def _failed_login(response) -> bool:
    # Only failed attempts count towards the limits; a successful login redirects.
    return response.status_code != 302


def _sent(response) -> bool:
    # A form that was accepted redirects; one with errors sends nothing and costs nothing.
    return response.status_code == 302


def _login_limits(view):
    """A stranger's wrong passwords must not lock the owner out: failed attempts are counted
    per IP address, per (account, IP address) pair and, more slowly, per account; a browser
    that signed in to the account before is exempt from those and counted on its own."""
    limits: list[tuple[str, Callable[[], str], Callable[[], bool]]] = [
        ("LOGIN_RATE_LIMIT_IP", client_ip, _known_device),
        ("LOGIN_RATE_LIMIT_PAIR", lambda: f"login-pair:{_tried_email()}:{client_ip()}",
         _known_device),
        ("LOGIN_RATE_LIMIT_ACCOUNT", lambda: f"login-account:{_tried_email()}", _known_device),
        ("LOGIN_RATE_LIMIT_DEVICE", lambda: f"login-device:{_tried_email()}", _unknown_device),
    ]
    for setting, key, exempt in limits:
        view = limiter.limit(_setting(setting), methods=["POST"], key_func=key,
                             deduct_when=_failed_login, exempt_when=exempt)(view)
    return view


def _setting(name: str) -> Callable[[], str]:
    """A limit read when a request comes (a test or an operator may change it)."""
    return lambda: current_app.config[name]


def _email_limits(address_field: str | None, name: str):
    """Forms that send an email: limited per IP address and per address written to, so
    that nobody floods a mailbox. Only sent emails count."""
    def decorate(view):
        view = limiter.limit(_setting("EMAIL_RATE_LIMIT_IP"),
                             methods=["POST"], key_func=lambda: f"{name}-ip:{client_ip()}",
                             deduct_when=_sent)(view)
        if address_field is not None:
            view = limiter.limit(
                _setting("EMAIL_RATE_LIMIT_ADDRESS"), methods=["POST"],
                key_func=lambda: f"{name}-to:" + queries.normalise_email(
                    request.form.get(address_field, ""))[:254],
                deduct_when=_sent)(view)
        return view
    return decorate


@bp.route("/register", methods=["GET", "POST"])
@_email_limits("email", "register")
@public()
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]
    if form.validate_on_submit():
        operations.register(
            email=(form.email.data or ""), password=(form.password.data or ""),
            display_name=(form.display_name.data or ""), language=str(get_locale()),
            participant_kind=form.participant_kind.data,
            company_name=form.company_name.data,
            enterprise_number=form.enterprise_number.data,
            next_path=safe_next(request.args.get("next"), ""))
        # The same answer whether the address was new or already had an account (which
        # is told so by email): the page does not reveal who has an account here.
        session["registered_email"] = queries.normalise_email(form.email.data or "")
        return redirect(url_for("accounts.registered"))
    return render_template("accounts/register.html", form=form)


@bp.get("/register/sent")
@public()
def registered():
    email = session.get("registered_email")
    if not email:
        return redirect(url_for("accounts.register"))
    return render_template("accounts/registered.html", email=email)


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
    back = safe_next(request.args.get("next"), "")
    if current_user.is_authenticated:
        return redirect(back or url_for("accounts.profile"))
    return redirect(url_for("accounts.login", email=user.email, next=back or None))


@bp.post("/verify/resend")
@_email_limits(None, "verify-resend")
@signed_in()
def resend_verification():
    form = ResendVerificationForm()
    if form.validate_on_submit():
        operations.resend_verification(current_user)
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email),
              "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@_login_limits
@public()
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data or "", form.password.data or "")
        except Refused as error:
            show_problems(form, error.problems)
        else:
            if user is not None and user.has_mfa:
                # The password was right; the second factor comes next.
                session["mfa_pending"] = mfa.pending(user, bool(form.remember.data),
                                                     request.args.get("next"))
                return redirect(url_for("mfa.sign_in_code"))
            if user is not None:
                return finish_sign_in(user, bool(form.remember.data),
                                      request.args.get("next"))
            show_problems(form, {"password": _("The email address or password is not correct.")})
    return render_template("accounts/login.html", form=form), (400 if form.errors else 200)


def finish_sign_in(user, remember: bool, next_path: str | None):
    """The password was right (and the second factor, if any): start the session."""
    operations.sign_in(user, remember)
    login_user(user, remember=remember)
    session["lang"] = user.language
    flash(_("You are signed in."), "success")
    response = redirect(safe_next(next_path, url_for("main.home")))
    sessions.remember_device(response, user)
    return response


@bp.post("/logout")
@public()
def logout():
    if current_user.is_authenticated:
        operations.sign_out(current_user._get_current_object())
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.home"))


@bp.post("/account/sign-out-everywhere")
@signed_in()
def sign_out_everywhere():
    form = SignOutEverywhereForm()
    if form.validate_on_submit():
        operations.sign_out_everywhere(current_user._get_current_object())
        logout_user()
        flash(_("You are signed out on every device, this one included."), "success")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.profile"))


@bp.before_app_request
def _note_activity():
    """Keep a sign-in's last use up to date (staff sessions end after idle time)."""
    if request.endpoint in (None, "static") or not is_signed_in():
        return
    row = g.get("login_session")
    if row is not None and utcnow() - row.last_seen_at > sessions.TOUCH_EVERY:
        operations.touch_session(row)


@bp.route("/password/forgot", methods=["GET", "POST"])
@_email_limits("email", "password-forgot")
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
                           resend_form=ResendVerificationForm(),
                           sign_out_form=SignOutEverywhereForm(),
                           signed_in_count=len(sessions.sessions_of(current_user)))


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
