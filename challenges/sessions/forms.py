from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from challenges.forms import enum_choices, plausible_date
from challenges.sessions.models import Session, SessionKind
from challenges.sessions.operations import CAPACITY_MAX, SLOTS_MAX, TITLE_MAX
from challenges.timezones import brussels_to_utc, utc_to_brussels

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _when(label):
    return DateTimeLocalField(label, format=DATETIME_FORMAT, description=_l("Brussels time."),
                              validators=[InputRequired(message=_l("Give a date and time.")),
                                          plausible_date])


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=enum_choices(SessionKind))
    title = StringField(_l("Title"), filters=[_strip], validators=[
        DataRequired(message=_l("Give the event a title.")),
        Length(max=TITLE_MAX, message=_l("Keep the title under %(n)d characters.", n=TITLE_MAX))])
    title_en = StringField(_l("Title in English"), filters=[_strip], validators=[
        Optional(), Length(max=TITLE_MAX)],
        description=_l("Optional: shown to visitors who read the platform in English."))
    description = TextAreaField(_l("Description"), filters=[_strip],
                                validators=[Length(max=5000)],
                                description=_l("What happens, for whom. Markdown works."))
    description_en = TextAreaField(_l("Description in English"), filters=[_strip],
                                   validators=[Optional(), Length(max=5000)])
    starts_at = _when(_l("Starts at"))
    ends_at = _when(_l("Ends at"))
    place = StringField(_l("Address"), filters=[_strip], validators=[Length(max=300)],
                        description=_l("Where it takes place; leave empty for an online event."))
    url = URLField(_l("Link to join online"), filters=[_strip], validators=[
        Optional(), URL(require_tld=False, message=_l("Give a full web address, starting with "
                                                      "https://.")), Length(max=500)])
    capacity = IntegerField(_l("Capacity"), validators=[
        Optional(), NumberRange(min=1, max=CAPACITY_MAX,
                                message=_l("Give a capacity from 1 to %(n)d.", n=CAPACITY_MAX))],
        description=_l("Leave empty for no limit. When it is full, people join a waiting list."))

    def data_for_operations(self) -> dict:
        translations = {}
        if self.title_en.data or self.description_en.data:
            translations["en"] = {"title": self.title_en.data or "",
                                  "description": self.description_en.data or ""}
        return {"kind": SessionKind(self.kind.data), "title": self.title.data or "",
                "description": self.description.data or "",
                "starts_at": brussels_to_utc(self.starts_at.data),
                "ends_at": brussels_to_utc(self.ends_at.data), "place": self.place.data or "",
                "url": self.url.data or "", "capacity": self.capacity.data,
                "translations": translations}

    def fill(self, session: Session) -> None:
        for name in ("title", "description", "place", "url", "capacity"):
            getattr(self, name).data = getattr(session, name)
        self.kind.data = session.kind.value
        english = (session.translations or {}).get("en", {})
        self.title_en.data = english.get("title", "")
        self.description_en.data = english.get("description", "")
        for name in ("starts_at", "ends_at"):
            getattr(self, name).data = utc_to_brussels(getattr(session, name)).replace(
                tzinfo=None)


class SlotsForm(FlaskForm):
    first_start = _when(_l("First slot starts at"))
    count = IntegerField(_l("Number of slots"), default=6, validators=[
        InputRequired(message=_l("Give a number of slots.")),
        NumberRange(min=1, max=SLOTS_MAX, message=_l("Offer from 1 to %(n)d slots at a time.",
                                                     n=SLOTS_MAX))])
    minutes = IntegerField(_l("Minutes per slot"), default=20, validators=[
        InputRequired(message=_l("Give the length of a slot.")),
        NumberRange(min=5, max=240, message=_l("A slot lasts from 5 to 240 minutes."))])


class BookForm(FlaskForm):
    proposal_id = SelectField(_l("For the proposal"), coerce=int, choices=[])
