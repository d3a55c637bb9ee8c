"""The administration: its overview (which unit receives each door in), users and their access rights,
passwords and activation. The organisation's pages are in views_organisation. Thin: queries read, forms
validate, the audited services write (decision 0021)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidlig.accounts import queries, services_admin
from tidlig.accounts.decorators import role_required
from tidlig.accounts.forms_admin import (
    ActiveForm,
    NewUserForm,
    PasswordForm,
    UserForm,
    add_errors,
)
from tidlig.accounts.models import User
from tidlig.lib.conflict import CONFLICT, rebind_to_saved

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
        form = rebind_to_saved(request, current, lambda post: UserForm.for_user(current, data=post))
        add_errors(form, error)
        return _user_page(request, current, form, status=CONFLICT, saved=current)
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
                status = CONFLICT if getattr(error, "code", None) == "conflict" else 400
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
