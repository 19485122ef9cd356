from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

from challenges.follows.models import Delivery
from challenges.forms import enum_choices

# The follow form sits on pages with other forms: its ids must not clash with theirs.
PREFIX = "follow"


def _delivery_field():
    return RadioField(_l("How do you want to hear of news?"),
                      choices=enum_choices(Delivery),
                      default=Delivery.EACH.value,
                      validators=[InputRequired(message=_l("Choose how news reaches you."))])


class FollowForm(FlaskForm):
    delivery = _delivery_field()


class FollowOtherForm(FlaskForm):
    """On the page of what one follows: a municipality or a theme, chosen from a list."""

    target = SelectField(_l("Municipality or theme"), choices=[],
                         validators=[InputRequired(message=_l("Choose what to follow."))])
    delivery = _delivery_field()


def follow_form(follow=None, **kwargs) -> FollowForm:
    form = FollowForm(prefix=PREFIX if follow is None else f"follow-{follow.id}", **kwargs)
    if follow is not None and not form.is_submitted():
        form.delivery.data = follow.delivery.value
    return form
