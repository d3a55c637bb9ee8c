"""The results page as CSV, XLSX and PDF downloads: the same GET parameters, roles and anonymity as the
page (views.results), and each download is written to the access log."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.audit.services import record_access
from tidlig.reports import exports
from tidlig.reports.views import period_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request) -> exports.Report | None:
    """The unit and period as the results view reads them; None when the form is invalid (for a leader,
    any unit but their own is)."""
    form = period_form(request)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return exports.build_report(unit=data["unit"], start=data["start"], end=data["end"])


def _back_to_page(request):
    """An invalid period or unit: the page shows why."""
    query = request.GET.urlencode()
    return redirect(f"{reverse('reports:results')}{'?' + query if query else ''}")


def _log(request, report: exports.Report, fmt: str) -> None:
    record_access(
        request.user,
        None,
        persons=[],
        purpose=Purpose.SUPERVISION,
        action="export",
        event="reports.results.exported",
        detail={
            "format": fmt,
            "unit": report.unit.name,
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
        },
    )


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(User.Role.ANALYST, User.Role.LEADER)
@require_GET
@never_cache
def results_csv(request):
    report = _report(request)
    if report is None:
        return _back_to_page(request)
    rows = list(exports.table_rows(report))  # translated now, while the request's language is active
    _log(request, report, "csv")
    response = StreamingHttpResponse(exports.csv_chunks(rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{report.filename_stem}.csv")


@role_required(User.Role.ANALYST, User.Role.LEADER)
@require_GET
@never_cache
def results_xlsx(request):
    report = _report(request)
    if report is None:
        return _back_to_page(request)
    content = exports.xlsx_bytes(exports.table_rows(report))
    _log(request, report, "xlsx")
    return _attachment(HttpResponse(content, content_type=XLSX), f"{report.filename_stem}.xlsx")


@role_required(User.Role.ANALYST, User.Role.LEADER)
@require_GET
@never_cache
def results_pdf(request):
    report = _report(request)
    if report is None:
        return _back_to_page(request)
    content = exports.pdf_bytes(request, report)
    _log(request, report, "pdf")
    return _attachment(HttpResponse(content, content_type="application/pdf"), f"{report.filename_stem}.pdf")
