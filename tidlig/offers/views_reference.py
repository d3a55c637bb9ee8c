"""The offers' reference data: legal bases and themes, which an offer names. No personal data; each addition
is logged. Django's admin kept them before (decision 0021)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.offers import queries, services
from tidlig.offers.forms import LegalBasisForm, ThemeForm

R = User.Role
KEEPERS = (R.ADMINISTRATOR, R.LEADER, R.COORDINATOR)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(request, *, basis_form=None, theme_form=None, status=200):
    context = {
        "bases": queries.legal_bases(),
        "themes": queries.themes(),
        "basis_form": basis_form or LegalBasisForm(),
        "theme_form": theme_form or ThemeForm(prefix="tema"),
    }
    return render(request, "offers/reference.html", context, status=status)


@role_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def reference(request):
    """The lists, and a new legal basis (POST)."""
    if request.method != "POST":
        return _page(request)
    form = LegalBasisForm(request.POST)
    if form.is_valid():
        try:
            basis = services.add_legal_basis(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Lovgrundlaget “%(name)s” er tilføjet.") % {"name": basis})
            return redirect("offers:reference")
    return _page(request, basis_form=form, status=400)


@role_required(*KEEPERS)
@require_POST
def add_theme(request):
    form = ThemeForm(request.POST, prefix="tema")
    if form.is_valid():
        try:
            theme = services.add_theme(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Temaet “%(name)s” er tilføjet.") % {"name": theme})
            return redirect("offers:reference")
    return _page(request, theme_form=form, status=400)
