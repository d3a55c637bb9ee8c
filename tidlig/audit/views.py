"""The administrator's access-log search and a person's access report (indsigt, GDPR Art. 15)."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.forms import AccessRequestForm, LogSearchForm
from tidlig.audit.models import AccessLog, Purpose
from tidlig.audit.queries import PAGE_SIZE, log_for_person, search_log
from tidlig.audit.services import record_access
from tidlig.people.queries import find_child_by_cpr, find_child_by_uuid, find_guardian_by_uuid

ADMIN = User.Role.ADMINISTRATOR


@role_required(ADMIN)
def search(request):
    form = LogSearchForm(request.GET or None)
    rows = search_log(**form.cleaned_data) if form.is_valid() else search_log()
    page = Paginator(rows.prefetch_related("subjects"), PAGE_SIZE).get_page(request.GET.get("side"))
    # Reading the log is reading who looked at whom: that is logged too (no person is named).
    record_access(
        request.user,
        None,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action=AccessLog.Action.SEARCH,
        event="audit.log.searched",
        detail={k: str(v) for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v},
    )
    return render(request, "audit/search.html", {"form": form, "page": page})


@role_required(ADMIN)
def access_request(request):
    """Find a child by CPR and show the dates and purposes of every look-up of their data."""
    form = AccessRequestForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        child = find_child_by_cpr(form.cleaned_data["cpr"])
        if child is None:
            record_access(
                request.user,
                None,
                persons=[],
                purpose=Purpose.ACCESS_REQUEST,
                action=AccessLog.Action.SEARCH,
                event="audit.person_log.not_found",
            )
            form.add_error("cpr", _("Der findes ingen oplysninger om et barn med dette CPR-nummer i Tidlig."))
        else:
            rows = list(log_for_person(child.uuid))
            record_access(
                request.user,
                child,
                persons=[child],
                purpose=Purpose.ACCESS_REQUEST,
                action=AccessLog.Action.SEARCH,
                event="audit.person_log.viewed",
            )
            context.update(child=child, rows=rows)
    return render(request, "audit/access_request.html", context)


@role_required(ADMIN)
def access_request_export(request, person_id):
    """CSV for the person: date, action and purpose, without staff names (Datatilsynet 2024-32-0283)."""
    # why: a child's or an adult's log alike; an export of someone no longer in Tidlig is logged by id
    person = find_child_by_uuid(person_id) or find_guardian_by_uuid(person_id)
    rows = log_for_person(person_id)
    record_access(
        request.user,
        person,
        persons=[person] if person is not None else [],
        purpose=Purpose.ACCESS_REQUEST,
        action=AccessLog.Action.EXPORT,
        event="audit.person_log.exported",
        detail={} if person is not None else {"person_id": str(person_id)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indsigt-adgangslog.csv"'
    response.write("\ufeff")  # why: Excel reads UTF-8 (æøå) only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Dato"), _("Tidspunkt"), _("Handling"), _("Formål")])
    for row in rows:
        local = timezone.localtime(row.at)
        writer.writerow(
            [
                f"{local:%d.%m.%Y}",
                f"{local:%H:%M}",
                row.get_action_display(),
                row.get_purpose_display(),
            ]
        )
    return response
