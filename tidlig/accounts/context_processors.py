"""The main menu, by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import User

R = User.Role
MENU = [
    ("home", _("Forside"), None),
    ("people:household_list", _("Familier"), {R.WORKER, R.LEADER, R.COORDINATOR}),
    ("people:institution_children", _("Børn i min institution"), {R.PARTNER}),
    ("reports:overview", _("Statistik"), {R.ANALYST, R.LEADER}),
    ("audit:search", _("Adgangslog"), {R.ADMINISTRATOR}),
    ("audit:access_request", _("Indsigt"), {R.ADMINISTRATOR}),
    ("admin:index", _("Brugere og enheder"), {R.ADMINISTRATOR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = []
    for name, label, roles in MENU:
        if roles is None or user.role in roles:
            url = reverse(name)
            current = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"url": url, "label": label, "current": current})
    return {"menu": items}
