"""Group (hold) pages: the list, a new group, one group with participants and waiting list, enrolling and
stopping, a session with attendance and the group alliance scale, and the outcome at start and end."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.groups import forms, queries, services
from tidlig.groups.models import Enrollment
from tidlig.lib.dates import today
from tidlig.measurements.open_instruments import CHILD_OUTCOME, GROUP_ALLIANCE, OUTCOME
from tidlig.measurements.queries import active_instrument
from tidlig.measurements.scoring import clean_scores, fmt

R = User.Role
ROLES = (R.WORKER, R.LEADER, R.COORDINATOR)
PURPOSE = Purpose.PREVENTIVE_WORK


@role_required(*ROLES)
def group_list(request):
    groups = queries.group_list_for(request.user)
    return render(request, "groups/group_list.html", {"groups": groups})


@role_required(*ROLES)
def create(request):
    user = request.user
    offers = queries.offers_for_new_group(user)
    form = forms.GroupForm(
        request.POST if request.method == "POST" else None,
        offers=offers,
        workers=queries.unit_workers_for_groups(user),
        actor=user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(actor=user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Holdet “%(name)s” er oprettet.") % {"name": group.name})
            return redirect(group)
    status = 400 if form.errors else 200
    return render(
        request, "groups/group_form.html", {"form": form, "has_offers": offers.exists()}, status=status
    )


def _instrument(code: str):
    instrument = active_instrument(code)
    if instrument is not None:
        prefetch_related_objects([instrument], "items")
    return instrument


def _enrolled(group) -> list[Enrollment]:
    return [e for e in group.enrollments.all() if e.status == Enrollment.Status.ENROLLED]


def _outcome_forms(group, *, bound=None) -> list:
    """One form per outcome version (adults and young people; children 6-12) that suits someone on the
    group, the way courses choose the version by age."""
    on = today()
    enrolled = _enrolled(group)
    result = []
    for code in (OUTCOME, CHILD_OUTCOME):
        instrument = _instrument(code)
        if instrument is None:
            continue
        suited = [e for e in enrolled if forms.suits(instrument, e, on)]
        if not suited:
            continue
        if bound is not None and bound.instrument.pk == instrument.pk:
            result.append(bound)
        else:
            result.append(forms.OutcomeForm(instrument=instrument, enrollments=suited))
    return result


def _outcome_rows(group) -> list[dict]:
    """Per participant: the first outcome answer (start) and, if there is a later one, the latest (end)."""
    by_person: dict[tuple, list] = {}
    for response in queries.outcome_responses(group):
        by_person.setdefault((response.child_id, response.guardian_id), []).append(response)
    rows = []
    for enrollment in group.enrollments.all():
        answers = by_person.get((enrollment.child_id, enrollment.guardian_id))
        if answers:
            rows.append(
                {
                    "enrollment": enrollment,
                    "start": answers[0],
                    "end": answers[-1] if len(answers) > 1 else None,
                }
            )
    return rows


def _detail_context(request, group, *, enroll_form=None, outcome_form=None) -> dict:
    enrollments = list(group.enrollments.all())
    if enroll_form is None:
        children, guardians = queries.enrollable_people(request.user, group, purpose=PURPOSE)
        enroll_form = forms.EnrollForm(children=children, guardians=guardians)
    summary = queries.session_fit_summary(group)
    sessions = []
    for session in group.sessions.all():
        attendance = list(session.attendance.all())
        fit = summary.get(session.pk)
        sessions.append(
            {
                "session": session,
                "present": sum(1 for a in attendance if a.present),
                "recorded": len(attendance),
                "alliance_mean": fmt(round(fit["mean"], 1)) if fit else "",
                "answered": fit["answered"] if fit else 0,
            }
        )
    return {
        "group": group,
        "enrolled": [e for e in enrollments if e.status == Enrollment.Status.ENROLLED],
        "waiting": [e for e in enrollments if e.status == Enrollment.Status.WAITING],
        "left": [e for e in enrollments if e.status == Enrollment.Status.LEFT],
        "sessions": sessions,
        "enroll_form": enroll_form,
        "outcome_forms": _outcome_forms(group, bound=outcome_form),
        "outcome_rows": _outcome_rows(group),
        "can_record_session": group.starts_on <= today(),
    }


@role_required(*ROLES)
def detail(request, group_id):
    group = queries.get_group_for(request.user, group_id, purpose=PURPOSE, path=request.path)
    return render(request, "groups/group_detail.html", _detail_context(request, group))


@role_required(*ROLES)
@require_POST
def enroll(request, group_id):
    user = request.user
    group = queries.get_group_for_update(user, group_id, path=request.path)
    children, guardians = queries.enrollable_people(user, group, purpose=PURPOSE)
    form = forms.EnrollForm(request.POST, children=children, guardians=guardians)
    if form.is_valid():
        try:
            enrollment = services.enroll(group, actor=user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = enrollment.person.full_name
            if enrollment.status == Enrollment.Status.ENROLLED:
                messages.success(request, _("Tilmeldt: %(name)s.") % {"name": name})
            else:
                messages.warning(
                    request, _("Sat på venteliste (holdet er fuldt): %(name)s.") % {"name": name}
                )
            return redirect(group)
    group = queries.get_group_for(user, group_id, purpose=PURPOSE, path=request.path)
    context = _detail_context(request, group, enroll_form=form)
    return render(request, "groups/group_detail.html", context, status=400)


@role_required(*ROLES)
@require_POST
def leave(request, group_id, enrollment_id):
    enrollment = queries.get_enrollment_for_update(request.user, group_id, enrollment_id, path=request.path)
    group = enrollment.group
    name = enrollment.person.full_name
    if enrollment.status == Enrollment.Status.LEFT:
        messages.info(request, _("%(name)s er allerede stoppet på holdet.") % {"name": name})
        return redirect(group)
    moved = services.leave(enrollment, actor=request.user)
    message = _("%(name)s er stoppet på holdet.") % {"name": name}
    if moved is not None:
        message += " " + _("%(name)s er rykket op fra ventelisten og har fået pladsen.") % {
            "name": moved.person.full_name
        }
    messages.success(request, message)
    return redirect(group)


@role_required(*ROLES)
def session(request, group_id):
    """A group session: the date, the strand, who came, and each participant's group alliance answers.
    Everything is checked before anything is written, and written in one transaction: an invalid score
    for one participant stores no session, no attendance and no answers."""
    user = request.user
    group = queries.get_group_for(user, group_id, purpose=PURPOSE, path=request.path)
    data = request.POST if request.method == "POST" else None
    instrument = _instrument(GROUP_ALLIANCE)
    on = today()
    form = forms.SessionForm(data, group=group)
    participants = [
        forms.ParticipantForm(
            data,
            enrollment=e,
            instrument=instrument if instrument and forms.suits(instrument, e, on) else None,
        )
        for e in _enrolled(group)
    ]
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([p.is_valid() for p in participants]) and valid
        answered = []
        for participant in participants:
            if not participant.is_valid() or participant.scores() is None:
                continue
            try:
                clean_scores(participant.instrument, participant.scores())
            except ValidationError as error:
                forms.add_score_errors(participant, error)
                valid = False
            else:
                answered.append(participant)
        if valid:
            try:
                with transaction.atomic():
                    recorded = services.record_session(
                        group,
                        actor=user,
                        date=form.cleaned_data["date"],
                        strand=form.cleaned_data.get("strand"),
                        note=form.cleaned_data.get("note", ""),
                        present={p.enrollment.pk for p in participants if p.cleaned_data.get("present")},
                    )
                    for participant in answered:
                        services.record_group_response(
                            actor=user,
                            group=group,
                            enrollment=participant.enrollment,
                            instrument=participant.instrument,
                            scores=participant.scores(),
                            session=recorded,
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                present = sum(1 for p in participants if p.cleaned_data.get("present"))
                messages.success(
                    request,
                    _("Gruppemødet %(date)s er gemt: %(present)s af %(total)s mødt, %(answered)s har svaret.")
                    % {
                        "date": recorded.date.strftime("%d.%m.%Y"),
                        "present": present,
                        "total": len(participants),
                        "answered": len(answered),
                    },
                )
                return redirect(group)
    participant_errors = any(p.errors for p in participants)
    context = {
        "group": group,
        "form": form,
        "participants": participants,
        "instrument": instrument,
        "participant_errors": participant_errors,
    }
    status = 400 if form.errors or participant_errors else 200
    return render(request, "groups/session_form.html", context, status=status)


@role_required(*ROLES)
@require_POST
def outcome(request, group_id):
    user = request.user
    group = queries.get_group_for(user, group_id, purpose=PURPOSE, path=request.path)
    forms_by_pk = {str(f.instrument.pk): f for f in _outcome_forms(group)}
    unbound = forms_by_pk.get(request.POST.get("instrument", ""))
    if unbound is None:
        messages.error(request, _("Vælg et trivselsskema, der passer til deltageren."))
        return redirect(group)
    form = forms.OutcomeForm(
        request.POST,
        instrument=unbound.instrument,
        enrollments=list(unbound.enrollments.values()),
    )
    if form.is_valid():
        try:
            response = services.record_group_response(actor=user, group=group, **form.service_kwargs())
        except ValidationError as error:
            forms.add_score_errors(form, error)
        else:
            messages.success(
                request,
                _("Trivselsmålingen for %(name)s er gemt (samlet %(total)s).")
                % {"name": (response.child or response.guardian).full_name, "total": fmt(response.total)},
            )
            return redirect(group)
    context = _detail_context(request, group, outcome_form=form)
    return render(request, "groups/group_detail.html", context, status=400)
