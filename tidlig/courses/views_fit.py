"""FIT on the course page: typed scores, the hand-over answer mode with its lock, and the Trivselslineal."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tidlig.accounts import services as accounts_services
from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.accounts.services import register_logout
from tidlig.audit.models import Purpose
from tidlig.audit.services import record_denied
from tidlig.courses import forms_fit, queries
from tidlig.courses.context_fit import panel_context
from tidlig.courses.middleware import ANSWER_LOCK
from tidlig.courses.queries.fit import can_record
from tidlig.courses.rules import COURSE_CLOSED
from tidlig.courses.services import fit
from tidlig.lib.net import client_ip
from tidlig.measurements.models import Instrument, InstrumentItem, Response
from tidlig.measurements.queries import active_wellbeing_scale
from tidlig.measurements.scoring import fmt

R = User.Role
PANEL = "courses/includes/fit_panel.html"
FORM_PAGE = "courses/fit/form_page.html"
UNLOCK_ATTEMPTS = 5
UNLOCK_REFUSED = gettext_lazy("Adgangskoden er forkert. Skærmen er stadig låst.")


def _add_errors(form, error: ValidationError) -> None:
    """Service errors that name an item go to that item's field; the rest go to the form."""
    for item_error in error.error_list:
        position = (item_error.params or {}).get("position")
        name = f"item_{position}"
        form.add_error(name if position and name in form.fields else None, item_error)


def _panel(request, course_id, *, status=200, **forms):
    course = queries.get_course_for(
        request.user, course_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path
    )
    return render(request, PANEL, panel_context(course, request.user, **forms), status=status)


def _done(request, course, message: str):
    """htmx swaps the fresh panel in; without JavaScript the course page reloads with a message."""
    if request.htmx:
        return _panel(request, course.uuid, notice=message)
    messages.success(request, message)
    return redirect(course)


def _failed(request, course, *, form_name: str, form, title: str, action: str, extra_hidden=None):
    if request.htmx:
        # why: htmx does not swap 4xx responses by default, and the panel with its errors must show
        return _panel(request, course.uuid, **{form_name: form})
    context = {
        "course": course,
        "form": form,
        "title": title,
        "action": action,
        "form_name": form_name,
        "extra_hidden": extra_hidden or {},
    }
    return render(request, FORM_PAGE, context, status=400)


@role_required(R.WORKER, R.LEADER)
@require_POST
def record_scores(request, course_id):
    course = queries.get_course_for_update(request.user, course_id, path=request.path)
    choices = forms_fit.Choices.for_course(course)
    instrument = choices.instrument(request.POST.get("instrument", ""))
    if instrument is None:
        messages.error(request, _("Vælg et måleredskab, der passer til familien."))
        return redirect(course)
    form = forms_fit.RecordScoresForm(request.POST, choices=choices, instrument=instrument)
    if form.is_valid():
        try:
            fit.record_response(course, actor=request.user, mode=Response.Mode.TYPED, **form.service_kwargs())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(request, course, _("Svarene på “%(name)s” er gemt.") % {"name": instrument.name})
    return _failed(
        request,
        course,
        form_name="score_form",
        form=form,
        title=instrument.name,
        action=reverse("courses:record_scores", args=[course.uuid]),
        extra_hidden={"instrument": instrument.pk},
    )


@role_required(R.WORKER, R.LEADER)
@require_POST
def place_wellbeing(request, course_id):
    course = queries.get_course_for_update(request.user, course_id, path=request.path)
    scale = active_wellbeing_scale()
    form = forms_fit.PlaceWellbeingForm(
        request.POST, scale=scale, children=list(course.household.children.all())
    )
    if form.is_valid():
        try:
            fit.place_wellbeing(course, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, course, _("Placeringen på Trivselslinealen er gemt."))
    return _failed(
        request,
        course,
        form_name="placement_form",
        form=form,
        title=_("Placering på Trivselslinealen"),
        action=reverse("courses:place_wellbeing", args=[course.uuid]),
    )


