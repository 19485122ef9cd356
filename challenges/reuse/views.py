"""The templates' pages: publishing and revising a template, the public library and template
page, adopting, and reviewing a newer revision in a draft made from it."""

from __future__ import annotations

import secrets
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, platform_admin, public, require
from challenges.accounts.models import Organisation
from challenges.accounts.queries import all_organisations
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.forms import ActionForm
from challenges.lessons.queries import record_of
from challenges.numbers import plain_number
from challenges.reuse import content, forms, operations, queries
from challenges.reuse.models import Adoption, ChallengeTemplate
from challenges.reuse.queries import load_adoption, load_template
from challenges.web import flash_problems, show_problems

bp = Blueprint("reuse", __name__)


@bp.app_template_global("template_lineage")
def template_lineage(challenge: Challenge) -> Adoption | None:
    """The template a challenge was adapted from, for its public page (templates are
    public; the challenge page itself is only shown to those who may see the challenge)."""
    return queries.adoption_of(challenge)


@bp.app_template_global("template_from")
def template_from(challenge: Challenge) -> ChallengeTemplate | None:
    """The template published from a challenge, for its pages."""
    return queries.template_of(challenge)


@bp.app_template_global("template_field_lines")
def template_field_lines(name: str, value) -> list[str]:
    return content.lines(name, value, queries.theme_names() if name == "themes" else None)


@bp.app_context_processor
def _fields():
    return {"TEMPLATE_FIELDS": content.FIELDS, "template_markdown": content.is_markdown}


# Public ------------------------------------------------------------------------------------------

@bp.get("/templates")
@public()
def library():
    filters = queries.read_filters(request.args)
    return render_template("reuse/library.html", filters=filters,
                           result=queries.library(filters), choices=queries.filter_choices(),
                           routes=list(LegalRoute))


@bp.get("/templates/<slug>")
@public(template=load_template)
def view(template: ChallengeTemplate):
    source = template.source
    source_public = source is not None and source.can_view(current_user)
    lessons = record_of(source) if source_public and source is not None else None
    return render_template(
        "reuse/view.html", template=template, revision=template.latest,
        source=source if source_public else None,
        lessons=lessons if lessons is not None and lessons.is_published else None,
        children=queries.public_children([template.id])[template.id],
        own_drafts=queries.own_drafts(template, current_user),
        action_form=ActionForm())


# The owner: publish and revise -----------------------------------------------------------------

@bp.route("/manage/challenges/<slug>/template", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def publish(challenge: Challenge):
    template = queries.template_of(challenge)
    form = forms.PublishTemplateForm()
    if form.validate_on_submit():
        try:
            template = operations.publish_from_challenge(challenge, current_user,
                                                         form.change_note.data or "")
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The template is published as revision %(n)s.", n=template.revision),
                  "success")
            return redirect(url_for("reuse.view", slug=template.slug))
    return render_template("reuse/publish.html", challenge=challenge, template=template,
                           form=form, preview=operations.snapshot_of(challenge),
                           changed=content.changed_fields(template.latest.content,
                                                          operations.snapshot_of(challenge))
                           if template else None)


def _fill_texts(form: forms.TemplateTextsForm, data: dict) -> None:
    for name in content.TEXTS:
        form[name].data = data.get(name) or ""
    criteria = list(data.get("criteria") or [])
    for row, criterion in zip(form.criteria, criteria, strict=False):
        row.form.name.data = criterion.get("name")
        row.form.description.data = criterion.get("description")
        row.form.weight.data = criterion.get("weight")
        # Kept in the template as text ("2.5"), exactly; the field shows a Decimal.
        minimum = criterion.get("minimum_score")
        row.form.minimum_score.data = None if minimum is None else Decimal(minimum)
    timeline = data.get("timeline") or {}
    for key in content.TIMELINE_KEYS:
        form[key].data = timeline.get(key)


def _changes(form: forms.TemplateTextsForm, data: dict) -> dict:
    changes: dict = {name: (form[name].data or "").strip() for name in content.TEXTS}
    changes["criteria"] = [
        {"name": (row.form.name.data or "").strip(), "description": (row.form.description.data or "")
         .strip(), "weight": int(row.form.weight.data or 0),
         "minimum_score": None if row.form.minimum_score.data is None
         else plain_number(row.form.minimum_score.data)}
        for row in form.criteria if (row.form.name.data or "").strip()]
    changes["timeline"] = {**(data.get("timeline") or {}),
                           **{key: form[key].data for key in content.TIMELINE_KEYS}}
    return changes


