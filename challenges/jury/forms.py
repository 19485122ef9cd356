"""Forms of the jury screens. The set-up and review forms get one field per criterion (and per
level of the scale), so they are built for the challenge at hand."""

from __future__ import annotations

import re
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from challenges.challenges.models import Criterion
from challenges.forms import email_validator, enum_choices
from challenges.jury.models import Jury, RankingView, Review

# The screens offer scales within 0-10: eleven radio buttons and level descriptions per
# criterion are as many as a juror can weigh.
SCALE_LOWEST, SCALE_HIGHEST = 0, 10
LEVEL_MAX = 300
COMMENT_MAX = 5000
REASON_MAX = 2000

VIEW_HELP = {
    RankingView.WEIGHTED: _l(
        "The mean of the jurors' scores per criterion, weighted by the criteria's weights. "
        "Simple to explain; a strict or a lenient juror pulls the result down or up."),
    RankingView.NORMALISED: _l(
        "Each juror's scores are first expressed relative to their own average and spread, so "
        "strict and lenient jurors count equally. Fairer when jurors use the scale "
        "differently; it needs several reviews per juror."),
    RankingView.BORDA: _l(
        "Each juror's order of the proposals gives points by position: 1 for their best, 0 "
        "for their last, the others in between. A proposal's score is the mean of its jurors' "
        "points, so it is fair when jurors read different proposals. Only the order counts, "
        "not how far apart the scores are."),
}

ASSIGNMENT_CHOICES = [
    SelectChoice("all", _l("Every juror reviews every proposal")),
    SelectChoice("assigned", _l("Each juror reviews only the proposals assigned to them")),
]
ASSIGNMENT_HELP = {
    "all": _l("Best for a small number of proposals: every score rests on the whole jury."),
    "assigned": _l("For many proposals: assign them automatically or by hand on the progress "
                   "page, with the number of reviewers per proposal below."),
}


def _column_default(name: str):
    return Jury.__table__.c[name].default.arg


# Set-up -------------------------------------------------------------------------------------

class JurySetupForm(FlaskForm):
    blind = BooleanField(
        _l("Blind review"),
        description=_l("Jurors do not see the names of the team, its organisation or its "
                       "enterprise number; only the content of the proposal."))
    scale_min = IntegerField(
        _l("Lowest score"),
        validators=[InputRequired(message=_l("Give the lowest score.")),
                    NumberRange(SCALE_LOWEST, SCALE_HIGHEST - 1, message=_l(
                        "Choose a whole number from %(low)d to %(high)d.",
                        low=SCALE_LOWEST, high=SCALE_HIGHEST - 1))])
    scale_max = IntegerField(
        _l("Highest score"),
        validators=[InputRequired(message=_l("Give the highest score.")),
                    NumberRange(SCALE_LOWEST + 1, SCALE_HIGHEST, message=_l(
                        "Choose a whole number from %(low)d to %(high)d.",
                        low=SCALE_LOWEST + 1, high=SCALE_HIGHEST))],
        description=_l("Jurors give a whole number per criterion between the lowest and the "
                       "highest score. The scale cannot change once a review is submitted."))
    authoritative_view = RadioField(
        _l("Authoritative ranking"),
        choices=enum_choices(RankingView),
        validators=[InputRequired(message=_l("Choose how the ranking is computed."))])
    assignment_mode = RadioField(
        _l("Who reviews what"), choices=ASSIGNMENT_CHOICES,
        validators=[InputRequired(message=_l("Choose who reviews what."))])
    reviewers_per_proposal = IntegerField(
        _l("Reviewers per proposal"),
        validators=[InputRequired(message=_l("Give the number of reviewers per proposal.")),
                    NumberRange(1, 50, message=_l("Choose a number from 1 to 50."))],
        description=_l("Used when proposals are assigned automatically."))

    scale: ClassVar[range] = range(0)
    criteria: ClassVar[list[Criterion]] = []

    def level_field(self, criterion: Criterion, level: int):
        return self[f"level_{criterion.id}_{level}"]

    def settings(self) -> dict:
        """The keyword arguments of operations.configure."""
        low, high = self.scale_min.data or 0, self.scale_max.data or 0
        descriptions = {}
        for criterion in self.criteria:
            levels = {str(level): self.level_field(criterion, level).data.strip()
                      for level in self.scale
                      if low <= level <= high and (self.level_field(criterion, level).data or "")
                      .strip()}
            if levels:
                descriptions[str(criterion.id)] = levels
        return {"blind": bool(self.blind.data), "scale_min": low, "scale_max": high,
                "authoritative_view": self.authoritative_view.data,
                "assignment_mode": self.assignment_mode.data,
                "reviewers_per_proposal": self.reviewers_per_proposal.data,
                "level_descriptions": descriptions}


