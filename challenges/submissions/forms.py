from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from challenges.forms import email_validator, text_language_field
from challenges.submissions import answers

LONG = 20000
MARKDOWN = _l("You can use Markdown: **bold**, *italic*, lists with - and links.")


class ProposalForm(FlaskForm):
    """Every field may be empty in a draft; what a submission needs is checked on submit."""

    title = StringField(_l("Title"), validators=[Length(max=200)])
    language = text_language_field(_l("Language of your proposal"))
    summary = TextAreaField(_l("Short summary"), validators=[Length(max=600)],
                            description=_l("Two or three sentences; shown in lists."))
    description = TextAreaField(_l("Your solution"), validators=[Length(max=LONG)],
                                description=MARKDOWN)
    approach = TextAreaField(_l("How it answers the challenge"), validators=[Length(max=LONG)],
                             description=_l("Refer to the problem, the goals and the criteria."))
    impact = TextAreaField(_l("Expected impact"), validators=[Length(max=LONG)])
    cost_estimate = TextAreaField(_l("Estimated cost of a proof of concept"),
                                  validators=[Length(max=LONG)])
    timeline = TextAreaField(_l("Timeline for a proof of concept"), validators=[Length(max=LONG)])
    team_description = TextAreaField(_l("The team"), validators=[Length(max=LONG)],
                                     description=_l("Who does what, and relevant experience."))
    accept_rules = BooleanField(_l("I accept the rules of this challenge and the privacy notice."))
    accept_terms = BooleanField(_l("I accept the terms above: intellectual property and data, "
                                   "payment schedule and open data."))

    def data_for_save(self) -> dict:
        data: dict = {name: getattr(self, name).data or "" for name in (
            "title", "language", "summary", "description", "approach", "impact",
            "cost_estimate", "timeline", "team_description")}
        # The form's own questions, when it was built with them (answers.form_class).
        values, files = answers.submitted_values(self)
        if values or files:
            data["answers"], data["answer_files"] = values, files
        return data


def proposal_form(challenge, proposal=None):
    """The proposal form with the questions of the proposal's stage (or of a new proposal's
    first stage, or of the challenge), showing what is saved until something is posted."""
    stage_id = proposal.stage_id if proposal is not None else answers.stage_id_for_new(challenge)
    questions = answers.questions_of(challenge, stage_id)
    form_type = answers.form_class(ProposalForm, challenge, questions) if questions \
        else ProposalForm
    return form_type(obj=proposal, **answers.initial_data(proposal, questions))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address of your co-author"), validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254), email_validator()])


class ProposalAttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file."))])


class IneligibleForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[
            DataRequired(message=_l("Give the reason; it is sent to the team.")),
            Length(max=5000)],
        description=_l("Which rule of the challenge the proposal does not meet. Every team "
                       "member receives it by email."))
