"""Follow a challenge, a municipality or a theme; the page of what one follows; the
unsubscribe link of every follower email, which works without signing in."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from challenges.access import needs, public, signed_in
from challenges.accounts.models import Organisation
from challenges.accounts.queries import all_organisations, load_organisation
from challenges.challenges.models import Challenge, Theme
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.extensions import csrf, db
from challenges.follows import forms, operations, queries
from challenges.follows.models import Delivery, Follow
from challenges.forms import ActionForm
from challenges.tokens import LinkRefused
from challenges.web import flash_form_errors, flash_problems, safe_next

bp = Blueprint("follows", __name__, cli_group="follows")


def _target_url(target: queries.Target) -> str:
    if isinstance(target, Challenge):
        return url_for("challenges.detail", slug=target.slug)
    if isinstance(target, Organisation):
        return url_for("challenges.organisation", slug=target.slug)
    return url_for("challenges.listing", theme=target.slug)


def _action_url(target: queries.Target) -> str:
    if isinstance(target, Challenge):
        return url_for("follows.follow_challenge", slug=target.slug)
    if isinstance(target, Organisation):
        return url_for("follows.follow_organisation", slug=target.slug)
    return url_for("follows.follow_theme", theme_slug=target.slug)


@bp.app_template_global("follow_box")
def box_context(target: queries.Target) -> SimpleNamespace:
    """What a page needs to offer following its challenge or municipality
    (templates/follows/_box.html)."""
    existing = queries.follow_of(current_user, target)
    # A visitor sees a sign-in link, no form: a form would put a CSRF token in a session, and
    # a public page with a token of its own can be neither kept nor shared (challenges.cache).
    signed_in = current_user.is_authenticated
    return SimpleNamespace(
        follow=existing, form=forms.follow_form(existing, formdata=None) if signed_in else None,
        action_url=_action_url(target),
        stop_url=url_for("follows.stop", follow_id=existing.id) if existing else None,
        stop_form=ActionForm(formdata=None) if signed_in else None, back=_target_url(target),
        login_url=url_for("accounts.login", next=_target_url(target)),
    )


def _follow(target: queries.Target):
    form = forms.follow_form()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(_target_url(target))
    try:
        operations.follow(current_user, target, Delivery(form.delivery.data))
    except Refused as error:
        flash_problems(error)
    else:
        flash(_("You follow %(name)s. Change or stop it any time on the page of what you "
                "follow.", name=target.title if isinstance(target, Challenge) else target.name),
              "success")
    return redirect(_target_url(target) + "#follow")


@bp.post("/challenges/<slug>/follow")
@signed_in(challenge=load_challenge)
def follow_challenge(challenge: Challenge):
    return _follow(challenge)


@bp.post("/organisations/<slug>/follow")
@signed_in(organisation=load_organisation)
def follow_organisation(organisation: Organisation):
    return _follow(organisation)


@bp.post("/themes/<theme_slug>/follow")
@signed_in(theme=queries.load_theme)
def follow_theme(theme: Theme):
    return _follow(theme)


# What one follows -----------------------------------------------------------------------------

def _other_choices(form: forms.FollowOtherForm) -> None:
    form.target.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(f"organisation:{o.slug}", _("Municipality: %(name)s", name=o.name))
        for o in all_organisations()] + [
        SelectChoice(f"theme:{t.slug}", _("Theme: %(name)s", name=t.name))
        for t in queries.active_themes()]


def _render_mine(other_form, status: int = 200):
    follows = queries.follows_of(current_user)
    return render_template(
        "follows/mine.html", follows=follows, other_form=other_form,
        forms={f.id: forms.follow_form(f, formdata=None) for f in follows},
        stop_form=ActionForm(formdata=None), target_url=_target_url), status


@bp.get("/my/follows")
@signed_in()
def mine():
    form = forms.FollowOtherForm(prefix="other", formdata=None)
    _other_choices(form)
    return _render_mine(form)


@bp.post("/my/follows")
@signed_in()
def follow_other():
    form = forms.FollowOtherForm(prefix="other")
    _other_choices(form)
    if not form.validate_on_submit():
        return _render_mine(form, 400)
    kind, _sep, slug = (form.target.data or "").partition(":")
    target: Organisation | Theme = (load_organisation(slug) if kind == "organisation"
                                    else queries.load_theme(slug))
    try:
        operations.follow(current_user, target, Delivery(form.delivery.data))
    except Refused as error:
        form.form_errors = [*form.form_errors, *map(str, error.problems.values())]
        return _render_mine(form, 400)
    flash(_("You follow %(name)s.", name=target.name), "success")
    return redirect(url_for("follows.mine"))


@bp.post("/my/follows/<id:follow_id>")
@needs(Follow.can_change, follow=queries.load_follow)
def change(follow: Follow):
    form = forms.follow_form(follow)
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        operations.change_delivery(follow, Delivery(form.delivery.data), current_user)
        flash(_("Saved: %(choice)s for %(name)s.", choice=follow.delivery.label,
                name=follow.target_name), "success")
    return redirect(url_for("follows.mine"))


@bp.post("/my/follows/<id:follow_id>/stop")
@needs(Follow.can_change, follow=queries.load_follow)
def stop(follow: Follow):
    if ActionForm().validate_on_submit():
        name = follow.target_name
        operations.stop(follow, current_user)
        flash(_("You no longer follow %(name)s.", name=name), "success")
    return redirect(safe_next(request.form.get("next"), url_for("follows.mine")))


# Unsubscribing from an email ------------------------------------------------------------------

@bp.get("/unsubscribe/<token>")
@public()
def unsubscribe(token: str):
    """The link in the email asks for one click, so that a mail scanner that opens every
    link does not unsubscribe anyone; mail programs post to it directly (RFC 8058)."""
    try:
        _user, found = operations.follows_of_token(token)
    except LinkRefused as error:
        db.session.rollback()
        return render_template("follows/unsubscribe_invalid.html", error=error), 400
    return render_template("follows/unsubscribe.html", found=found, token=token, done=False)


@bp.post("/unsubscribe/<token>")
@public()
@csrf.exempt
def unsubscribe_confirm(token: str):
    # No CSRF token: mail programs post here on their own ("List-Unsubscribe=One-Click"),
    # and the signed link itself is what proves the request comes from the follower.
    try:
        names = operations.unsubscribe(token)
    except LinkRefused as error:
        db.session.rollback()
        return render_template("follows/unsubscribe_invalid.html", error=error), 400
    return render_template("follows/unsubscribe.html", found=[], names=names, token=token,
                           done=True)


@bp.cli.command("send")
def send_command():
    """Email followers their news: each item, or the weekly digest when due (run it often)."""
    import click

    click.echo(f"queued {operations.send_news()} email(s) for followers")
