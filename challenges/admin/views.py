from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from challenges.accounts import operations
from challenges.accounts.models import Membership, Organisation, Role, RoleInvitation, User
from challenges.accounts.operations import RuleError
from challenges.admin import operations as admin_operations
from challenges.admin.forms import (
    EditOrganisationForm,
    GrantRoleForm,
    OrganisationForm,
    ThemeForm,
)
from challenges.admin.operations import ThemeRuleError
from challenges.challenges.models import Theme
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.outbox import retry_failed
from challenges.security import get_or_404, platform_admin_required, require, signed_in_or_403
from challenges.web import page_number

bp = Blueprint("admin", __name__)


def _organisation_or_404(slug: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return organisation



@bp.get("/admin/")
@platform_admin_required
def dashboard():
    counts = {
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)),
        "users": db.session.scalar(select(func.count()).select_from(User)
                                   .where(User.deleted_at.is_(None))),
        "pending": db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.status == OutboxStatus.PENDING)),
        "failed": db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.status == OutboxStatus.FAILED)),
        "themes": db.session.scalar(select(func.count()).select_from(Theme)
                                    .where(Theme.active == true())),
    }
    return render_template("admin/dashboard.html", counts=counts)


@bp.get("/admin/organisations")
@platform_admin_required
def organisations():
    q = (request.args.get("q") or "").strip()[:100]
    query = select(Organisation).order_by(Organisation.name)
    if q:
        query = query.where(Organisation.name.ilike(f"%{q}%"))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("admin/organisations.html", page=page, q=q)


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@platform_admin_required
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = operations.create_organisation(
                name=form.name.data, slug=form.slug.data, nis_code=form.nis_code.data,
                description=form.description.data, website=form.website.data,
                contact_email=form.contact_email.data)
        except RuleError as error:
            form.slug.errors.append(str(error))
        else:
            flash(_("%(name)s is created. Now give someone a role in it.",
                    name=organisation.name), "success")
            return redirect(url_for("admin.members", slug=organisation.slug))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/admin/organisations/<slug>/edit", methods=["GET", "POST"])
@signed_in_or_403
def edit_organisation(slug: str):
    organisation = _organisation_or_404(slug)
    require(current_user.can_manage_members(organisation))
    form = EditOrganisationForm(obj=organisation)
    if form.validate_on_submit():
        operations.update_organisation(
            organisation, name=form.name.data, nis_code=form.nis_code.data,
            description=form.description.data, website=form.website.data,
            contact_email=form.contact_email.data)
        flash(_("The organisation is saved."), "success")
        return redirect(url_for("admin.members", slug=organisation.slug))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.route("/organisations/<slug>/members", methods=["GET", "POST"])
@signed_in_or_403
def members(slug: str):
    organisation = _organisation_or_404(slug)
    require(current_user.can_manage_members(organisation))
    form = GrantRoleForm()
    if form.validate_on_submit():
        try:
            outcome = operations.grant_role(organisation, form.email.data,
                                            Role(form.role.data), current_user)
        except RuleError as error:
            form.email.errors.append(str(error))
        else:
            if outcome == "invited":
                flash(_("%(email)s has no confirmed account yet and got an invitation.",
                        email=form.email.data), "success")
            else:
                flash(_("%(email)s is now %(role)s.", email=form.email.data,
                        role=Role(form.role.data).label.lower()), "success")
            return redirect(url_for("admin.members", slug=slug))
    memberships = db.session.scalars(
        select(Membership).where(Membership.organisation_id == organisation.id)
        .options(selectinload(Membership.user)).join(User)
        .order_by(Membership.role, User.display_name)).all()
    invitations = db.session.scalars(
        select(RoleInvitation).where(RoleInvitation.organisation_id == organisation.id)
        .order_by(RoleInvitation.email)).all()
    status = 400 if form.errors else 200
    return render_template("admin/members.html", organisation=organisation, form=form,
                           memberships=memberships, invitations=invitations,
                           action_form=ActionForm()), status


@bp.post("/organisations/<slug>/members/<int:membership_id>/revoke")
@signed_in_or_403
def revoke(slug: str, membership_id: int):
    organisation = _organisation_or_404(slug)
    require(current_user.can_manage_members(organisation))
    membership = get_or_404(Membership, membership_id)
    if membership.organisation_id != organisation.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            operations.revoke_role(membership)
        except RuleError as error:
            flash(str(error), "danger")
        else:
            flash(_("The role is revoked."), "success")
    return redirect(url_for("admin.members", slug=slug))


