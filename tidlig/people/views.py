"""Thin views for families: fetch through queries, validate with forms, act through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.consent.models import Information
from tidlig.consent.queries import consents_for_household, get_child_for_partner, shared_with_institution
from tidlig.lib.conflict import CONFLICT, rebind_to_saved
from tidlig.people import queries, services
from tidlig.people.forms import AssignWorkerForm, ChildEditForm, ChildForm, GuardianForm, HouseholdForm

R = User.Role
STAFF = (R.WORKER, R.LEADER, R.COORDINATOR)


def _form_view_purpose(request) -> str | None:
    """A form page shows personal data when opened (GET); a POST logs its own change instead."""
    return Purpose.REGISTRATION if request.method == "GET" else None


@role_required(*STAFF)
def household_list(request):
    page = queries.household_page_for(request.user, page=request.GET.get("side"))
    return render(request, "people/household_list.html", {"households": page.object_list, "page": page})


@role_required(R.LEADER, R.COORDINATOR)
def household_create(request):
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = services.register_household(
            actor=request.user, name=form.cleaned_data["name"], unit=request.user.unit
        )
        messages.success(request, _("Familien er oprettet. Tilføj børn og voksne."))
        return redirect(household)
    return render(request, "people/household_form.html", {"form": form})


@role_required(*STAFF)
def household_detail(request, household_id):
    household = queries.get_household_for(
        request.user, household_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path
    )
    context = {
        "household": household,
        "consents": consents_for_household(household),
        "assign_form": AssignWorkerForm(household=household) if request.user.is_leader else None,
    }
    return render(request, "people/household_detail.html", context)


@role_required(*STAFF)
def child_add(request, household_id):
    household = queries.get_household_for_update(
        request.user, household_id, path=request.path, log_view_purpose=_form_view_purpose(request)
    )
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_child(actor=request.user, household=household, **form.cleaned_data)
        messages.success(request, _("Barnet er tilføjet."))
        return redirect(household)
    return render(request, "people/child_form.html", {"form": form, "household": household})


@role_required(*STAFF)
def child_edit(request, child_id):
    child = queries.get_child_for_update(
        request.user, child_id, path=request.path, log_view_purpose=_form_view_purpose(request)
    )
    initial = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        # why: an estimate from an age is not a date anyone gave; the field starts empty
        "birth_date": None if child.birth_date_is_estimate else child.birth_date,
        "institution_group": child.institution_group,
        "version": child.version,
    }
    estimated_age = child.age_text if child.birth_date_is_estimate else ""
    form = ChildEditForm(request.POST or None, initial=initial, estimated_age=estimated_age)
    form.fields["cpr"].help_text = _(
        "Der er registreret et CPR-nummer. Lad feltet stå tomt for at beholde det."
        if child.has_cpr
        else "Kun hvis familien ønsker det. Vises aldrig i lister."
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_child(
                child,
                actor=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                institution_group=data["institution_group"],
                cpr=data["cpr"] or None,
                # why: a post without a version is treated as stale, never as "overwrite whatever is there"
                version=data["version"] or 0,
            )
        except ValidationError as e:
            return _child_conflict(request, child_id, form, e)
        messages.success(request, _("Barnets oplysninger er gemt."))
        return redirect(child.household)
    return render(
        request,
        "people/child_form.html",
        {"form": form, "child": child, "household": child.household},
    )


def _child_conflict(request, child_id, form: ChildEditForm, error: ValidationError):
    """Optimistic locking: both versions are shown, and what the user typed stays in the form."""
    if error.code != "conflict":
        raise error
    saved = queries.get_child_for(request.user, child_id, purpose=Purpose.REGISTRATION, path=request.path)
    estimated_age = saved.age_text if saved.birth_date_is_estimate else ""
    form = rebind_to_saved(request, saved, lambda post: ChildEditForm(post, estimated_age=estimated_age))
    form.add_error(None, error)
    context = {"form": form, "child": saved, "household": saved.household, "conflict": saved}
    return render(request, "people/child_form.html", context, status=CONFLICT)


@role_required(*STAFF)
def guardian_add(request, household_id):
    household = queries.get_household_for_update(
        request.user, household_id, path=request.path, log_view_purpose=_form_view_purpose(request)
    )
    form = GuardianForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        custody = set(data["custody_children"])
        relations = {child: (data["relation"], child in custody) for child in household.children.all()}
        services.add_guardian(
            actor=request.user,
            household=household,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            relations=relations,
        )
        messages.success(request, _("Den voksne er tilføjet."))
        return redirect(household)
    return render(request, "people/guardian_form.html", {"form": form, "household": household})


@role_required(R.LEADER)
@require_POST
def assign_worker(request, household_id):
    household = queries.get_household_for_update(request.user, household_id, path=request.path)
    form = AssignWorkerForm(request.POST, household=household)
    if form.is_valid():
        try:
            services.assign_worker(household, actor=request.user, worker=form.cleaned_data["worker"])
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(
                request,
                _("Familien er tildelt %(worker)s.") % {"worker": form.cleaned_data["worker"]},
            )
    else:
        messages.error(request, _("Vælg en medarbejder fra listen."))
    return redirect(household)


@login_required
def child_detail(request, child_id):
    # No role check here: children_visible_to() answers "nobody" for analysts and administrators,
    # so they get the same 404 (and logged denial) as anyone guessing an id.
    if request.user.is_partner:
        shared = get_child_for_partner(request.user, child_id, path=request.path)
        return render(request, "people/child_detail.html", {"child": shared.child, "shared": shared})
    child = queries.get_child_for(request.user, child_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path)
    return render(request, "people/child_detail.html", {"child": child})


@role_required(R.PARTNER)
def institution_children(request):
    children = queries.children_at_institution_for(request.user)
    shared = shared_with_institution(children, request.user.institution)
    for child in children:
        child.shared_basic = Information.BASIC in shared.get(child.pk, ())
    return render(request, "people/institution_children.html", {"children": children})
