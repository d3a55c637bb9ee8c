"""The main menu, by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import User

R = User.Role
# At most eight entries per role: DKFDS folds the rest under "Mere", where nobody finds them. Pages
# reached less often are linked where they belong (the catalogue from the ladder, extensions from the
# leader's home and the course list, practice and statistics from the results page).
MENU = [
    ("home", _("Forside"), None),
    ("referrals:board", _("Visitation"), {R.LEADER}),
    ("referrals:list", _("Henvendelser"), {R.WORKER, R.LEADER, R.COORDINATOR}),
    ("courses:list", _("Forløb"), {R.WORKER, R.LEADER, R.COORDINATOR}),
    ("groups:list", _("Hold"), {R.WORKER, R.LEADER, R.COORDINATOR}),
    ("people:household_list", _("Familier"), {R.WORKER, R.LEADER, R.COORDINATOR}),
    ("offers:ladder", _("Tilbud"), {R.LEADER, R.COORDINATOR, R.WORKER, R.ANALYST}),
    ("referrals:counselling", _("Anonym rådgivning"), {R.WORKER, R.COORDINATOR}),
    ("people:institution_children", _("Børn i min institution"), {R.PARTNER}),
    ("reports:results", _("Resultater"), {R.ANALYST, R.LEADER}),
    ("reports:practice", _("Min praksis"), {R.WORKER}),
    ("reports:overview", _("Statistik"), {R.ANALYST}),
    ("audit:search", _("Adgangslog"), {R.ADMINISTRATOR}),
    ("audit:access_request", _("Indsigt"), {R.ADMINISTRATOR}),
    ("accounts:admin_home", _("Brugere og enheder"), {R.ADMINISTRATOR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = [
        {"url": reverse(name), "label": label}
        for name, label, roles in MENU
        if roles is None or user.role in roles
    ]
    # Only the longest matching link is current: /log/indsigt/ is "Indsigt", not also "Adgangslog".
    matches = [
        i["url"]
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    best = max(matches, key=len, default=None)
    for item in items:
        item["current"] = item["url"] == best
    return {"menu": items}