@bp.post("/organisations/<slug>/invitations/<int:invitation_id>/cancel")
@signed_in_or_403
def cancel_invitation(slug: str, invitation_id: int):
    organisation = _organisation_or_404(slug)
    require(current_user.can_manage_members(organisation))
    invitation = get_or_404(RoleInvitation, invitation_id)
    if invitation.organisation_id != organisation.id:
        abort(404)
    if ActionForm().validate_on_submit():
        operations.cancel_invitation(invitation)
        flash(_("The invitation is cancelled."), "success")
    return redirect(url_for("admin.members", slug=slug))


@bp.get("/admin/users")
@platform_admin_required
def users():
    q = (request.args.get("q") or "").strip()[:100]
    query = (select(User).where(User.deleted_at.is_(None))
             .options(selectinload(User.memberships).selectinload(Membership.organisation))
             .order_by(User.email))
    if q:
        query = query.where(User.email.ilike(f"%{q.lower()}%") | User.display_name.ilike(f"%{q}%"))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("admin/users.html", page=page, q=q)


@bp.get("/admin/outbox")
@platform_admin_required
def outbox():
    status = request.args.get("status", "failed")
    if status not in {s.value for s in OutboxStatus}:
        status = "failed"
    query = (select(OutboxMessage).where(OutboxMessage.status == OutboxStatus(status))
             .order_by(OutboxMessage.created_at.desc()))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("admin/outbox.html", page=page, status=status,
                           action_form=ActionForm())


@bp.post("/admin/outbox/<int:message_id>/retry")
@platform_admin_required
def retry_message(message_id: int):
    message = get_or_404(OutboxMessage, message_id)
    if ActionForm().validate_on_submit() and message.status == OutboxStatus.FAILED:
        retry_failed(message)
        flash(_("The email will be sent again."), "success")
    return redirect(url_for("admin.outbox"))


@bp.get("/admin/themes")
@platform_admin_required
def themes():
    page = db.paginate(select(Theme).order_by(Theme.position, Theme.id), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    usage = admin_operations.usage_counts(theme.id for theme in page.items)
    return render_template("admin/themes.html", page=page, usage=usage,
                           action_form=ActionForm())


@bp.route("/admin/themes/new", methods=["GET", "POST"])
@platform_admin_required
def new_theme():
    form = ThemeForm()
    if request.method == "GET":
        form.position.data = str(admin_operations.next_position())
    if form.validate_on_submit():
        try:
            theme = admin_operations.create_theme(
                slug=form.slug.data, name_nl=form.name_nl.data, name_en=form.name_en.data,
                position=form.position_number)
        except ThemeRuleError as error:
            _show_theme_problems(form, error)
        else:
            flash(_("The theme %(name)s is created.", name=theme.name), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if form.errors else 200
    return render_template("admin/theme_form.html", form=form, theme=None), status


@bp.route("/admin/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@platform_admin_required
def edit_theme(theme_id: int):
    theme = get_or_404(Theme, theme_id)
    form = ThemeForm(obj=theme)
    if request.method == "GET":
        form.position.data = str(theme.position)
    if form.validate_on_submit():
        try:
            admin_operations.update_theme(
                theme, slug=form.slug.data, name_nl=form.name_nl.data,
                name_en=form.name_en.data, position=form.position_number)
        except ThemeRuleError as error:
            _show_theme_problems(form, error)
        else:
            flash(_("The theme %(name)s is saved.", name=theme.name), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if form.errors else 200
    return render_template("admin/theme_form.html", form=form, theme=theme), status


def _show_theme_problems(form: ThemeForm, error: ThemeRuleError) -> None:
    for name, message in error.problems.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors.append(message)
        else:
            flash(message, "danger")


@bp.post("/admin/themes/<int:theme_id>/deactivate")
@platform_admin_required
def deactivate_theme(theme_id: int):
    theme = get_or_404(Theme, theme_id)
    if ActionForm().validate_on_submit():
        admin_operations.deactivate_theme(theme)
        flash(_("%(name)s is no longer offered for new challenges. The challenges that have "
                "it keep it.", name=theme.name), "success")
    return redirect(url_for("admin.themes"))


@bp.post("/admin/themes/<int:theme_id>/reactivate")
@platform_admin_required
def reactivate_theme(theme_id: int):
    theme = get_or_404(Theme, theme_id)
    if ActionForm().validate_on_submit():
        admin_operations.reactivate_theme(theme)
        flash(_("%(name)s is offered again for new challenges.", name=theme.name), "success")
    return redirect(url_for("admin.themes"))


@bp.post("/admin/themes/<int:theme_id>/delete")
@platform_admin_required
def delete_theme(theme_id: int):
    theme = get_or_404(Theme, theme_id)
    if ActionForm().validate_on_submit():
        name = theme.name
        try:
            admin_operations.delete_theme(theme)
        except ThemeRuleError as error:
            flash(str(error), "danger")
        else:
            flash(_("The theme %(name)s is deleted.", name=name), "success")
    return redirect(url_for("admin.themes"))