def setup_form(criteria: list[Criterion], jury: Jury | None, stage=None) -> JurySetupForm:
    """The set-up form with a description input per criterion and level of the jury's
    current scale (the default 0-5 before there is a jury). `stage`: of a stage's jury."""
    low = jury.scale_min if jury else _column_default("scale_min")
    high = jury.scale_max if jury else _column_default("scale_max")
    scale = range(low, high + 1)

    class Form(JurySetupForm):
        pass

    Form.scale, Form.criteria = scale, list(criteria)
    for criterion in criteria:
        for level in scale:
            setattr(Form, f"level_{criterion.id}_{level}", StringField(
                _l("Score %(level)d", level=level),
                validators=[Optional(), Length(max=LEVEL_MAX)]))
    # A stage's jury is blind as its stage says until it exists (then both say the same).
    default_blind = stage.blind if stage is not None else _column_default("blind")
    data = {"blind": jury.blind if jury else default_blind,
            "scale_min": low, "scale_max": high,
            "authoritative_view": (jury.authoritative_view if jury else
                                   RankingView(_column_default("authoritative_view"))).value,
            "assignment_mode": jury.assignment_mode if jury else
            _column_default("assignment_mode"),
            "reviewers_per_proposal": jury.reviewers_per_proposal if jury else
            _column_default("reviewers_per_proposal")}
    described = (jury.level_descriptions or {}) if jury else {}
    for criterion in criteria:
        for level, text in (described.get(str(criterion.id)) or {}).items():
            data[f"level_{criterion.id}_{level}"] = text
    return Form(data=data)


class InviteJurorForm(FlaskForm):
    email = EmailField(_l("Email address of the juror"), validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254), email_validator()],
        description=_l("Someone with an account joins at once and is told by email; anyone "
                       "else receives an invitation to accept."))
    chair = BooleanField(_l("Chair of the jury"), description=_l(
        "The chair follows the progress, sees the declared conflicts, sends reminders and "
        "locks scoring. A jury has one chair."))


# Jurors -------------------------------------------------------------------------------------

class DeclarationForm(FlaskForm):
    conflict = RadioField(
        _l("Do you have a conflict of interest with this proposal?"),
        choices=[SelectChoice("no", _l("No, I have no conflict of interest")),
                 SelectChoice("yes", _l("Yes, I have a conflict of interest"))],
        validators=[InputRequired(message=_l("Choose one of the two answers."))])
    reason = TextAreaField(
        _l("What is the conflict?"), validators=[Length(max=REASON_MAX)],
        description=_l("Needed when you have a conflict. Only the chair and the organisers "
                       "see it."))

    @property
    def has_conflict(self) -> bool:
        return self.conflict.data == "yes"


_CRITERION_KEY = re.compile(r"^(score|comment)_(\d{1,10})$")


class ReviewForm(FlaskForm):
    overall_comment = TextAreaField(
        _l("Overall comment for the participants"), validators=[Length(max=COMMENT_MAX)],
        description=_l("The participants receive this with the results, without your name."))
    private_note = TextAreaField(
        _l("Private note for the jury"), validators=[Length(max=COMMENT_MAX)],
        description=_l("Only the jury sees this note, never the participants."))

    criteria: ClassVar[list[Criterion]] = []

    def score_field(self, criterion: Criterion):
        return self[f"score_{criterion.id}"]

    def comment_field(self, criterion: Criterion):
        return self[f"comment_{criterion.id}"]

    def review_data(self, formdata) -> dict:
        """The keyword arguments of operations.save_review (without `submit`). Scores sent
        for criteria that are not this challenge's are passed on too, so that the rules
        refuse them with a message instead of silently dropping them."""
        scores = {c.id: self.score_field(c).data for c in self.criteria}
        comments = {c.id: self.comment_field(c).data or "" for c in self.criteria}
        for key in formdata or {}:
            match = _CRITERION_KEY.match(key)
            if match and int(match.group(2)) not in scores:
                target = scores if match.group(1) == "score" else comments
                target[int(match.group(2))] = formdata.get(key)
        return {"scores": scores, "comments": comments,
                "overall_comment": self.overall_comment.data or "",
                "private_note": self.private_note.data or ""}


def review_form(criteria: list[Criterion], jury: Jury, review: Review | None) -> ReviewForm:
    class Form(ReviewForm):
        pass

    Form.criteria = list(criteria)
    choices = [SelectChoice(str(level)) for level in jury.scale]
    for criterion in criteria:
        # Out-of-scale values are left to the rules, which say what the scale is.
        setattr(Form, f"score_{criterion.id}", RadioField(
            criterion.name, choices=choices, validate_choice=False, validators=[Optional()]))
        setattr(Form, f"comment_{criterion.id}", TextAreaField(
            _l("Feedback for the participants on %(name)s", name=criterion.name),
            validators=[Optional(), Length(max=COMMENT_MAX)]))
    data = {}
    if review is not None:
        data = {"overall_comment": review.overall_comment, "private_note": review.private_note}
        for score in review.scores:
            if score.value is not None:
                data[f"score_{score.criterion_id}"] = str(int(score.value))
            data[f"comment_{score.criterion_id}"] = score.comment
    return Form(data=data)


class AssignmentForm(FlaskForm):
    # Bounded so that a forged number is a 404, not a database error.
    member_id = IntegerField(validators=[InputRequired(), NumberRange(1, 2147483647)])
    proposal_id = IntegerField(validators=[InputRequired(), NumberRange(1, 2147483647)])
    assigned = HiddenField(validators=[InputRequired()])

    @property
    def wants_assigned(self) -> bool:
        return self.assigned.data in ("1", "true", "yes", "on")
