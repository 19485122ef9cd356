from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from challenges.access import belongs_or_404, get_or_404, needs, platform_admin
from challenges.accounts import operations
from challenges.accounts.forms import RequireMfaForm
from challenges.accounts.models import Membership, Organisation, Role, RoleInvitation, User
from challenges.accounts.queries import load_organisation
from challenges.admin import operations as admin_operations
from challenges.admin import queries
from challenges.admin.forms import (
    EditOrganisationForm,
    GrantRoleForm,
    OrganisationForm,
    SuspendAccountForm,
    ThemeForm,
)
from challenges.challenges.models import Theme
from challenges.errors import Refused
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.operations import retry_failed
from challenges.web import flash_problems, invitation_limit, page_number, pressed, show_problems

bp = Blueprint("admin", __name__)


def _page(query, per_page: int | None = None):
    return db.paginate(query, page=page_number(),
                       per_page=per_page or current_app.config["PAGE_SIZE"], error_out=False)


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    return belongs_or_404(Membership, membership_id, organisation_id=organisation.id)


def _invitation(organisation: Organisation, invitation_id: int) -> RoleInvitation:
    return belongs_or_404(RoleInvitation, invitation_id, organisation_id=organisation.id)


def _theme(theme_id: int) -> Theme:
    return get_or_404(Theme, theme_id)


@bp.get("/admin/")
@platform_admin()
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
@platform_admin()
def organisations():
    q = (request.args.get("q") or "").strip()[:100]
    query = select(Organisation).order_by(Organisation.name)
    if q:
        query = query.where(Organisation.name.ilike(f"%{q}%"))
    return render_template("admin/organisations.html", page=_page(query), q=q)


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@platform_admin()
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = operations.create_organisation(
                name=(form.name.data or ""), slug=(form.slug.data or ""), nis_code=(form.nis_code.data or ""),
                description=(form.description.data or ""), website=(form.website.data or ""),
                contact_email=form.contact_email.data, by=current_user,
                population_band=form.population_band.data)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("%(name)s is created. Now give someone a role in it.",
                    name=organisation.name), "success")
            return redirect(url_for("admin.members", slug=organisation.slug))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/admin/organisations/<slug>/edit", methods=["GET", "POST"])
@needs(Organisation.can_manage_members, organisation=load_organisation)
def edit_organisation(organisation: Organisation):
    form = EditOrganisationForm(obj=organisation)
    if form.validate_on_submit():
        operations.update_organisation(
            organisation, name=(form.name.data or ""), nis_code=(form.nis_code.data or ""),
            description=(form.description.data or ""), website=(form.website.data or ""),
            contact_email=form.contact_email.data, by=current_user,
            population_band=form.population_band.data)
        flash(_("The organisation is saved."), "success")
        return redirect(url_for("admin.members", slug=organisation.slug))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.route("/organisations/<slug>/members", methods=["GET", "POST"])
@invitation_limit
@needs(Organisation.can_manage_members, organisation=load_organisation)
def members(organisation: Organisation):
    slug = organisation.slug
    form = GrantRoleForm()
    if form.validate_on_submit():
        try:
            outcome = operations.grant_role(organisation, (form.email.data or ""),
                                            Role(form.role.data), current_user)
        except Refused as error:
            show_problems(form, error.problems)
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
                           action_form=ActionForm(),
                           mfa_form=RequireMfaForm(require_mfa=organisation.require_mfa)), status


@bp.post("/organisations/<slug>/members/<id:membership_id>/revoke")
@needs(Organisation.can_manage_members, organisation=load_organisation,
       membership=_membership)
def revoke(organisation: Organisation, membership: Membership):
    pressed(lambda: operations.revoke_role(membership, current_user),
            _("The role is revoked."))
    return redirect(url_for("admin.members", slug=organisation.slug))


@bp.post("/organisations/<slug>/invitations/<id:invitation_id>/cancel")
@needs(Organisation.can_manage_members, organisation=load_organisation,
       invitation=_invitation)
def cancel_invitation(organisation: Organisation, invitation: RoleInvitation):
    if ActionForm().validate_on_submit():
        operations.cancel_invitation(invitation, current_user)
        flash(_("The invitation is cancelled."), "success")
    return redirect(url_for("admin.members", slug=organisation.slug))


@bp.get("/organisations/<slug>/events")
@needs(Organisation.can_manage_members, organisation=load_organisation)
def organisation_events(organisation: Organisation):
    """Who did what in the organisation: for its administrators."""
    filters = queries.EventFilters.from_args(request.args)
    page = _page(queries.event_query(filters, organisation), per_page=50)
    return render_template("admin/events.html", page=page, filters=filters,
                           organisation=organisation, rows=queries.describe(page.items),
                           action_labels=queries.action_choices())


@bp.get("/admin/events")
@platform_admin()
def events():
    """Who did what, on the whole platform."""
    filters = queries.EventFilters.from_args(request.args)
    page = _page(queries.event_query(filters), per_page=50)
    return render_template("admin/events.html", page=page, filters=filters,
                           organisation=None, rows=queries.describe(page.items),
                           action_labels=queries.action_choices())


