"""challenges: an open-innovation platform for municipalities."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template, request
from flask_babel import format_currency, get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, InternalServerError

from challenges import cache, logs, migrations
from challenges import config as settings
from challenges.access import IdConverter
from challenges.csrf import expired_form_page
from challenges.db import utcnow
from challenges.extensions import babel, bootstrap, csrf, db, limiter, login_manager, mail
from challenges.forms import error_items
from challenges.i18n import (
    deadline_text,
    format_day,
    format_moment,
    format_number,
    format_size,
    select_locale,
)
from challenges.inputs import CleanRequest, refuse_control_characters_in_path
from challenges.text import render_markdown
from challenges.timezones import utc_to_brussels
from challenges.web import is_signed_in

PACKAGE = Path(__file__).resolve().parent
# A checkout keeps the templates, static files and migrations beside the package, with the
# instance folder; an installed package carries the first three inside it (setup.py), and its
# instance folder is Flask's default, <prefix>/var/challenges-instance.
INSTALLED = (PACKAGE / "templates").is_dir()
ROOT = PACKAGE if INSTALLED else PACKAGE.parent

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"),
                instance_path=None if INSTALLED else str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    generated_key = settings.generated_secret_key(app.instance_path)
    settings.refuse_unsafe_production(app.config, generated_key)
    # Control characters in any input are decided on here, once (challenges/inputs.py).
    app.request_class = CleanRequest
    app.before_request(refuse_control_characters_in_path)

    # One converter for ids on every route: a number no row can have is a 404.
    app.url_map.converters["id"] = IdConverter
    logs.configure(app)
    app.logger.info("settings: %s", " ".join(
        f"{key}={value}" for key, value in settings.effective_settings(app.config,
                                                                        generated_key).items()))
    # Before every other hook that does work: a kept answer is served at once (also in front
    # of Flask, for visitors without cookies).
    cache.init_app(app)
    if app.config.get("TRUST_PROXY"):
        # Outside the page cache's layer, which keys answers on the host the proxy names.
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    _init_extensions(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    _register_security_headers(app)

    from challenges.cli import register_cli
    register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrations.init_app(app, ROOT / "migrations")
    csrf.init_app(app)
    mail.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    _limit_only_decorated_routes(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.needs_refresh_message = None

    # Models must be imported for metadata (migrations) and the user loader.
    from challenges import models  # noqa: F401
    from challenges.accounts import sessions

    @login_manager.user_loader
    def load_user(user_id: str):
        # The cookie names a sign-in kept on the server; one that ended signs in no one.
        found = sessions.load(user_id)
        return found[0] if found else None


def _limit_only_decorated_routes(app: Flask) -> None:
    """Flask-Limiter checks every request in a before_request hook, for default and
    application-wide limits; we have none (default_limits=[]), and the routes we limit check
    in their decorator. So the hook, which costs every request, goes."""
    if limiter.limit_manager.default_limits or limiter.limit_manager.application_limits:
        return
    hooks = app.before_request_funcs.get(None, [])
    hooks[:] = [hook for hook in hooks if hook != limiter._check_request_limit]


def _register_blueprints(app: Flask) -> None:
    from challenges.accounts.mfa_views import bp as mfa_bp
    from challenges.accounts.views import bp as accounts_bp
    from challenges.admin.views import bp as admin_bp
    from challenges.announcements.views import bp as announcements_bp
    from challenges.api.routes import bp as api_bp  # with the routes other modules add
    from challenges.challenges.feeds import bp as feeds_bp
    from challenges.challenges.host_views import bp as hosts_bp
    from challenges.challenges.views import bp as challenges_bp
    from challenges.clarifications.views import bp as clarifications_bp
    from challenges.follows.views import bp as follows_bp
    from challenges.jury.views import bp as jury_bp
    from challenges.lessons import feeds as _lessons_feed  # noqa: F401  (adds /lessons.atom)
    from challenges.lessons import peer_views as _peer_views  # noqa: F401  (ask the peers)
    from challenges.lessons.views import bp as lessons_bp
    from challenges.main.views import bp as main_bp
    from challenges.pilots.views import bp as pilots_bp
    from challenges.questions.views import bp as questions_bp
    from challenges.results.stage_views import bp as stage_decisions_bp
    from challenges.results.views import bp as results_bp
    from challenges.reuse.views import bp as reuse_bp
    from challenges.sessions.manage_views import bp as sessions_manage_bp
    from challenges.sessions.views import bp as sessions_bp
    from challenges.stages.criteria_views import bp as stage_criteria_bp
    from challenges.stages.form_views import bp as forms_bp
    from challenges.stages.views import bp as stages_bp
    from challenges.statistics.views import bp as statistics_bp
    from challenges.submissions.views import bp as submissions_bp

    for blueprint in (main_bp, accounts_bp, mfa_bp, admin_bp, challenges_bp, questions_bp,
                      feeds_bp, api_bp, submissions_bp, jury_bp, results_bp, follows_bp,
                      announcements_bp, pilots_bp, sessions_bp, sessions_manage_bp,
                      lessons_bp, clarifications_bp, hosts_bp, reuse_bp, statistics_bp,
                      forms_bp, stage_decisions_bp, stages_bp, stage_criteria_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # read-only JSON, no forms


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return expired_form_page()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            from challenges.api.views import json_error

            return json_error(error)
        if error.code in (400, 403, 404, 405, 413, 429, 503):
            # Keep headers such as Allow on a 405.
            # A reason given with the error (access.Denied) replaces the page's general text.
            reason = error.description if error.description != type(error).description \
                else None
            return render_template(f"errors/{error.code}.html", error=error,
                                   reason=reason), error.code, dict(error.get_headers())
        return error

    @app.errorhandler(500)
    def server_error(error):
        _rollback_quietly()
        if request.path.startswith("/api/"):
            from challenges.api.views import json_error

            return json_error(error if isinstance(error, HTTPException)
                              else InternalServerError())
        try:
            return render_template("errors/500.html"), 500
        except Exception:  # the page itself failed: the database is down
            # Every page shows who is signed in, which needs the database. Shown as to a
            # visitor, the page needs nothing but its template.
            app.logger.warning("the error page was shown without the signed-in user")
            _rollback_quietly()
            login_manager._update_request_context_with_user()
            return render_template("errors/500.html"), 500


def _rollback_quietly() -> None:
    """Roll back what failed; a database that cannot be reached cannot roll back either."""
    try:
        db.session.rollback()
    except Exception:  # nothing more to undo on a connection that is gone
        db.session.remove()


def _register_template_helpers(app: Flask) -> None:
    # One date format and one date-time format per language (challenges/i18n.py): a style
    # passed by a template (`| datetime('short')`) is accepted and ignored.
    @app.template_filter("datetime")
    def _format_datetime(value, _style=None):
        return format_moment(value) if value else ""

    @app.template_filter("date")
    def _format_date(value, _style=None):
        return format_day(value) if value else ""

    @app.template_filter("number")
    def _format_number(value, places=None):
        return format_number(value, places)

    # Jinja's own writes "1.1 kB" in every language.
    app.jinja_env.filters["filesizeformat"] = lambda value, *_args: format_size(value)

    @app.template_filter("markdown")
    def _markdown(value):
        return render_markdown(value)

    @app.template_filter("brussels_input")
    def _brussels_input(value):
        """The value of a datetime-local input: wall-clock time in Brussels."""
        local = utc_to_brussels(value)
        return local.strftime("%Y-%m-%dT%H:%M") if local else ""

    @app.template_filter("ucfirst")
    def _ucfirst(value):
        # Jinja's capitalize() would lower-case day and month names in English.
        value = str(value)
        return value[:1].upper() + value[1:]

    @app.template_filter("currency")
    def _currency(value):
        return format_currency(value, "EUR") if value is not None else ""

    def follow_up_label(value: str) -> str:
        from challenges.challenges.models import FollowUp

        try:
            return FollowUp(value).label
        except ValueError:
            return value

    app.jinja_env.globals["deadline_text"] = deadline_text
    app.jinja_env.globals["text_lang"] = text_lang
    app.jinja_env.globals["in_lang"] = in_lang
    app.jinja_env.globals["form_error_items"] = error_items
    app.jinja_env.globals["follow_up_label"] = follow_up_label

    @app.context_processor
    def _globals():
        locale = str(get_locale())
        return {"current_language": locale, "other_language": "en" if locale == "nl" else "nl",
                "is_juror": _is_juror, "now": utcnow()}



def text_lang(obj) -> Markup:
    """` lang="en"` for an element holding the texts of `obj` (a challenge, a proposal)
    when they are written in another language than the page's (WCAG 3.1.2)."""
    language = getattr(obj, "language", None)
    if language in ("nl", "en") and language != str(get_locale()):
        return Markup(f' lang="{language}"')
    return Markup("")


def in_lang(obj, text) -> Markup:
    """`text` (a title of `obj`) for a sentence of the page: in a `<span lang>` when `obj` is
    written in the other language, so that a screen reader reads the title in its own."""
    attribute = text_lang(obj)
    if not attribute:
        return Markup.escape(text)
    return Markup("<span%s>%s</span>") % (attribute, text)


def _is_juror() -> bool:
    """Whether the signed-in user sits on a jury (for the menu); asked only when shown."""
    from sqlalchemy import select

    from challenges.jury.models import JuryMember

    if not current_user.is_authenticated:
        return False
    return db.session.scalar(select(JuryMember.id).where(
        JuryMember.user_id == current_user.id).limit(1)) is not None


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        if is_signed_in():
            # Pages for a signed-in person must not be kept by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
