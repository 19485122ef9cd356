"""Ranking, deliberation, publication and the public results; the jury's audit trail, the
exports and the printable jury report.

Who sees what (the predicates are on the models):
- the ranking, the exports and the report: the jury's chair and the organisers
  (Jury.can_oversee). Other jurors do not: they score independently, and the chair leads the
  deliberation. A juror (the chair too) never sees the scores of a proposal they declared a
  conflict of interest with.
- the deliberation (decisions): the chair only, once scoring is locked (Jury.can_decide).
- publication: the organisers (Challenge.can_edit).
- the audit trail: the organisation's administrators (Challenge.can_read_audit).
- the results page: anyone, once the results are published.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import numbers
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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public
from challenges.cache import cached_page
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.challenges.queries import load_challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import download
from challenges.forms import ActionForm
from challenges.jury import operations as jury_operations
from challenges.jury.models import Jury, RankingView, criteria_of, jury_of
from challenges.jury.queries import FINAL, load_jury
from challenges.results import audit as audit_trail
from challenges.results import exports, operations, queries
from challenges.results.forms import DecisionForm
from challenges.results.ranking import VIEWS, CriterionSpec, ReviewScores, weighted_total
from challenges.spreadsheets import CSV_MIMETYPE, XLSX_MIMETYPE
from challenges.stages.deciding import not_submitted_in
from challenges.submissions.queries import support_counts
from challenges.timezones import utc_to_brussels
from challenges.web import ListPage, flash_problems, page_number

bp = Blueprint("results", __name__)

AUDIT_PAGE_SIZE = 50
RANKING_PAGE_SIZE = 50
AUDIT_ACTIONS = (*jury_operations.ACTIONS, *operations.ACTIONS)


@bp.context_processor
def _helpers():
    return {"number": number, "view_label": lambda view: RankingView(view).label,
            "action_label": audit_trail.action_label, "RankingView": RankingView}


@bp.app_template_global()
def review_total(jury: Jury, review) -> Decimal | None:
    """A juror's weighted total for their own review, as the ranking counts it (the jury's
    review page shows it; the arithmetic lives here, in results.ranking, only)."""
    criteria = [CriterionSpec(c.id, c.name, c.weight, c.minimum_score)
                for c in criteria_of(jury)]
    return weighted_total(criteria, ReviewScores(
        review.member_id, review.proposal_id, {s.criterion_id: s.value for s in review.scores}))


def number(value: Decimal | None, places: int = 2) -> str:
    """A score for people: rounded, in the reader's language (3,50 in Dutch)."""
    if value is None:
        return "–"
    return _number(value, places, str(get_locale()))


@lru_cache(maxsize=4096)
def _number(value: Decimal, places: int, locale: str) -> str:
    # Scores repeat (means of a few whole numbers), and a ranking page shows thousands: each
    # is formatted once per language, not parsed and looked up again every time.
    return numbers.format_decimal(value, format="#,##0." + "0" * places if places else "#,##0",
                                  locale=locale)


def _views() -> list[RankingView]:
    return [RankingView(view) for view in VIEWS]


def _hidden(jury: Jury, data: queries.JuryData) -> set[int]:
    return data.hidden_for(jury.member_for(current_user))


# The ranking ---------------------------------------------------------------------------------

