"""Referral pages for staff: the list, one referral with screening, the triage board, first contact."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.lib.conflict import CONFLICT, rebind_to_saved
from tidlig.lib.dates import today
from tidlig.measurements.queries import active_wellbeing_scale
from tidlig.referrals import queries, services
from tidlig.referrals.forms import FirstContactForm, ScreeningForm, TriageForm

R = User.Role


def _purpose(user) -> str:
    return Purpose.TRIAGE if user.manages_unit else Purpose.PREVENTIVE_WORK


@role_required(R.WORKER, R.LEADER, R.COORDINATOR)
def referral_list(request):
    page = queries.referral_list_for(request.user, page=request.GET.get("side"))
    on = today()
    rows = [(r, queries.deadline_state(r, on), r.days_waiting(on)) for r in page.object_list]
    return render(request, "referrals/referral_list.html", {"rows": rows, "page": page})


def _detail_context(
    request, referral, *, screening_form=None, contact_form=None, screening_conflict=None
) -> dict:
    user = request.user
    on = today()
    context = {"referral": referral, "deadline_state": queries.deadline_state(referral, on), "today": on}
    if user.manages_unit and referral.is_open:
        scale = active_wellbeing_scale()
        initial = {"version": referral.version}
        if referral.screened_at:
            initial = {
                "wellbeing_score": referral.wellbeing_score,
                "motivation": referral.motivation,
                "has_authority_case": "yes" if referral.has_authority_case else "no",
                "is_bounded": "yes" if referral.is_bounded else "no",
                "competences": list(referral.competences_needed.all()),
                "note": referral.screening_note,
                "version": referral.version,
            }
        context["screening_form"] = screening_form or ScreeningForm(scale=scale, initial=initial)
        context["screening_conflict"] = screening_conflict
    can_contact = referral.first_contact_at is None and (
        referral.assigned_worker_id == user.pk or (user.is_leader and referral.assigned_worker_id)
    )
    if can_contact:
        context["contact_form"] = contact_form or FirstContactForm()
    return context


@login_required
def detail(request, referral_id):
    if request.user.is_partner:
        shared = queries.get_referral_for_partner(request.user, referral_id, path=request.path)
        return render(request, "referrals/partner_referral_detail.html", {"shared": shared})
    referral = queries.get_referral_for(
        request.user, referral_id, purpose=_purpose(request.user), path=request.path
    )
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@role_required(R.LEADER, R.COORDINATOR)
@require_POST
def screen(request, referral_id):
    referral = queries.get_referral_for_update(request.user, referral_id, path=request.path)
    """Optimistic locking: on a conflict both versions are shown and what the user chose is kept."""
    scale = active_wellbeing_scale()
    form = ScreeningForm(request.POST, scale=scale)
    conflict = None
    if form.is_valid():
        try:
            services.screen_referral(referral, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            conflict = e if getattr(e, "code", None) == "conflict" else None
            form.add_error(None, e)
        else:
            messages.success(request, _("Screeningen er gemt. Henvendelsen er klar til visitation."))
            return redirect(referral)
    referral = queries.get_referral_for(request.user, referral_id, purpose=Purpose.TRIAGE, path=request.path)
    if conflict:
        form = rebind_to_saved(request, referral, lambda post: ScreeningForm(post, scale=scale))
        form.add_error(None, conflict)
    context = _detail_context(
        request, referral, screening_form=form, screening_conflict=referral if conflict else None
    )
    return render(request, "referrals/referral_detail.html", context, status=CONFLICT if conflict else 400)


@role_required(R.WORKER, R.LEADER)
@require_POST
def first_contact(request, referral_id):
    referral = queries.get_referral_for_update(request.user, referral_id, path=request.path)
    form = FirstContactForm(request.POST)
    if form.is_valid():
        try:
            services.record_first_contact(referral, actor=request.user, at=form.cleaned_data["at"])
        except ValidationError as e:
            form.add_error("at", e)
        else:
            messages.success(request, _("Den første kontakt er registreret. Fristen er overholdt."))
            return redirect(referral)
    referral = queries.get_referral_for(
        request.user, referral_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path
    )
    context = _detail_context(request, referral, contact_form=form)
    return render(request, "referrals/referral_detail.html", context, status=400)


@role_required(R.LEADER)
def board(request):
    rows, workers, page = queries.triage_board_for(request.user, page=request.GET.get("side"))
    worker_choices = TriageForm.worker_choices(workers)  # why: once, not once per row
    items = [
        (
            row,
            TriageForm(
                workers=workers,
                worker_choices=worker_choices,
                # why: no worker is chosen for the leader, not even the first suggestion: a field that
                # records a decision starts empty
                prefix=str(row.referral.uuid),
            ),
        )
        for row in rows
    ]
    return render(request, "referrals/board.html", {"items": items, "workers": workers, "page": page})


@role_required(R.LEADER)
@require_POST
def decide(request, referral_id):
    """One decision on the board. With htmx only the row is swapped; without, the board reloads."""
    referral = queries.get_referral_for_update(request.user, referral_id, path=request.path)
    workers = queries.unit_workers(request.user.unit_id)
    form = TriageForm(request.POST, workers=workers, prefix=str(referral.uuid))
    decided = None
    if form.is_valid():
        try:
            decided = services.triage_referral(referral, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
    if not request.htmx:
        if decided:
            messages.success(
                request, _("Beslutningen er gemt for %(family)s.") % {"family": decided.household}
            )
        else:
            messages.error(
                request, " ".join(form.non_field_errors() or [_("Tjek beslutningen og prøv igen.")])
            )
        return redirect("referrals:board")
    if decided:
        return render(request, "referrals/board.html#decided", {"referral": decided})
    fresh = queries.get_referral_for(request.user, referral_id, purpose=Purpose.TRIAGE, path=request.path)
    row = queries.board_row(fresh, workers, on=today(), known=queries.known_competences(workers))
    return render(request, "referrals/board.html#row", {"row": row, "form": form})
