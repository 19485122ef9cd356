"""Ranking, deliberation, publication and the public results; the audit trail, the exports
and the printable jury report.

Who sees what:
- the ranking, the exports and the report: the jury's chair and the organisers (editors and
  administrators of the organisation, platform administrators). Other jurors do not: they
  score independently, and the chair leads the deliberation. A juror (the chair too) never
  sees the scores of a proposal they declared a conflict of interest with.
- the deliberation (decisions): the chair only, once scoring is locked.
- publication: the organisers.
- the audit trail: the organisation's administrators and platform administrators.
- the results page: anyone, once the results are published.
"""

from __future__ import annotations

from decimal import Decimal

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
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from challenges.challenges.models import Challenge, ChallengeStatus, ProposalVisibility
from challenges.challenges.queries import challenge_by_slug
from challenges.db import utcnow
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.jury import exports, ranking_data
from challenges.jury import operations as ops
from challenges.jury.models import Jury, JuryMember, RankingView
from challenges.jury.ranking import VIEWS
from challenges.jury.results_forms import DecisionForm
from challenges.security import require, signed_in_or_403, visible_challenge_or_404
from challenges.submissions.support import support_counts
from challenges.timezones import utc_to_brussels
from challenges.web import flash_problems, page_number

bp = Blueprint("results", __name__)

PUBLISHED = (ChallengeStatus.RESULTS_PUBLISHED, ChallengeStatus.FOLLOW_UP,
             ChallengeStatus.COMPLETED)
AUDIT_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.context_processor
def _helpers():
    return {"number": number, "view_label": lambda view: RankingView(view).label,
            "action_label": ranking_data.action_label}


def number(value: Decimal | None, places: int = 2) -> str:
    """A score for people: rounded, in the reader's language (3,50 in Dutch)."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0")



# Loading and access --------------------------------------------------------------------------

def _jury_or_404(slug: str) -> tuple[Challenge, Jury]:
    challenge = challenge_by_slug(slug)
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    jury = ops.jury_for(challenge)
    if jury is None:
        abort(404)
    return challenge, jury


def _chair_or_organiser(challenge: Challenge) -> JuryMember | None:
    """The chair or an organiser, else 403. Returns the viewer's jury seat, if any, so that
    their own conflicts of interest hide those proposals' scores from them."""
    member = ops.member_for(challenge, current_user)
    require(challenge.can_edit(current_user) or (member is not None and member.is_chair))
    return member


def _organiser_challenge(slug: str) -> Challenge:
    challenge = challenge_by_slug(slug)
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    require(challenge.can_edit(current_user))
    return challenge


def _views() -> list[RankingView]:
    return [RankingView(view) for view in VIEWS]


# The ranking ---------------------------------------------------------------------------------

@bp.get("/jury/<slug>/ranking")
@signed_in_or_403
def ranking(slug: str):
    challenge, jury = _jury_or_404(slug)
    member = _chair_or_organiser(challenge)
    data = ranking_data.load(jury)
    hidden = data.hidden_for(member)
    explained = request.args.get("explain", type=int)
    if explained not in data.proposals or explained in hidden:
        explained = None
    return render_template("jury/ranking.html", challenge=challenge, jury=jury, data=data,
                           views=_views(), rows=data.rows_by_view(), hidden=hidden,
                           explained=data.proposals.get(explained), member=member)


# Deliberation --------------------------------------------------------------------------------

def _decision_forms(data: ranking_data.JuryData, decisions: dict, posted: DecisionForm | None,
                    posted_id: int | None) -> dict[int, DecisionForm]:
    forms = {}
    for proposal_id in data.proposals:
        if proposal_id == posted_id and posted is not None:
            forms[proposal_id] = posted
            continue
        forms[proposal_id] = DecisionForm(formdata=None, prefix=f"p{proposal_id}-",
                                          obj=decisions.get(proposal_id))
    return forms


def _render_decide(challenge, jury, member, data, decisions, posted=None, posted_id=None,
                   status=200):
    ids = list(data.proposals)
    return render_template(
        "jury/decide.html", challenge=challenge, jury=jury, data=data, views=_views(),
        rows=data.rows_by_view(), hidden=data.hidden_for(member), decisions=decisions,
        forms=_decision_forms(data, decisions, posted, posted_id),
        support=support_counts(ids) if challenge.public_support_enabled else {},
        published=challenge.status != ChallengeStatus.PUBLISHED, posted_id=posted_id), status


@bp.route("/jury/<slug>/decide", methods=["GET", "POST"])
@signed_in_or_403
def decide(slug: str):
    challenge, jury = _jury_or_404(slug)
    member = ops.member_for(challenge, current_user)
    require(member is not None and member.is_chair)
    if not jury.locked:
        if request.method == "POST":
            flash(_("Scoring is not locked yet: lock it first, then decide. Nothing was "
                    "saved."), "danger")
            return redirect(url_for("results.decide", slug=slug))
        return render_template("jury/decide_locked.html", challenge=challenge, jury=jury,
                               progress_url=url_for("jury.progress", slug=challenge.slug))
    data = ranking_data.load(jury)
    decisions = ranking_data.decisions(challenge)
    if request.method == "GET":
        return _render_decide(challenge, jury, member, data, decisions)

    proposal_id = request.form.get("proposal", type=int)
    if proposal_id not in data.proposals:
        flash(_("This proposal is not part of this jury's work. Nothing was saved."), "danger")
        return redirect(url_for("results.decide", slug=slug))
    form = DecisionForm(prefix=f"p{proposal_id}-")
    if not form.validate_on_submit():
        return _render_decide(challenge, jury, member, data, decisions, form, proposal_id, 400)
    proposal = data.proposals[proposal_id]
    try:
        ops.record_decision(jury, proposal, current_user, shortlisted=form.shortlisted.data,
                            motivation=form.motivation.data or "", place=form.place.data,
                            award_name=form.award_name.data, award_amount=form.award_amount.data,
                            honourable_mention=form.honourable_mention.data)
    except ops.JuryError as error:
        if "place" in error.problems:
            form.place.errors = [*form.place.errors, error.problems["place"]]
            return _render_decide(challenge, jury, member, data, decisions, form, proposal_id,
                                  400)
        flash_problems(error)
        return redirect(url_for("results.decide", slug=slug))
    flash(_("The decision on \"%(title)s\" is saved.", title=proposal.title), "success")
    return redirect(url_for("results.decide", slug=slug, _anchor=f"proposal-{proposal_id}"))


