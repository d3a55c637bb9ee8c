"""Course pages: the list, opening from a referral, the course page with contacts, goals and limits,
extensions and the leader's approvals, the closing and the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tidlig.accounts.decorators import role_required
from tidlig.accounts.models import User
from tidlig.audit.models import Purpose
from tidlig.courses import queries, services
from tidlig.courses.context_fit import panel_context
from tidlig.courses.forms import (
    CloseCourseForm,
    ContactForm,
    DecisionForm,
    ExtensionRequestForm,
    GoalForm,
    OpenCourseForm,
)
from tidlig.courses.pdf import render_course_pdf
from tidlig.lib.conflict import CONFLICT, rebind_to_saved
from tidlig.lib.dates import today
from tidlig.referrals.queries import get_referral_for_update

R = User.Role
# why: the contact form also has a "kind" field; without a prefix both would render id_kind_0
EXTENSION_PREFIX = "extension"


@role_required(R.WORKER, R.LEADER, R.COORDINATOR)
def course_list(request):
    page = queries.course_list_for(request.user, page=request.GET.get("side"))
    return render(request, "courses/course_list.html", {"courses": page.object_list, "page": page})


@role_required(R.WORKER, R.LEADER)
def open_course(request, referral_id):
    """The start meeting opens the course on one of the unit's offers, with goals in the family's words."""
    referral = get_referral_for_update(
        request.user,
        referral_id,
        path=request.path,
        log_view_purpose=Purpose.PREVENTIVE_WORK if request.method == "GET" else None,
    )
    offers = queries.running_offers(referral.unit_id)
    if request.method == "GET" and (existing := queries.course_for_referral(request.user, referral)):
        messages.info(request, _(services.ALREADY_HAS_COURSE))
        return redirect(existing)
    initial = {
        "start_meeting_on": today(),
        "workers": [referral.assigned_worker_id] if referral.assigned_worker_id else [],
    }
    form = OpenCourseForm(
        request.POST or None, offers=offers, workers=queries.active_workers(referral.unit_id), initial=initial
    )
    status = 200
    if referral.status != referral.Status.ACCEPTED:
        form.add_error(None, _(services.NOT_ACCEPTED))
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                course = services.open_course(
                    actor=request.user,
                    referral=referral,
                    household=referral.household,
                    offer=data["offer"],
                    workers=list(data["workers"]),
                    start_meeting_on=data["start_meeting_on"],
                    goals=data["goals"],
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Forløbet er åbnet. Registrér kontakterne her."))
                return redirect(course)
        status = 400
    context = {"referral": referral, "form": form, "has_offers": offers.exists()}
    return render(request, "courses/open_course.html", context, status=status)


def _detail_context(request, course, **forms) -> dict:
    """Everything the course page shows; a form passed in (with its errors) replaces the fresh one."""
    conflict = forms.pop("conflict", None)
    goal_form = forms.pop("goal_form", None)
    goals = []
    for goal in course.goals.all():
        if goal_form is not None and goal_form.prefix == f"goal-{goal.uuid}":
            goals.append((goal, goal_form, conflict))
        else:
            goals.append((goal, GoalForm.for_goal(goal), None))
    context = {
        "course": course,
        "limits": queries.course_limits(course),
        "goals": goals,
        "contact_form": forms.get("contact_form") or ContactForm(),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(prefix=EXTENSION_PREFIX),
        "can_write": course.is_open and request.user.role in (R.WORKER, R.LEADER),
    }
    context.update(panel_context(course, request.user))
    return context


def _course(request, course_id):
    return queries.get_course_for(request.user, course_id, purpose=Purpose.PREVENTIVE_WORK, path=request.path)


@login_required
def detail(request, course_id):
    course = _course(request, course_id)
    return render(request, "courses/course_detail.html", _detail_context(request, course))


def _render_detail(request, course_id, *, status=400, **forms):
    course = _course(request, course_id)
    context = _detail_context(request, course, **forms)
    return render(request, "courses/course_detail.html", context, status=status)


@role_required(R.WORKER, R.LEADER)
@require_POST
def add_contact(request, course_id):
    """With htmx the contacts section and the limits box are swapped; without, the page reloads."""
    course = queries.get_course_for_update(request.user, course_id, path=request.path)
    form = ContactForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.record_contact(course, actor=request.user, **form.service_kwargs())
        except ValidationError as e:
            form.add_error(None, e)
        else:
            saved = True
    if not request.htmx:
        if saved:
            messages.success(request, _("Kontakten er gemt"))
            return redirect(course)
        return _render_detail(request, course_id, contact_form=form)
    course = _course(request, course_id)
    context = {
        "course": course,
        "limits": queries.course_limits(course),
        "contact_form": ContactForm() if saved else form,
        "can_write": course.is_open,
        "saved": saved,
        "oob": True,
    }
    if saved:
        context.update(panel_context(course, request.user))
    # why: htmx swaps only 2xx responses by default, so the form with its errors comes back as 200
    return render(request, "courses/course_detail.html#contact_added", context)


@role_required(R.WORKER, R.LEADER)
@require_POST
def edit_goal(request, course_id, goal_id):
    """Optimistic locking: on a conflict both versions are shown and the user's text is kept."""
    goal = queries.get_goal_for_update(request.user, course_id, goal_id, path=request.path)
    form = GoalForm(request.POST, prefix=f"goal-{goal.uuid}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_goal(
                goal,
                actor=request.user,
                version=data["version"],
                text=data["text"],
                start_rating=data["start_rating"],
                end_rating=data["end_rating"],
            )
        except ValidationError as e:
            if getattr(e, "code", None) != "conflict":
                raise
            saved = queries.get_goal_for_update(request.user, course_id, goal_id, path=request.path)
            prefix = form.prefix
            form = rebind_to_saved(
                request,
                saved,
                lambda post: GoalForm(post, prefix=prefix),
                version_field=form.add_prefix("version"),
            )
            form.add_error(None, e)
            return _render_detail(request, course_id, status=CONFLICT, goal_form=form, conflict=saved)
        messages.success(request, _("Målet er gemt."))
        return redirect(goal.course)
    return _render_detail(request, course_id, goal_form=form)