@bp.get("/admin/users")
@platform_admin()
def users():
    q = (request.args.get("q") or "").strip()[:100]
    query = (select(User).where(User.deleted_at.is_(None))
             .options(selectinload(User.memberships).selectinload(Membership.organisation))
             .order_by(User.email))
    if q:
        query = query.where(User.email.ilike(f"%{q.lower()}%") | User.display_name.ilike(f"%{q}%"))
    return render_template("admin/users.html", page=_page(query), q=q, form=ActionForm())


def _account(user_id: int) -> User:
    user = get_or_404(User, user_id)
    if user.deleted_at is not None:
        abort(404)
    return user


@bp.route("/admin/users/<id:user_id>/suspend", methods=["GET", "POST"])
@platform_admin(user=_account)
def suspend_user(user: User):
    """A confirmation page that says what suspending does, with the reason for the record."""
    form = SuspendAccountForm()
    if form.validate_on_submit():
        try:
            admin_operations.suspend_account(user, form.reason.data or "", current_user)
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("The account of %(email)s is suspended.", email=user.email), "success")
            return redirect(url_for("admin.users", q=user.email))
    return render_template("admin/suspend_user.html", user=user, form=form)


@bp.post("/admin/users/<id:user_id>/restore")
@platform_admin(user=_account)
def restore_user(user: User):
    if ActionForm().validate_on_submit():
        admin_operations.restore_account(user, current_user)
        flash(_("The account of %(email)s is restored: it can sign in again.", email=user.email),
              "success")
    return redirect(url_for("admin.users", q=user.email))


@bp.get("/admin/outbox")
@platform_admin()
def outbox():
    status = request.args.get("status", "failed")
    if status not in {s.value for s in OutboxStatus}:
        status = "failed"
    query = (select(OutboxMessage).where(OutboxMessage.status == OutboxStatus(status))
             .order_by(OutboxMessage.created_at.desc()))
    return render_template("admin/outbox.html", page=_page(query), status=status,
                           action_form=ActionForm())


@bp.post("/admin/outbox/<id:message_id>/retry")
@platform_admin(message=lambda message_id: get_or_404(OutboxMessage, message_id))
def retry_message(message: OutboxMessage):
    if ActionForm().validate_on_submit() and message.is_failed:
        retry_failed(message, current_user)
        flash(_("The email will be sent again."), "success")
    return redirect(url_for("admin.outbox"))


@bp.get("/admin/themes")
@platform_admin()
def themes():
    page = _page(select(Theme).order_by(Theme.position, Theme.id))
    usage = admin_operations.usage_counts(theme.id for theme in page.items)
    return render_template("admin/themes.html", page=page, usage=usage,
                           action_form=ActionForm())


@bp.route("/admin/themes/new", methods=["GET", "POST"])
@platform_admin()
def new_theme():
    form = ThemeForm()
    if request.method == "GET":
        form.position.data = str(admin_operations.next_position())
    if form.validate_on_submit():
        try:
            theme = admin_operations.create_theme(
                slug=(form.slug.data or ""), name_nl=(form.name_nl.data or ""), name_en=(form.name_en.data or ""),
                position=form.position_number, by=current_user)
        except Refused as error:
            _show_theme_problems(form, error)
        else:
            flash(_("The theme %(name)s is created.", name=theme.name), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if form.errors else 200
    return render_template("admin/theme_form.html", form=form, theme=None), status


@bp.route("/admin/themes/<id:theme_id>/edit", methods=["GET", "POST"])
@platform_admin(theme=_theme)
def edit_theme(theme: Theme):
    form = ThemeForm(obj=theme)
    if request.method == "GET":
        form.position.data = str(theme.position)
    if form.validate_on_submit():
        try:
            admin_operations.update_theme(
                theme, slug=(form.slug.data or ""), name_nl=(form.name_nl.data or ""),
                name_en=(form.name_en.data or ""), position=form.position_number, by=current_user)
        except Refused as error:
            _show_theme_problems(form, error)
        else:
            flash(_("The theme %(name)s is saved.", name=theme.name), "success")
            return redirect(url_for("admin.themes"))
    status = 400 if form.errors else 200
    return render_template("admin/theme_form.html", form=form, theme=theme), status


def _show_theme_problems(form: ThemeForm, error: Refused) -> None:
    for name, message in error.problems.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors.append(message)
        else:
            flash(message, "danger")


@bp.post("/admin/themes/<id:theme_id>/deactivate")
@platform_admin(theme=_theme)
def deactivate_theme(theme: Theme):
    if ActionForm().validate_on_submit():
        admin_operations.deactivate_theme(theme, current_user)
        flash(_("%(name)s is no longer offered for new challenges. The challenges that have "
                "it keep it.", name=theme.name), "success")
    return redirect(url_for("admin.themes"))


@bp.post("/admin/themes/<id:theme_id>/reactivate")
@platform_admin(theme=_theme)
def reactivate_theme(theme: Theme):
    if ActionForm().validate_on_submit():
        admin_operations.reactivate_theme(theme, current_user)
        flash(_("%(name)s is offered again for new challenges.", name=theme.name), "success")
    return redirect(url_for("admin.themes"))


@bp.post("/admin/themes/<id:theme_id>/delete")
@platform_admin(theme=_theme)
def delete_theme(theme: Theme):
    if ActionForm().validate_on_submit():
        name = theme.name
        try:
            admin_operations.delete_theme(theme, current_user)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("The theme %(name)s is deleted.", name=name), "success")
    return redirect(url_for("admin.themes"))