@bp.get("/jury/<slug>/ranking", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/ranking")
@needs(Jury.can_oversee, jury=load_jury)
def ranking(jury: Jury):
    data = queries.load(jury, comments=False)
    hidden = _hidden(jury, data)
    explained = request.args.get("explain", type=int)
    if explained not in data.proposals or explained in hidden:
        explained = None
    # A page of the ranking at a time: 300 proposals with every view of each would be a
    # third of a megabyte of HTML. The explanation of one proposal is asked for by a link.
    page = ListPage.of(data.authoritative.order, page_number(),
                       current_app.config.get("RANKING_PAGE_SIZE", RANKING_PAGE_SIZE))
    return render_template("jury/ranking.html", challenge=jury.challenge, jury=jury, data=data,
                           views=_views(), rows=data.rows_by_view(), hidden=hidden, page=page,
                           explained=data.proposals.get(explained) if explained else None,
                           member=jury.member_for(current_user))


# Deliberation --------------------------------------------------------------------------------

def _decision_forms(data: queries.JuryData, decisions: dict, posted: DecisionForm | None,
                    posted_id: int | None) -> dict[int, DecisionForm]:
    """A form per proposal. The page is one form with a Save button per proposal, so after a
    post the other proposals show what was typed in them (saved or not), never less."""
    forms = {}
    typed = request.form if request.method == "POST" else None
    for proposal_id in data.proposals:
        if proposal_id == posted_id and posted is not None:
            forms[proposal_id] = posted
            continue
        prefix = f"p{proposal_id}-"
        if typed is not None and f"{prefix}motivation" in typed:
            forms[proposal_id] = DecisionForm(formdata=typed, prefix=prefix)
        else:
            forms[proposal_id] = DecisionForm(formdata=None, prefix=prefix,
                                              obj=decisions.get(proposal_id))
    return forms


def _render_decide(jury, data, decisions, posted=None, posted_id=None, status=200):
    challenge = jury.challenge
    return render_template(
        "jury/decide.html", challenge=challenge, jury=jury, data=data, views=_views(),
        rows=data.rows_by_view(), hidden=_hidden(jury, data), decisions=decisions,
        forms=_decision_forms(data, decisions, posted, posted_id),
        support=support_counts(list(data.proposals)) if challenge.public_support_enabled
        else {}, published=challenge.status != ChallengeStatus.PUBLISHED,
        posted_id=posted_id), status


@bp.route("/jury/<slug>/decide", methods=["GET", "POST"])
@needs(Jury.can_decide, jury=load_jury)
def decide(jury: Jury):
    slug = jury.challenge.slug
    if not jury.locked:
        if request.method == "POST":
            flash(_("Scoring is not locked yet: lock it first, then decide. Nothing was "
                    "saved."), "danger")
            return redirect(url_for("results.decide", slug=slug))
        return render_template("jury/decide_locked.html", challenge=jury.challenge, jury=jury,
                               progress_url=url_for("jury.progress", slug=slug))
    data = queries.load(jury)
    decisions = queries.decisions(jury.challenge)
    if request.method == "GET":
        return _render_decide(jury, data, decisions)
    proposal_id = request.form.get("proposal", type=int)
    if proposal_id not in data.proposals:
        flash(_("This proposal is not part of this jury's work. Nothing was saved."), "danger")
        return redirect(url_for("results.decide", slug=slug))
    form = DecisionForm(prefix=f"p{proposal_id}-")
    if not form.validate_on_submit():
        return _render_decide(jury, data, decisions, form, proposal_id, 400)
    proposal = data.proposals[proposal_id]
    try:
        operations.record_decision(
            jury, proposal, current_user, shortlisted=form.shortlisted.data,
            motivation=form.motivation.data or "", place=form.place.data,
            award_name=form.award_name.data, award_amount=form.award_amount.data,
            honourable_mention=form.honourable_mention.data)
    except Refused as error:
        if "place" in error.problems:
            form.place.errors = [*form.place.errors, error.problems["place"]]
            return _render_decide(jury, data, decisions, form, proposal_id, 400)
        flash_problems(error)
        return redirect(url_for("results.decide", slug=slug))
    flash(_("The decision on \"%(title)s\" is saved.", title=proposal.title), "success")
    if _typed_elsewhere(data, queries.decisions(jury.challenge), proposal_id):
        # Shown again rather than redirected, so that what was typed for the other
        # proposals stays on the page until it is saved too.
        flash(_("What you typed for the other proposals is kept below, not saved yet: save "
                "each of them too."), "warning")
        return _render_decide(jury, data, queries.decisions(jury.challenge),
                              DecisionForm(formdata=None, prefix=f"p{proposal_id}-",
                                           obj=queries.decisions(jury.challenge)[proposal_id]),
                              proposal_id)
    return redirect(url_for("results.decide", slug=slug, _anchor=f"proposal-{proposal_id}"))


def _typed_elsewhere(data: queries.JuryData, decisions: dict, saved_id: int) -> bool:
    """Whether the post holds, for another proposal, something that differs from what is
    saved for it."""
    for proposal_id in data.proposals:
        prefix = f"p{proposal_id}-"
        if proposal_id == saved_id or f"{prefix}motivation" not in request.form:
            continue
        typed = DecisionForm(formdata=request.form, prefix=prefix, meta={"csrf": False})
        saved = DecisionForm(formdata=None, prefix=prefix, obj=decisions.get(proposal_id),
                             meta={"csrf": False})
        if any(typed[name].data != saved[name].data for name in
               ("motivation", "shortlisted", "place", "award_name", "award_amount",
                "honourable_mention")):
            return True
    return False


# Publication ---------------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/results/publish")
@needs(Challenge.can_edit, challenge=load_challenge)
def confirm_publish(challenge: Challenge):
    return render_template(
        "jury/results_publish.html", challenge=challenge, jury=jury_of(challenge),
        decided=queries.decided_results(challenge),
        proposals=queries.participant_count(challenge), form=ActionForm(),
        already=challenge.results_public,
        # Closed with the publication too (operations.publish_results), so the organiser is
        # told before, by name: teams advanced to the last stage that did not submit there.
        last_stage=challenge.stages[-1] if challenge.stages else None,
        not_submitted=not_submitted_in(challenge.stages[-1]) if challenge.stages else [])


@bp.post("/manage/challenges/<slug>/results/publish")
@needs(Challenge.can_edit, challenge=load_challenge)
def publish(challenge: Challenge):
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please submit it again."), "danger")
        return redirect(url_for("results.confirm_publish", slug=challenge.slug))
    try:
        operations.publish_results(challenge, current_user)
    except Refused as error:
        flash_problems(error)
        return redirect(url_for("results.confirm_publish", slug=challenge.slug))
    flash(_("The results are published and every participant is being emailed."), "success")
    return redirect(url_for("results.public", slug=challenge.slug))


# The public results --------------------------------------------------------------------------

@bp.get("/challenges/<slug>/results", endpoint="public")
@cached_page
@public(challenge=load_challenge)
def results_page(challenge: Challenge):
    if not challenge.results_public:
        abort(404)
    page = None
    if challenge.proposals_public:
        page = db.paginate(queries.public_proposals(challenge), page=page_number(),
                           per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("jury/results_public.html", challenge=challenge,
                           results=queries.public_results(challenge), page=page)


# The audit trail -----------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/jury/audit")
@needs(Challenge.can_read_audit, challenge=load_challenge)
def audit(challenge: Challenge):
    page = db.paginate(audit_trail.audit_events(challenge, AUDIT_ACTIONS), page=page_number(),
                       per_page=AUDIT_PAGE_SIZE, error_out=False)
    titles = audit_trail.proposal_titles({e.proposal_id for e in page.items if e.proposal_id})
    # Every jury of the challenge (a stage's and the final one) is in its audit trail.
    members = audit_trail.members_of_juries(challenge)
    criteria = audit_trail.criteria_names(challenge)
    stages = {stage.id: stage.shown_name[0] for stage in challenge.stages}
    events = [(event, audit_trail.describe_event(event, criteria, members, stages))
              for event in page.items]
    return render_template("jury/audit.html", challenge=challenge, page=page, events=events,
                           titles=titles)


# Exports and the report ----------------------------------------------------------------------

def _filename(challenge: Challenge, what: str, extension: str) -> str:
    today = utc_to_brussels(utcnow()).date().isoformat()
    return f"{what}-{challenge.slug}-{today}.{extension}"


@bp.get("/jury/<slug>/export/scores.csv", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/export/scores.csv")
@needs(Jury.can_oversee, jury=load_jury)
def export_scores_csv(jury: Jury):
    data = queries.load(jury)
    header, body = exports.score_rows(data, _hidden(jury, data))
    return download(exports.to_csv(header, body), CSV_MIMETYPE,
                    _filename(jury.challenge, "scores", "csv"))


@bp.get("/jury/<slug>/export/ranking.csv", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/export/ranking.csv")
@needs(Jury.can_oversee, jury=load_jury)
def export_ranking_csv(jury: Jury):
    data = queries.load(jury)
    header, body = exports.ranking_rows(data, _hidden(jury, data))
    return download(exports.to_csv(header, body), CSV_MIMETYPE,
                    _filename(jury.challenge, "ranking", "csv"))


@bp.get("/jury/<slug>/export/scores.xlsx", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/export/scores.xlsx")
@needs(Jury.can_oversee, jury=load_jury)
def export_scores_xlsx(jury: Jury):
    data = queries.load(jury)
    hidden = _hidden(jury, data)
    content = exports.to_xlsx([(_("Scores"), *exports.score_rows(data, hidden)),
                               (_("Ranking"), *exports.ranking_rows(data, hidden))])
    return download(content, XLSX_MIMETYPE, _filename(jury.challenge, "scores", "xlsx"))


@bp.get("/jury/<slug>/report", defaults=FINAL)
@bp.get("/jury/<slug>/stages/<id:stage_id>/report")
@needs(Jury.can_oversee, jury=load_jury)
def report(jury: Jury):
    data = queries.load(jury)
    return render_template("jury/report.html", challenge=jury.challenge, jury=jury, data=data,
                           views=_views(), rows=data.rows_by_view(),
                           hidden=_hidden(jury, data),
                           # The final jury's decisions; a stage's jury makes none.
                           decisions=queries.decisions(jury.challenge)
                           if jury.stage_id is None else {}, generated_at=utcnow())