@role_required(R.WORKER, R.LEADER)
@require_POST
def request_extension(request, course_id):
    course = queries.get_course_for_update(request.user, course_id, path=request.path)
    form = ExtensionRequestForm(request.POST, prefix=EXTENSION_PREFIX)
    if form.is_valid():
        try:
            services.request_extension(course, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Anmodningen er sendt til lederen."))
            return redirect(course)
    return _render_detail(request, course_id, extension_form=form)


@role_required(R.LEADER)
def approvals(request):
    items = [(r, DecisionForm(prefix=str(r.uuid))) for r in queries.extension_queue_for(request.user)]
    return render(request, "courses/approvals.html", {"items": items})


@role_required(R.LEADER)
@require_POST
def decide_extension(request, request_id):
    extension = queries.get_extension_request_for_decision(request.user, request_id, path=request.path)
    form = DecisionForm(request.POST, prefix=str(extension.uuid))
    if form.is_valid():
        try:
            decided = services.decide_extension(extension, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            text = (
                _("Forlængelsen er godkendt for %(family)s.")
                if decided.status == decided.Status.APPROVED
                else _("Forlængelsen er afvist for %(family)s.")
            )
            messages.success(request, text % {"family": extension.course.household})
    else:
        messages.error(request, _("Vælg godkend eller afvis."))
    return redirect("courses:approvals")


@role_required(R.WORKER, R.LEADER)
def close(request, course_id):
    """The closing page: a reason, a date, and what is missing of the end measurements."""
    form = CloseCourseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        course = queries.get_course_for_update(request.user, course_id, path=request.path)
        if not course.is_open:
            messages.info(request, _("Forløbet er allerede afsluttet."))
            return redirect(course)
        if form.is_valid():
            try:
                services.close_course(course, actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                field = "missing_measurements_reason" if getattr(e, "code", None) == "missing_end" else None
                form.add_error(field, e)
            else:
                messages.success(request, _("Forløbet er afsluttet."))
                return redirect(course)
        status = 400
    course = _course(request, course_id)
    context = {"course": course, "form": form, "checklist": queries.closing_checklist(course)}
    return render(request, "courses/close_course.html", context, status=status)


@login_required
def pdf(request, course_id):
    course = queries.get_course_for_export(request.user, course_id, path=request.path)
    content = render_course_pdf(request, course, queries.course_limits(course))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="forloeb.pdf"'
    return response
