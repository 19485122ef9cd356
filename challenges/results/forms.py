"""Forms of the deliberation: the jury's decision on one proposal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, StopValidation

from challenges.forms import amount_validators

MOTIVATION_MAX = 5000
AWARD_NAME_MAX = 120
PLACE_MAX = 100


class DecisionForm(FlaskForm):
    """One proposal's decision. Rendered once per proposal with the prefix `p<id>-`, so the
    ids on the page stay unique and an error shows next to the right proposal."""

    shortlisted = BooleanField(_l("Shortlisted"))
    # The page explains the fields once at the top: repeated for every proposal, help texts
    # would drown the proposals.
    motivation = TextAreaField(_l("The jury's motivation"),
                               validators=[Length(max=MOTIVATION_MAX)])
    place = IntegerField(
        _l("Place"), validators=[
            Optional(),
            NumberRange(min=1, max=PLACE_MAX,
                        message=_l("Enter a place from 1 to %(max)d.", max=PLACE_MAX))])
    award_name = StringField(_l("Name of the award"),
                             validators=[Optional(), Length(max=AWARD_NAME_MAX)])
    award_amount = DecimalField(
        _l("Amount in euro"), places=2, validators=[
            Optional(), *amount_validators()])
    honourable_mention = BooleanField(_l("Honourable mention"))

    def validate_award_amount(self, field):
        # An amount without a place or a mention would be paid to nobody in particular.
        if field.data is not None and field.data > 0 and self.place.data is None \
                and not self.honourable_mention.data:
            raise StopValidation(_l("An amount goes with a place or an honourable mention."))