@bp.route("/manage/templates/<slug>/revise", methods=["GET", "POST"])
@needs(ChallengeTemplate.can_revise, template=load_template)
def revise(template: ChallengeTemplate):
    form = forms.TemplateTextsForm()
    if not form.is_submitted():
        _fill_texts(form, template.latest.content)
        return render_template("reuse/revise.html", template=template, form=form)
    if form.validate():
        changes = _changes(form, template.latest.content)
        total = sum(c["weight"] for c in changes["criteria"])
        try:
            if changes["criteria"] and total != 100:
                raise Refused({"criteria": _("The weights add up to %(total)d%%; they must add "
                                             "up to 100%%.", total=total)})
            revision = operations.revise(template, current_user, changes,
                                         form.change_note.data or "")
        except Refused as error:
            problems = dict(error.problems)
            form.criteria_error = problems.pop("criteria", None)
            show_problems(form, problems)
        else:
            flash(_("Revision %(n)s of the template is published.", n=revision.number),
                  "success")
            return redirect(url_for("reuse.view", slug=template.slug))
    return render_template("reuse/revise.html", template=template, form=form), 400


@bp.post("/templates/<slug>/recommend")
@platform_admin(template=load_template)
def recommend(template: ChallengeTemplate):
    if ActionForm().validate_on_submit():
        recommended = request.form.get("recommended") == "1"
        operations.set_recommended(template, current_user, recommended)
        flash(_("The template is recommended.") if recommended
              else _("The template is no longer recommended."), "success")
    return redirect(url_for("reuse.view", slug=template.slug))


# Adopting -----------------------------------------------------------------------------------------

def _editable_organisations() -> list[Organisation]:
    if current_user.is_platform_admin:
        return all_organisations()
    return sorted((m.organisation for m in current_user.memberships), key=lambda o: o.name)


@bp.route("/templates/<slug>/adopt", methods=["GET", "POST"])
@needs(ChallengeTemplate.can_adopt, template=load_template)
def adopt(template: ChallengeTemplate):
    organisations = _editable_organisations()
    form = forms.AdoptForm()
    form.organisation.choices = [(o.slug, o.name) for o in organisations]
    if not form.is_submitted():
        form.key.data = secrets.token_urlsafe(24)
        if len(organisations) == 1:
            form.organisation.data = organisations[0].slug
    elif form.validate():
        organisation = next((o for o in organisations if o.slug == form.organisation.data), None)
        if organisation is None and form.organisation.data:
            # An organisation where this person does not write challenges.
            abort(403)
        key = (form.key.data or "")[:64] or None
        try:
            if organisation is None:
                raise Refused({"organisation": _("Choose the organisation the new challenge "
                                                 "is for.")})
            require(organisation.can_edit(current_user))
            challenge = operations.adopt(template, organisation, current_user,
                                         form.opens_on.data, key)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The draft is made from the template. Check every text and date before "
                    "you publish it."), "success")
            return redirect(url_for("challenges.edit", slug=challenge.slug))
    return render_template("reuse/adopt.html", template=template, form=form,
                           organisations=organisations), 400 if form.errors else 200


# Reviewing a newer revision ------------------------------------------------------------------------

@bp.route("/manage/challenges/<slug>/template-changes", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def review(challenge: Challenge):
    # Loaded after the permission check: someone else learns nothing of the lineage.
    adoption = load_adoption(challenge)
    template = adoption.template
    old = template.revision_number(adoption.revision)
    new = template.latest
    changed = content.changed_fields(old.content if old else {}, new.content) \
        if adoption.review_waiting else []
    form = forms.ReviewForm()
    form.take.choices = [(name, str(content.FIELDS[name])) for name in changed]
    if form.validate_on_submit():
        take = [] if request.form.get("action") == "dismiss" else list(form.take.data or [])
        if not take and request.form.get("action") != "dismiss":
            form.take.errors = [_("Tick the changes to take over, or dismiss them all.")]
        else:
            try:
                taken = operations.review(adoption, current_user, take)
            except Refused as error:
                flash_problems(error)
                return redirect(url_for("challenges.edit", slug=challenge.slug))
            flash(_("Taken over from revision %(n)s: %(fields)s.", n=new.number,
                    fields=", ".join(str(content.FIELDS[f]) for f in taken)) if taken
                  else _("The changes of revision %(n)s are dismissed.", n=new.number),
                  "success")
            return redirect(url_for("challenges.edit", slug=challenge.slug))
    names = queries.theme_names()
    rows = []
    for name in changed:
        before = "\n".join(content.lines(name, (old.content if old else {}).get(name), names))
        after = "\n".join(content.lines(name, new.content.get(name), names))
        rows.append((name, *content.word_diff(before, after)))
    return render_template("reuse/review.html", challenge=challenge, adoption=adoption,
                           template=template, old=old, new=new, rows=rows, form=form,
                           revisions=[r for r in template.revisions
                                      if r.number > adoption.revision])
