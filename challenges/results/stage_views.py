"""The organisers' decision on a stage of a staged challenge (challenges.stages): the proposals submitted in it (with the stage jury's
ranking where it has a jury), who advances (or passes the screening), the feedback (or the
reason) for the others, a summary to confirm, and the decision (challenges.stages.deciding).
The form is read by hand: its fields are one per proposal. Here, above the jury and its
ranking, rather than in challenges.stages, which the jury's models build on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from challenges.access import belongs_or_404, needs
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage, StageEntry, StageKind, stage_after
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.jury.models import jury_of_stage
from challenges.results import queries as results
from challenges.stages import deciding
from challenges.submissions.models import Proposal
from challenges.submissions.queries import load_managed_challenge

bp = Blueprint("stage_decisions", __name__)


def load_stage(challenge: Challenge, stage_id: int) -> ChallengeStage:
    return belongs_or_404(ChallengeStage, stage_id, challenge_id=challenge.id)


@dataclass
class Row:
    proposal: Proposal
    rank: int | None = None
    score: Decimal | None = None


def _ranking(stage: ChallengeStage) -> dict | None:
    """The stage jury's authoritative ranking by proposal id; None without a stage jury."""
    jury = jury_of_stage(stage)
    if jury is None:
        return None
    return {row.proposal_id: row for row in results.load(jury, comments=False)
            .authoritative.rows}


def _rows(proposals: list[Proposal], ranked: dict | None) -> tuple[list[Row], bool]:
    """The proposals in the order of the stage jury's authoritative ranking (the unranked
    after them), or in the order they were submitted when the stage has no jury."""
    if ranked is None:
        return [Row(p) for p in proposals], False
    rows = [Row(p, ranked[p.id].rank, ranked[p.id].score) if p.id in ranked else Row(p)
            for p in proposals]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0))
    return rows, True


def _ids(values: list[str]) -> set[int]:
    """Proposal ids as sent; one that is not a number names no proposal of the stage."""
    ids = set()
    for value in values:
        if not value.isdigit() or len(value) > 18:
            raise Refused({"_": _("Only the proposals submitted in this stage can advance "
                                  "from it.")})
        ids.add(int(value))
    return ids


def _choice(stage: ChallengeStage, proposals: list[Proposal],
            missing: list[Proposal]) -> tuple[set[int], dict]:
    form = request.form
    if stage.kind == StageKind.SCREENING:
        advanced = {p.id for p in proposals if form.get(f"eligible-{p.id}") == "yes"}
    else:
        advanced = _ids(form.getlist("advance"))
    feedback = {p.id: form.get(f"feedback-{p.id}", "") for p in proposals + missing}
    return advanced, feedback


def _render(challenge, stage, *, advanced=None, feedback=None, problems=None,
            template="stages/decide.html", status=200):
    now = utcnow()
    proposals = deciding.proposals_in(stage)
    missing = deciding.not_submitted_in(stage) if stage.decided_at is None else []
    if feedback is None:
        # A team that did not submit here is told so; the organiser may say more.
        feedback = {p.id: _("We did not receive your proposal in this stage before its "
                            "deadline, so it does not go on.") for p in missing}
    ranking = _ranking(stage)
    rows, ranked = _rows(proposals, ranking)
    if advanced is None:
        top = request.args.get("top", "")
        count = int(top) if top.isdigit() and len(top) < 6 else 0
        advanced = {r.proposal.id for r in rows[:count] if r.rank is not None} if ranked else set()
        if stage.kind == StageKind.SCREENING:
            advanced = {p.id for p in proposals}   # eligible unless the organiser says not
    outcomes = list(db.session.execute(
        select(StageEntry, Proposal).join(Proposal, Proposal.id == StageEntry.proposal_id)
        .where(StageEntry.stage_id == stage.id, StageEntry.outcome.is_not(None))
        .order_by(StageEntry.outcome, Proposal.reference, Proposal.id))) \
        if stage.decided_at is not None else []
    if ranking is not None:   # a decided stage's outcomes in the order of its jury's ranking
        outcomes.sort(key=lambda pair: (pair[1].id not in ranking,
                                        ranking[pair[1].id].rank if pair[1].id in ranking else 0))
    return render_template(
        template, challenge=challenge, stage=stage, outcomes=outcomes, ranking=ranking or {},
        following=stage_after(stage), rows=rows, missing=missing,
        ranked=ranked, advanced=advanced, feedback=feedback, problems=problems or {},
        problem=deciding.decidable_problem(stage, now), screening=stage.kind
        == StageKind.SCREENING, action_form=ActionForm()), status


@bp.get("/manage/challenges/<slug>/stages/<id:stage_id>/decide")
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_stage)
def decide(challenge: Challenge, stage: ChallengeStage):
    return _render(challenge, stage)


@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/decide")
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_stage)
def decide_post(challenge: Challenge, stage: ChallengeStage):
    if not ActionForm().validate_on_submit():
        flash(_("The form had expired; please try again."), "warning")
        return redirect(url_for("stage_decisions.decide", slug=challenge.slug, stage_id=stage.id))
    proposals = deciding.proposals_in(stage)
    try:
        advanced, feedback = _choice(stage, proposals, deciding.not_submitted_in(stage))
    except Refused as error:
        return _render(challenge, stage, problems=error.problems, status=400)
    step = request.form.get("step")
    if step == "change":
        return _render(challenge, stage, advanced=advanced, feedback=feedback)
    try:
        if step != "confirm":
            deciding.check_decision(stage, advanced, feedback, utcnow())
            return _render(challenge, stage, advanced=advanced, feedback=feedback,
                           template="stages/decide_confirm.html")
        moved, closed = deciding.decide(stage, current_user, advanced, feedback)
    except Refused as error:
        db.session.rollback()
        return _render(challenge, stage, advanced=advanced, feedback=feedback,
                       problems=error.problems, status=409 if "_" in error.problems else 400)
    flash(ngettext("%(num)d proposal goes on to the next stage; ",
                   "%(num)d proposals go on to the next stage; ", moved)
          + ngettext("%(num)d team was told why not. ", "%(num)d teams were told why not. ",
                     closed)
          + _("Every team is emailed."), "success")
    return redirect(url_for("stage_decisions.decide", slug=challenge.slug, stage_id=stage.id))
