"""The administration: users and their access rights, units, institutions and competences, and which unit
receives each door in. Thin: queries read, forms validate, the audited services write (decision 0021)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidlig.accounts import queries, services_admin, services_organisation
from tidlig.accounts.decorators import role_required
from tidlig.accounts.forms_admin import (
    ActiveForm,
    InstitutionForm,
    NameForm,
    NewUserForm,
    PasswordForm,
    UnitForm,
    UserForm,
    add_errors,
)
from tidlig.accounts.models import User

ADMIN = User.Role.ADMINISTRATOR
GET_POST = require_http_methods(["GET", "POST"])


def _refused_form(request, form, *, target, event: str) -> None:
    """A post the form refused (a forged choice, a missing reason) on a page that changes access rights is
    logged like a refusal in the service."""
    services_admin.record_refused(
        actor=request.user,
        target=target,
        event=event,
        errors=[f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in form.errors.items()],
        attempted={
            k: str(request.POST.get(k, ""))[:120]
            for k in ("role", "unit", "institution")
            if k in request.POST
        },
    )


@role_required(ADMIN)
@require_http_methods(["GET"])
def overview(request):
    return render(request, "accounts/admin/overview.html", {"doors": queries.referral_doors()})


@role_required(ADMIN)
@require_http_methods(["GET"])
def users(request):
    page = queries.users_page(page=request.GET.get("side", "1"))
    return render(request, "accounts/admin/users.html", {"page": page})


@role_required(ADMIN)
@GET_POST
def user_create(request):
    form = NewUserForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            _refused_form(request, form, target=None, event="accounts.user.create")
        else:
            data = form.cleaned_data
            try:
                user = services_admin.create_user(
                    actor=request.user,
                    username=data["username"],
                    password=data["password"],
                    reason=data["reason"],
                    competences=data["competences"],
                    **form.user_fields(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Brugeren %(name)s er oprettet.") % {"name": user})
                return redirect("accounts:user_edit", user_id=user.uuid)
    return render(request, "accounts/admin/user_form.html", {"form": form, "target": None}, status=status)


def _user_page(request, target, form, *, status=200, saved=None):
    context = {
        "form": form,
        "target": target,
        "saved": saved,
        "active_form": ActiveForm(
            initial={"version": target.version, "active": "0" if target.is_active else "1"}
        ),
    }
    return render(request, "accounts/admin/user_form.html", context, status=status)


@role_required(ADMIN)
@GET_POST
def user_edit(request, user_id):
    target = queries.get_user_for_admin(request.user, user_id, path=request.path)
    if request.method != "POST":
        return _user_page(request, target, UserForm.for_user(target))
    form = UserForm.for_user(target, data=request.POST)
    if not form.is_valid():
        _refused_form(request, form, target=target, event="accounts.user.change")
        return _user_page(request, target, form, status=400)
    try:
        saved = services_admin.update_user(
            target,
            actor=request.user,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            competences=form.cleaned_data["competences"],
            **form.user_fields(),
        )
    except ValidationError as error:
        if getattr(error, "code", None) != "conflict":
            add_errors(form, error)
            return _user_page(request, target, form, status=400)
        current = queries.get_user_for_admin(request.user, user_id, path=request.path)
        post = request.POST.copy()
        post["version"] = str(current.version)  # why: saving again is a deliberate overwrite
        form = UserForm.for_user(current, data=post)
        form.is_valid()
        add_errors(form, error)
        return _user_page(request, current, form, status=409, saved=current)
    messages.success(request, _("Ændringerne af %(name)s er gemt.") % {"name": saved})
    return redirect("accounts:users")


@role_required(ADMIN)
@GET_POST
def user_password(request, user_id):
    target = queries.get_user_for_admin(request.user, user_id, path=request.path)
    form = PasswordForm(
        request.POST if request.method == "POST" else None, initial={"version": target.version}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            _refused_form(request, form, target=target, event="accounts.user.password")
        else:
            try:
                services_admin.set_password(
                    target,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    password=form.cleaned_data["password"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_errors(form, error)
                status = 409 if getattr(error, "code", None) == "conflict" else 400
            else:
                messages.success(
                    request,
                    _("Adgangskoden til %(name)s er sat. Brugeren skal vælge en ny ved næste log ind.")
                    % {"name": target},
                )
                return redirect("accounts:user_edit", user_id=target.uuid)
    context = {"form": form, "target": target}
    return render(request, "accounts/admin/user_password.html", context, status=status)


@role_required(ADMIN)
@require_POST
def user_active(request, user_id):
    target = queries.get_user_for_admin(request.user, user_id, path=request.path)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        _refused_form(request, form, target=target, event="accounts.user.change")
        messages.error(request, _("Skriv en begrundelse for at ændre brugerens adgang. Intet er gemt."))
        return redirect("accounts:user_edit", user_id=target.uuid)
    active = form.cleaned_data["active"]
    try:
        services_admin.update_user(
            target,
            actor=request.user,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            is_active=active,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%(name)s kan logge ind igen.") if active else _("%(name)s kan ikke længere logge ind.")
        messages.success(request, done % {"name": target})
    return redirect("accounts:user_edit", user_id=target.uuid)


@role_required(ADMIN)
@require_http_methods(["GET"])
def units(request):
    return render(request, "accounts/admin/units.html", {"units": queries.units()})


def _edit_versioned(request, *, row, form_cls, make, update, fields, template, done, back):
    """Create (row None) or edit with a version, as decision 0017: a conflict keeps what was typed."""
    if request.method != "POST":
        form = make(row) if row is not None else form_cls()
        return render(request, template, {"form": form, "row": row})
    form = make(row, request.POST) if row is not None else form_cls(request.POST)
    status = 400
    saved = None
    if form.is_valid():
        try:
            if row is None:
                result = update(actor=request.user, **fields(form))
            else:
                result = update(row, actor=request.user, version=form.cleaned_data["version"], **fields(form))
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                saved = queries.fresh(row)
                post = request.POST.copy()
                post["version"] = str(saved.version)
                form = make(saved, post)
                form.is_valid()
                status = 409
            add_errors(form, error)
        else:
            messages.success(request, done % {"name": result})
            return redirect(back)
    return render(request, template, {"form": form, "row": row, "saved": saved}, status=status)


@role_required(ADMIN)
@GET_POST
def unit_create(request):
    return _edit_versioned(
        request,
        row=None,
        form_cls=UnitForm,
        make=UnitForm.for_unit,
        update=services_organisation.create_unit,
        fields=UnitForm.unit_fields,
        template="accounts/admin/unit_form.html",
        done=_("Enheden %(name)s er oprettet."),
        back="accounts:units",
    )


@role_required(ADMIN)
@GET_POST
def unit_edit(request, unit_id):
    return _edit_versioned(
        request,
        row=queries.get_unit_for_admin(request.user, unit_id, path=request.path),
        form_cls=UnitForm,
        make=UnitForm.for_unit,
        update=services_organisation.update_unit,
        fields=UnitForm.unit_fields,
        template="accounts/admin/unit_form.html",
        done=_("Enheden %(name)s er gemt."),
        back="accounts:units",
    )


@role_required(ADMIN)
@require_http_methods(["GET"])
def institutions(request):
    return render(request, "accounts/admin/institutions.html", {"institutions": queries.institutions()})


@role_required(ADMIN)
@GET_POST
def institution_create(request):
    return _edit_versioned(
        request,
        row=None,
        form_cls=InstitutionForm,
        make=InstitutionForm.for_institution,
        update=services_organisation.create_institution,
        fields=InstitutionForm.institution_fields,
        template="accounts/admin/institution_form.html",
        done=_("Institutionen %(name)s er oprettet."),
        back="accounts:institutions",
    )


@role_required(ADMIN)
@GET_POST
def institution_edit(request, institution_id):
    return _edit_versioned(
        request,
        row=queries.get_institution_for_admin(request.user, institution_id, path=request.path),
        form_cls=InstitutionForm,
        make=InstitutionForm.for_institution,
        update=services_organisation.update_institution,
        fields=InstitutionForm.institution_fields,
        template="accounts/admin/institution_form.html",
        done=_("Institutionen %(name)s er gemt."),
        back="accounts:institutions",
    )


@role_required(ADMIN)
@require_POST
def group_add(request, institution_id):
    institution = queries.get_institution_for_admin(request.user, institution_id, path=request.path)
    form = NameForm(request.POST)
    if form.is_valid():
        try:
            services_organisation.add_group(institution, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("Klassen eller gruppen er ikke oprettet: %(errors)s") % {"errors": errors})
    else:
        messages.success(request, _("Klassen eller gruppen %(name)s er oprettet.") % form.cleaned_data)
    return redirect("accounts:institution_edit", institution_id=institution.uuid)


@role_required(ADMIN)
@GET_POST
def competences(request):
    form = NameForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                competence = services_organisation.create_competence(
                    actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Kompetencen %(name)s er oprettet.") % {"name": competence})
                return redirect("accounts:competences")
    context = {"form": form, "competences": queries.competences()}
    return render(request, "accounts/admin/competences.html", context, status=status)


@role_required(ADMIN)
@GET_POST
def competence_edit(request, competence_id):
    competence = queries.get_competence_for_admin(request.user, competence_id, path=request.path)
    form = NameForm(request.POST if request.method == "POST" else None, initial={"name": competence.name})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_organisation.rename_competence(
                    competence, actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Kompetencen er gemt."))
                return redirect("accounts:competences")
    context = {"form": form, "competence": competence}
    return render(request, "accounts/admin/competence_form.html", context, status=status)
