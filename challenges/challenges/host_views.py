"""Joint challenges: the hosts page of a challenge (its lead and partners), the lead's
invitations and removals, and the partner's answer."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from challenges.access import needs
from challenges.accounts.models import Organisation
from challenges.challenges import hosts
from challenges.challenges.forms import HostInviteForm
from challenges.challenges.hosts import load_host, load_invitation
from challenges.challenges.models import Challenge, ChallengeHost
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.web import flash_problems, invitation_limit, show_problems

bp = Blueprint("hosts", __name__)


def _invite_form(challenge: Challenge, submitted: bool = True) -> HostInviteForm:
    form = HostInviteForm() if submitted else HostInviteForm(formdata=None)
    form.organisation_id.choices = [SelectChoice(0, _("Choose an organisation"))] + [
        SelectChoice(o.id, o.name) for o in hosts.invitable_organisations(challenge)]
    return form


def _render(challenge: Challenge, form: HostInviteForm, status: int = 200):
    return render_template("challenges/hosts.html", challenge=challenge, form=form,
                           may_manage=challenge.can_manage_hosts(current_user),
                           action_form=ActionForm()), status


@bp.get("/manage/challenges/<slug>/hosts")
@needs(Challenge.can_edit, challenge=load_challenge)
def manage(challenge: Challenge):
    return _render(challenge, _invite_form(challenge, submitted=False))


@bp.post("/manage/challenges/<slug>/hosts")
@invitation_limit
@needs(Challenge.can_manage_hosts, challenge=load_challenge)
def invite(challenge: Challenge):
    form = _invite_form(challenge)
    if not form.validate_on_submit():
        return _render(challenge, form, 400)
    organisation = db.session.get(Organisation, form.organisation_id.data)
    if organisation is None:  # deleted since the form was shown
        form.organisation_id.errors = [_("Choose an organisation.")]
        return _render(challenge, form, 400)
    try:
        hosts.invite(challenge, organisation, current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render(challenge, form, 400)
    flash(_("%(name)s is invited. Its administrators have been emailed.",
            name=organisation.name), "success")
    return redirect(url_for("hosts.manage", slug=challenge.slug))


@bp.post("/manage/challenges/<slug>/hosts/<id:host_id>/remove")
@needs(Challenge.can_manage_hosts, challenge=load_challenge, host=load_host)
def remove(challenge: Challenge, host: ChallengeHost):
    if ActionForm().validate_on_submit():
        name = host.organisation.name
        hosts.remove(host, current_user)
        flash(_("%(name)s is no longer a host of this challenge.", name=name), "success")
    return redirect(url_for("hosts.manage", slug=challenge.slug))


@bp.get("/manage/host-invitations/<id:host_id>")
@needs(ChallengeHost.can_answer, host=load_invitation)
def answer(host: ChallengeHost):
    return render_template("challenges/host_answer.html", host=host, challenge=host.challenge,
                           action_form=ActionForm())


def _decide(host: ChallengeHost, accepted: bool):
    if ActionForm().validate_on_submit():
        try:
            (hosts.accept if accepted else hosts.decline)(host, current_user)
        except Refused as error:
            flash_problems(error)
            return redirect(url_for("hosts.answer", host_id=host.id))
        if accepted:
            flash(_("Your organisation now co-hosts %(title)s: its editors can work on it.",
                    title=host.challenge.title), "success")
            return redirect(url_for("challenges.edit", slug=host.challenge.slug))
        flash(_("The invitation is declined."), "success")
    return redirect(url_for("challenges.manage"))


@bp.post("/manage/host-invitations/<id:host_id>/accept")
@needs(ChallengeHost.can_answer, host=load_invitation)
def accept(host: ChallengeHost):
    return _decide(host, accepted=True)


@bp.post("/manage/host-invitations/<id:host_id>/decline")
@needs(ChallengeHost.can_answer, host=load_invitation)
def decline(host: ChallengeHost):
    return _decide(host, accepted=False)
