from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from challenges.access import public
from challenges.accounts import operations
from challenges.accounts.forms import LanguageForm
from challenges.cache import cached_page
from challenges.challenges import queries
from challenges.extensions import csrf, db
from challenges.web import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@cached_page
@public()
def home():
    return render_template("main/home.html", closing_soon=queries.closing_soon(limit=3),
                           open_challenges=queries.open_challenges(limit=6))


@bp.post("/language")
@public()
@csrf.exempt
def set_language():
    # A visitor's switch needs no token: a public page carries none, so that it can be kept
    # and shared by caches (challenges.cache), and a forged switch changes only a language.
    # A signed-in person's switch changes their account, so it is checked as every form is.
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    form = LanguageForm(meta={"csrf": False})
    if form.validate_on_submit():
        session["lang"] = form.language.data
        if current_user.is_authenticated:
            operations.set_language(current_user, form.language.data)
    return redirect(safe_next(request.form.get("next"), url_for("main.home")))


# The accessibility statement's dates (the EU model statement asks for both): change
# STATEMENT_REVIEWED whenever the statement is checked again against the site.
STATEMENT_DATE = date(2026, 12, 2)
STATEMENT_REVIEWED = date(2026, 12, 2)


@bp.get("/accessibility")
@cached_page
@public()
def accessibility():
    return render_template("main/accessibility.html", statement_date=STATEMENT_DATE,
                           statement_reviewed=STATEMENT_REVIEWED,
                           base_url=current_app.config["BASE_URL"])


@bp.get("/privacy")
@cached_page
@public()
def privacy():
    return render_template("main/privacy.html")


@bp.get("/healthz")
@public()
def healthz():
    try:
        # A connection of its own, not the ORM's session: the check costs what it checks.
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy"
        current_app.logger.exception("health check: database unavailable")
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