# Publication ---------------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/results/publish")
@signed_in_or_403
def confirm_publish(slug: str):
    challenge = _organiser_challenge(slug)
    jury = ops.jury_for(challenge)
    return render_template(
        "jury/results_publish.html", challenge=challenge, jury=jury,
        decided=ranking_data.decided_results(challenge),
        proposals=ranking_data.participant_count(challenge), form=ActionForm(),
        already=challenge.status in PUBLISHED)


@bp.post("/manage/challenges/<slug>/results/publish")
@signed_in_or_403
def publish(slug: str):
    challenge = _organiser_challenge(slug)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please submit it again."), "danger")
        return redirect(url_for("results.confirm_publish", slug=slug))
    try:
        ops.publish_results(challenge, current_user)
    except ops.JuryError as error:
        flash_problems(error)
        return redirect(url_for("results.confirm_publish", slug=slug))
    flash(_("The results are published and every participant is being emailed."), "success")
    return redirect(url_for("results.public", slug=slug))


# The public results --------------------------------------------------------------------------

@bp.get("/challenges/<slug>/results")
def public(slug: str):
    challenge = visible_challenge_or_404(slug)
    if challenge.status not in PUBLISHED:
        abort(404)
    page = None
    if challenge.proposal_visibility in (ProposalVisibility.AFTER_RESULTS,
                                         ProposalVisibility.IMMEDIATELY):
        page = db.paginate(ranking_data.public_proposals(challenge), page=page_number(),
                           per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("jury/results_public.html", challenge=challenge,
                           results=ranking_data.public_results(challenge), page=page)


# The audit trail -----------------------------------------------------------------------------

@bp.get("/manage/challenges/<slug>/jury/audit")
@signed_in_or_403
def audit(slug: str):
    challenge = challenge_by_slug(slug)
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    # Scores per juror and the reasons of conflicts: the organisation's administrators only.
    require(current_user.can_manage_members(challenge.organisation))
    page = db.paginate(ranking_data.audit_events(challenge), page=page_number(),
                       per_page=AUDIT_PAGE_SIZE, error_out=False)
    titles = ranking_data.proposal_titles({e.proposal_id for e in page.items if e.proposal_id})
    members = ranking_data.jury_members(ops.jury_for(challenge))
    criteria = {c.id: c.name for c in challenge.criteria}
    events = [(event, ranking_data.describe_event(event, criteria, members))
              for event in page.items]
    return render_template("jury/audit.html", challenge=challenge, page=page, events=events,
                           titles=titles)


# Exports and the report ----------------------------------------------------------------------

def _export_data(slug: str) -> tuple[Challenge, ranking_data.JuryData, set[int]]:
    challenge, jury = _jury_or_404(slug)
    member = _chair_or_organiser(challenge)
    data = ranking_data.load(jury)
    return challenge, data, data.hidden_for(member)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


def _filename(challenge: Challenge, what: str, extension: str) -> str:
    today = utc_to_brussels(utcnow()).date().isoformat()
    return f"{what}-{challenge.slug}-{today}.{extension}"


@bp.get("/jury/<slug>/export/scores.csv")
@signed_in_or_403
def export_scores_csv(slug: str):
    challenge, data, hidden = _export_data(slug)
    header, body = exports.score_rows(data, hidden)
    return _download(exports.to_csv(header, body), "text/csv; charset=utf-8",
                     _filename(challenge, "scores", "csv"))


@bp.get("/jury/<slug>/export/ranking.csv")
@signed_in_or_403
def export_ranking_csv(slug: str):
    challenge, data, hidden = _export_data(slug)
    header, body = exports.ranking_rows(data, hidden)
    return _download(exports.to_csv(header, body), "text/csv; charset=utf-8",
                     _filename(challenge, "ranking", "csv"))


@bp.get("/jury/<slug>/export/scores.xlsx")
@signed_in_or_403
def export_scores_xlsx(slug: str):
    challenge, data, hidden = _export_data(slug)
    content = exports.to_xlsx([(_("Scores"), *exports.score_rows(data, hidden)),
                               (_("Ranking"), *exports.ranking_rows(data, hidden))])
    return _download(content, XLSX, _filename(challenge, "scores", "xlsx"))


@bp.get("/jury/<slug>/report")
@signed_in_or_403
def report(slug: str):
    challenge, jury = _jury_or_404(slug)
    member = _chair_or_organiser(challenge)
    data = ranking_data.load(jury)
    return render_template("jury/report.html", challenge=challenge, jury=jury, data=data,
                           views=_views(), rows=data.rows_by_view(),
                           hidden=data.hidden_for(member),
                           decisions=ranking_data.decisions(challenge), generated_at=utcnow())
