"""The home page of each role, composed from the apps' queries, and a health check."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from tidlig.audit.services import one_write
from tidlig.courses import queries as courses
from tidlig.lib.dates import today
from tidlig.people import queries as people
from tidlig.referrals import queries as referrals


@login_required
def home(request):
    user = request.user
    context = {"role": user.role}
    if user.is_worker:
        on = today()
        # why: the page's three or four access-log entries in two INSERTs instead of six or eight, in one
        # transaction; all are written before the page is rendered, and the entries themselves are unchanged
        with one_write():
            context["new_families"] = [
                (r, referrals.deadline_state(r, on)) for r in referrals.awaiting_first_contact(user)
            ]
            context["households"] = people.household_list_for(user)
            context["load"] = len(context["households"])
            context["flagged"], context["open_courses"] = courses.worker_home_courses(user)
    elif user.manages_unit:
        context["service_level"] = referrals.unit_service_level(user)
        context["flagged"] = courses.flagged_courses_for(user)
        context["pending_extensions"] = len(courses.pending_extensions_for(user))
        context["households_count"] = people.households_visible_to(user).count()
        context["workers"] = people.worker_load(user.unit)
    elif user.is_partner:
        context["child_count"] = people.children_visible_to(user).count()
        context["groups"] = referrals.groups_for_partner(user)
        context["my_referrals"] = referrals.partner_referrals_for(user)
    return render(request, f"home/{user.role}.html", context)


@login_not_required
def health(request):
    """For the load balancer: answers 200 when the database does, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