@role_required(R.WORKER, R.LEADER)
@require_POST
def correct_placement(request, course_id, placement_id):
    placement = queries.get_placement_for_update(request.user, course_id, placement_id, path=request.path)
    course = placement.course
    form = forms_fit.CorrectPlacementForm(request.POST, scale=placement.scale, prefix=f"ret-{placement.uuid}")
    if form.is_valid():
        try:
            fit.correct_placement(
                placement,
                actor=request.user,
                new_value=form.cleaned_data["new_value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, course, _("Placeringen er rettet. Den gamle værdi står i historikken."))
    return _failed(
        request,
        course,
        form_name="correction_form",
        form=form,
        title=_("Ret placeringen"),
        action=reverse("courses:correct_placement", args=[course.uuid, placement.uuid]),
    )


# Answer mode -------------------------------------------------------------------------------------


def _start_answer_mode(request, course_id):
    course = queries.get_course_for_update(request.user, course_id, path=request.path)
    choices = forms_fit.Choices.for_course(course)
    form = forms_fit.AnswerModeStartForm(request.POST, choices=choices)
    if not can_record(course, request.user):
        form.add_error(None, _(COURSE_CLOSED))
    if form.is_valid():
        request.session[ANSWER_LOCK] = {
            "course": str(course.uuid),
            "respondent": form.cleaned_data["respondent"],
            "instrument": form.cleaned_data["instrument_obj"].pk,
            "contact": form.cleaned_data.get("contact") or "",
            "done": False,
            "failures": 0,
        }
        return redirect("courses:answer_mode", course_id=course.uuid)
    if request.htmx:
        return _panel(request, course.uuid, answer_form=form)
    context = {
        "course": course,
        "form": form,
        "title": _("Giv skærmen til familien"),
        "action": reverse("courses:answer_mode", args=[course.uuid]),
        "form_name": "answer_form",
        "extra_hidden": {},
    }
    return render(request, FORM_PAGE, context, status=400)


def _given(raw, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        value = Decimal(str(raw)) if raw not in (None, "") else None
    except ArithmeticError:
        return None
    # why: "NaN" and "Infinity" parse, but cannot be compared
    return value if value is not None and value.is_finite() and low <= value <= high else None


def _slider_rows(form) -> list[dict]:
    rows = []
    for item in form.instrument.items.all():
        field = form[f"item_{item.position}"]
        row = {"item": item, "field": field}
        if item.kind == InstrumentItem.Kind.SCALE:
            low, high = item.minimum, item.maximum
            # why: an untouched slider is no answer, so the answer starts empty; a value the family gave
            # (the page shown again after an error) is kept when it is a number on the line
            value = _given(field.value() if form.is_bound else None, low, high)
            middle = (low + high) / 2
            start = middle.to_integral_value() if Decimal(form.instrument.step) >= 1 else middle
            if high - low <= 10:
                ticks = list(range(int(low), int(high) + 1))
            else:
                ticks = [int(low), int((low + high) / 2), int(high)]
            row.update(
                low=f"{low.normalize():f}",
                high=f"{high.normalize():f}",
                step=f"{Decimal(form.instrument.step).normalize():f}",
                low_text=fmt(low),
                high_text=fmt(high),
                value="" if value is None else f"{value.normalize():f}",
                start=f"{(start if value is None else value).normalize():f}",
                shown="" if value is None else fmt(value),
                ticks=ticks,
            )
        rows.append(row)
    return rows


@role_required(R.WORKER, R.LEADER)
def answer_mode(request, course_id):
    """The family answers on the worker's screen; the session stays locked to this page until the
    worker types their password (middleware.AnswerModeLockMiddleware)."""
    lock = request.session.get(ANSWER_LOCK)
    if lock is None:
        if request.method != "POST":
            course = queries.get_course_for_update(request.user, course_id, path=request.path)
            return redirect(course)
        return _start_answer_mode(request, course_id)
    if lock["course"] != str(course_id):
        return redirect("courses:answer_mode", course_id=lock["course"])
    course = queries.get_course_for(
        request.user, course_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path
    )
    choices = forms_fit.Choices.for_course(course)
    respondent = choices.respondent(lock["respondent"])
    instrument = next((i for i in forms_fit.active_instruments() if i.pk == lock["instrument"]), None)
    if lock["done"] or respondent is None or instrument is None:
        return render(request, "courses/fit/thanks.html", {"course": course, "lock": lock})
    form = forms_fit.AnswerForm(request.POST if request.method == "POST" else None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            fit.record_response(
                course,
                actor=request.user,
                instrument=instrument,
                role=respondent.role,
                child=respondent.child,
                guardian=respondent.guardian,
                contact=choices.contact(lock["contact"]),
                scores=form.scores(),
                mode=Response.Mode.ANSWER_MODE,
                submission_token=form.cleaned_data.get("submission_token") or None,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            lock["done"] = True
            request.session[ANSWER_LOCK] = lock
            return redirect("courses:answer_mode", course_id=course.uuid)
    context = {
        "course": course,
        "respondent": respondent,
        "instrument": instrument,
        "faces": instrument.display == Instrument.Display.FACES,
        "form": form,
        "rows": _slider_rows(form),
    }
    return render(request, "courses/fit/answer.html", context, status=400 if form.errors else 200)


@role_required(R.WORKER, R.LEADER)
def unlock(request, course_id):
    """Only the worker's password ends the lock. Wrong passwords are logged; after a few the session is
    logged out, so the lock cannot be guessed open. Each wrong password also counts towards the login's
    lockout and the address throttle (accounts.services.password_door)."""
    lock = request.session.get(ANSWER_LOCK)
    if lock is None:
        course = queries.get_course_for_update(request.user, course_id, path=request.path)
        return redirect(course)
    if lock["course"] != str(course_id):
        return redirect("courses:unlock", course_id=lock["course"])
    form = forms_fit.UnlockForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # why: the same door as the login: throttled per address and per user, one hash per try
        outcome = accounts_services.password_door(
            request.user, form.cleaned_data["password"], ip=client_ip(request), door="answer_mode_unlock"
        )
        if outcome == accounts_services.OPEN:
            del request.session[ANSWER_LOCK]
            messages.success(request, _("Skærmen er låst op."))
            return redirect("courses:detail", course_id=course_id)
        record_denied(
            request.user,
            object_type="courses.answer_mode_unlock",
            object_id=str(course_id),
            path=request.path,
        )
        lock["failures"] = lock.get("failures", 0) + 1
        request.session[ANSWER_LOCK] = lock
        if lock["failures"] >= UNLOCK_ATTEMPTS or outcome != accounts_services.WRONG:
            register_logout(request.user)
            logout(request)
            messages.error(request, _("For mange forkerte adgangskoder. Du er logget ud; log ind igen."))
            return redirect("login")
        form.add_error("password", UNLOCK_REFUSED)
        status = 400
    elif request.method == "POST":
        status = 400
    elif request.method not in ("GET", "HEAD"):
        raise PermissionDenied
    context = {"form": form, "lock": lock, "course_id": course_id}
    return render(request, "courses/fit/unlock.html", context, status=status)
