"""The administration of the organisation: units (and which one receives the public form), institutions
with their classes and groups, and competences. Thin: queries read, forms validate, the audited services
write (decision 0021)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidlig.accounts import queries, services_organisation
from tidlig.accounts.decorators import role_required
from tidlig.accounts.forms_admin import InstitutionForm, NameForm, UnitForm, add_errors
from tidlig.accounts.models import User
from tidlig.lib.conflict import CONFLICT, rebind_to_saved

ADMIN = User.Role.ADMINISTRATOR
GET_POST = require_http_methods(["GET", "POST"])


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
                form = rebind_to_saved(request, saved, lambda post: make(saved, post))
                status = CONFLICT
            add_errors(form, error)
        else:
            messages.success(request, done % {"name": result})
            return redirect(back)
    return render(request, template, {"form": form, "row": row, "saved": saved}, status=status)


_UNIT = {
    "form_cls": UnitForm,
    "make": UnitForm.for_unit,
    "fields": UnitForm.unit_fields,
    "template": "accounts/admin/unit_form.html",
    "back": "accounts:units",
}


@role_required(ADMIN)
@GET_POST
def unit_create(request):
    return _edit_versioned(
        request,
        row=None,
        update=services_organisation.create_unit,
        done=_("Enheden %(name)s er oprettet."),
        **_UNIT,
    )


@role_required(ADMIN)
@GET_POST
def unit_edit(request, unit_id):
    return _edit_versioned(
        request,
        row=queries.get_unit_for_admin(request.user, unit_id, path=request.path),
        update=services_organisation.update_unit,
        done=_("Enheden %(name)s er gemt."),
        **_UNIT,
    )


@role_required(ADMIN)
@require_http_methods(["GET"])
def institutions(request):
    return render(request, "accounts/admin/institutions.html", {"institutions": queries.institutions()})


_INSTITUTION = {
    "form_cls": InstitutionForm,
    "make": InstitutionForm.for_institution,
    "fields": InstitutionForm.institution_fields,
    "template": "accounts/admin/institution_form.html",
    "back": "accounts:institutions",
}


@role_required(ADMIN)
@GET_POST
def institution_create(request):
    return _edit_versioned(
        request,
        row=None,
        update=services_organisation.create_institution,
        done=_("Institutionen %(name)s er oprettet."),
        **_INSTITUTION,
    )


@role_required(ADMIN)
@GET_POST
def institution_edit(request, institution_id):
    return _edit_versioned(
        request,
        row=queries.get_institution_for_admin(request.user, institution_id, path=request.path),
        update=services_organisation.update_institution,
        done=_("Institutionen %(name)s er gemt."),
        **_INSTITUTION,
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


def _delete(request, row, delete, *, done: str, back: str, stay):
    try:
        delete(row, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(stay)
    messages.success(request, done % {"name": row})
    return redirect(back)


@role_required(ADMIN)
@require_POST
def unit_delete(request, unit_id):
    unit = queries.get_unit_for_admin(request.user, unit_id, path=request.path)
    return _delete(
        request,
        unit,
        services_organisation.delete_unit,
        done=_("Enheden %(name)s er slettet."),
        back="accounts:units",
        stay=reverse("accounts:unit_edit", args=[unit.uuid]),
    )


@role_required(ADMIN)
@require_POST
def institution_delete(request, institution_id):
    institution = queries.get_institution_for_admin(request.user, institution_id, path=request.path)
    return _delete(
        request,
        institution,
        services_organisation.delete_institution,
        done=_("Institutionen %(name)s er slettet."),
        back="accounts:institutions",
        stay=reverse("accounts:institution_edit", args=[institution.uuid]),
    )


@role_required(ADMIN)
@require_POST
def competence_delete(request, competence_id):
    competence = queries.get_competence_for_admin(request.user, competence_id, path=request.path)
    return _delete(
        request,
        competence,
        services_organisation.delete_competence,
        done=_("Kompetencen %(name)s er slettet."),
        back="accounts:competences",
        stay=reverse("accounts:competence_edit", args=[competence.pk]),
    )
