from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length

from challenges.announcements.models import Segment
from challenges.announcements.operations import BODY_MAX, SUBJECT_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AnnouncementForm(FlaskForm):
    segment = SelectField(_l("Send to"), choices=[], validators=[
        InputRequired(message=_l("Choose who receives the message."))],
        description=_l("Each person gets an email of their own: nobody sees who else "
                       "received it. Replies go to the challenge's contact address."))
    subject = StringField(_l("Subject"), filters=[_strip], validators=[
        DataRequired(message=_l("Write a subject.")),
        Length(max=SUBJECT_MAX, message=_l("Keep the subject under %(n)d characters.",
                                           n=SUBJECT_MAX))])
    body = TextAreaField(_l("Message"), filters=[_strip], validators=[
        DataRequired(message=_l("Write the message.")),
        Length(max=BODY_MAX, message=_l("Keep the message under %(n)d characters.",
                                        n=BODY_MAX))],
        description=_l("Markdown works. The message is also kept on the challenge page for "
                       "those who received it."))


def announcement_form(sizes: dict[Segment, int], **kwargs) -> AnnouncementForm:
    form = AnnouncementForm(**kwargs)
    form.segment.choices = [
        SelectChoice(s.value, _l("%(group)s (%(n)d)", group=s.label, n=sizes[s]))
        for s in Segment]
    return form
